// Mozilla User Preferences

// A correct POP3 account on koara-style hosting: www.<domain>, POP3 over
// SSL/TLS on 995, submission on 587 with STARTTLS and a password.
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.accountmanager.accounts", "account1,account2");
user_pref("mail.accountmanager.defaultaccount", "account1");
user_pref("mail.accountmanager.localfoldersserver", "server2");
user_pref("mail.identity.id1.fullName", "山田 太郎");
user_pref("mail.identity.id1.reply_to", "taro@example.jp");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "taro@example.jp");
user_pref("mail.server.server1.authMethod", 3);
user_pref("mail.server.server1.delete_by_age_from_server", true);
user_pref("mail.server.server1.hostname", "www.example.jp");
user_pref("mail.server.server1.leave_on_server", true);
user_pref("mail.server.server1.name", "taro@example.jp");
user_pref("mail.server.server1.num_days_to_leave_on_server", 14);
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.userName", "taro@example.jp");
user_pref("mail.server.server2.hostname", "Local Folders");
user_pref("mail.server.server2.type", "none");
user_pref("mail.server.server2.userName", "nobody");
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.smtpserver.smtp1.authMethod", 3);
user_pref("mail.smtpserver.smtp1.hostname", "www.example.jp");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpserver.smtp1.username", "taro@example.jp");
user_pref("mail.smtpservers", "smtp1");
// A password saved the old way, in clear, in prefs.js: it must never reach a report.
user_pref("mail.server.server1.password", "S3cretPw!");
user_pref("mail.smtpserver.smtp1.password", "SmtpS3cret#2");
