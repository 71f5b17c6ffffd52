"""Reuse detection as a PySpark job: the answer of ``crosscheck analyze --only reuse``, on a cluster.

    python -m crosscheck.spark reuse INPUT... --out DIR [--master local[2]] [--partitions N] [--conf K=V]

INPUT: JSON Lines files (``.jsonl``, ``.ndjson``, ``.jsonlines``, optionally ``.gz``), Parquet
files (one row per record, columns named like the record fields), or folders of them (read
recursively, in path order). Paths with a scheme (``hdfs://``, ``s3a://``) are read as given.

The job, stage by stage (each Rust step is a ``crosscheck`` call on Arrow batches):

1. every line of every file, keyed by (file index, line number): the order a single run reads;
2. records to documents (``mapInArrow``): the CLI's record reader, cleaning and content hash;
   the same document twice is kept once, at its first place; repeated ids are made unique;
3. documents to fingerprints (``mapInArrow``), exploded to postings;
4. a shuffle on fingerprint; each partition's whole fingerprint groups to pair hits
   (``mapInArrow``), summed per pair, kept when enough are shared: candidate pairs;
5. a join back to both texts; alignment and classification (``mapInArrow``);
6. clusters: connected components of the derived pairs, by iterated min-label propagation
   (in the job: GraphFrames is a Maven download); per cluster (``mapInArrow`` over whole
   clusters), the corpus pass that settles undetermined directions from neighbouring pairs;
   then each pair's root, from every pair's ends (gathered on the driver: three numbers a
   pair).

Writes ``DIR/pairs`` (Parquet: one row per derived pair, sorted as the report sorts them),
``DIR/skipped`` (Parquet: records that could not be read, with why) and ``DIR/reuse.jsonl``
(the report's ``reuse`` entries, one per line, in the report's order). The output depends only
on the input: ids come from the records (or the file and line), pairs are sorted by target
then source in input order.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, List, Optional, Sequence

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
PARQUET_SUFFIXES = (".parquet",)
#: Line numbers get this many bits of a document's key; the file's index the rest.
LINE_BITS = 40

PASSAGES = "array<struct<source_start:long,source_end:long,target_start:long,target_end:long>>"
RECORD_SCHEMA = (
    "key long, id string, hash string, text string, published string, site string, "
    "site_key long, location string, reason string"
)
PAIR_SCHEMA = (
    "source long, target long, source_site_key long, target_site_key long, direction string, "
    f"byte_passages {PASSAGES}, source_words long, target_words long, aligned_source long, "
    "aligned_target long, entry string, reversed_entry string"
)
FINISHED_SCHEMA = (
    "source long, target long, cluster_id string, line string, source_id string, "
    "target_id string, relation string, extent string, direction string, similarity double, "
    f"copied_share double, root_id string, passages {PASSAGES}"
)


class InputError(ValueError):
    """An input the job cannot read (missing, or of a format it does not take)."""


def _kind(name: str) -> Optional[str]:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def discover(inputs: Sequence[str]) -> List[tuple]:
    """``(path, kind)`` of every file to read, in the order ``crosscheck analyze`` reads them:
    folders walked recursively (hidden files skipped; other formats, which the command line
    would read, skipped too), all sorted by path. A file named directly must be JSON Lines or
    Parquet."""
    found = []
    for given in inputs:
        if "://" in given and not given.startswith("file://"):
            kind = _kind(given)
            if kind is None:
                raise InputError(f"{given}: not JSON Lines or Parquet")
            found.append((given, kind))
            continue
        path = Path(given[len("file://"):] if given.startswith("file://") else given)
        if path.is_dir():
            for root, dirs, names in os.walk(path, followlinks=True):
                dirs.sort()
                for name in sorted(names):
                    kind = _kind(name)
                    if kind is not None and not name.startswith("."):
                        found.append((str(Path(root) / name), kind))
        elif path.is_file():
            kind = _kind(path.name)
            if kind is None:
                raise InputError(f"{given}: not JSON Lines or Parquet (by its name)")
            found.append((str(path), kind))
        else:
            raise InputError(f"{given}: no such file or folder")
    unique = {}
    for path, kind in found:
        unique.setdefault(path, kind)
    return sorted(unique.items(), key=lambda item: Path(item[0]).parts)


def session(master: Optional[str] = None, partitions: Optional[int] = None, conf: Sequence[str] = ()):
    """A SparkSession for the job (the web UI and progress bars off); ``conf``: ``KEY=VALUE``
    settings, e.g. ``spark.driver.memory=8g`` (which in local mode is all executors' memory)."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName("crosscheck-reuse")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master:
        builder = builder.master(master)
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    for setting in conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key.strip(), value.strip())
    return builder.getOrCreate()


