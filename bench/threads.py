#!/usr/bin/env python3
"""Time against count, and the speed-up of 2 threads (run by bench/threads.sh).

For each folder of generated templates, runs `maillint check DIR --format json
--isolated --threads 1` and `--threads 2` alternately, RUNS times each, and
prints the median wall time of each, the time per file and the speed-up
(1 thread / 2 threads). Alternating keeps both under the same load of a shared
machine; the load average before and after each folder is printed with it, so
a figure taken on a busy machine shows as such. Also checks that both thread
counts print the same bytes.
"""
import argparse
import os
import statistics
import subprocess
import time


def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    print(f"{os.cpu_count()} cores; {a.runs} alternating runs per thread count; median wall time\n")
    print("| templates | 1 thread | 2 threads | speed-up | per file, 1 thread | per file, 2 threads | load average before → after |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for d in a.dirs:
        count = len(os.listdir(d))
        cmd = [a.bin, "check", d, "--format", "json", "--isolated", "--threads"]
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
