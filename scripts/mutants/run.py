#!/usr/bin/env python3
"""Mutation testing for PanelBrief: plants each bug of scripts/mutants/mutants.txt, one at a
time, in a scratch copy of the repository (with its own .build, so the working tree and its
build are never touched), runs the whole `swift test`, and prints the share of bugs the tests
caught.

    nice -n 19 python3 scripts/mutants/run.py                 # every mutant
    nice -n 19 python3 scripts/mutants/run.py --only lag-inclusive,leap-century
    python3 scripts/mutants/run.py --check                    # only look for stale mutants

A mutant is "caught" when `swift test` fails (or runs past --timeout), "survived" when it passes.
A mutant whose find text is not in its file is "stale" (the code moved on: update its find
line), one whose text is there more than once "ambiguous", one that does not compile
"invalid"; none of these three is counted in the score. The copy lives in
$TMPDIR/panelbrief-mutants/ and is reused, so later runs only rebuild what a mutant touches.
Exit status 0 when the share caught is at least --minimum (default 0.90), 1 otherwise.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse(path):
    mutants = []
    current = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith("["):
                ident, _, description = line[1:].partition("]")
                current = {"id": ident.strip(), "description": description.strip(), "line": n}
                mutants.append(current)
                continue
            key, sep, value = line.partition(": ")
            if current is None or not sep or key not in ("file", "find", "replace"):
                sys.exit(f"{path}:{n}: expected '[id] description', 'file: ', 'find: ' or 'replace: '")
            current[key] = value
    for m in mutants:
        for key in ("file", "find", "replace"):
            if key not in m:
                sys.exit(f"{path}:{m['line']}: mutant {m['id']} has no '{key}:' line")
    ids = [m["id"] for m in mutants]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        sys.exit(f"{path}: mutant ids used twice: {', '.join(sorted(duplicates))}")
    return mutants


CHILD = None


def run(command, cwd, log, timeout, stop_at_failure=False):
    """Runs a command at the lowest priority, in a process group of its own; returns (exit status,
    or None on timeout, or "failed" when stop_at_failure and a test has failed, and seconds).
    Stopping at the first failing test makes a caught mutant cost seconds, not a whole run."""
    global CHILD
    start = time.time()
    with open(log, "w") as out:
        CHILD = subprocess.Popen(["nice", "-n", "19"] + command, cwd=cwd, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        result = None
        try:
            for raw in CHILD.stdout:
                line = raw.decode("utf-8", "replace")
                out.write(line)
                if time.time() - start > timeout:
                    break
                if stop_at_failure and line.startswith("✘ Test ") and "recorded an issue" in line:
                    result = "failed"
                    out.flush()
                    break
            if result is None and time.time() - start <= timeout:
                result = CHILD.wait(timeout=max(1, timeout - (time.time() - start)))
        except subprocess.TimeoutExpired:
            result = None
        finally:
            if CHILD.poll() is None:
                os.killpg(CHILD.pid, signal.SIGKILL)
                CHILD.wait()
            CHILD = None
    return result, time.time() - start


def stop(signum, frame):
    if CHILD is not None and CHILD.poll() is None:
        os.killpg(CHILD.pid, signal.SIGKILL)
    sys.exit(f"stopped by signal {signum}")


def sync_copy(scratch):
    """Copies the repository's files (tracked and untracked, as they are now) into scratch/repo,
    keeping its .build; ../shared is copied beside it."""
    repo = os.path.join(scratch, "repo")
    os.makedirs(repo, exist_ok=True)
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
        check=True, capture_output=True).stdout.decode().split("\0")
    files = [f for f in files if f and os.path.isfile(os.path.join(ROOT, f))]
    wanted = set(files)
    for dirpath, dirnames, filenames in os.walk(repo):
        if dirpath == repo and ".build" in dirnames:
            dirnames.remove(".build")
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), repo)
            if rel not in wanted:
                os.remove(os.path.join(dirpath, name))
    for f in files:
        src = os.path.join(ROOT, f)
        dst = os.path.join(repo, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(src, "rb") as a:
            data = a.read()
        old = None
        if os.path.exists(dst):
            with open(dst, "rb") as b:
                old = b.read()
        if old != data:
            with open(dst, "wb") as b:
                b.write(data)
            shutil.copymode(src, dst)
    # ../shared (seed tables, real open data) is copied beside the copy, not linked: tests
    # compare paths relative to it.
    shared = os.path.join(scratch, "shared")
    real_shared = os.path.join(ROOT, "..", "shared")
    if os.path.islink(shared):
        os.remove(shared)
    if os.path.isdir(real_shared):
        shutil.rmtree(shared, ignore_errors=True)
        shutil.copytree(real_shared, shared, symlinks=True)
    return repo


def failing_tests(log):
    names = []
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("✘ Test ") and not line.startswith("✘ Test run"):
                name = line[len("✘ Test "):].split("(")[0].split(" ")[0]
                if name not in names:
                    names.append(name)
            elif line.startswith("Test Case") and "failed" in line:
                names.append(line.split("'")[1] if "'" in line else line.strip())
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", default=os.path.join(ROOT, "scripts/mutants/mutants.txt"))
    parser.add_argument("--only", help="comma-separated mutant ids")
    parser.add_argument("--check", action="store_true", help="only report stale or ambiguous mutants")
    parser.add_argument("--scratch", default=os.path.join(tempfile.gettempdir(), "panelbrief-mutants"))
    parser.add_argument("--timeout", type=int, default=1200, help="seconds for a build or a test run")
    parser.add_argument("--minimum", type=float, default=0.90)
    parser.add_argument("--filter", help="run only these tests (swift test --filter), e.g. to see "
                        "which tests catch a mutant; the share is then not the project's score")
    parser.add_argument("--full", action="store_true",
                        help="run every test for each mutant and list all that fail")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    mutants = parse(args.mutants)
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {m["id"] for m in mutants}
        if unknown:
            sys.exit(f"no mutant named {', '.join(sorted(unknown))}")
        mutants = [m for m in mutants if m["id"] in wanted]

    # Stale or ambiguous mutants are found in the working tree, before anything is built.
    usable = []
    results = {}
    for m in mutants:
        path = os.path.join(ROOT, m["file"])
        text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        count = text.count(m["find"])
        if count == 0:
            results[m["id"]] = "stale"
        elif count > 1:
            results[m["id"]] = "ambiguous"
        else:
            usable.append(m)
    for m in mutants:
        if m["id"] in results:
            print(f"{results[m['id']]:>9}  {m['id']}: {m['file']}: {m['find']!r}", flush=True)
    if args.check:
        print(f"{len(usable)} of {len(mutants)} mutants apply.")
        return 0 if len(usable) == len(mutants) else 1

    repo = sync_copy(args.scratch)
    logs = os.path.join(args.scratch, "logs")
    os.makedirs(logs, exist_ok=True)
    print(f"Copy in {repo}; logs in {logs}.", flush=True)
    status, seconds = run(["swift", "build", "--build-tests"], repo, os.path.join(logs, "baseline-build.log"), args.timeout)
    if status != 0:
        sys.exit(f"The unmutated copy does not build: see {logs}/baseline-build.log")
    status, seconds = run(["swift", "test", "--skip-build"] + (["--filter", args.filter] if args.filter else []),
                          repo, os.path.join(logs, "baseline-test.log"), args.timeout)
    if status != 0:
        sys.exit(f"The unmutated tests fail: see {logs}/baseline-test.log; fix them before measuring.")
    print(f"Baseline passes ({seconds:.0f} s). {len(usable)} mutants to try.", flush=True)

    for k, m in enumerate(usable, 1):
        path = os.path.join(repo, m["file"])
        original = open(path, encoding="utf-8").read()
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m["find"], m["replace"], 1))
            build_log = os.path.join(logs, m["id"] + "-build.log")
            status, build_seconds = run(["swift", "build", "--build-tests"], repo, build_log, args.timeout)
            if status != 0:
                results[m["id"]] = "invalid"
                detail = "does not compile; see " + build_log
            else:
                test_log = os.path.join(logs, m["id"] + "-test.log")
                command = ["swift", "test", "--skip-build"] + (["--filter", args.filter] if args.filter else [])
                status, test_seconds = run(command, repo, test_log, args.timeout,
                                           stop_at_failure=not args.full)
                if status == 0:
                    results[m["id"]] = "survived"
                    detail = "every test passed"
                else:
                    results[m["id"]] = "caught"
                    names = failing_tests(test_log)
                    detail = ("timed out" if status is None else
                              "first failing: " + ", ".join(names[:1]) if status == "failed" else
                              f"{len(names)} failing: " + ", ".join(names[:4]) + (" ..." if len(names) > 4 else ""))
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        print(f"[{k}/{len(usable)}] {results[m['id']]:>8}  {m['id']}: {m['description']} ({detail})", flush=True)

    counted = [m for m in mutants if results.get(m["id"]) in ("caught", "survived")]
    caught = [m for m in counted if results[m["id"]] == "caught"]
    survived = [m["id"] for m in counted if results[m["id"]] == "survived"]
    others = {s: [m["id"] for m in mutants if results.get(m["id"]) == s] for s in ("stale", "ambiguous", "invalid")}
    print()
    for s, ids in others.items():
        if ids:
            print(f"{s} (not counted): {', '.join(ids)}")
    if survived:
        print(f"survived: {', '.join(survived)}")
    share = len(caught) / len(counted) if counted else 0.0
    print(f"Caught {len(caught)} of {len(counted)} mutants ({100 * share:.1f}%).")
    # Leave the copy as the working tree is, with the mutant-free build.
    return 0 if share >= args.minimum else 1


if __name__ == "__main__":
    sys.exit(main())
