#!/usr/bin/env python3
"""Generate the big inputs of bench/peer.sh: about 10 MB each, 5,000 accounts.

    gen_big.py OUTDIR [SIZE_BYTES] [ACCOUNTS]

OUTDIR/prefs/prefs.js       Thunderbird prefs.js
OUTDIR/reg/mail.reg         Outlook Express registry export (REGEDIT4)
OUTDIR/claws/.claws-mail/accountrc   Claws Mail accountrc

Every account has a few findings (port 25 without authentication, plain POP)
so that rules and rendering are measured, not only reading. Each account is
padded with prefs of the kind a real profile carries until the file reaches
SIZE_BYTES. Deterministic: the same arguments give the same bytes.
"""
import os
import sys


def pad_lines(fmt, need, start=0):
    """Lines from `fmt.format(k)` until they add up to at least `need` bytes."""
    out, total, k = [], 0, start
    while total < need:
        line = fmt.format(k)
        out.append(line)
        total += len(line) + 1
        k += 1
    return out


def prefs(accounts, size):
    ids = ",".join(f"account{i}" for i in range(accounts))
    head = [f'user_pref("mail.accountmanager.accounts", "{ids}");']
    per = max(0, (size - len(head[0])) // accounts)
    lines = head
    for i in range(accounts):
        block = [
            f'user_pref("mail.account.account{i}.server", "server{i}");',
            f'user_pref("mail.account.account{i}.identities", "id{i}");',
            f'user_pref("mail.identity.id{i}.fullName", "User {i}");',
            f'user_pref("mail.identity.id{i}.useremail", "user{i}@example.jp");',
            f'user_pref("mail.identity.id{i}.smtpServer", "smtp{i}");',
            f'user_pref("mail.server.server{i}.type", "pop3");',
            f'user_pref("mail.server.server{i}.hostname", "pop.example.jp");',
            f'user_pref("mail.server.server{i}.port", 110);',
            f'user_pref("mail.server.server{i}.userName", "user{i}");',
            f'user_pref("mail.smtpserver.smtp{i}.hostname", "smtp.example.jp");',
            f'user_pref("mail.smtpserver.smtp{i}.port", 25);',
        ]
        used = sum(len(x) + 1 for x in block)
        block += pad_lines(
            'user_pref("mail.server.server' + str(i) + '.filter_{0}.last_run", "20261201T0000{0:04d}");',
            per - used,
        )
        lines += block
    return "\n".join(lines) + "\n"


def reg(accounts, size):
    root = r"HKEY_CURRENT_USER\Software\Microsoft\Internet Account Manager\Accounts"
    lines = ["REGEDIT4", "", f"[{root}]", ""]
    per = size // accounts
    for i in range(accounts):
        block = [
            f"[{root}\\{i + 1:08d}]",
            f'"Account Name"="Account {i}"',
            '"Connection Type"=dword:00000003',
            '"POP3 Server"="pop.example.jp"',
            f'"POP3 User Name"="user{i}"',
            '"POP3 Port"=dword:0000006e',
            '"SMTP Server"="smtp.example.jp"',
            '"SMTP Port"=dword:00000019',
            f'"SMTP Display Name"="User {i}"',
            f'"SMTP Email Address"="user{i}@example.jp"',
        ]
        used = sum(len(x) + 2 for x in block)
        block += pad_lines('"Account Note {0}"="padding {0:06d}"', per - used - 2)
        block.append("")
        lines += block
    return "\r\n".join(lines) + "\r\n"


def accountrc(accounts, size):
    lines = []
    per = size // accounts
    for i in range(accounts):
        block = [
            f"[Account: {i + 1}]",
            f"account_name=Account {i}",
            f"is_default={1 if i == 0 else 0}",
            f"name=User {i}",
            f"address=user{i}@example.jp",
            "protocol=0",
            "receive_server=pop.example.jp",
            "smtp_server=smtp.example.jp",
            f"user_id=user{i}",
            "use_smtp_auth=0",
            "set_smtpport=1",
            "smtp_port=25",
        ]
        used = sum(len(x) + 1 for x in block)
        block += pad_lines("signature_path_{0}=/home/user/sig{0:06d}.txt", per - used - 1)
        block.append("")
        lines += block
    return "\n".join(lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode()
    # Unchanged bytes keep their mtime, so repeated runs do not rewrite 30 MB.
    if os.path.exists(path) and os.path.getsize(path) == len(data):
        with open(path, "rb") as f:
            if f.read() == data:
                return
    with open(path, "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    accounts = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    write(os.path.join(out, "prefs", "prefs.js"), prefs(accounts, size))
    write(os.path.join(out, "reg", "mail.reg"), reg(accounts, size))
    write(os.path.join(out, "claws", ".claws-mail", "accountrc"), accountrc(accounts, size))


if __name__ == "__main__":
    main()
