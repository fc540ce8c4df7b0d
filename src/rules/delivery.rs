//! Delivery rules: ML501 message-size-limit, ML502 leave-on-server-forever.

use super::{Emitter, Finding};
use crate::catalogue::{
    LeaveOnServerForever, MessageSizeLimit, leave_on_server_forever, message_size_limit,
};
use crate::diagnostics::Severity;
use crate::model::{Account, DeleteTrigger};

/// Base64 makes 3 bytes 4, plus CRLF after every 76 characters: an
/// attachment grows about 1.37 times on the way.
pub(super) fn attachment_room(limit_bytes: u64) -> u64 {
    limit_bytes * 3 * 76 / (4 * 78)
}

/// Bytes as MB (2^20) with one decimal, without a trailing `.0`.
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1_048_576.0;
    let s = format!("{mb:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

pub fn check(account: &Account, em: &mut Emitter) {
    size_limit(account, em);
    leave_forever(account, em);
}

fn size_limit(account: &Account, em: &mut Emitter) {
    if account.outgoing.is_empty() {
        return;
    }
    let Some(limit) = em.policy().message_size.as_ref().map(|m| m.limit_bytes) else {
        return;
    };
    let room = attachment_room(limit);
    let policy = em.policy_name();
    let base = |span, variant| {
        Finding::new(MessageSizeLimit, span)
            .variant(variant)
            .arg("account", account.display_label())
            .arg("limit", megabytes(limit))
            .arg("attachment", megabytes(room))
            .arg("max_kb", (room / 1024).to_string())
            .arg("policy", policy)
    };
    let Some(split) = &account.options.split_messages else {
        // The client has no such setting: say what the limit means, at the
        // outgoing server the limit belongs to (else the account), not at
        // whatever line defines the account.
        let at = account
            .outgoing
            .iter()
            .find_map(|s| s.host.as_ref().filter(|h| !h.is_default()).map(|h| h.span))
            .unwrap_or(account.anchor);
        em.emit(
            base(at, message_size_limit::Message::NoSetting)
                .severity(Severity::Info)
                .account_level(),
        );
        return;
    };
    if !split.value {
        em.emit(base(split.span, message_size_limit::Message::SplitOff));
        return;
    }
    if let Some(size) = &account.options.split_size_kb {
        let encoded = u64::try_from(size.value.max(0)).unwrap_or(0) * 1024;
        if encoded > room {
            // Every part is still too large: nothing this size gets through.
            em.emit(
                base(size.span, message_size_limit::Message::SplitTooLarge)
                    .arg("size", size.value)
                    .severity(Severity::Error),
            );
        }
    }
}

fn leave_forever(account: &Account, em: &mut Emitter) {
    let Some(leave) = &account.options.leave_on_server else {
        return;
    };
    if !leave.value {
        return;
    }
    let removes = account
        .options
        .delete_by_age
        .as_ref()
        .is_some_and(|d| d.value);
    let days_ok = account
        .options
        .delete_after_days
        .as_ref()
        .is_none_or(|d| d.value > 0);
    if removes && days_ok {
        return;
    }
    // "Until I delete them" / "Remove when deleted": the server copy goes
    // when the message is deleted here; only what is never deleted stays.
    let on_delete = account
        .options
        .remove_on_delete
        .as_ref()
        .filter(|d| d.value);
    if let (Some(on), false) = (on_delete, removes && !days_ok) {
        use leave_on_server_forever::Label;
        let when = match account.options.remove_on_delete_trigger {
            Some(DeleteTrigger::DeletedItems) => Label::DeletedItems,
            _ => Label::DeleteOrTrash,
        };
        let when = em.label_text(when, &[]);
        let span = if on.is_default() { leave.span } else { on.span };
        em.emit(
            Finding::new(LeaveOnServerForever, span)
                .variant(leave_on_server_forever::Message::UntilDeleted)
                .arg("account", account.display_label())
                .arg("when", when)
                .severity(Severity::Info),
        );
        return;
    }
    let mut f =
        Finding::new(LeaveOnServerForever, leave.span).arg("account", account.display_label());
    if let Some(by_age) = &account.options.delete_by_age {
        if !by_age.is_default() && by_age.span != leave.span {
            f = f.label(
                by_age.span,
                leave_on_server_forever::Label::RemovalOff,
                vec![],
            );
        }
    }
    if removes && !days_ok {
        f = f.variant(leave_on_server_forever::Message::ZeroDays);
    }
    em.emit(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_megabytes_leave_about_three_point_seven_for_attachments() {
        assert_eq!(megabytes(5_242_880), "5");
        assert_eq!(megabytes(attachment_room(5_242_880)), "3.7");
    }
}
