#!/usr/bin/env python3
"""Generate a workload and time two maillint binaries on it, alternately.

Prints, for each scenario, the median wall time of the baseline and the
current binary over several runs and the ratio current/baseline.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import time


def build_workload(fixtures, corpus, copies, work, clients=None):
    """`copies` copies of every fixture case and every corpus prefs file."""
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    sources = []
    for client in sorted(os.listdir(fixtures)):
        if clients and client not in clients:
            continue
        cdir = os.path.join(fixtures, client)
        if os.path.isdir(cdir):
            for case in sorted(os.listdir(cdir)):
                if os.path.isdir(os.path.join(cdir, case)):
                    sources.append(os.path.join(cdir, case))
    prefs = os.path.join(corpus, "prefs-js")
    corpus_files = sorted(os.listdir(prefs)) if os.path.isdir(prefs) else []
    n = 0
    for i in range(copies):
        for src in sources:
            client = os.path.basename(os.path.dirname(src))
            dst = os.path.join(work, f"c{i:04d}-{client}-{os.path.basename(src)}")
            shutil.copytree(src, dst)
            n += 1
        for name in corpus_files:
            dst = os.path.join(work, f"c{i:04d}-corpus-{name}")
            os.makedirs(dst)
            shutil.copy(os.path.join(prefs, name), os.path.join(dst, "prefs.js"))
            n += 1
    size = sum(
        os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(work) for f in fs
    )
    return n, size


def build_big_profile(work, accounts):
    """One prefs.js with many accounts, each with findings: catches anything
    quadratic in the size of one file (assembly, rules, snippets)."""
    os.makedirs(work, exist_ok=True)
    ids = ",".join(f"account{i}" for i in range(accounts))
    lines = [f'user_pref("mail.accountmanager.accounts", "{ids}");']
    for i in range(accounts):
        lines += [
            f'user_pref("mail.account.account{i}.server", "server{i}");',
            f'user_pref("mail.account.account{i}.identities", "id{i}");',
            f'user_pref("mail.identity.id{i}.useremail", "user{i}@example.jp");',
            f'user_pref("mail.identity.id{i}.smtpServer", "smtp{i}");',
            f'user_pref("mail.server.server{i}.type", "pop3");',
            f'user_pref("mail.server.server{i}.hostname", "pop.example.jp");',
            f'user_pref("mail.smtpserver.smtp{i}.hostname", "smtp.example.jp");',
        ]
    with open(os.path.join(work, "prefs.js"), "w") as f:
        f.write("\n".join(lines) + "\n")


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--current", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--copies", type=int, default=300)
    ap.add_argument("--work", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--big-accounts", type=int, default=5000)
    ap.add_argument(
        "--clients",
        default="",
        help="comma-separated fixture folders to use (default: all); "
        "use 'thunderbird' to compare with a baseline that reads only Thunderbird",
    )
    args = ap.parse_args()

    clients = [c for c in args.clients.split(",") if c]
    units, size = build_workload(args.fixtures, args.corpus, args.copies, args.work, clients)
    print(f"workload: {units} profiles, {size / 1e6:.1f} MB in {args.work}")
    big = args.work + "-big"
    build_big_profile(big, args.big_accounts)
    print(f"big profile: one prefs.js with {args.big_accounts} accounts in {big}")
    env_cmds = {
        "human": ["check", args.work, "--no-color"],
        "json": ["check", args.work, "--format", "json"],
        "big-human": ["check", big, "--no-color"],
        "big-json": ["check", big, "--format", "json"],
    }
    floor = timed(["sh", "-c", f"find '{args.work}' -type f -exec cat {{}} + > /dev/null"], args.runs)
    print(f"read floor (cat of every file): {floor * 1000:.0f} ms")
    print(f"{'scenario':<10} {'baseline':>10} {'current':>10} {'ratio':>7} {'x floor':>8}")
    print("(x floor compares with reading the many-profile workload; big-* run on one file)")
    for name, extra in env_cmds.items():
        # Alternate the two binaries so that both see the same machine state.
        base_times, cur_times = [], []
        for _ in range(args.runs):
            base_times.append(timed([args.baseline] + extra, 1))
            cur_times.append(timed([args.current] + extra, 1))
        b = statistics.median(base_times)
        c = statistics.median(cur_times)
        print(f"{name:<10} {b * 1000:>8.0f}ms {c * 1000:>8.0f}ms {c / b:>7.2f} {c / floor:>8.1f}")


if __name__ == "__main__":
    main()
