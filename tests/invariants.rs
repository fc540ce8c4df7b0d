//! Every reader, fed arbitrary bytes: no panic, every span inside its file,
//! masking keeps lengths (the same check the fuzz targets run, see fuzz/).

use maillint::formats::READERS;
use maillint::source::{SourceFile, SourceId};
use maillint::testing::assert_invariants;
use proptest::prelude::*;

/// Bytes that look a little like the formats, so that the readers get past
/// their first checks more often than with uniform noise.
fn plausible_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "user_pref(\"mail.server.server1.hostname\", \"ｗｗｗ.example.jp\");\n",
        "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n",
        "user_pref(\"mail.account.account1.server\", \"server1\");\n",
        "Windows Registry Editor Version 5.00\r\n",
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n",
        "\"POP3 Server\"=\"pop.example.jp\"\r\n\"SMTP Port\"=dword:00000019\r\n",
        "\"POP3 Password2\"=hex:01,02,\\\r\n  03\r\n",
        "<MessageAccount><SMTP_Server type=\"SZ\">smtp</SMTP_Server><SMTP_Port type=\"DWORD\">19</SMTP_Port>",
        "[Account: 1]\nprotocol=0\nsmtp_server=smtp.example.jp\nset_smtpport=1\nsmtp_port=25\npassword=x\n",
        "[Account]\r\nMailAddress=ｔａｒｏ@example.jp\r\nSMTPPort=25\r\nPOP3Auth=3\r\n",
        "[Data Source]\nDisplayName=x\nParent=y\n[Mail Transport]\nBackendName=smtp\n",
        "[Internet Account List]\r\nAccount1=I_Mail\r\n[Account1]\r\nPOP3Server=pop\r\n",
        "<clientConfig version=\"1.1\"><emailProvider id=\"example.jp\"><domain>example.jp</domain>",
        "<incomingServer type=\"pop3\"><hostname>pop.%EMAILDOMAIN%</hostname><port>995</port><socketType>ssl</socketType>",
        "<authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username><password>x</password></incomingServer>",
        "<Autodiscover><Response><Account><Protocol><Type>POP3</Type><Server>pop</Server><Port>110</Port></Protocol>",
        "<plist><dict><key>PayloadType</key><string>com.apple.mail.managed</string><key>IncomingPassword</key><string>pw</string>",
        "<!-- maillint: ignore ML401 -- x -->",
        "</dict></plist>",
        "]]>",
        "<![CDATA[",
        "\u{0}",
        "\u{feff}",
        "\"",
        "\\",
        "\r",
        "日本語",
        "\u{3000}",
    ]);
    (
        prop::collection::vec(pieces, 0..12),
        prop::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(|(p, noise)| {
            let mut b: Vec<u8> = p.concat().into_bytes();
            let at = if b.is_empty() {
                0
            } else {
                noise.len() % b.len()
            };
            b.splice(at..at, noise);
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn text_readers_keep_their_invariants(data in plausible_bytes()) {
        // Every reader of the table, under the name its fuzz target uses.
        for reader in READERS.iter().filter(|r| !r.reads_binary()) {
            let path = reader.fuzz.sample_name;
            assert_invariants(reader, vec![SourceFile::from_bytes(SourceId(0), path, &data)]);
        }
    }

    #[test]
    fn the_binary_reader_keeps_its_invariants(mut data in prop::collection::vec(any::<u8>(), 0..300)) {
        // Half the cases start with the real .iaf header.
        if data.first().is_some_and(|b| b % 2 == 0) {
            let mut with_header = b"fMAI\x00\x00\x05\x00\x01\x00\x00\x00".to_vec();
            with_header.extend(&data);
            data = with_header;
        }
        for reader in READERS.iter().filter(|r| r.reads_binary()) {
            let path = reader.fuzz.sample_name;
            assert_invariants(reader, vec![SourceFile::binary(SourceId(0), path, data.clone())]);
        }
    }
}
