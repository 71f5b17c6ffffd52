#!/usr/bin/env python3
"""Generate a synthetic reuse corpus from real news text, with ground truth.

    python3 bench/reuse/synth.py DATA_DIR N OUT_DIR [--seed S]

Writes OUT_DIR/corpus.jsonl ({"id", "outlet", "text"} per line, the input of every detector) and
OUT_DIR/truth.jsonl ({"id", "kind", "root", ...} per line).

Real text: BBC News articles (``bbc_news_2225``, title and body, exact and near duplicates
removed) and Reuters-21578 stories (``reuters21578``, bodies of at least 50 words that are not
tables, near duplicates removed, consecutive stories joined until a text has 300 words).
Near duplicates: a text sharing 3 or more word 8-grams with a text kept before it is dropped,
so the real pool itself holds no reuse.

Documents (ids are shuffled, so id order says nothing about which text is the original; no
publication dates are given, so direction must come from the texts):

* ``original``: a real text.
* ``verbatim``: an original's body under another site's boilerplate head and tail.
* ``edited``: 1-2 sentences cut, 1-2 stock sentences added, two neighbouring paragraphs
  swapped, ~3% of words lightly changed (an editor's synonyms, dropped adverbs).
* ``spun``: ~25% of all words replaced by a WordNet 3.0 lemma from a random sense of the
  word (the wrong sense as often as not, as article spinners do: "in" -> "inch", "will" ->
  "volition"), proper names and numbers kept. WordNet comes from the Debian package
  ``wordnet-base`` (/usr/share/wordnet, or $WNHOME/dict).
* ``excerpt``: one or two consecutive paragraphs of an original (at least 50 words) inside
  an unrelated real text (the host, which is not in the corpus itself).
* ``unrelated``: a real text that nothing copies.
* ``filler``: when the real pool runs out (100k documents and up), unrelated text made by
  an order-2 word Markov chain trained on the pool, never repeating a word 6-gram of the
  pool, so that filler shares no passage with any real text.

Every document gets the boilerplate head and tail of one of 30 fictional sites (a site name
line, a sentence, and a two-sentence footer with a copyright line; the sentences are Markov
text fixed per site, so each site's boilerplate is shared by hundreds of its pages and by no
other site: boilerplate must not make pairs). The outlet is given in the corpus.
``--dates`` gives every document a publication date (``published``), copies 1-5 days
after their original; ``--date-share F`` keeps it on a random share F of the documents only. ``--shared-template`` gives every site the same template instead (only the site name
differs), as sites on one CMS or carrying one syndication footer do.

Sizes: per kind min(N/10, 4000) copies; originals min(1.2 x per kind, 5000); each copy takes
a random original, so an original has 0 to several copies (copies of one original form a
cluster with one root).
"""

import argparse
import datetime
import html
import json
import os
import random
import re
import sys
from collections import defaultdict

SITES = [
    "Daily Ledger", "Metro Wire", "Harbour Times", "Valley Courier", "Northern Post",
    "Capital Review", "Evening Star", "Coastal Herald", "Prairie News", "Summit Gazette",
    "River City Journal", "Lakeside Tribune", "Morning Dispatch", "Frontier Observer",
    "Bay Chronicle", "Westside Bulletin", "Highland Record", "Union Sentinel", "Pioneer Press",
    "Midland Examiner", "Atlantic Monitor", "Granite Standard", "Sunrise Telegraph",
    "Central Register", "Eastern Echo", "Liberty Voice", "Orchard Times", "Delta Mirror",
    "Redwood Reporter", "Keystone Daily",
]
SECTIONS = ["World", "Business", "Politics", "Markets", "Technology", "Sport", "Culture"]
STOCK_SENTENCES = [
    "The company did not immediately respond to a request for comment.",
    "Officials declined to give further details when contacted on the matter.",
    "Analysts said the outcome had been widely expected by the market.",
    "More details are expected to be released later this week.",
    "The announcement came after several weeks of speculation in the local press.",
    "It was not immediately clear how the decision would affect consumers.",
    "A spokesperson said the situation was being monitored closely.",
    "The figures have not been independently verified.",
]
EDITOR_SWAPS = {
    "said": "stated", "says": "states", "big": "large", "large": "big", "also": "additionally",
    "about": "around", "buy": "purchase", "bought": "purchased", "help": "assist",
    "start": "begin", "started": "began", "show": "demonstrate", "shows": "demonstrates",
    "rise": "increase", "rose": "increased", "fell": "dropped", "fall": "drop",
    "expected": "anticipated", "company": "firm", "firm": "company", "major": "key",
}
# Words the spinner never looks up: articles, conjunctions and pronouns (spinner thesauri
# leave them out; "a" -> "angstrom" is not what spun news looks like).
SPIN_STOP = {
    "a", "an", "the", "and", "or", "but", "of", "to", "i", "he", "she", "it", "we", "they",
    "you", "his", "her", "its", "their", "our", "this", "that", "these", "those", "who",
    "which", "what",
}
DROPPABLE = {"also", "very", "just", "still", "already", "really", "quite"}