def _arrow_step(call: Callable) -> Callable:
    """A ``mapInArrow`` function applying ``call`` to every batch."""

    def step(batches):
        for batch in batches:
            if batch.num_rows:
                yield call(batch)

    return step


def _whole_groups(call: Callable, column: str) -> Callable:
    """A ``mapInArrow`` function over a partition sorted by ``column``: applies ``call`` to
    batches that each hold every row of each ``column`` value they hold (a group cut by a
    batch boundary is carried into the next call)."""

    def step(batches):
        import pyarrow as pa

        carry = None
        for batch in batches:
            if carry is not None:
                batch = pa.Table.from_batches([carry, batch]).combine_chunks().to_batches()[0]
                carry = None
            if batch.num_rows == 0:
                continue
            values = batch.column(column)
            last = values[batch.num_rows - 1]
            start = batch.num_rows - 1
            while start > 0 and values[start - 1] == last:
                start -= 1
            if start > 0:
                yield call(batch.slice(0, start))
            carry = batch.slice(start)
        if carry is not None and carry.num_rows:
            yield call(carry)

    return step


def _lines(spark, files: Sequence[tuple]):
    """Every line (or Parquet row, as a JSON record) of ``files``, keyed by input order."""
    from pyspark.sql import types as T

    sc = spark.sparkContext
    parts = []
    for index, (path, kind) in enumerate(files):
        if kind == "jsonl":
            rdd = sc.textFile(path)
        else:
            rdd = spark.read.parquet(path).toJSON()
        base = index << LINE_BITS
        parts.append(
            rdd.zipWithIndex().map(
                lambda item, base=base, path=path: (base + item[1] + 1, path, item[1] + 1, item[0])
            )
        )
    schema = T.StructType(
        [
            T.StructField("key", T.LongType()),
            T.StructField("file", T.StringType()),
            T.StructField("line_no", T.LongType()),
            T.StructField("line", T.StringType()),
        ]
    )
    rdd = parts[0] if len(parts) == 1 else sc.union(parts)
    return spark.createDataFrame(rdd, schema)


def _documents(spark, lines):
    """Documents (and skipped records) from keyed lines, as a single run keeps them."""
    import crosscheck
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    parsed = lines.mapInArrow(_arrow_step(crosscheck.read_records), RECORD_SCHEMA)
    parsed = parsed.persist()
    skipped = parsed.where(F.col("reason").isNotNull()).select("key", "location", "reason")
    docs = parsed.where(F.col("reason").isNull()).drop("location", "reason")
    first = Window.partitionBy("hash").orderBy("key")
    docs = docs.withColumn("_n", F.row_number().over(first)).where("_n = 1").drop("_n")
    docs = docs.persist()
    if docs.groupBy("id").count().where("count > 1").limit(1).count():
        # Rare: repeated ids across records. Made unique in input order, as a run does.
        keyed = docs.select("key", "id").orderBy("key").collect()
        ids = crosscheck.unique_ids([row.id for row in keyed])
        renamed = spark.createDataFrame(
            [(row.key, new) for row, new in zip(keyed, ids)], "key long, new_id string"
        )
        docs = docs.join(renamed, "key").drop("id").withColumnRenamed("new_id", "id").persist()
    return docs, skipped


def _candidates(docs, partitions: int):
    """Candidate pairs ``(a, b)``, ``a < b``, of ``docs``."""
    import crosscheck
    from pyspark.sql import functions as F

    def with_site(batches):
        for batch in batches:
            if batch.num_rows:
                out = crosscheck.fingerprints(batch)
                yield out.append_column("site_key", batch.column("site_key"))

    fps = docs.select("key", "text", "site_key").mapInArrow(
        with_site, "key long, fingerprint_count int, fingerprints array<long>, site_key long"
    ).persist()
    postings = fps.select(
        F.col("key").alias("doc"), "site_key", F.explode("fingerprints").alias("fingerprint")
    )
    hits = (
        postings.repartition(partitions, "fingerprint")
        .sortWithinPartitions("fingerprint", "doc")
        .mapInArrow(_whole_groups(crosscheck.pair_hits, "fingerprint"), "a long, b long, hits long")
        .groupBy("a", "b")
        .agg(F.sum("hits").alias("hits"))
    )
    counts = fps.select("key", F.col("fingerprint_count").cast("long").alias("count"))
    hits = hits.join(
        counts.withColumnRenamed("key", "a").withColumnRenamed("count", "a_count"), "a"
    ).join(counts.withColumnRenamed("key", "b").withColumnRenamed("count", "b_count"), "b")
    return hits.mapInArrow(_arrow_step(crosscheck.candidate_pairs), "a long, b long"), fps


