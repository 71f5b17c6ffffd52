#!/usr/bin/env python3
"""Compare the Spark job's reuse.jsonl with the `reuse` of a `crosscheck analyze --json` report.

    python3 bench/spark/compare.py REPORT.json OUT_DIR/reuse.jsonl

Prints the pair counts, how many pairs differ in relation, direction, passages or any other
field, and the first few differences; exits 1 when they are not equal.
"""

import json
import sys


def main():
    report, lines = sys.argv[1:3]
    with open(report, encoding="utf-8") as f:
        want = json.load(f)["reuse"]
    with open(lines, encoding="utf-8") as f:
        got = [json.loads(line) for line in f]
    key = lambda p: (p["source"], p["target"])
    want_by, got_by = {key(p): p for p in want}, {key(p): p for p in got}
    only_cli = sorted(set(want_by) - set(got_by))
    only_spark = sorted(set(got_by) - set(want_by))
    differ = {field: 0 for field in ("relation", "direction", "passages", "root", "other")}
    examples = []
    for k in sorted(set(want_by) & set(got_by)):
        w, g = want_by[k], got_by[k]
        if w == g:
            continue
        for field in ("relation", "direction", "passages", "root"):
            if w[field] != g[field]:
                differ[field] += 1
        if {f: v for f, v in w.items() if f not in differ} != {f: v for f, v in g.items() if f not in differ}:
            differ["other"] += 1
        examples.append(k)
    same_order = [key(p) for p in got] == [key(p) for p in want]
    equal = got == want
    print(json.dumps({
        "cli_pairs": len(want), "spark_pairs": len(got), "only_cli": len(only_cli),
        "only_spark": len(only_spark), "differ": differ, "same_order": same_order, "equal": equal,
    }))
    for k in (only_cli[:3] + only_spark[:3] + examples[:3]):
        print("  e.g.", k, file=sys.stderr)
    sys.exit(0 if equal else 1)


if __name__ == "__main__":
    main()