BOILERPLATE = {}


def make_boilerplate(markov, rng, shared_template=False):
    """Per-site head and tail: the site's own wording (Markov text, fixed per site), shared
    by all its pages and by no other site. With `shared_template`, every site uses one CMS
    template that differs only in the site name (a stress test: see --shared-template)."""
    if shared_template:
        for site in SITES:
            BOILERPLATE[site] = (
                "Share this article on Facebook, Twitter or by email.",
                f"Sign up for the {site} newsletter to get the day's top stories in your inbox "
                f"every morning. Read more {site} coverage of this and other stories on our "
                f"website.")
        return
    for site in SITES:
        head, tail = [], []
        markov.sentence(head)
        markov.sentence(tail)
        markov.sentence(tail)
        BOILERPLATE[site] = (" ".join(head), " ".join(tail))


def site_head(site, rng):
    sec = rng.choice(SECTIONS)
    return f"{site} | {sec}\n\n{BOILERPLATE[site][0]}\n\n"


def site_tail(site, rng):
    return f"\n\n{BOILERPLATE[site][1]} Copyright 2024 {site}. All rights reserved."


def wrap(body, site, rng):
    return site_head(site, rng) + body + site_tail(site, rng)


# ---------------------------------------------------------------- real text

def read_bbc(data):
    root = os.path.join(data, "bbc_news_2225")
    out = []
    for cat in sorted(os.listdir(root)):
        d = os.path.join(root, cat)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(d, name), "rb") as f:
                raw = f.read().decode("utf-8", errors="replace")
            paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip()]
            if len(paras) >= 3:
                out.append(paras)
    return out


def read_reuters(data):
    root = os.path.join(data, "reuters21578")
    stories = []
    for name in sorted(os.listdir(root)):
        if not name.endswith(".sgm"):
            continue
        with open(os.path.join(root, name), "rb") as f:
            raw = f.read().decode("latin-1")
        for m in re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S):
            body = html.unescape(re.sub(r"&#\d+;", "", m.group(1)))
            body = re.sub(r"\s*Reuter\s*$", "", body.strip())
            paras = [" ".join(p.split()) for p in re.split(r"\n\s{2,}", body) if p.strip()]
            words = " ".join(paras).split()
            if len(words) < 50:
                continue
            digits = sum(1 for w in words if re.search(r"\d", w))
            if digits > 0.15 * len(words):
                continue
            stories.append(paras)
    return stories


def ngram_hashes(paras, n=8):
    words = " ".join(paras).lower().split()
    return {hash(tuple(words[i:i + n])) for i in range(len(words) - n + 1)}


def dedup(texts, seen):
    kept = []
    for paras in texts:
        h = ngram_hashes(paras)
        if len(h & seen) >= 3:
            continue
        seen |= h
        kept.append(paras)
    return kept


def real_pool(data):
    seen = set()
    bbc = dedup(read_bbc(data), seen)
    reuters = dedup(read_reuters(data), seen)
    joined, cur = [], []
    for paras in reuters:
        cur = cur + paras
        n = len(" ".join(cur).split())
        if n >= 300:
            joined.append(cur)
            cur = []
    return bbc + joined


# ---------------------------------------------------------------- transformations

SENT_RE = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[\"“A-Z0-9])")


def sentences(para):
    return [s for s in SENT_RE.split(para) if s.strip()]


