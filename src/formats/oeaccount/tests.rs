use super::*;

const SAMPLE: &str = r#"<?xml version="1.0" encoding="utf-16" ?>
<MessageAccount>
  <Account_Name type="SZ">Home &amp; work</Account_Name>
  <POP3_Server type="SZ">pop.example.jp</POP3_Server>
  <POP3_Port type="DWORD">3e3</POP3_Port>
  <POP3_Use_Sicily type="DWORD">TRUE</POP3_Use_Sicily>
  <POP3_Password2 type="BINARY">0102030405</POP3_Password2>
  <SMTP_Server type="SZ"/>
</MessageAccount>
"#;

#[test]
fn elements_types_and_spans() {
    let f = parse(SAMPLE, SourceId(0));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let v = &f.values;
    let pop = v.get("POP3 Server").expect("pop");
    assert_eq!(&SAMPLE[pop.span.range()], "pop.example.jp");
    assert!(pop.verbatim);
    let name = v.get("Account Name").expect("name");
    assert_eq!(name.value, PropValue::Text("Home & work".into()));
    assert!(!name.verbatim);
    assert_eq!(
        v.get("POP3 Port").map(|p| &p.value),
        Some(&PropValue::Number(995))
    );
    assert_eq!(
        v.get("POP3 Password2").map(|p| &p.value),
        Some(&PropValue::Secret { non_empty: true })
    );
    assert_eq!(
        v.get("SMTP Server").map(|p| &p.value),
        Some(&PropValue::Text("".into()))
    );
}

#[test]
fn broken_xml_and_wrong_roots_are_problems() {
    let f = parse("<MessageAccount><A type=\"DWORD\">zz</A>", SourceId(0));
    assert_eq!(f.problems[0].kind, ParseKind::OeaccountBadDword);
    let f = parse("<Other/>", SourceId(0));
    assert_eq!(f.problems[0].kind, ParseKind::OeaccountRoot);
    let f = parse("<MessageAccount><A></B></MessageAccount>", SourceId(0));
    assert_eq!(f.problems[0].kind, ParseKind::XmlSyntax);
    assert!(looks_like_oeaccount(SAMPLE));
    // Microsoft's own template types an address as DWORD: accepted.
    let f = parse(
        "<MessageAccount><NNTP_Reply_To_Email_Address type=\"DWORD\">a@b.jp</NNTP_Reply_To_Email_Address></MessageAccount>",
        SourceId(0),
    );
    assert!(f.problems.is_empty());
}
