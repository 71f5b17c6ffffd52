"""crosscheck from Python: the engine's report, and reuse detection in pieces over Arrow.

``analyze(docs, only=None)`` runs the engine and returns the report ``crosscheck analyze
--json`` writes (REPORT.md), as a dict. ``docs`` is either records (dicts shaped like JSON
Lines records: ``id``, ``text`` or ``html``, ``url``, ``outlet``, ``published``, ...) or paths
of files and folders, read as the command line reads them.

The reuse tiers work on ``pyarrow.RecordBatch`` es, so that a cluster job can run each where
its data is (``crosscheck.spark`` is such a job). Documents are named by an int64 ``key``
that orders them as a single run over the same input would (file, then line); every call
reads its columns by name and ignores others:

========================  ====================================  =====================================
call                      reads                                 writes
========================  ====================================  =====================================
``read_records``          key, file, line_no, line              key, id, hash, text, published,
                                                                site, site_key, location, reason
``fingerprints``          key, text                             key, fingerprint_count, fingerprints
``pair_hits``             fingerprint, doc, site_key            a, b, hits (per batch; sum them)
                          (whole fingerprint groups)
``candidate_pairs``       a, b, hits, a_count, b_count          a, b
``compare_pairs``         a, a_id, a_text, a_published, a_site  source, target, source_site_key,
                          and the same for b (a before b)       target_site_key, entry, reversed_entry,
                                                                direction, byte_passages, source_words,
                                                                target_words, aligned_source,
                                                                aligned_target
``settle_clusters``       cluster and what compare_pairs        source, target, reverse,
                          writes (whole clusters)               settled_direction
``corpus_roots``          source, target, direction             source, target, root
                          (every pair of the corpus)
``with_roots``            entry, root_id, direction             line (the report's reuse entry) and
                                                                its fields as columns
========================  ====================================  =====================================
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, Iterable, Optional, Sequence, Union

from . import _crosscheck

__all__ = [
    "RecordError",
    "analyze",
    "read_records",
    "unique_ids",
    "fingerprints",
    "pair_hits",
    "candidate_pairs",
    "compare_pairs",
    "settle_clusters",
    "corpus_roots",
    "with_roots",
    "STAGES",
]

#: Stage names ``only`` accepts (as ``crosscheck analyze --only``).
STAGES = ("ingest", "reuse", "rewrite", "quotes", "facts")


class RecordError(ValueError):
    """A record ``analyze`` could not read. ``index`` is its position in ``docs`` (from 0)."""

    def __init__(self, index: int, reason: str):
        super().__init__(f"record {index}: {reason}")
        self.index = index
        self.reason = reason


PathLike = Union[str, "os.PathLike[str]"]


def analyze(
    docs: Union[PathLike, Iterable[Union[dict, PathLike]]],
    only: Optional[Union[str, Sequence[str]]] = None,
) -> dict:
    """The report of ``docs``, as the dict ``crosscheck analyze --json`` writes.

    ``docs``: records (dicts, each like one line of a JSON Lines file) or paths (files and
    folders). Records are read as lines of a file named ``records``: one without an ``id``
    gets ``records-N`` (N from 1), one without a ``url`` has source ``records:N``.
    ``only``: stage names (see ``STAGES``), as ``--only``; every stage when ``None``.

    Raises ``RecordError`` naming the first record that cannot be read, ``TypeError`` when
    an item of ``docs`` is neither a dict nor a path.
    """
    if isinstance(docs, (str, os.PathLike)):
        docs = [docs]
    items = list(docs)
    stages = _stages(only)
    if items and all(isinstance(d, (str, os.PathLike)) for d in items):
        return json.loads(_crosscheck.analyze_paths([os.fspath(d) for d in items], stages))
    lines = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise TypeError(
                f"record {index}: expected a dict (a JSON Lines record) or, for every item, "
                f"a path; got {type(item).__name__}"
            )
        try:
            lines.append(json.dumps(item, ensure_ascii=False))
        except (TypeError, ValueError) as err:
            raise RecordError(index, f"not JSON: {err}") from None
    try:
        report = _crosscheck.analyze_records(lines, stages)
    except ValueError as err:
        found = re.match(r"record (\d+): (.*)", str(err), re.S)
        if found is None:
            raise
        raise RecordError(int(found.group(1)), found.group(2)) from None
    return json.loads(report)


def _stages(only: Optional[Union[str, Sequence[str]]]) -> Optional[list]:
    if only is None:
        return None
    if isinstance(only, str):
        only = [s.strip() for s in only.split(",") if s.strip()]
    return list(only)


def _batch(data: Any):
    """A RecordBatch of ``data`` (a RecordBatch, or a Table combined into one)."""
    import pyarrow as pa

    if isinstance(data, pa.RecordBatch):
        return data
    if isinstance(data, pa.Table):
        table = data.combine_chunks()
        batches = table.to_batches()
        if not batches:
            return pa.RecordBatch.from_pylist([], schema=table.schema)
        return batches[0]
    raise TypeError(f"expected a pyarrow RecordBatch or Table, got {type(data).__name__}")


def read_records(batch):
    """Records (``key``, ``file``, ``line_no``, ``line``) to documents, as the CLI reads them."""
    return _crosscheck.read_records(_batch(batch))


def unique_ids(ids: Sequence[str]) -> list:
    """``ids`` in input order, made unique as a run does (``x``, ``x-2``, ``x-3``...)."""
    return _crosscheck.unique_ids(list(ids))


def fingerprints(batch):
    """Documents (``key``, ``text``) to their reuse fingerprints."""
    return _crosscheck.fingerprints(_batch(batch))


def pair_hits(batch):
    """Postings (``fingerprint``, ``doc``, ``site_key``) of whole fingerprint groups to pair hits."""
    return _crosscheck.pair_hits(_batch(batch))


def candidate_pairs(batch):
    """Summed pair hits with both fingerprint counts to the candidate pairs."""
    return _crosscheck.candidate_pairs(_batch(batch))


def compare_pairs(batch):
    """Candidate pairs with both documents to derived pairs: relation, direction, passages."""
    return _crosscheck.compare_pairs(_batch(batch))


def settle_clusters(batch):
    """The corpus pass per cluster: which pairs turn round, and their direction evidence."""
    return _crosscheck.settle_clusters(_batch(batch))


def corpus_roots(batch):
    """Every pair of the corpus (``source``, ``target``, ``direction``) to each pair's root."""
    return _crosscheck.corpus_roots(_batch(batch))


def with_roots(batch):
    """Entries, their root ids and settled directions to the report's reuse entries."""
    return _crosscheck.with_roots(_batch(batch))
