// Set by the company's deployment script. Secrets of every shape, none may be reported.
user_pref("mail.server.server1.password", "Us3rJs!Secret");
user_pref("mail.server.server1.oauth2.refresh_token", "1//0gRefreshTok3nValue");
user_pref("mail.smtpserver.smtp1.passwordHash", "5f4dcc3b5aa765d61d8327deb882cf99");
user_pref("mail.server.server1.check_new_mail", true);
