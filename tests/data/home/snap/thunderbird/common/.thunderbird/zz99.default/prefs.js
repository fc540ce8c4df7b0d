// Mozilla User Preferences

// The snap install: an IMAP account with a broken line (missing ';').
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.useremail", "jiro..ito.@docomo.ne.jp");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.server.server1.hostname", "imap.example.ne.jp")
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.userName", "jiro");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.ne.jp");
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.smtpserver.smtp1.try_ssl", 3);
user_pref("mail.smtpserver.smtp1.password", "Sn@pPassw0rd");
user_pref("mail.smtpservers", "smtp1");
