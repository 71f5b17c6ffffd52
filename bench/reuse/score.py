#!/usr/bin/env python3
"""Score reuse detectors on the synthetic corpus and print Markdown tables.

    python3 bench/reuse/score.py TRUTH.jsonl --run NAME PAIRS.json TIME.txt [--run ...]

PAIRS.json is either a crosscheck report (its ``reuse`` entries) or the output of
``peers.py`` / the ``reuse_synthetic`` binary (``pairs``: ``[a, b]`` lists or objects with
``source`` and ``target``). TIME.txt is the ``/usr/bin/time -v`` output of the run (wall
clock, user + system CPU time and peak resident memory of the whole process); ``-`` if there
is none. "detection only" is the tool's own timing of its detection step when it reports one
(peers: shingling, indexing, querying; detect(): the library call), without reading input.

Counting:
* a copy (verbatim, edited, spun, excerpt) is found when the pair (its original, the copy)
  is reported, in either order;
* a reported pair is correct when both documents belong to one cluster (an original and
  its copies, so two copies of one original count as correct: they share a root); any
  pair with an unrelated or filler document, or across clusters, is a false pair;
* for tools that say which side is the source: direction is right when the original is the
  source; relation is right when it is the copy's kind (verbatim, edited, spun), and for
  an excerpt when the relation is verbatim or edited with extent partial.
"""

import json
import re
import sys
from collections import Counter, defaultdict

KINDS = ["verbatim", "edited", "spun", "excerpt"]


def parse_time(path):
    if path == "-":
        return None, None, None
    text = open(path).read()
    wall = peak = None
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        wall = secs
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        peak = int(m.group(1)) * 1024
    return wall, peak, cpu


def reuse_section(path):
    """The `reuse` list of a pretty-printed crosscheck report, read line by line: at 1M
    documents the report carries gigabytes of text in `documents`, which json.load would
    hold in memory. None when the file is not laid out that way."""
    with open(path) as f:
        first = f.readline()
        if first.strip() != "{":
            return None
        collected = None
        for line in f:
            if collected is None:
                if line == '  "reuse": [\n':
                    collected = []
                elif line == '  "reuse": [],\n':
                    return []
                continue
            if line.startswith("  ]"):
                return json.loads("[" + "".join(collected) + "]")
            collected.append(line)
    return None


def load_pairs(path):
    entries = reuse_section(path)
    seconds = None
    if entries is None:
        with open(path) as f:
            data = json.load(f)
        seconds = data.get("seconds") if isinstance(data, dict) else None
        entries = data["reuse"] if "reuse" in data else data["pairs"]
    pairs = []
    for e in entries:
        if isinstance(e, list):
            pairs.append({"a": e[0], "b": e[1]})
        else:
            pairs.append({"a": e["source"], "b": e["target"], "source": e["source"],
                          "relation": e.get("relation"), "extent": e.get("extent")})
    return pairs, seconds


