#!/usr/bin/env python3
"""Time against count, and the speed-up of 2 threads (run by bench/threads.sh).

For each folder of generated templates, runs `maillint check DIR --format json
--isolated --threads 1` and `--threads 2` alternately, RUNS times each, and
prints the median wall time of each, the time per file and the speed-up
(1 thread / 2 threads). Alternating keeps both under the same load of a shared
machine; the load average before and after each folder is printed with it, so
a figure taken on a busy machine shows as such. Also checks that both thread
counts print the same bytes.

With --callgrind, instead: callgrind with --separate-threads=yes on each
folder, 1 and 2 threads, and the bound the per-thread counts set on the
speed-up of a second core: the 1-thread total over the critical path (the
main thread plus the busiest thread of each pool). Wall times on a shared,
loaded machine say little about a second core; the instruction counts do not
depend on the load.
"""
import argparse
import glob
import os
import statistics
import subprocess
import tempfile
import time


def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t, r.stdout


def thread_totals(prefix):
    """Instructions per thread of one callgrind run (`--separate-threads=yes`
    writes PREFIX-01, PREFIX-02, ... in the threads' order of creation)."""
    totals = []
    for path in sorted(glob.glob(prefix + "-*")):
        with open(path) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    totals.append(int(line.split()[1]))
                    break
    return totals


def critical_path(totals, threads):
    """The instructions on the longest path through the run: the main thread
    (the serial part) plus, for each pool (`threads` threads, made one after
    the other: planning, checking, rendering, scrubbing), its busiest thread."""
    main, pools = totals[0], totals[1:]
    return main + sum(max(pools[i:i + threads]) for i in range(0, len(pools), threads))


def callgrind(a):
    """Per-thread instructions of `--threads 1` and `--threads 2`, and the bound
    they set on the speed-up of a second core (load-independent)."""
    out = tempfile.mkdtemp(prefix="maillint-threads-")
    print(f"callgrind --separate-threads=yes; `check DIR --format {a.format} --isolated`\n")
    print("| templates | 1 thread | 2 threads: main + busiest thread of each pool | critical path | bound |")
    print("|---:|---:|---|---:|---:|")
    for d in a.dirs:
        count = len(os.listdir(d))
        paths = {}
        for n in (1, 2):
            prefix = os.path.join(out, f"cg-{count}-{n}")
            subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes",
                            f"--callgrind-out-file={prefix}",
                            a.bin, "check", d, "--format", a.format, "--isolated",
                            "--threads", str(n)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            paths[n] = thread_totals(prefix)
        one = sum(paths[1])
        two = paths[2]
        path = critical_path(two, 2)
        pools = [max(two[1:][i:i + 2]) for i in range(0, len(two) - 1, 2)]
        shown = " + ".join(f"{t / 1e6:.1f}" for t in [two[0]] + pools)
        print(f"| {count:,} | {one / 1e6:.1f} M | {shown} M | {path / 1e6:.1f} M "
              f"| {one / path:.2f}× |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--format", default="json")
    ap.add_argument("--callgrind", action="store_true",
                    help="count instructions per thread instead of timing")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    if a.callgrind:
        return callgrind(a)
    print(f"{os.cpu_count()} cores; {a.runs} alternating runs per thread count; median wall time\n")
    print("| templates | 1 thread | 2 threads | speed-up | per file, 1 thread | per file, 2 threads | load average before → after |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for d in a.dirs:
        count = len(os.listdir(d))
        cmd = [a.bin, "check", d, "--format", a.format, "--isolated", "--threads"]
        load0 = os.getloadavg()[0]
        times = {1: [], 2: []}
        outs = {}
        timed(cmd + ["2"])  # warm the page cache
        for _ in range(a.runs):
            for n in (1, 2):
                t, out = timed(cmd + [str(n)])
                times[n].append(t)
                outs.setdefault(n, out)
        load1 = os.getloadavg()[0]
        if outs[1] != outs[2]:
            raise SystemExit(f"{d}: --threads 1 and --threads 2 printed different bytes")
        m1, m2 = statistics.median(times[1]), statistics.median(times[2])
        print(f"| {count:,} | {m1:.3f} s | {m2:.3f} s | {m1 / m2:.2f}× "
              f"| {m1 / count * 1e6:.0f} µs | {m2 / count * 1e6:.0f} µs "
              f"| {load0:.1f} → {load1:.1f} |", flush=True)


if __name__ == "__main__":
    main()