def edit(paras, rng):
    paras = [sentences(p) for p in paras]
    total = sum(len(p) for p in paras)
    # Cut 1-2 sentences (never a whole paragraph).
    for _ in range(rng.randint(1, 2)):
        cands = [(i, j) for i, p in enumerate(paras) for j in range(len(p)) if len(p) > 1]
        if cands and total > 4:
            i, j = rng.choice(cands)
            del paras[i][j]
            total -= 1
    # Add 1-2 stock sentences.
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(paras))
        paras[i].insert(rng.randint(0, len(paras[i])), rng.choice(STOCK_SENTENCES))
    # Swap two neighbouring paragraphs.
    if len(paras) >= 3:
        i = rng.randrange(1, len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    # Light word changes (~3% of words).
    out = []
    for p in paras:
        words = " ".join(p).split(" ")
        new = []
        for w in words:
            core = w.strip(".,;:\"'()")
            if rng.random() < 0.25 and core.lower() in DROPPABLE:
                continue
            if rng.random() < 0.5 and core in EDITOR_SWAPS:
                w = w.replace(core, EDITOR_SWAPS[core])
            new.append(w)
        out.append(" ".join(new))
    return out


def load_wordnet():
    home = os.environ.get("WNHOME")
    d = os.path.join(home, "dict") if home else "/usr/share/wordnet"
    if not os.path.exists(os.path.join(d, "data.noun")):
        sys.exit(f"WordNet not found in {d}: apt-get install wordnet-base (or set WNHOME)")
    synsets = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(d, f"data.{pos}"), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split()
                offset, n = parts[0], int(parts[3], 16)
                lemmas = [re.sub(r"\(.*\)$", "", parts[4 + 2 * k]).replace("_", " ")
                          for k in range(n)]
                synsets[(pos, offset)] = lemmas
    index = defaultdict(list)
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(d, f"index.{pos}"), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma = parts[0]
                n_ptr = int(parts[3])
                offsets = parts[4 + n_ptr + 2:]
                for off in offsets:
                    index[lemma].append(synsets[(pos, off)])
    # word -> list of senses, each a list of other lemmas (no empty senses).
    lexicon = {}
    for word, senses in index.items():
        if "_" in word:
            continue
        alts = [[l for l in s if l.lower() != word] for s in senses]
        alts = [a for a in alts if a]
        if alts:
            lexicon[word] = alts
    return lexicon


WORD_RE = re.compile(r"^([\"“'(]*)([A-Za-z][A-Za-z'-]*)([.,;:!?\"”')]*)$")


def spin(paras, rng, lexicon, share=0.25):
    tokens = [p.split(" ") for p in paras]
    replaceable = []
    for pi, p in enumerate(tokens):
        sentence_start = True
        for ti, tok in enumerate(p):
            m = WORD_RE.match(tok)
            if m:
                word = m.group(2)
                is_name = word[0].isupper() and not sentence_start
                if not is_name and word.lower() in lexicon and word.lower() not in SPIN_STOP:
                    replaceable.append((pi, ti))
            sentence_start = tok.endswith((".", "!", "?", ".\"", ".”"))
    n_words = sum(len(p) for p in tokens)
    target = int(share * n_words)
    for pi, ti in rng.sample(replaceable, min(target, len(replaceable))):
        m = WORD_RE.match(tokens[pi][ti])
        pre, word, post = m.groups()
        sense = rng.choice(lexicon[word.lower()])
        alt = rng.choice(sense)
        if word[0].isupper():
            alt = alt[0].upper() + alt[1:]
        tokens[pi][ti] = pre + alt + post
    return [" ".join(p) for p in tokens]


def excerpt(paras, host, rng):
    """One or two consecutive paragraphs of `paras` (>= 50 words) placed inside `host`."""
    body = paras[1:] if len(paras) > 3 else paras  # skip a BBC title line
    start = rng.randrange(len(body))
    take = [body[start]]
    k = start + 1
    while (len(" ".join(take).split()) < 50 or (len(take) < 2 and rng.random() < 0.5)) \
            and k < len(body):
        take.append(body[k])
        k += 1
    if len(" ".join(take).split()) < 50:
        take = body[max(0, start - 2):start] + take
    at = rng.randint(1, max(1, len(host) - 1))
    return host[:at] + take + host[at:], " ".join(take)


# ---------------------------------------------------------------- filler

class Markov:
    def __init__(self, pool, rng):
        self.rng = rng
        self.next = defaultdict(list)
        self.starts = []
        self.forbidden = set()
        for paras in pool:
            for p in paras:
                words = p.split()
                for i in range(len(words) - 5):
                    self.forbidden.add(hash(tuple(words[i:i + 6])))
                for s in sentences(p):
                    w = s.split()
                    if len(w) >= 3:
                        self.starts.append((w[0], w[1]))
                    for i in range(len(w) - 2):
                        self.next[(w[i], w[i + 1])].append(w[i + 2])

    def sentence(self, out):
        a, b = self.rng.choice(self.starts)
        out += [a, b]
        for _ in range(60):
            succ = self.next.get((out[-2], out[-1]))
            if not succ:
                break
            for _ in range(6):
                w = self.rng.choice(succ)
                if len(out) < 5 or hash(tuple(out[-5:] + [w])) not in self.forbidden:
                    break
            else:
                break
            out.append(w)
            if w.endswith((".", "!", "?")) and len(out) > 8:
                return
        if not out[-1].endswith((".", "!", "?")):
            out[-1] += "."

    def text(self, n_words):
        paras = []
        total = 0
        while total < n_words:
            para = []
            for _ in range(self.rng.randint(2, 4)):
                self.sentence(para)
            paras.append(" ".join(para))
            total += len(para)
        return paras


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--per-kind", type=int)
    ap.add_argument("--originals", type=int)
    ap.add_argument("--dates", action="store_true",
                    help="give every document a publication date, copies 1-5 days after "
                         "their original")
    ap.add_argument("--date-share", type=float, default=1.0,
                    help="with --dates, keep the date of this random share of the documents "
                         "only (the rest undated, as copies that lost theirs)")
    ap.add_argument("--shared-template", action="store_true",
                    help="one boilerplate template for all sites, differing only in the name")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    days = random.Random(args.seed + 3)  # its own stream: --dates leaves the texts as they are
    keep_date = random.Random(args.seed + 4)  # and --date-share the dates
    pool = real_pool(args.data)
    rng.shuffle(pool)
    per_kind = args.per_kind or min(args.n // 10, 4000)
    n_orig = args.originals or min(int(1.2 * per_kind), 5000)
    kinds = ["verbatim", "edited", "spun", "excerpt"]
    n_unrelated = args.n - n_orig - len(kinds) * per_kind
    if n_unrelated < 0:
        sys.exit("N too small for the mix")
    print(f"real pool: {len(pool)} texts; {n_orig} originals, {per_kind} copies per kind, "
          f"{n_unrelated} unrelated", file=sys.stderr)
    lexicon = load_wordnet()
    markov = Markov(pool, random.Random(args.seed + 1))
    make_boilerplate(markov, random.Random(args.seed + 2), args.shared_template)
    pool_iter = iter(pool)
    told = False

    def fresh():
        nonlocal told
        p = next(pool_iter, None)
        if p is not None:
            return p, "real"
        if not told:
            print("real pool exhausted: Markov filler from here on", file=sys.stderr)
            told = True
        return markov.text(rng.randint(300, 500)), "filler"

    docs = []  # (text, truth dict)
    originals = []
    for _ in range(n_orig):
        paras, origin = fresh()
        if origin != "real":
            sys.exit("not enough real text for the originals")
        site = rng.choice(SITES)
        day = days.randrange(300)
        originals.append((paras, site, len(docs), day))
        docs.append([wrap("\n\n".join(paras), site, rng),
                     {"kind": "original", "site": site, "day": day}])
    for kind in kinds:
        for _ in range(per_kind):
            paras, site, oi, day = rng.choice(originals)
            other = rng.choice([s for s in SITES if s != site])
            truth = {"kind": kind, "original": oi, "site": other, "day": day + days.randint(1, 5)}
            if kind == "verbatim":
                body = paras
            elif kind == "edited":
                body = edit(paras, rng)
            elif kind == "spun":
                body = spin(paras, rng, lexicon)
            else:
                host, _ = fresh()
                body, piece = excerpt(paras, host, rng)
                truth["excerpt_words"] = len(piece.split())
            docs.append([wrap("\n\n".join(body), other, rng), truth])
    for _ in range(n_unrelated):
        paras, origin = fresh()
        site = rng.choice(SITES)
        docs.append([wrap("\n\n".join(paras), site, rng),
                     {"kind": "unrelated" if origin == "real" else "filler", "site": site,
                      "day": days.randrange(305)}])
    order = list(range(len(docs)))
    rng.shuffle(order)
    ids = {}
    for pos, i in enumerate(order):
        ids[i] = f"d{pos:07d}"
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "corpus.jsonl"), "w") as c, \
            open(os.path.join(args.out, "truth.jsonl"), "w") as t:
        by_pos = sorted(range(len(docs)), key=lambda i: ids[i])
        for i in by_pos:
            text, truth = docs[i]
            did = ids[i]
            oi = truth.pop("original", None)
            root = ids[oi] if oi is not None else did
            line = {"id": did, "outlet": truth["site"], "text": text}
            if args.dates and keep_date.random() < args.date_share:
                line["published"] = (datetime.date(2024, 1, 1)
                                     + datetime.timedelta(days=truth["day"])).isoformat()
            c.write(json.dumps(line) + "\n")
            t.write(json.dumps({"id": did, "root": root, **truth,
                                "words": len(text.split())}) + "\n")
    print(f"wrote {len(docs)} documents to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
