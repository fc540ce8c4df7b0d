#!/usr/bin/env python3
"""Measure maillint beside its peers and write the table (run by bench/peer.sh).

Each row is one piece of work and its peer on the same bytes, measured in the
same run: instructions (valgrind --tool=callgrind), median wall time
(hyperfine) and peak resident memory (/usr/bin/time -v).
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import subprocess
import tempfile

START = "<!-- bench/peer.sh table: start -->"
END = "<!-- bench/peer.sh table: end -->"


def instructions(cmd):
    r = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1)) if m else None


def peak_kib(cmd):
    r = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return int(m.group(1)) if m else None


def medians(cmds, runs):
    """Median wall seconds of each command, from one hyperfine invocation so
    that maillint and its peer see the same machine state."""
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        subprocess.run(
            ["hyperfine", "-N", "-i", "--style", "none", "--warmup", "1",
             "--runs", str(runs), "--export-json", tmp.name]
            + [" ".join(c) for c in cmds],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
        )
        with open(tmp.name) as f:
            return [r["median"] for r in json.load(f)["results"]]


def human_count(n):
    if n is None:
        return "?"
    if n >= 1e9:
        return f"{n / 1e9:.2f} G"
    return f"{n / 1e6:.2f} M"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    vg = subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()
    hf = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores of {cpu}, {platform.system()} {platform.release()}, "
            f"load average {load:.1f} at start; {rustc}, dist profile (what scripts/dist.sh ships); {vg}; {hf}; "
            f"commit {rev}{' (with uncommitted changes)' if dirty else ''}; "
            f"{datetime.date.today().isoformat()}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--big", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--doc")
    a = ap.parse_args()
    ml = os.path.abspath(a.bin)
    ispdb = os.path.join(a.corpus, "ispdb")
    xmls = sorted(glob.glob(os.path.join(ispdb, "*.xml")))
    small = os.path.join(ispdb, "aol.com.xml")
    big = {
        "prefs.js": os.path.join(a.big, "prefs", "prefs.js"),
        ".reg": os.path.join(a.big, "reg", "mail.reg"),
        "accountrc": os.path.join(a.big, "claws", ".claws-mail", "accountrc"),
    }
    rows = [
        (f"ISPDB corpus, {len(xmls)} files: `check DIR --format json`",
         [ml, "check", ispdb, "--format", "json", "--isolated"],
         "`xmllint --noout` (same files)", ["xmllint", "--noout"] + xmls, None),
        ("one small file: `check ispdb/aol.com.xml`",
         [ml, "check", small, "--isolated"],
         "`maillint --version`", [ml, "--version"], None),
    ]
    for name, path in big.items():
        size = os.path.getsize(path)
        rows.append((f"{size / 1e6:.1f} MB {name}, 5,000 accounts: `check FILE --format json`",
                     [ml, "check", path, "--format", "json", "--isolated"],
                     "`cat` (same bytes)", ["cat", path], size))
        # The default format, the one an end user reads: each finding drawn
        # with its snippet (issue 15, ninth round: measured only in JSON before).
        rows.append((f"{size / 1e6:.1f} MB {name}: `check FILE` (human, the default)",
                     [ml, "check", path, "--isolated"],
                     "`cat` (same bytes)", ["cat", path], size))

    lines = [
        "| work | maillint instr. | peer | peer instr. | instr. ratio "
        "| maillint median | peer median | time ratio | maillint peak | peer peak | throughput |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    where = (f"Measured by `bench/peer.sh {a.runs}` ({a.runs} timed runs each, hyperfine "
             f"median): {machine()}.")
    for work, cmd, peer, pcmd, size in rows:
        print(f"measuring: {work}", flush=True)
        i_ml, i_peer = instructions(cmd), instructions(pcmd)
        t_ml, t_peer = medians([cmd, pcmd], a.runs)
        m_ml, m_peer = peak_kib(cmd), peak_kib(pcmd)
        ratio = f"{i_ml / i_peer:.2f}×" if i_ml and i_peer else "?"
        tput = f"{size / t_ml / 1e6:.0f} MB/s" if size else ""
        lines.append(
            f"| {work} | {human_count(i_ml)} | {peer} | {human_count(i_peer)} | {ratio} "
            f"| {t_ml * 1000:.1f} ms | {t_peer * 1000:.1f} ms | {t_ml / t_peer:.2f}× "
            f"| {m_ml / 1024:.1f} MiB | {m_peer / 1024:.1f} MiB | {tput} |"
        )
        print(lines[-1], flush=True)
        # Written after every row, so that an interrupted run leaves what it measured.
        write_doc(a.doc, where, lines)
    print()
    print(where)
    print("\n".join(lines))


def write_doc(path, where, lines):
    table = "\n".join(lines)
    if path:
        with open(path) as f:
            doc = f.read()
        block = f"{START}\n{where}\n\n{table}\n{END}"
        if START in doc and END in doc:
            pre, rest = doc.split(START, 1)
            post = rest.split(END, 1)[1]
            doc = pre + block + post
        else:
            doc = doc.rstrip("\n") + "\n\n## Beside the peers (issue 15)\n\n" + block + "\n"
        with open(path, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
