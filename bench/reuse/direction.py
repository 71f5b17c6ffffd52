#!/usr/bin/env python3
"""Score who-copied-whom on the synthetic corpus: per kind of copy, how many pairs (original,
copy) got a direction, and how often the decided ones are right, by the evidence that
decided them.

    python3 bench/reuse/direction.py TRUTH.jsonl REPORT.json [--dated CORPUS.jsonl]

REPORT.json is a crosscheck report (its ``reuse`` entries: ``source``, ``target``,
``direction``). A pair between an original and its copy is right when the original is the
source. ``undetermined`` counts as not decided whatever order it lists. Pairs between two
copies of one original have no right answer (both derive from the root) and are only
counted. With ``--dated``, pairs are split by how many of their two documents carry a
``published`` date in CORPUS.jsonl (none, one, both): the corpus of
``synth.py --date-share F``.
"""

import json
import sys
from collections import Counter, defaultdict

sys.path.insert(0, __import__("os").path.dirname(__file__))
from score import KINDS, reuse_section  # noqa: E402


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    truth_path, report_path = args[0], args[1]
    dated = None
    if "--dated" in args:
        dated = set()
        with open(args[args.index("--dated") + 1]) as f:
            for line in f:
                d = json.loads(line)
                if d.get("published"):
                    dated.add(d["id"])
    truth = {}
    with open(truth_path) as f:
        for line in f:
            t = json.loads(line)
            truth[t["id"]] = t
    entries = reuse_section(report_path)
    if entries is None:
        with open(report_path) as f:
            entries = json.load(f)["reuse"]
    rows = defaultdict(Counter)  # (kind, dates) -> counts
    by_evidence = defaultdict(Counter)  # (kind, evidence) -> right/wrong
    copy_copy = Counter()
    for e in entries:
        a, b = e["source"], e["target"]
        ta, tb = truth.get(a), truth.get(b)
        if ta is None or tb is None or ta["root"] != tb["root"]:
            continue
        if ta["kind"] != "original" and tb["kind"] != "original":
            copy_copy[e["direction"]] += 1
            continue
        copy = tb if ta["kind"] == "original" else ta
        kind = copy["kind"]
        dates = "all"
        if dated is not None:
            dates = ["no dates", "one date", "both dated"][(a in dated) + (b in dated)]
        row = rows[(kind, dates)]
        row["pairs"] += 1
        evidence = e["direction"]
        if evidence == "undetermined":
            row["undetermined"] += 1
            continue
        right = a == copy["root"]
        row["right" if right else "wrong"] += 1
        by_evidence[(kind, evidence)]["right" if right else "wrong"] += 1
    print("| kind | dates | pairs | decided | right | wrong | accuracy of decided |")
    print("|---|---|---|---|---|---|---|")
    for (kind, dates) in sorted(rows, key=lambda k: (KINDS.index(k[0]), k[1])):
        r = rows[(kind, dates)]
        decided = r["right"] + r["wrong"]
        acc = f"{r['right'] / decided:.3f}" if decided else "-"
        print(f"| {kind} | {dates} | {r['pairs']} | {decided / r['pairs']:.3f} | {r['right']} | "
              f"{r['wrong']} | {acc} |")
    print()
    print("| kind | evidence | right | wrong | accuracy |")
    print("|---|---|---|---|---|")
    for (kind, evidence) in sorted(by_evidence, key=lambda k: (KINDS.index(k[0]), k[1])):
        r = by_evidence[(kind, evidence)]
        n = r["right"] + r["wrong"]
        print(f"| {kind} | {evidence} | {r['right']} | {r['wrong']} | {r['right'] / n:.3f} |")
    print()
    print("pairs between two copies of one original, by evidence: "
          + ", ".join(f"{k} {n}" for k, n in copy_copy.most_common()))


if __name__ == "__main__":
    main()
