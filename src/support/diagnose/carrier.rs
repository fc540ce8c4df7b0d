//! Japanese mobile carriers and providers, known by the domains of their
//! customers' addresses. A bounce for one of them is read with the carrier's
//! practice in mind: a reception filter the recipient set ("指定受信",
//! refusing mail from PCs) is answered like an unknown user.

use serde::Serialize;

use super::reason::{Command, Reason};
use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Carrier {
    Docomo,
    Au,
    Softbank,
    Ymobile,
    RakutenMobile,
    Biglobe,
}

/// Address domains (and their subdomains) of each carrier's customers.
const DOMAINS: &[(&str, Carrier)] = &[
    ("docomo.ne.jp", Carrier::Docomo),
    ("mopera.net", Carrier::Docomo),
    ("dwmail.jp", Carrier::Docomo),
    ("ezweb.ne.jp", Carrier::Au),
    ("au.com", Carrier::Au),
    ("dion.ne.jp", Carrier::Au),
    ("softbank.ne.jp", Carrier::Softbank),
    ("i.softbank.jp", Carrier::Softbank),
    ("vodafone.ne.jp", Carrier::Softbank),
    ("disney.ne.jp", Carrier::Softbank),
    ("ymobile.ne.jp", Carrier::Ymobile),
    ("ymobile1.ne.jp", Carrier::Ymobile),
    ("willcom.com", Carrier::Ymobile),
    ("pdx.ne.jp", Carrier::Ymobile),
    ("emnet.ne.jp", Carrier::Ymobile),
    ("rakumail.jp", Carrier::RakutenMobile),
    ("biglobe.ne.jp", Carrier::Biglobe),
];

impl Carrier {
    /// The carrier whose customer `address` is.
    pub fn of(address: &str) -> Option<Carrier> {
        let domain = address.rsplit(['@', '＠']).next()?.to_ascii_lowercase();
        let domain = domain.trim_end_matches('.');
        DOMAINS.iter().find_map(|(d, c)| {
            let sub = domain
                .strip_suffix(d)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'));
            sub.then_some(*c)
        })
    }

    /// The name customers know.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Carrier::Docomo, Lang::En) => "NTT docomo",
            (Carrier::Docomo, Lang::Ja) => "NTT ドコモ (docomo)",
            (Carrier::Au, Lang::En) => "au (KDDI)",
            (Carrier::Au, Lang::Ja) => "au (KDDI)",
            (Carrier::Softbank, _) => "SoftBank",
            (Carrier::Ymobile, _) => "Y!mobile",
            (Carrier::RakutenMobile, Lang::En) => "Rakuten Mobile",
            (Carrier::RakutenMobile, Lang::Ja) => "楽天モバイル",
            (Carrier::Biglobe, _) => "BIGLOBE",
        }
    }

    /// The carrier whose servers answered: the recipient's domain, or the
    /// remote server's name for addresses a carrier hosts under another
    /// domain (sisimai lib/Sisimai/Rhost.pm names mfsmax.docomo.ne.jp,
    /// msmx.au.com and *.ezweb.ne.jp).
    pub fn answering(address: &str, remote_mta: Option<&str>) -> Option<Carrier> {
        let mta = remote_mta.unwrap_or("").to_ascii_lowercase();
        if mta.contains("mfsmax.docomo.ne.jp") {
            return Some(Carrier::Docomo);
        }
        if mta.contains("msmx.au.com") || mta.contains(".ezweb.ne.jp") {
            return Some(Carrier::Au);
        }
        Carrier::of(address)
    }

    /// What the carrier's own replies mean, where the words alone do not
    /// tell (sisimai lib/Sisimai/Rhost/NTTDOCOMO.pm and KDDI.pm): docomo
    /// answers its reception filter with "550 Unknown user" after DATA, or
    /// with 5.2.0; au says "550 : User unknown" (no address) for a filter
    /// and "550 <address>: User unknown" for a closed address.
    pub fn reason(
        self,
        status: Option<&str>,
        command: Option<Command>,
        text: &str,
    ) -> Option<Reason> {
        let t = text.to_lowercase();
        match self {
            Carrier::Docomo => match status.unwrap_or("") {
                "5.1.1" => Some(Reason::UserUnknown),
                "5.2.0" => Some(Reason::Filtered),
                _ if t.contains("552 too much mail data") => Some(Reason::MailboxFull),
                _ if t.contains("552 too many recipients") => Some(Reason::TooManyConn),
                _ if t.contains("503 bad sequence of commands")
                    || t.contains("504 command parameter not implemented") =>
                {
                    Some(Reason::SyntaxError)
                }
                "5.0.0" => match command {
                    Some(Command::RcptTo) => Some(Reason::UserUnknown),
                    Some(Command::Data) => Some(Reason::Rejected),
                    _ => None,
                },
                _ => None,
            },
            // au's own notices (sisimai lib/Sisimai/Lhost/EZweb.pm).
            Carrier::Au if t.contains("the user(s) account is temporarily over quota") => {
                Some(Reason::MailboxFull)
            }
            Carrier::Au
                if t.contains("the user(s) account is disabled")
                    || t.contains("the user(s) account is temporarily limited") =>
            {
                Some(Reason::Suspend)
            }
            Carrier::Au if t.contains("your message was not delivered within ") => {
                Some(Reason::Expired)
            }
            Carrier::Au if t.contains("550 : user unknown") => Some(Reason::Filtered),
            Carrier::Au if t.contains(">: user unknown") => Some(Reason::UserUnknown),
            _ => None,
        }
    }

    /// A mobile carrier (with reception filters set on the phone).
    pub fn is_mobile(self) -> bool {
        !matches!(self, Carrier::Biglobe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriers_by_domain() {
        assert_eq!(Carrier::of("hanako@docomo.ne.jp"), Some(Carrier::Docomo));
        assert_eq!(Carrier::of("x@ezweb.ne.jp"), Some(Carrier::Au));
        assert_eq!(Carrier::of("x@biz.ezweb.ne.jp"), Some(Carrier::Au));
        assert_eq!(Carrier::of("x@t.vodafone.ne.jp"), Some(Carrier::Softbank));
        assert_eq!(Carrier::of("x@notdocomo.ne.jp"), None);
        assert_eq!(Carrier::of("x@example.com"), None);
        assert_eq!(Carrier::of("nonsense"), None);
    }
}
