#!/usr/bin/env python3
"""How well `maillint diagnose` reads real bounces, against sisimai's answers.

Runs `maillint diagnose --format json` over every message of
$MAILLINT_CORPUS/bounces (sisimai's published test bounces), compares with
`expected.csv` (what sisimai's own tests expect) and prints, per server family,
for the Japanese carriers and in total:

  found    failed recipients found (every recipient of a multi-recipient bounce)
  status   enhanced status exact, over the codes a server sent (sisimai's own
           "no code" markers x.0.9xx and x.9.xxx are left out)
  strict   reason id equal to sisimai's (ours in kebab case: user-unknown =
           userunknown)
  lenient  reason in the same group as sisimai's (same side, same advice; the
           groups are LENIENT below)
  refused  real bounces refused (exit 2 / not read as a bounce)
  notices  success reports and delay warnings called failures
  plain    feedback reports and auto-replies said to be what they are
  eol      files read alike with CR, LF and CRLF line endings

Usage: bench/bounces.py [--bin PATH] [--markdown] [--json OUT] [--list]
The figures are counts, not times: speed is measured by bench/run.sh.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

# Reasons that mean the same thing to the customer (who must act, and how).
LENIENT = [
    {"userunknown", "hasmoved", "suspend", "filtered"},
    {"hostunknown", "notaccept", "networkerror"},
    {"mailboxfull", "exceedlimit", "mesgtoobig", "systemfull"},
    {"rejected", "blocked", "spamdetected", "policyviolation", "securityerror",
     "authfailure", "badreputation", "requireptr", "norelaying",
     "notcompliantrfc", "virusdetected", "contenterror", "syntaxerror"},
    {"toomanyconn", "speeding"},
    {"systemerror", "mailererror", "systemfull", "networkerror", "onhold"},
    {"expired"},
]

# Knowledge-base ids of maillint before issue 12 (no `reason` in the JSON):
# the best explanation, read as the sisimai reason it stood for.
LEGACY = {
    "user-unknown": "userunknown",
    "host-unknown": "hostunknown",
    "mailbox-full": "mailboxfull",
    "message-too-big": "mesgtoobig",
    "relaying-denied": "norelaying",
    "pop-before-smtp": "norelaying",
    "temporary-failure": "undefined",
    "local-configuration-error": "mailererror",
    "smtp-550": "undefined",
}

JP_CARRIER_FAMILIES = {"ezweb", "kddi", "nttdocomo", "docomo", "softbank", "biglobe", "au"}
JP_CARRIER_DOMAINS = re.compile(
    rb"@(?:[\w.-]+\.)?(docomo\.ne\.jp|ezweb\.ne\.jp|au\.com|softbank\.ne\.jp|"
    rb"i\.softbank\.jp|[a-z]\.vodafone\.ne\.jp|disney\.ne\.jp|biglobe\.ne\.jp|"
    rb"emnet\.ne\.jp|pdx\.ne\.jp|willcom\.com)\b",
    re.I,
)
NOT_BOUNCE_KINDS = {"arf": "feedback-report", "rfc3834": "auto-reply"}
NOTICE_ACTIONS = {"delayed", "delivered", "relayed", "expanded", "deliverable"}


def family(name):
    base = re.sub(r"-\d+\.eml$", "", name)
    return base.split("-", 1)[1] if "-" in base else base


def sent_code(status):
    """A code a server sent, not one of sisimai's "no code" markers."""
    if not status:
        return False
    parts = status.split(".")
    return not (len(parts) == 3 and (parts[1] == "9" or
                                     (parts[1] == "0" and len(parts[2]) == 3 and parts[2].startswith("9"))))


def is_notice(raw, row):
    """A success report or a delay warning, known from the file itself."""
    if row["reason"] == "delivered":
        return True
    actions = [a.lower() for a in re.findall(rb"^Action:\s*([A-Za-z]+)", raw, re.M | re.I)]
    actions = [a.decode() for a in actions]
    return bool(actions) and all(a in NOTICE_ACTIONS for a in actions)