def _pairs(docs, candidates, partitions: int):
    """Derived pairs of the candidates: both texts joined back, aligned and classified."""
    import crosscheck
    from pyspark.sql import functions as F

    side = docs.select("key", "id", "text", "published", "site")

    def named(prefix):
        return side.select(
            F.col("key").alias(prefix),
            *[F.col(c).alias(f"{prefix}_{c}") for c in ("id", "text", "published", "site")],
        )

    joined = candidates.join(named("a"), "a").join(named("b"), "b")
    return (
        joined.repartition(partitions, "a", "b")
        .mapInArrow(_arrow_step(crosscheck.compare_pairs), PAIR_SCHEMA)
        .persist()
    )


def _components(spark, pairs, max_rounds: int = 100):
    """Each document of a pair with its cluster: the smallest key of its connected component.

    Min-label propagation: every node starts with the smallest key among itself and its
    neighbours, then takes the smallest label of its neighbours until no label changes. Labels
    only go down, so a round changed something exactly when the sum of labels fell."""
    from pyspark.sql import functions as F

    edges = pairs.select(F.col("source").alias("u"), F.col("target").alias("v"))
    edges = edges.union(edges.select(F.col("v").alias("u"), F.col("u").alias("v"))).persist()

    def total(frame):
        return frame.agg(F.sum(F.col("label").cast("decimal(38,0)"))).first()[0]

    labels = edges.groupBy("u").agg(F.least(F.min("v"), F.first("u")).alias("label"))
    labels = labels.select(F.col("u").alias("node"), "label").localCheckpoint()
    before = total(labels)
    for _ in range(max_rounds):
        spread = edges.join(labels, edges.u == labels.node).select(
            F.col("v").alias("node"), "label"
        )
        labels = labels.union(spread).groupBy("node").agg(F.min("label").alias("label"))
        labels = labels.localCheckpoint()
        after = total(labels)
        if after == before:
            edges.unpersist()
            return labels
        before = after
    raise RuntimeError(f"clusters did not settle in {max_rounds} rounds")


