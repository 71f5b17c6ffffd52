#!/usr/bin/env python3
"""Run a command; print its wall time and the peak memory of its whole process tree.

    python3 bench/spark/measure.py -- COMMAND...

Peak memory is the largest sum of resident set sizes over the command and every process it
started (a Spark run is a JVM plus Python workers), sampled from /proc every 0.2 s. Prints one
JSON line: {"seconds": ..., "peak_rss_mib": ..., "exit": ...}.
"""

import json
import os
import subprocess
import sys
import time


def children_of():
    """Parent pid -> child pids, from /proc."""
    tree = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(root):
    tree, total, todo = children_of(), 0, [root]
    while todo:
        pid = todo.pop()
        total += rss_kib(pid)
        todo.extend(tree.get(pid, []))
    return total


def main():
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    started = time.monotonic()
    process = subprocess.Popen(args)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        time.sleep(0.2)
    seconds = time.monotonic() - started
    print(json.dumps({"seconds": round(seconds, 1), "peak_rss_mib": round(peak / 1024), "exit": process.returncode}))
    sys.exit(process.returncode)


if __name__ == "__main__":
    main()
