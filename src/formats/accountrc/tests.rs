use super::*;
use crate::source::SourceId;

/// Reading section by section decides the program as the whole parse does.
#[test]
fn decide_text_agrees_with_decide() {
    let texts = [
        "[Account: 1]\nuse_socks=1\n[Account: 2]\nCONFIG_VERSION=2\n",
        "top=1\nconfig_version=1\n[Account: 1]\nname=x\n",
        "[Account: 1]\nmax_nntp_articles=3\nuse_pop_auth=1\n",
        "[broken\nuse_pop_auth=1\n[Account: 1]\n signature_name = a \r\n",
        "[Account: 1]\nmessage_leave_hour=1\nconfig_version=3\n",
        "[Account: 1]\nname=only\n",
        "",
    ];
    let path = Path::new("/tmp/accountrc");
    for text in texts {
        let parsed = ini::parse(text, SourceId(0));
        assert_eq!(decide_text(path, text), decide(path, &parsed), "{text:?}");
    }
}

/// The room made for accounts: every `[Account: N]` section of a plain
/// file, and never more than the sections `parse` reads as accounts.
#[test]
fn account_headers_counts_no_more_than_parse_finds() {
    let accounts = |text: &str| {
        ini::parse(text, SourceId(0))
            .sections
            .iter()
            .filter(|s| s.name.starts_with("Account:"))
            .count()
    };
    let plain = "[Account: 1]\nname=a\n\n[Account: 2]\r\nname=b\n  [Account: 3]\n";
    assert_eq!(account_headers(plain), 3);
    assert_eq!(accounts(plain), 3);
    let odd =
        "pre=1\n  [Account: 1]\r\njunk\n[Account:2\n[ Account: 3 ]\n[Other]\nx=[Account: 4]\n";
    assert_eq!(accounts(odd), 2);
    assert_eq!(account_headers(odd), 1);
}