def run(binary, path):
    p = subprocess.run([binary, "diagnose", "--format", "json", "--lang", "en", path],
                       capture_output=True, timeout=60)
    out = None
    if p.returncode in (0, 1) or p.stdout.strip().startswith(b"{"):
        try:
            out = json.loads(p.stdout)
        except ValueError:
            out = None
    return p.returncode, out


def summary(out):
    """What a run says, in the terms compared here."""
    if out is None:
        return None
    kind = out.get("kind", "bounce")
    rec = []
    for r in out.get("recipients", []):
        reason = r.get("reason")
        if reason is None:
            ex = r.get("explanations") or []
            reason = LEGACY.get(ex[0], ex[0]) if ex else None
        action = r.get("action") or "failed"
        rec.append((r.get("address", "").lower(), r.get("status"), r.get("reply"),
                    (reason or "").replace("-", ""), action))
    return kind, rec


def eol_variants(raw, tmp, name):
    lf = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    paths = []
    for tag, data in (("lf", lf), ("crlf", lf.replace(b"\n", b"\r\n")), ("cr", lf.replace(b"\n", b"\r"))):
        p = os.path.join(tmp, f"{tag}-{name}")
        with open(p, "wb") as f:
            f.write(data)
        paths.append(p)
    return paths


def lenient(a, b):
    return a == b or any(a in g and b in g for g in LENIENT)


