//! Storage rules: ML307 cleartext-password-in-file. The reader records
//! only the key's name and span; the value never reaches a rule.

use super::{Emitter, Finding};
use crate::catalogue::{CleartextPasswordInFile, cleartext_password_in_file};
use crate::model::Account;

pub fn check(account: &Account, em: &mut Emitter) {
    for key in &account.options.cleartext_passwords {
        em.emit(
            Finding::new(CleartextPasswordInFile, key.span)
                .arg("key", &key.value)
                .primary_label(cleartext_password_in_file::Label::Key),
        );
    }
}