def run_reuse(spark, inputs: Sequence[str], out: str, partitions: Optional[int] = None) -> dict:
    """Run the job over ``inputs`` into the folder ``out``. Returns counts, and the seconds
    each step took (``steps``; each step's result is materialised once, and kept while later
    steps read it)."""
    import crosscheck
    from pyspark.sql import functions as F

    started = time.monotonic()
    steps = {}
    clock = [started]

    def done(name, frame):
        """Materialise ``frame`` (persisted) and note the step's time; returns its row count."""
        rows = frame.count()
        now = time.monotonic()
        steps[name] = round(now - clock[0], 1)
        clock[0] = now
        return rows

    # Spark's default of 200 shuffle partitions is for a cluster; a few per core is plenty.
    partitions = partitions or max(8, 4 * spark.sparkContext.defaultParallelism)
    files = discover(inputs)
    if not files:
        raise InputError("no JSON Lines or Parquet file among the inputs")
    docs, skipped = _documents(spark, _lines(spark, files))
    n_docs = done("documents", docs)
    candidates, fps = _candidates(docs, partitions)
    candidates = candidates.persist()
    n_candidates = done("candidates", candidates)
    fps.unpersist()
    pairs = _pairs(docs, candidates, partitions)
    done("alignment", pairs)
    labels = _components(spark, pairs)
    clustered = pairs.join(
        labels.withColumnRenamed("node", "source").withColumnRenamed("label", "cluster"), "source"
    )
    settled = (
        clustered.drop("entry", "reversed_entry")
        .repartition(partitions, "cluster")
        .sortWithinPartitions("cluster")
        .mapInArrow(
            _whole_groups(crosscheck.settle_clusters, "cluster"),
            "source long, target long, reverse boolean, settled_direction string",
        )
    )
    turned = F.col("reverse")
    final = (
        clustered.select("cluster", "source", "target", "entry", "reversed_entry")
        .join(settled, ["source", "target"])
        .select(
            "cluster",
            F.when(turned, F.col("target")).otherwise(F.col("source")).alias("source"),
            F.when(turned, F.col("source")).otherwise(F.col("target")).alias("target"),
            F.when(turned, F.col("reversed_entry")).otherwise(F.col("entry")).alias("entry"),
            F.col("settled_direction").alias("direction"),
        )
        .persist()
    )
    # Roots: the stage's own rule over every pair's ends and whether its direction was
    # decided (three numbers a pair, gathered on the driver): the rule weighs whole clusters
    # and, where sources run in a cycle, a corpus-wide count.
    ends = final.select("source", "target", "direction").toArrow()
    roots = spark.createDataFrame(
        crosscheck.corpus_roots(ends).to_pandas(), "source long, target long, root long"
    )
    ids = docs.select("key", "id")
    result = (
        final.join(roots, ["source", "target"])
        .join(ids.select(F.col("key").alias("root"), F.col("id").alias("root_id")), "root")
        .join(ids.select(F.col("key").alias("cluster"), F.col("id").alias("cluster_id")), "cluster")
        .select("source", "target", "cluster_id", "entry", "root_id", "direction")
        .orderBy("target", "source")
        .mapInArrow(_finish, FINISHED_SCHEMA)
        .persist()
    )
    done("clusters", result)
    lines = result.select("line")
    out_path = out.rstrip("/")
    (
        result.select(
            F.col("source_id").alias("source"),
            F.col("target_id").alias("target"),
            "relation",
            "extent",
            "direction",
            "similarity",
            "copied_share",
            F.col("root_id").alias("root"),
            F.col("cluster_id").alias("cluster"),
            "passages",
            F.col("source").alias("source_key"),
            F.col("target").alias("target_key"),
        )
        .write.mode("overwrite")
        .parquet(f"{out_path}/pairs")
    )
    skipped = skipped.orderBy("key").persist()
    skipped.write.mode("overwrite").parquet(f"{out_path}/skipped")
    written = _write_lines(lines, out_path, "reuse.jsonl")
    n_skipped = skipped.count()
    steps["output"] = round(time.monotonic() - clock[0], 1)
    for frame in (docs, candidates, pairs, final, result, skipped):
        frame.unpersist()
    return {
        "files": len(files),
        "documents": n_docs,
        "skipped": n_skipped,
        "candidate_pairs": n_candidates,
        "pairs": written,
        "seconds": round(time.monotonic() - started, 1),
        "steps": steps,
    }


def _finish(batches):
    """Pairs with their root ids and settled directions to finished report entries (``line``)
    and their fields as columns, keys and cluster kept."""
    import crosscheck

    for batch in batches:
        if batch.num_rows:
            out = crosscheck.with_roots(batch)
            for at, name in enumerate(("source", "target", "cluster_id")):
                out = out.add_column(at, name, batch.column(name))
            yield out


def _write_lines(lines, out: str, name: str) -> int:
    """Write the ``line`` column of the ordered ``lines`` to ``out/name`` from the driver (a
    local or mounted folder), atomically; returns how many."""
    folder = Path(out[len("file://"):] if out.startswith("file://") else out)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        for row in lines.toLocalIterator(prefetchPartitions=True):
            f.write(row.line)
            f.write("\n")
            count += 1
    os.replace(temp, folder / name)
    return count


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crosscheck.spark", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    reuse = commands.add_parser("reuse", help="who copied whom, as `crosscheck analyze --only reuse`")
    reuse.add_argument("inputs", nargs="+", metavar="INPUT")
    reuse.add_argument("--out", required=True, metavar="DIR")
    reuse.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    reuse.add_argument("--partitions", type=int, help="shuffle partitions (default: 4 per core, at least 8)")
    reuse.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    args = parser.parse_args(argv)
    try:
        files = discover(args.inputs)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not files:
        print("error: no JSON Lines or Parquet file among the inputs", file=sys.stderr)
        return 2
    for setting in args.conf:
        if "=" not in setting:
            print(f"error: --conf {setting}: expected KEY=VALUE", file=sys.stderr)
            return 2
    spark = session(args.master, args.partitions, args.conf)
    spark.sparkContext.setLogLevel("ERROR")
    try:
        counts = run_reuse(spark, args.inputs, args.out, args.partitions)
    finally:
        spark.stop()
    print(
        f"{counts['documents']} documents from {counts['files']} files "
        f"({counts['skipped']} records skipped), {counts['candidate_pairs']} candidate pairs, "
        f"{counts['pairs']} derived pairs in {counts['seconds']} s -> {args.out}"
    )
    print("seconds per step: " + ", ".join(f"{k} {v}" for k, v in counts["steps"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