def measure(binary, corpus, eol=True):
    bdir = os.path.join(corpus, "bounces")
    with open(os.path.join(bdir, "expected.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    results = []
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        def one(row):
            path = os.path.join(bdir, row["file"])
            with open(path, "rb") as f:
                raw = f.read()
            rc, out = run(binary, path)
            s = summary(out)
            variants = []
            if eol:
                for p in eol_variants(raw, tmp, row["file"]):
                    vrc, vout = run(binary, p)
                    variants.append((vrc, summary(vout)))
            return row, raw, rc, s, variants
        results = list(pool.map(one, rows))
    per = []
    for row, raw, rc, s, variants in results:
        name, kind = row["file"], row["kind"]
        fam = family(name)
        jp = fam in JP_CARRIER_FAMILIES or bool(JP_CARRIER_DOMAINS.search(raw))
        exp_n = int(row["recipients"] or 0)
        exp_reason = row["reason"]
        notice = is_notice(raw, row)
        r = {"file": name, "family": fam, "jp": jp, "rc": rc, "kind": kind,
             "expected": row, "got": s}
        bounce_like = kind not in NOT_BOUNCE_KINDS
        got_kind, recs = s if s else (None, [])
        if bounce_like:
            r["refused"] = s is None or got_kind in ("not-bounce", "feedback-report", "auto-reply")
            if exp_reason != "delivered":
                r["found"] = (min(len(recs), exp_n), exp_n)
            if sent_code(row["status"]):
                r["status_ok"] = bool(recs) and recs[0][1] == row["status"]
            if notice:
                r["notice_failed"] = s is not None and (got_kind == "bounce" or any(x[4] == "failed" for x in recs))
        else:
            r["plain"] = s is not None and got_kind == NOT_BOUNCE_KINDS[kind]
        if exp_reason:
            ours = recs[0][3] if recs else (
                "feedback" if got_kind == "feedback-report" else
                "vacation" if got_kind == "auto-reply" else "")
            r["reason"] = (ours, exp_reason)
            r["strict"] = ours == exp_reason
            r["lenient"] = lenient(ours, exp_reason)
        if variants:
            outs = [v[1] for v in variants]
            r["eol_ok"] = all(o == s for o in outs)
            r["cr_refused"] = outs[2] is None and s is not None
        per.append(r)
    return per


def pct(n, d):
    return f"{100.0 * n / d:5.1f} % ({n}/{d})" if d else "-"


def table(per):
    groups = {}
    for r in per:
        groups.setdefault(r["family"], []).append(r)
    lines = []
    head = ["family", "files", "found", "status", "strict", "lenient", "refused", "notices", "plain", "eol"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))

    def row(label, rs):
        found = [r["found"] for r in rs if "found" in r]
        fn, fd = sum(a for a, _ in found), sum(b for _, b in found)
        st = [r["status_ok"] for r in rs if "status_ok" in r]
        rs_ = [r for r in rs if "strict" in r]
        cells = [
            label, str(len(rs)), pct(fn, fd),
            pct(sum(st), len(st)),
            pct(sum(r["strict"] for r in rs_), len(rs_)),
            pct(sum(r["lenient"] for r in rs_), len(rs_)),
            str(sum(r.get("refused", False) for r in rs)),
            str(sum(r.get("notice_failed", False) for r in rs)),
            (lambda p: f"{sum(p)}/{len(p)}" if p else "-")([r["plain"] for r in rs if "plain" in r]),
            (lambda e: f"{sum(e)}/{len(e)}" if e else "-")([r["eol_ok"] for r in rs if "eol_ok" in r]),
        ]
        lines.append("| " + " | ".join(cells) + " |")

    for fam in sorted(groups):
        row(fam, groups[fam])
    row("**Japanese carriers**", [r for r in per if r["jp"]])
    row("**all**", per)
    return "\n".join(lines)


def totals(per):
    found = [r["found"] for r in per if "found" in r]
    st = [r["status_ok"] for r in per if "status_ok" in r]
    rs = [r for r in per if "strict" in r]
    eol = [r["eol_ok"] for r in per if "eol_ok" in r]
    plain = [r["plain"] for r in per if "plain" in r]
    return {
        "found": sum(a for a, _ in found) / max(1, sum(b for _, b in found)),
        "status": sum(st) / max(1, len(st)),
        "strict": sum(r["strict"] for r in rs) / max(1, len(rs)),
        "lenient": sum(r["lenient"] for r in rs) / max(1, len(rs)),
        "refused": sum(r.get("refused", False) for r in per),
        "notices_failed": sum(r.get("notice_failed", False) for r in per),
        "plain": sum(plain) / max(1, len(plain)),
        "eol_alike": sum(eol) / max(1, len(eol)) if eol else None,
        "cr_refused": sum(r.get("cr_refused", False) for r in per),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "maillint"))
    ap.add_argument("--no-eol", action="store_true", help="skip the CR/LF/CRLF runs")
    ap.add_argument("--list", action="store_true", help="list every file that misses a figure")
    ap.add_argument("--json", help="write the per-file results here")
    a = ap.parse_args()
    corpus = os.environ.get("MAILLINT_CORPUS")
    if not corpus or not os.path.isdir(os.path.join(corpus, "bounces")):
        sys.exit("bench/bounces.py: set MAILLINT_CORPUS to the corpus folder (with bounces/)")
    per = measure(a.bin, corpus, eol=not a.no_eol)
    print(table(per))
    t = totals(per)
    print()
    print(f"failed recipients found: {100 * t['found']:.1f} %")
    print(f"enhanced status exact:   {100 * t['status']:.1f} %")
    print(f"reason agreeing:         {100 * t['strict']:.1f} % strict, {100 * t['lenient']:.1f} % lenient")
    print(f"real bounces refused:    {t['refused']}")
    print(f"notices called failures: {t['notices_failed']}")
    print(f"not-bounces said plainly: {100 * t['plain']:.1f} %")
    if t["eol_alike"] is not None:
        print(f"CR/LF/CRLF read alike:   {100 * t['eol_alike']:.1f} % (CR-only copies refused: {t['cr_refused']})")
    if a.list:
        print()
        for r in per:
            bad = []
            if "found" in r and r["found"][0] < r["found"][1]:
                bad.append(f"found {r['found'][0]}/{r['found'][1]}")
            if r.get("status_ok") is False:
                got = r["got"][1][0][1] if r["got"] and r["got"][1] else None
                bad.append(f"status {got} != {r['expected']['status']}")
            if r.get("strict") is False:
                bad.append(f"reason {r['reason'][0] or '-'} != {r['reason'][1]}" + ("" if r["lenient"] else " (!)"))
            if r.get("refused"):
                bad.append("refused")
            if r.get("notice_failed"):
                bad.append("notice called failure")
            if r.get("plain") is False:
                bad.append("not said plainly")
            if r.get("eol_ok") is False:
                bad.append("eol differs")
            if bad:
                print(f"{r['file']}: " + "; ".join(bad))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"totals": t, "files": per}, f, indent=1, default=str)


if __name__ == "__main__":
    main()
