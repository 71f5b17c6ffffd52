#!/usr/bin/env python3
"""Near-duplicate peers on the synthetic corpus: datasketch and gaoya MinHash LSH.

    python3 bench/reuse/peers.py {datasketch|gaoya} CORPUS.jsonl PAIRS_OUT.json

Both at their usual settings for near-duplicate detection: Jaccard threshold 0.5, 128
permutations, shingles = lower-cased word 5-grams. datasketch: ``MinHash`` per document
(``update_batch`` over the shingles) into ``MinHashLSH(threshold=0.5, num_perm=128)``, then
``query`` per document. gaoya: ``MinHashStringIndex(hash_size=32, jaccard_threshold=0.5,
num_bands=None, band_size=None, num_hashes=128, analyzer="word", lowercase=True,
ngram_range=(5, 5))``, ``par_bulk_insert_docs`` then ``par_bulk_query`` (gaoya's own
word tokenizer). Reported pairs are the LSH candidates, as these libraries return them.

Writes {"tool", "seconds", "documents", "pairs": [[id_a, id_b], ...]}; ``seconds`` covers
shingling, indexing and querying, not reading the corpus file.
"""

import json
import re
import sys
import time

WORD = re.compile(r"\w+")


def load(path):
    ids, texts = [], []
    with open(path) as f:
        for line in f:
            d = json.loads(line)
            ids.append(d["id"])
            texts.append(d["text"])
    return ids, texts


def run_datasketch(texts):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = []
    for i, t in enumerate(texts):
        w = WORD.findall(t.lower())
        shingles = {" ".join(w[k:k + 5]).encode() for k in range(max(1, len(w) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        lsh.insert(i, m)
        sigs.append(m)
    pairs = set()
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def run_gaoya(texts):
    from gaoya.minhash import MinHashStringIndex

    index = MinHashStringIndex(hash_size=32, jaccard_threshold=0.5, num_bands=None,
                               band_size=None, num_hashes=128, analyzer="word",
                               lowercase=True, ngram_range=(5, 5))
    index.par_bulk_insert_docs(list(range(len(texts))), texts)
    pairs = set()
    for i, found in enumerate(index.par_bulk_query(texts)):
        for j in found:
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def main():
    tool, corpus, out = sys.argv[1:4]
    ids, texts = load(corpus)
    started = time.perf_counter()
    pairs = {"datasketch": run_datasketch, "gaoya": run_gaoya}[tool](texts)
    seconds = time.perf_counter() - started
    with open(out, "w") as f:
        json.dump({"tool": tool, "seconds": seconds, "documents": len(texts),
                   "pairs": [[ids[a], ids[b]] for a, b in sorted(pairs)]}, f)


if __name__ == "__main__":
    main()
