// Mozilla User Preferences

// A work account with the classic mistakes: SPA on, port 25, a full-width
// character and upper case in the address, POP3 without SSL.
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.fullName", "Hanako Suzuki");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "Hanako.Suzukｉ@corp.example.co.jp");
user_pref("mail.server.server1.authMethod", 6);
user_pref("mail.server.server1.hostname", "pop.corp.example.co.jp");
user_pref("mail.server.server1.leave_on_server", true);
user_pref("mail.server.server1.name", "Work");
user_pref("mail.server.server1.port", 110);
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.userName", "hsuzuki");
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.smtpserver.smtp1.authMethod", 3);
user_pref("mail.smtpserver.smtp1.hostname", "smtp.corp.example.co.jp");
user_pref("mail.smtpserver.smtp1.port", 25);
user_pref("mail.smtpserver.smtp1.username", "hsuzuki");
user_pref("mail.smtpservers", "smtp1");
