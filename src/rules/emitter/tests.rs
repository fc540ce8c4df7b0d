use super::*;

/// A field's name is put together as `fill` fills it, whatever the template.
#[test]
fn field_text_fills_as_fill_does() {
    let mut templates: Vec<&str> = Field::ALL
        .iter()
        .flat_map(|f| [f.get(Lang::En), f.get(Lang::Ja)])
        .collect();
    templates.extend([
        "",
        "{protocol}",
        "{protocol}{protocol}",
        "x {protocol} y {other}",
        "{other} {protocol}",
        "{proto",
        "a {protocol",
        "受信 ({protocol}) サーバー",
    ]);
    for t in templates {
        for p in ["POP3", "SMTP", "", "{protocol}", "日本"] {
            assert_eq!(field_text(t, p), fill(t, &[("protocol", p)]), "{t:?} {p:?}");
        }
    }
}
