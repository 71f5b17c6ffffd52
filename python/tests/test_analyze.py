"""crosscheck.analyze and the reuse tiers over Arrow, without Spark."""

import json

import pyarrow as pa
import pytest

import crosscheck
from conftest import ROOT, SHARED, cli_report

HARBOUR = ROOT / "examples" / "harbour-fire"


def feed_records():
    lines = (HARBOUR / "feeds.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_records_read_as_the_lines_of_a_file(tmp_path):
    records = feed_records()
    copy = dict(records[0], id="kessa-copy", outlet="Copy Desk", url="https://copy.example/a")
    copy["text"] = records[0]["text"] + "\n\nShare this story with your friends."
    records.append(copy)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    from_records = crosscheck.analyze(records)
    from_file = crosscheck.analyze([str(path)])
    # Everything but where a document came from and the skipped list is the same report.
    for report in (from_records, from_file):
        for doc in report["documents"]:
            doc.pop("source")
    assert from_records == from_file
    assert [d["id"] for d in from_records["documents"]] == [r["id"] for r in records]
    assert any(p["target"] == "kessa-copy" or p["source"] == "kessa-copy" for p in from_records["reuse"])


def test_a_record_without_id_is_named_by_its_line():
    record = feed_records()[0]
    del record["id"]
    del record["url"]
    report = crosscheck.analyze([record], only="ingest")
    assert report["documents"][0]["id"] == "records-1"
    assert report["reuse"] == []


def test_a_bad_record_is_named():
    good = feed_records()[0]
    with pytest.raises(crosscheck.RecordError) as caught:
        crosscheck.analyze([good, {"id": "no-body"}])
    assert caught.value.index == 1
    assert "record 1" in str(caught.value) and "text" in str(caught.value)
    with pytest.raises(crosscheck.RecordError) as caught:
        crosscheck.analyze([good, good, {"id": "x", "text": "   "}])
    assert caught.value.index == 2
    with pytest.raises(crosscheck.RecordError) as caught:
        crosscheck.analyze([{"id": "x", "text": object()}])
    assert caught.value.index == 0
    with pytest.raises(TypeError, match="record 1"):
        crosscheck.analyze([good, 42])
    with pytest.raises(ValueError, match="unknown stage"):
        crosscheck.analyze([good], only=["everything"])


def test_analyze_paths_is_the_command_line_report(tmp_path):
    assert crosscheck.analyze([str(HARBOUR)]) == cli_report([HARBOUR], tmp_path)
    only = crosscheck.analyze(HARBOUR, only=["reuse"])
    assert only == cli_report([HARBOUR], tmp_path, only="reuse")
    assert only["reuse"] and not only["claims"]


def test_the_seeds_report_is_the_command_line_report(tmp_path):
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("skipping: ../shared/seeds is absent")
    assert crosscheck.analyze([str(seeds)]) == cli_report([seeds], tmp_path)


def test_tiers_over_batches():
    text = (HARBOUR / "coastwire-fire.txt").read_text(encoding="utf-8")
    spun = (HARBOUR / "dailyscroll-fire.txt").read_text(encoding="utf-8")
    lines = pa.RecordBatch.from_pydict(
        {
            "key": [1, 2, 3, 4],
            "file": ["in.jsonl"] * 4,
            "line_no": [1, 2, 3, 4],
            "line": [
                json.dumps({"id": "wire", "text": text, "outlet": "Coastwire"}),
                "   ",
                json.dumps({"id": "scroll", "text": spun, "outlet": "DailyScroll"}),
                '{"id": "broken"}',
            ],
        }
    )
    docs = crosscheck.read_records(lines).to_pydict()
    assert docs["key"] == [1, 3, 4]
    assert docs["id"] == ["wire", "scroll", None]
    assert docs["location"] == [None, None, "in.jsonl:4"]
    assert docs["site"] == ["Coastwire", "DailyScroll", None]
    fps = crosscheck.fingerprints(pa.RecordBatch.from_pydict({"key": [1, 3], "text": docs["text"][:2]})).to_pydict()
    for values in fps["fingerprints"]:
        assert values == sorted(set(values)) and all(0 <= v < 2**32 for v in values)
    postings = {"fingerprint": [], "doc": [], "site_key": []}
    for key, values, site in zip(fps["key"], fps["fingerprints"], docs["site_key"]):
        for value in values:
            postings["fingerprint"].append(value)
            postings["doc"].append(key)
            postings["site_key"].append(site)
    hits = crosscheck.pair_hits(pa.RecordBatch.from_pydict(postings)).to_pydict()
    assert hits["a"] == [1] and hits["b"] == [3] and hits["hits"][0] >= 4
    candidates = crosscheck.candidate_pairs(
        pa.RecordBatch.from_pydict(dict(hits, a_count=[fps["fingerprint_count"][0]], b_count=[fps["fingerprint_count"][1]]))
    ).to_pydict()
    assert candidates == {"a": [1], "b": [3]}
    pair = {"a": [1], "b": [3]}
    for side, row in (("a", 0), ("b", 1)):
        for column in ("id", "text", "published", "site"):
            pair[f"{side}_{column}"] = [docs[column][row]]
    compared = crosscheck.compare_pairs(pa.RecordBatch.from_pydict(pair)).to_pylist()
    assert len(compared) == 1
    got = compared[0]
    entry = json.loads(got["entry"])
    assert (entry["source"], entry["target"], entry["relation"]) == ("wire", "scroll", "spun")
    assert (got["source"], got["target"], got["direction"]) == (1, 3, entry["direction"])
    turned = json.loads(got["reversed_entry"])
    assert (turned["source"], turned["target"], turned["direction"]) == ("scroll", "wire", "copied_whole")
    assert [p["source"] for p in turned["passages"]] == sorted(p["target"] for p in entry["passages"])
    assert len(got["byte_passages"]) == len(entry["passages"])
    for span, chars in zip(got["byte_passages"], entry["passages"]):
        # Byte offsets are at least the character offsets (the texts have a few non-ASCII).
        assert span["source_start"] >= chars["source"][0] and span["target_end"] >= chars["target"][1]
    assert got["aligned_source"] <= got["source_words"] and got["aligned_target"] <= got["target_words"]
    settled = crosscheck.settle_clusters(pa.RecordBatch.from_pylist([dict(got, cluster=1)])).to_pylist()
    assert settled == [{"source": 1, "target": 3, "reverse": False, "settled_direction": got["direction"]}]
    roots = crosscheck.corpus_roots(
        pa.RecordBatch.from_pydict(
            {"source": [1, 3, 9], "target": [3, 5, 10], "direction": ["rewrite_traces", "rewrite_traces", "undetermined"]}
        )
    ).to_pydict()
    assert roots["root"] == [1, 1, 9]
    finished = crosscheck.with_roots(
        pa.RecordBatch.from_pydict({"entry": [got["entry"]], "root_id": ["elsewhere"], "direction": ["copied_whole"]})
    ).to_pylist()[0]
    line = json.loads(finished["line"])
    assert line["root"] == finished["root_id"] == "elsewhere"
    assert line["direction"] == finished["direction"] == "copied_whole"
    assert [[p["source_start"], p["source_end"]] for p in finished["passages"]] == [p["source"] for p in entry["passages"]]
    assert dict(line, root=entry["root"], direction=entry["direction"]) == entry


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match='"text"'):
        crosscheck.fingerprints(pa.RecordBatch.from_pydict({"key": [1]}))
    with pytest.raises(ValueError, match='"key"'):
        crosscheck.fingerprints(pa.RecordBatch.from_pydict({"key": ["one"], "text": ["x"]}))
    assert crosscheck.unique_ids(["a", "b", "a", "a-2"]) == ["a", "b", "a-2", "a-2-2"]
