//! What a reader chose not to read, and why: a typed kind with its facts.
//! Readers state the kind; the texts (English and Japanese) are in one table
//! here, which the compiler checks is complete. JSON keeps the English text.

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::Client;
use crate::i18n::Lang;

/// Something a reader chose not to read, and why (shown in reports).
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    pub what: Subject,
    pub kind: SkipKind,
    /// Facts for the text's `{placeholders}`.
    pub args: Vec<(&'static str, String)>,
}

/// What was skipped.
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    /// A section, key, account or file, as the file names it (never translated).
    Named(String),
    /// The program a file was read as (a note on how it was read).
    Program(Client),
}

/// Why: every reason a reader gives, one variant each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipKind {
    NotAccountSection,
    NewsAccountNotChecked,
    NewsAccount,
    DirectoryAccount,
    NoIncomingServerValue,
    NoMailServer,
    TurnedOff,
    MayHoldPassword,
    MeaningUnknown,
    NoIncomingServerPref,
    LocalFoldersNone,
    LocalFolders,
    FeedAccount,
    Movemail,
    NoAccountManagerAccount,
    SoapMessage,
    AutodiscoverRequest,
    NoResponse,
    /// `{detail}`: `(code message)`.
    ErrorResponse,
    NoAccountElement,
    /// `{action}`: the `<Action>` value.
    Redirect,
    ExchangeOnly,
    /// `{payload}`, `{count}` other payloads, `{s}` the English plural.
    NoMailPayload,
    /// `{client}`, `{folder}`.
    ReadAsByFolder,
    /// `{client}`, `{key}`.
    ReadAsByKey,
    /// `{client}`.
    ReadAsNoClawsKeys,
}

impl SkipKind {
    /// Every kind (for tests of the table).
    pub const ALL: &'static [SkipKind] = &[
        SkipKind::NotAccountSection,
        SkipKind::NewsAccountNotChecked,
        SkipKind::NewsAccount,
        SkipKind::DirectoryAccount,
        SkipKind::NoIncomingServerValue,
        SkipKind::NoMailServer,
        SkipKind::TurnedOff,
        SkipKind::MayHoldPassword,
        SkipKind::MeaningUnknown,
        SkipKind::NoIncomingServerPref,
        SkipKind::LocalFoldersNone,
        SkipKind::LocalFolders,
        SkipKind::FeedAccount,
        SkipKind::Movemail,
        SkipKind::NoAccountManagerAccount,
        SkipKind::SoapMessage,
        SkipKind::AutodiscoverRequest,
        SkipKind::NoResponse,
        SkipKind::ErrorResponse,
        SkipKind::NoAccountElement,
        SkipKind::Redirect,
        SkipKind::ExchangeOnly,
        SkipKind::NoMailPayload,
        SkipKind::ReadAsByFolder,
        SkipKind::ReadAsByKey,
        SkipKind::ReadAsNoClawsKeys,
    ];

    /// The text in English and in Japanese.
    pub fn texts(self) -> (&'static str, &'static str) {
        use SkipKind::*;
        match self {
            NotAccountSection => (
                "not an account section; not checked",
                "アカウントのセクションではないため、チェックしていません",
            ),
            NewsAccountNotChecked => (
                "a news (NNTP) account, not a mail account; not checked",
                "ニュース (NNTP) のアカウントで、メールのアカウントではないため、チェックしていません",
            ),
            NewsAccount => (
                "a news (NNTP) account, not a mail account",
                "ニュース (NNTP) のアカウントで、メールのアカウントではありません",
            ),
            DirectoryAccount => (
                "a directory (LDAP) account, not a mail account",
                "ディレクトリ (LDAP) のアカウントで、メールのアカウントではありません",
            ),
            NoIncomingServerValue => (
                "no incoming mail server (POP3 Server, IMAP Server)",
                "受信メールサーバー (POP3 Server、IMAP Server) の設定がありません",
            ),
            NoMailServer => (
                "no mail server (a local or built-in source); not checked",
                "メールサーバーの設定がない (ローカルまたは組み込みの) ソースのため、チェックしていません",
            ),
            TurnedOff => (
                "the account is turned off (Enabled=false); not checked",
                "このアカウントは無効 (Enabled=false) になっているため、チェックしていません",
            ),
            MayHoldPassword => (
                "may hold a password: redacted, not checked",
                "パスワードの可能性があるため、値は表示せず、チェックしていません",
            ),
            MeaningUnknown => (
                "no public source gives its meaning: not checked",
                "意味を示す公開資料がないため、チェックしていません",
            ),
            NoIncomingServerPref => (
                "the account has no incoming server (mail.account.*.server)",
                "このアカウントには受信サーバー (mail.account.*.server) がありません",
            ),
            LocalFoldersNone => (
                "Local Folders (type \"none\") is not a mail server",
                "ローカルフォルダー (type \"none\") はメールサーバーではありません",
            ),
            LocalFolders => (
                "Local Folders is not a mail server",
                "ローカルフォルダーはメールサーバーではありません",
            ),
            FeedAccount => (
                "feed accounts (type \"rss\") have no mail server",
                "フィード (type \"rss\") のアカウントにはメールサーバーがありません",
            ),
            Movemail => (
                "movemail reads a local spool file, not a server",
                "movemail はサーバーではなくローカルのスプールファイルを読みます",
            ),
            NoAccountManagerAccount => (
                "the export holds no Internet Account Manager account \
                 (…\\Internet Account Manager\\Accounts\\0000000N)",
                "このファイルには Internet Account Manager のアカウントが含まれていません \
                 (…\\Internet Account Manager\\Accounts\\0000000N)",
            ),
            SoapMessage => (
                "a SOAP Autodiscover message, not a POX response",
                "SOAP の Autodiscover メッセージで、POX の応答ではありません",
            ),
            AutodiscoverRequest => (
                "an Autodiscover request, not a response",
                "Autodiscover の要求で、応答ではありません",
            ),
            NoResponse => ("no <Response> element", "<Response> 要素がありません"),
            ErrorResponse => (
                "an Autodiscover error response {detail}",
                "Autodiscover のエラー応答です {detail}",
            ),
            NoAccountElement => (
                "a response without <Account>",
                "<Account> 要素のない応答です",
            ),
            Redirect => (
                "a {action} response: it points elsewhere, no settings",
                "{action} の応答で、別の場所を示しており、設定は含まれていません",
            ),
            ExchangeOnly => (
                "no POP3, IMAP or SMTP settings (Exchange only)",
                "POP3・IMAP・SMTP の設定がありません (Exchange のみ)",
            ),
            NoMailPayload => (
                "no {payload} payload ({count} other payload{s})",
                "{payload} のペイロードがありません (ほかのペイロード {count} 個)",
            ),
            ReadAsByFolder => (
                "read as {client}: the file is in {client}'s folder {folder}",
                "{client} の設定として読みました: {client} のフォルダー {folder} にあるファイルです",
            ),
            ReadAsByKey => (
                "read as {client}: the file has the key {key}, which only {client} writes",
                "{client} の設定として読みました: {client} だけが書くキー {key} があります",
            ),
            ReadAsNoClawsKeys => (
                "read as {client}: the file has none of the keys every Claws Mail writes",
                "{client} の設定として読みました: Claws Mail が必ず書くキーがありません",
            ),
        }
    }
}

