"""The Spark job (real pyspark, local mode) gives the single-machine answer."""

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

import crosscheck
from crosscheck import spark as job
from conftest import ROOT, SHARED, cli_binary, cli_report

HARBOUR = ROOT / "examples" / "harbour-fire"


def reference(inputs, tmp_path):
    """`crosscheck analyze --only reuse --json` on `inputs`: the command when built, else the
    same engine call through the package (the tests of test_analyze.py hold the two equal)."""
    if cli_binary() is not None:
        return cli_report(inputs, tmp_path, only="reuse")["reuse"]
    return crosscheck.analyze([str(p) for p in inputs], only="reuse")["reuse"]


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def fixture_corpus(folder):
    """Two JSON Lines files: copies across files, a blank line, a bad record, a record without
    an id, the same document twice and one id used twice."""
    wire = (HARBOUR / "coastwire-fire.txt").read_text(encoding="utf-8")
    spun = (HARBOUR / "dailyscroll-fire.txt").read_text(encoding="utf-8")
    feeds = [json.loads(l) for l in (HARBOUR / "feeds.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    paragraphs = wire.split("\n\n")
    first = [
        {"id": "wire", "outlet": "Coastwire", "published": "2025-03-04", "text": wire},
        {"id": "scroll", "outlet": "DailyScroll", "text": spun},
        feeds[0],
        {"id": "broken"},
        {"outlet": "No Id Daily", "text": wire + "\n\nRead more of our coverage on the website."},
        {"id": "wire", "outlet": "Coastwire", "published": "2025-03-04", "text": wire},
    ]
    second = [
        feeds[1],
        {"id": "wire", "outlet": "Excerpts", "text": "\n\n".join(paragraphs[1:4]) + "\n\nOther news of the day follows here in a new paragraph of its own."},
        {"id": "late", "outlet": "Late Post", "published": "2025-03-09", "text": "\n\n".join(reversed(paragraphs))},
    ]
    folder.mkdir()
    lines = [json.dumps(r) for r in first]
    lines.insert(3, "")
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(json.dumps(r) for r in second) + "\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not read by the job", encoding="utf-8")
    return folder


def test_fixture_equals_single_machine(spark, tmp_path):
    corpus = fixture_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    counts = job.run_reuse(spark, [str(corpus / "a.jsonl"), str(corpus / "b.jsonl")], str(out))
    got = read_jsonl(out / "reuse.jsonl")
    want = reference([corpus / "a.jsonl", corpus / "b.jsonl"], tmp_path)
    assert len(want) >= 4, want
    assert got == want
    assert counts["documents"] == 7 and counts["skipped"] == 1 and counts["pairs"] == len(want)
    ids = {p["source"] for p in got} | {p["target"] for p in got}
    assert {"wire-2", "a-6"} & ids, ids
    pairs = pq.read_table(out / "pairs").to_pylist()
    assert [(p["source"], p["target"], p["relation"], p["root"]) for p in pairs] == [
        (p["source"], p["target"], p["relation"], p["root"]) for p in want
    ]
    for row, entry in zip(pairs, want):
        assert [[s["source_start"], s["source_end"]] for s in row["passages"]] == [p["source"] for p in entry["passages"]]
    clusters = {p["cluster"] for p in pairs}
    assert len(clusters) < len(pairs)
    skipped = pq.read_table(out / "skipped").to_pylist()
    assert [s["location"] for s in skipped] == [f"{corpus / 'a.jsonl'}:5"]


def test_command_line(spark, tmp_path):
    corpus = fixture_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "crosscheck.spark", "reuse", str(corpus), "--out", str(out), "--master", "local[1]", "--partitions", "3"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "derived pairs" in done.stdout
    first = (out / "reuse.jsonl").read_text(encoding="utf-8")
    # The same answer as the session of the other test, with one worker and 3 partitions.
    job.run_reuse(spark, [str(corpus)], str(tmp_path / "again"))
    assert (tmp_path / "again" / "reuse.jsonl").read_text(encoding="utf-8") == first
    bad = subprocess.run(
        [sys.executable, "-m", "crosscheck.spark", "reuse", str(corpus / "notes.txt"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "notes.txt" in bad.stderr


def test_synthetic_2000_equals_single_machine(spark, tmp_path):
    data = SHARED / "data"
    if not (data / "bbc_news_2225").is_dir():
        pytest.skip("skipping: ../shared/data is absent (the 2k synthetic corpus is made from it)")
    corpus = tmp_path / "synth"
    made = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "reuse" / "synth.py"), str(data), "2000", str(corpus)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0 and "wordnet" in made.stderr.lower():
        pytest.skip("skipping: bench/reuse/synth.py needs WordNet (Debian wordnet-base)")
    assert made.returncode == 0, made.stderr[-2000:]
    inputs = [corpus / "corpus.jsonl"]
    out = tmp_path / "out"
    counts = job.run_reuse(spark, [str(p) for p in inputs], str(out))
    got = read_jsonl(out / "reuse.jsonl")
    want = reference(inputs, tmp_path)
    assert len(want) > 500
    key = lambda p: (p["source"], p["target"])
    assert [key(p) for p in got] == [key(p) for p in want]
    for g, w in zip(got, want):
        assert (g["relation"], g["direction"], g["passages"]) == (w["relation"], w["direction"], w["passages"]), key(g)
    assert got == want
    assert counts["pairs"] == len(want)
