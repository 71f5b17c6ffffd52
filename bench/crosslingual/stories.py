#!/usr/bin/env python3
"""Do translations share their original's story? Scores a report of `crosscheck analyze` over a
split built by build.py against the split's truth.json.

    crosscheck analyze SPLIT/docs --db "$(mktemp -d)/x.db" --json report.json -q
    python3 bench/crosslingual/stories.py SPLIT/truth.json report.json

Prints, for the gold pairs whole (`full`) and excerpted (`partial`): how many the report found
as `translated`, and how many sit in one story; then the stories holding more than one
language, and those holding documents of two gold pairs (two unrelated originals joined).
"""

import json
import sys


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    report = json.load(open(sys.argv[2], encoding="utf-8"))
    story_of = {}
    for story in report["stories"]:
        for doc in story["documents"]:
            story_of[doc] = story["id"]
    found = {
        frozenset((p["source"], p["target"]))
        for p in report["reuse"]
        if p["relation"] == "translated"
    }
    for extent in ("full", "partial"):
        gold = [p for p in truth["pairs"] if p["extent"] == extent]
        hit = sum(frozenset((p["source"], p["target"])) in found for p in gold)
        together = sum(
            story_of.get(p["source"]) is not None
            and story_of.get(p["source"]) == story_of.get(p["target"])
            for p in gold
        )
        print(f"{extent}: {len(gold)} gold pairs, {hit} found, {together} in one story")
    languages = truth["languages"]
    mixed = [
        s for s in report["stories"] if len({languages.get(d) for d in s["documents"]}) > 1
    ]
    pair_of = {}
    for n, p in enumerate(truth["pairs"]):
        pair_of[p["source"]] = n
        pair_of[p["target"]] = n
    crossed = [
        s
        for s in report["stories"]
        if len({pair_of[d] for d in s["documents"] if d in pair_of}) > 1
    ]
    print(
        f"stories: {len(report['stories'])}, with two languages or more: {len(mixed)}, "
        f"holding two gold pairs: {len(crossed)}"
    )


if __name__ == "__main__":
    main()