def main():
    args = sys.argv[1:]
    truth_path = args[0]
    runs = []
    i = 1
    while i < len(args):
        if args[i] != "--run":
            sys.exit(f"unexpected {args[i]}")
        runs.append(tuple(args[i + 1:i + 4]))
        i += 4
    truth = {}
    with open(truth_path) as f:
        for line in f:
            t = json.loads(line)
            truth[t["id"]] = t
    n_docs = len(truth)
    copies = [t for t in truth.values() if t["kind"] in KINDS]
    per_kind = Counter(t["kind"] for t in copies)
    kinds_present = Counter(t["kind"] for t in truth.values())
    print(f"corpus: {n_docs} documents: " +
          ", ".join(f"{k} {kinds_present[k]}" for k in
                    ["original", *KINDS, "unrelated", "filler"] if kinds_present[k]))
    print()
    print("| tool | wall s | CPU s | docs/s (wall) | docs/s (detection only) | peak RSS MiB | "
          "pairs | pair precision | recall verbatim | recall edited | recall spun | "
          "recall excerpt |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    details = []
    for name, pairs_path, time_path in runs:
        pairs, seconds = load_pairs(pairs_path)
        wall, peak, cpu = parse_time(time_path)
        by_key = {}
        for p in pairs:
            by_key[frozenset((p["a"], p["b"]))] = p
        correct = sum(1 for p in pairs
                      if p["a"] in truth and p["b"] in truth
                      and truth[p["a"]]["root"] == truth[p["b"]]["root"])
        copy_copy = sum(1 for p in pairs
                        if p["a"] in truth and p["b"] in truth
                        and truth[p["a"]]["root"] == truth[p["b"]]["root"]
                        and truth[p["a"]]["kind"] != "original"
                        and truth[p["b"]]["kind"] != "original")
        found = Counter()
        direction = Counter()
        relation_ok = Counter()
        relations = defaultdict(Counter)
        missed = defaultdict(list)
        for t in copies:
            p = by_key.get(frozenset((t["id"], t["root"])))
            if p is None:
                missed[t["kind"]].append(t["id"])
                continue
            k = t["kind"]
            found[k] += 1
            if p.get("source") is not None:
                direction[k] += p["source"] == t["root"]
                rel = p.get("relation")
                relations[k][f"{rel}/{p.get('extent')}" if k == "excerpt" else rel] += 1
                if k == "excerpt":
                    relation_ok[k] += rel in ("verbatim", "edited") and p.get("extent") == "partial"
                else:
                    relation_ok[k] += rel == k
        precision = correct / len(pairs) if pairs else 0.0
        rec = {k: found[k] / per_kind[k] if per_kind[k] else float("nan") for k in KINDS}
        fmt_secs = f"{wall:.1f}" if wall else "-"
        dps_wall = f"{n_docs / wall:.0f}" if wall else "-"
        dps_det = f"{n_docs / seconds:.0f}" if seconds else "-"
        mem = f"{peak / 2**20:.0f}" if peak else "-"
        fmt_cpu = f"{cpu:.1f}" if cpu else "-"
        print(f"| {name} | {fmt_secs} | {fmt_cpu} | {dps_wall} | {dps_det} | {mem} | {len(pairs)} | "
              f"{precision:.4f} | " + " | ".join(f"{rec[k]:.3f}" for k in KINDS) + " |")
        details.append((name, pairs, correct, copy_copy, found, direction, relation_ok,
                        relations, missed))
    for name, pairs, correct, copy_copy, found, direction, relation_ok, relations, missed \
            in details:
        print(f"\n{name}: {correct} correct pairs of {len(pairs)} "
              f"({copy_copy} of them between two copies of one original), "
              f"{len(pairs) - correct} false")
        if any(direction.values()) or any(relations.values()):
            print()
            print("| kind | found | direction right | relation right | relations reported |")
            print("|---|---|---|---|---|")
            for k in KINDS:
                rels = ", ".join(f"{r} {n}" for r, n in relations[k].most_common())
                f = found[k]
                print(f"| {k} | {f}/{per_kind[k]} | "
                      f"{direction[k] / f if f else 0:.3f} | {relation_ok[k] / f if f else 0:.3f} | "
                      f"{rels} |")
        for k in KINDS:
            if missed[k]:
                print(f"- missed {k}: {len(missed[k])}, e.g. "
                      + ", ".join(f"{m} (original {truth[m]['root']})" for m in missed[k][:5]))
        false = [p for p in pairs if not (p["a"] in truth and p["b"] in truth
                                          and truth[p["a"]]["root"] == truth[p["b"]]["root"])]
        if false:
            kinds = Counter(tuple(sorted((truth.get(p["a"], {}).get("kind", "?"),
                                          truth.get(p["b"], {}).get("kind", "?"))))
                            for p in false)
            print("- false pairs by kinds: " + ", ".join(f"{a}-{b} {n}"
                                                        for (a, b), n in kinds.most_common(6)))
            print("- e.g. " + ", ".join(f"{p['a']}~{p['b']}" + (f" ({p['relation']})" if p.get('relation') else "")
                                        for p in false[:5]))


if __name__ == "__main__":
    main()
