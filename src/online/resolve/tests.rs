use super::*;

struct Nothing;
impl Resolve for Nothing {
    fn lookup(&self, _: &str, _: Duration) -> Lookup {
        Lookup::NoNetwork {
            detail: "none".into(),
        }
    }
}

#[test]
fn curl_forms() {
    let r: ResolveEntry = "mail.example.jp:587:127.0.0.1,[::1]".parse().unwrap();
    assert_eq!(r.port, Some(587));
    assert_eq!(r.addrs.len(), 2);
    let nx: ResolveEntry = "www.example.jp:*:".parse().unwrap();
    assert!(nx.addrs.is_empty() && nx.port.is_none());
    assert!("mail.example.jp:587".parse::<ResolveEntry>().is_err());
    assert!("mail.example.jp:x:1.2.3.4".parse::<ResolveEntry>().is_err());
    let c: ConnectTo = "smtp.example.jp:587:127.0.0.1:24587".parse().unwrap();
    assert_eq!((c.to_host.as_str(), c.to_port), ("127.0.0.1", 24587));
    assert!("a:1:b".parse::<ConnectTo>().is_err());
}

#[test]
fn answers_from_overrides_and_normalizes() {
    let resolver = Resolver::new(
        vec![
            "mail.example.jp:*:127.0.0.1".parse().unwrap(),
            "*:*:".parse().unwrap(),
        ],
        Vec::new(),
        Box::new(Nothing),
    );
    let t = Duration::from_secs(1);
    assert!(matches!(
        resolver.lookup("MAIL.example.jp", 110, t),
        Lookup::Found { .. }
    ));
    assert_eq!(resolver.lookup("www.example.jp", 110, t), Lookup::NotFound);
    assert_eq!(
        resolver.lookup("x.example.invalid", 110, t),
        Lookup::NotFound
    );
    let full = resolver.resolve("ｍａｉｌ.example.jp", 110, t);
    assert_eq!(full.lookup, Lookup::NotAName);
    let (name, lookup) = full.normalized.unwrap();
    assert_eq!(name, "mail.example.jp");
    assert!(matches!(lookup, Lookup::Found { .. }));
}