impl Skipped {
    /// A reason without facts about a named thing.
    pub fn new(what: impl Into<String>, kind: SkipKind) -> Skipped {
        Skipped {
            what: Subject::Named(what.into()),
            kind,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Skipped {
        self.args.push((name, value.into()));
        self
    }

    /// What was skipped, in `lang`.
    pub fn what(&self, lang: Lang) -> String {
        match &self.what {
            Subject::Named(s) => s.clone(),
            Subject::Program(c) => {
                let label = c.label().to_string();
                match lang {
                    Lang::En => format!("program: {label}"),
                    Lang::Ja => format!("メールソフト: {label}"),
                }
            }
        }
    }

    /// Why, in `lang`.
    pub fn reason(&self, lang: Lang) -> String {
        let (en, ja) = self.kind.texts();
        let text = match lang {
            Lang::En => en,
            Lang::Ja => ja,
        };
        crate::i18n::fill(text, &self.args)
    }
}

/// JSON keeps the English texts, for tools.
impl Serialize for Skipped {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Skipped", 2)?;
        st.serialize_field("what", &self.what(Lang::En))?;
        st.serialize_field("reason", &self.reason(Lang::En))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn every_kind_has_both_texts_with_the_same_facts() {
        for kind in SkipKind::ALL {
            let (en, ja) = kind.texts();
            assert!(!en.is_empty() && !ja.is_empty(), "{kind:?}");
            assert_ne!(en, ja, "{kind:?} has no Japanese");
            // `{s}` is the English plural only.
            let mut en_names = placeholders(en);
            en_names.retain(|n| *n != "s");
            assert_eq!(en_names, placeholders(ja), "{kind:?}");
        }
    }

    #[test]
    fn notes_in_both_languages() {
        let s = Skipped {
            what: Subject::Program(Client::Sylpheed),
            kind: SkipKind::ReadAsByFolder,
            args: vec![
                ("client", "Sylpheed".into()),
                ("folder", ".sylpheed-2.0".into()),
            ],
        };
        assert_eq!(s.what(Lang::En), "program: Sylpheed");
        assert_eq!(s.what(Lang::Ja), "メールソフト: Sylpheed");
        assert_eq!(
            s.reason(Lang::En),
            "read as Sylpheed: the file is in Sylpheed's folder .sylpheed-2.0"
        );
        assert_eq!(
            s.reason(Lang::Ja),
            "Sylpheed の設定として読みました: Sylpheed のフォルダー .sylpheed-2.0 にあるファイルです"
        );
    }
}
