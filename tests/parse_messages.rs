//! A file whose root element is not its format's gets its own message, in
//! English and Japanese (it once fell back to the generic parse message).

mod common;

use common::{maillint, stdout};

fn concise(path: &std::path::Path, lang: &str) -> String {
    let out = maillint()
        .args(["check", "--isolated", "--format", "concise", "--lang", lang])
        .arg(path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    stdout(&out)
}

#[test]
fn a_wrong_root_element_is_named_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            "config-v1.1.xml",
            "<?xml version=\"1.0\"?>\n<clientConfiguration version=\"1.1\"><emailProvider id=\"example.jp\"/></clientConfiguration>\n",
            ":2:1: error ML001 not a Mozilla autoconfig file: the root element is <clientConfiguration> where Thunderbird expects <clientConfig>, so the file is not read\n",
            ":2:1: error ML001 Mozilla の自動設定 (autoconfig) ファイルではありません。ルート要素が「<clientConfig>」ではなく <clientConfiguration> になっているため、Thunderbird はこのファイルを読み込みません\n",
        ),
        (
            "autodiscover.xml",
            "<?xml version=\"1.0\"?>\n<Autodiscovery xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\"><Response/></Autodiscovery>\n",
            ":2:1: error ML001 not an Autodiscover response: the root element is <Autodiscovery> where Outlook expects <Autodiscover>, so the file is not read\n",
            ":2:1: error ML001 Autodiscover の応答ではありません。ルート要素が「<Autodiscover>」ではなく <Autodiscovery> になっているため、Outlook はこのファイルを読み込みません\n",
        ),
        (
            "mail.mobileconfig",
            "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><array><string>PayloadContent</string><string>com.apple.mail.managed</string></array></plist>\n",
            ":2:1: error ML001 not a configuration profile: the file must hold <plist><dict>, but its root element is <plist>, so the profile cannot be installed\n",
            ":2:1: error ML001 構成プロファイルではありません。「<plist><dict>」が必要ですが、ルート要素が <plist> になっているため、このプロファイルはインストールできません\n",
        ),
    ];
    for (name, text, en, ja) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let shown = path.display().to_string();
        assert_eq!(concise(&path, "en"), format!("{shown}{en}"), "{name}");
        assert_eq!(concise(&path, "ja"), format!("{shown}{ja}"), "{name}");
    }
}
