#!/usr/bin/env python3
"""Times several commands in one run, ALTERNATING: round 1 runs every command once, then round 2,
and so on (the order rotates each round), so a change in the machine's load during the run falls
on every contender alike. (hyperfine with several commands does not alternate: it runs all the
runs of the first command, then all of the second.) Each run goes through GNU time
(`/usr/bin/time -f '%e %U %S %M'`), so every run has its wall, user and system time and its peak
resident memory (%M, KiB: the largest process's maximum RSS).

    python3 Benchmarks/bench.py --runs 3 --ref duckdb --out RESULTS/csv-1000000 \\
        "panelbrief report=BIN report --config C --out D" "duckdb=python3 contenders.py duckdb F" ...

Writes OUT.json (every sample, the load average before and after, the time) and OUT.md (a table:
mean ± standard deviation, min, user, system, peak RSS, and × the reference command's mean).
A command that exits with another status than 0 (or 1 for names containing "validate", which
exits 1 when rows are rejected) stops the run: a benchmark of a failing command is worthless.
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_once(argv: list) -> dict:
    with tempfile.NamedTemporaryFile("r", prefix="bench-time-", delete=False) as t:
        path = t.name
    try:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", path, *argv],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with open(path) as f:
            last = [l for l in f.read().splitlines() if l.strip()][-1]
    finally:
        os.unlink(path)
    wall, user, sys_, rss = last.split()
    return {"wall": float(wall), "user": float(user), "sys": float(sys_), "rss_kib": int(rss),
            "status": p.returncode, "stderr_tail": p.stderr.decode(errors="replace")[-400:]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ref", default="duckdb", help="the name the × column divides by")
    ap.add_argument("--out", required=True, help="OUT.json and OUT.md are written")
    ap.add_argument("--rows", type=int, default=0, help="rows in the input: adds ns/row")
    ap.add_argument("commands", nargs="+", help="NAME=COMMAND")
    a = ap.parse_args()
    cmds = []
    for c in a.commands:
        name, _, cmd = c.partition("=")
        cmds.append((name, shlex.split(cmd)))
    result = {"started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
              "load_before": loadavg(), "runs": a.runs, "rows": a.rows,
              "commands": {n: {"argv": argv, "samples": []} for n, argv in cmds}}
    print(f"load average before: {result['load_before']}", flush=True)
    for r in range(a.runs):
        order = cmds[r % len(cmds):] + cmds[: r % len(cmds)]
        for name, argv in order:
            s = run_once(argv)
            ok = {0, 1} if "validate" in name else {0}
            if s["status"] not in ok:
                sys.exit(f"bench.py: {name} exited {s['status']}: {s['stderr_tail']}")
            result["commands"][name]["samples"].append(s)
            print(f"  round {r + 1}: {name}: {s['wall']:.2f} s, {s['rss_kib'] // 1024} MB", flush=True)
    result["load_after"] = loadavg()
    result["finished"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    print(f"load average after: {result['load_after']}", flush=True)
    for name, c in result["commands"].items():
        w = [s["wall"] for s in c["samples"]]
        c["mean"] = statistics.mean(w)
        c["sd"] = statistics.stdev(w) if len(w) > 1 else 0.0
        c["min"] = min(w)
        c["user"] = statistics.mean(s["user"] for s in c["samples"])
        c["sys"] = statistics.mean(s["sys"] for s in c["samples"])
        c["rss_mb"] = max(s["rss_kib"] for s in c["samples"]) / 1024
    with open(a.out + ".json", "w") as f:
        json.dump(result, f, indent=1)
    with open(a.out + ".md", "w") as f:
        f.write(markdown(result, a.ref))
    print(markdown(result, a.ref))


def markdown(result: dict, ref: str) -> str:
    refmean = result["commands"].get(ref, {}).get("mean")
    rows = result.get("rows") or 0
    head = "| contender | mean [s] | min [s] | user [s] | sys [s] | peak RSS [MB] |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if rows:
        head += " ns/row |"
        rule += "---:|"
    if refmean:
        head += f" × {ref} |"
        rule += "---:|"
    lines = [head, rule]
    for name, c in result["commands"].items():
        line = (f"| {name} | {c['mean']:.3f} ± {c['sd']:.3f} | {c['min']:.3f} | {c['user']:.2f} | "
                f"{c['sys']:.2f} | {c['rss_mb']:.0f} |")
        if rows:
            line += f" {c['mean'] / rows * 1e9:.0f} |"
        if refmean:
            line += f" {c['mean'] / refmean:.2f} |"
        lines.append(line)
    lines.append("")
    lines.append(f"{result['runs']} alternating runs; load average {result['load_before']} before, "
                 f"{result['load_after']} after ({result['started']} – {result['finished']}).")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
