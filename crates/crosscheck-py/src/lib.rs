//! The crosscheck Python module (`crosscheck._crosscheck`): a thin front end over the engine.
//!
//! Two calls run a whole analysis and hand back the JSON report (`analyze_records` over JSON
//! Lines records held by the caller, `analyze_paths` over files, as the command line reads
//! them). The others are the reuse pieces of [`crosscheck_engine::pieces`] over Arrow record
//! batches, for jobs that spread reuse detection over many machines (`crosscheck.spark`):
//! records → documents, documents → fingerprints, fingerprint postings → pair hits → candidate
//! pairs, candidate pairs with both texts → classified pairs, every pair's ends → roots. Each
//! releases the interpreter while it works. Batches are read by column name; extra columns are
//! ignored. The Python package (`python/crosscheck`) documents the columns each call reads and
//! writes.

mod columns;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use arrow_array::builder::{
    Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder, StructBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_pyarrow::PyArrowType;
use arrow_schema::{DataType, Field, Fields, Schema};
use chrono::NaiveDate;
use crosscheck_engine::pieces::{self, PairSide, Posting};
use crosscheck_engine::{AnalyzeConfig, ReadConfig, Silent, SqliteStore, Stage, Stages};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use columns::{Columns, ColumnsError};

type Batch = PyArrowType<RecordBatch>;

impl From<ColumnsError> for PyErr {
    fn from(err: ColumnsError) -> PyErr {
        PyValueError::new_err(err.to_string())
    }
}

/// The stages `only` names (`ingest`, `reuse`, `rewrite`, `quotes`, `facts`, as the command
/// line's `--only`); every stage when `None`.
fn stages(only: Option<Vec<String>>) -> PyResult<Stages> {
    let Some(names) = only else {
        return Ok(Stages::all());
    };
    let mut chosen = Vec::new();
    for name in &names {
        match name.as_str() {
            "ingest" => {}
            "reuse" => chosen.push(Stage::Reuse),
            "rewrite" => chosen.push(Stage::Rewrite),
            "quotes" => chosen.push(Stage::Quotes),
            "facts" => chosen.push(Stage::Facts),
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown stage {other:?} (expected ingest, reuse, rewrite, quotes or facts)"
                )))
            }
        }
    }
    Ok(Stages::only(&chosen))
}

/// The JSON report of `records` (JSON texts, one object each, as lines of a `.jsonl` file).
/// Raises `ValueError` naming the first record that cannot be read.
#[pyfunction]
#[pyo3(signature = (records, only=None))]
fn analyze_records(
    py: Python<'_>,
    records: Vec<String>,
    only: Option<Vec<String>>,
) -> PyResult<String> {
    let stages = stages(only)?;
    py.detach(|| {
        let report = pieces::analyze_records(&records, stages)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        serde_json::to_string(&report).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    })
}

/// The JSON report of the files and folders `paths`, read as `crosscheck analyze` reads them
/// (into a store in memory).
#[pyfunction]
#[pyo3(signature = (paths, only=None))]
fn analyze_paths(
    py: Python<'_>,
    paths: Vec<String>,
    only: Option<Vec<String>>,
) -> PyResult<String> {
    let stages = stages(only)?;
    py.detach(|| {
        let fail = |e: &dyn std::error::Error| PyRuntimeError::new_err(describe(e));
        let mut store = SqliteStore::open_in_memory().map_err(|e| fail(&e))?;
        let config = AnalyzeConfig {
            read: ReadConfig {
                inputs: paths.iter().map(Into::into).collect(),
                ..ReadConfig::default()
            },
            stages,
            ..AnalyzeConfig::default()
        };
        let analysis =
            crosscheck_engine::analyze(&config, &mut store, &Silent, &AtomicBool::new(false))
                .map_err(|e| fail(&e))?;
        let mut out = Vec::new();
        analysis
            .write_json(&store, &mut out, &Silent)
            .map_err(|e| fail(&e))?;
        String::from_utf8(out).map_err(|e| fail(&e))
    })
}

/// An error and its causes, `: `-separated.
fn describe(err: &dyn std::error::Error) -> String {
    let mut line = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        line.push_str(": ");
        line.push_str(&inner.to_string());
        cause = inner.source();
    }
    line
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> PyResult<Batch> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, array)| Field::new(*name, array.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map(PyArrowType)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// Records to documents. Reads `key` (int64: input order), `file` (string: the file's path,
/// which gives default ids), `line_no` (int64, from 1) and `line` (string: the record). Writes
/// one row per non-blank line: `key`, `id`, `hash`, `text`, `published` (`YYYY-MM-DD`),
/// `site`, `site_key` (int64, equal for equal sites), and for a record that cannot be read
/// `location` and `reason` (the other columns null).
#[pyfunction]
fn read_records(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, ColumnsError> {
        let cols = Columns::new(&input);
        let (key, file, line_no, line) = (
            cols.int64("key")?,
            cols.string("file")?,
            cols.int64("line_no")?,
            cols.string("line")?,
        );
        let mut out_key = Int64Builder::new();
        let [mut id, mut hash, mut text, mut published, mut site, mut location, mut reason] =
            std::array::from_fn(|_| StringBuilder::new());
        let mut site_key = Int64Builder::new();
        for row in 0..input.num_rows() {
            let Some(read) = pieces::read_record(
                line.get(row).unwrap_or(""),
                file.get(row).unwrap_or(""),
                line_no.get(row).unwrap_or(0).max(0) as u64,
            ) else {
                continue;
            };
            out_key.append_option(key.get(row));
            match read {
                Ok(doc) => {
                    id.append_value(&doc.id);
                    hash.append_value(&doc.hash);
                    text.append_value(&doc.text);
                    published.append_option(doc.published.map(|d| d.to_string()));
                    site_key.append_option(doc.site.as_deref().map(|s| pieces::site_key(s) as i64));
                    site.append_option(doc.site);
                    location.append_null();
                    reason.append_null();
                }
                Err(skipped) => {
                    for b in [&mut id, &mut hash, &mut text, &mut published, &mut site] {
                        b.append_null();
                    }
                    site_key.append_null();
                    location.append_value(&skipped.location);
                    reason.append_value(&skipped.reason);
                }
            }
        }
        Ok(vec![
            ("key", Arc::new(out_key.finish()) as ArrayRef),
            ("id", Arc::new(id.finish())),
            ("hash", Arc::new(hash.finish())),
            ("text", Arc::new(text.finish())),
            ("published", Arc::new(published.finish())),
            ("site", Arc::new(site.finish())),
            ("site_key", Arc::new(site_key.finish())),
            ("location", Arc::new(location.finish())),
            ("reason", Arc::new(reason.finish())),
        ])
    })?;
    batch(built)
}

/// Make `ids` (in input order) unique as a run does: a repeated id gets `-2`, `-3`, ...
#[pyfunction]
fn unique_ids(mut ids: Vec<String>) -> Vec<String> {
    pieces::unique_ids(&mut ids);
    ids
}

/// Documents to fingerprints. Reads `key` (int64) and `text` (string); writes `key`,
/// `fingerprint_count` (int32) and `fingerprints` (list of int64, each a 32-bit fingerprint).
#[pyfunction]
fn fingerprints(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, ColumnsError> {
        let cols = Columns::new(&input);
        let (key, text) = (cols.int64("key")?, cols.string("text")?);
        let mut out_key = Int64Builder::new();
        let mut count = Int32Builder::new();
        let mut lists = ListBuilder::new(Int64Builder::new());
        for row in 0..input.num_rows() {
            let fps = pieces::reuse_fingerprints(text.get(row).unwrap_or(""));
            out_key.append_option(key.get(row));
            count.append_value(fps.len() as i32);
            lists
                .values()
                .append_slice(&fps.iter().map(|&f| i64::from(f)).collect::<Vec<_>>());
            lists.append(true);
        }
        Ok(vec![
            ("key", Arc::new(out_key.finish()) as ArrayRef),
            ("fingerprint_count", Arc::new(count.finish())),
            ("fingerprints", Arc::new(lists.finish())),
        ])
    })?;
    batch(built)
}

/// Fingerprint postings to pair hits. Reads `fingerprint` (int64), `doc` (int64 key) and
/// `site_key` (int64, null when unknown); the batch must hold every posting of each
/// fingerprint it holds. Writes `a`, `b` (`a < b`) and `hits` (int64): the pair's shared
/// fingerprints among this batch's, to be summed over batches.
#[pyfunction]
fn pair_hits(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, ColumnsError> {
        let cols = Columns::new(&input);
        let (fingerprint, doc, site) = (
            cols.int64("fingerprint")?,
            cols.int64("doc")?,
            cols.int64("site_key")?,
        );
        let postings: Vec<Posting> = (0..input.num_rows())
            .filter_map(|row| {
                Some(Posting {
                    fingerprint: u32::try_from(fingerprint.get(row)?).ok()?,
                    doc: u64::try_from(doc.get(row)?).ok()?,
                    site: site.get(row).map(|s| s as u64),
                })
            })
            .collect();
        let hits = pieces::pair_hits(postings);
        let (mut a, mut b, mut n) = (
            Int64Builder::new(),
            Int64Builder::new(),
            Int64Builder::new(),
        );
        for (x, y, h) in hits {
            a.append_value(x as i64);
            b.append_value(y as i64);
            n.append_value(i64::from(h));
        }
        Ok(vec![
            ("a", Arc::new(a.finish()) as ArrayRef),
            ("b", Arc::new(b.finish())),
            ("hits", Arc::new(n.finish())),
        ])
    })?;
    batch(built)
}

/// Summed pair hits to candidate pairs. Reads `a`, `b`, `hits`, `a_count`, `b_count` (the two
/// documents' fingerprint counts); writes the rows that are candidates, as `a`, `b`.
#[pyfunction]
fn candidate_pairs(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, ColumnsError> {
        let cols = Columns::new(&input);
        let (a, b, hits, a_count, b_count) = (
            cols.int64("a")?,
            cols.int64("b")?,
            cols.int64("hits")?,
            cols.int64("a_count")?,
            cols.int64("b_count")?,
        );
        let (mut out_a, mut out_b) = (Int64Builder::new(), Int64Builder::new());
        for row in 0..input.num_rows() {
            let as_u32 = |v: Option<i64>| u32::try_from(v.unwrap_or(0)).unwrap_or(0);
            if pieces::is_candidate(
                as_u32(hits.get(row)),
                as_u32(a_count.get(row)),
                as_u32(b_count.get(row)),
            ) {
                out_a.append_option(a.get(row));
                out_b.append_option(b.get(row));
            }
        }
        Ok(vec![
            ("a", Arc::new(out_a.finish()) as ArrayRef),
            ("b", Arc::new(out_b.finish())),
        ])
    })?;
    batch(built)
}

/// One side of the candidate pairs of a batch.
struct Side<'a> {
    key: columns::Int<'a>,
    id: columns::Str<'a>,
    text: columns::Str<'a>,
    published: columns::Str<'a>,
    site: columns::Str<'a>,
}

impl<'a> Side<'a> {
    fn at(&self, row: usize) -> PairSide<'a> {
        PairSide {
            id: self.id.get(row).unwrap_or(""),
            text: self.text.get(row).unwrap_or(""),
            published: self
                .published
                .get(row)
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()),
            site: self.site.get(row),
        }
    }
}

fn passage_fields() -> Fields {
    Fields::from(
        ["source_start", "source_end", "target_start", "target_end"]
            .map(|n| Field::new(n, DataType::Int64, false))
            .to_vec(),
    )
}

/// Candidate pairs with both texts to classified pairs. Reads, for each side `a` (earlier in
/// input order) and `b`: `a`, `a_id`, `a_text`, `a_published` (`YYYY-MM-DD` or null),
/// `a_site`, and the same for `b`. Writes one row per derived pair: `source`, `target` (keys),
/// `source_site_key`, `target_site_key`, `entry` (the report's `reuse` entry as JSON, its
/// `root` the source until [`with_roots`] sets it), `reversed_entry` (the entry if the corpus
/// pass turns the pair round) and what that pass reads: `direction`, `byte_passages` (byte
/// spans `source_start`, `source_end`, `target_start`, `target_end`), `source_words`,
/// `target_words`, `aligned_source`, `aligned_target`.
#[pyfunction]
fn compare_pairs(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, String> {
        let cols = Columns::new(&input);
        let side = |p: &str| -> Result<Side<'_>, ColumnsError> {
            Ok(Side {
                key: cols.int64(p)?,
                id: cols.string(&format!("{p}_id"))?,
                text: cols.string(&format!("{p}_text"))?,
                published: cols.string(&format!("{p}_published"))?,
                site: cols.string(&format!("{p}_site"))?,
            })
        };
        let (a, b) = (
            side("a").map_err(|e| e.to_string())?,
            side("b").map_err(|e| e.to_string())?,
        );
        let [mut source, mut target, mut source_site, mut target_site] =
            std::array::from_fn(|_| Int64Builder::new());
        let [mut source_words, mut target_words, mut aligned_source, mut aligned_target] =
            std::array::from_fn(|_| Int64Builder::new());
        let [mut direction, mut entry, mut reversed] =
            std::array::from_fn(|_| StringBuilder::new());
        let mut passages = ListBuilder::new(StructBuilder::from_fields(passage_fields(), 0));
        for row in 0..input.num_rows() {
            let (sa, sb) = (a.at(row), b.at(row));
            let Some(found) = pieces::compare_records(sa, sb) else {
                continue;
            };
            let site = |s: PairSide<'_>| s.site.map(|s| pieces::site_key(s) as i64);
            let ((s, ss), (t, ts)) = if found.a_is_source {
                ((a.key.get(row), site(sa)), (b.key.get(row), site(sb)))
            } else {
                ((b.key.get(row), site(sb)), (a.key.get(row), site(sa)))
            };
            source.append_option(s);
            target.append_option(t);
            source_site.append_option(ss);
            target_site.append_option(ts);
            let facts = &found.facts;
            direction.append_value(facts.direction.as_str());
            append_spans(&mut passages, facts.passages.iter().copied());
            source_words.append_value(facts.words[0] as i64);
            target_words.append_value(facts.words[1] as i64);
            aligned_source.append_value(facts.aligned[0] as i64);
            aligned_target.append_value(facts.aligned[1] as i64);
            entry.append_value(serde_json::to_string(&found.entry).map_err(|e| e.to_string())?);
            reversed
                .append_value(serde_json::to_string(&found.reversed).map_err(|e| e.to_string())?);
        }
        Ok(vec![
            ("source", Arc::new(source.finish()) as ArrayRef),
            ("target", Arc::new(target.finish())),
            ("source_site_key", Arc::new(source_site.finish())),
            ("target_site_key", Arc::new(target_site.finish())),
            ("direction", Arc::new(direction.finish())),
            ("byte_passages", Arc::new(passages.finish())),
            ("source_words", Arc::new(source_words.finish())),
            ("target_words", Arc::new(target_words.finish())),
            ("aligned_source", Arc::new(aligned_source.finish())),
            ("aligned_target", Arc::new(aligned_target.finish())),
            ("entry", Arc::new(entry.finish())),
            ("reversed_entry", Arc::new(reversed.finish())),
        ])
    });
    batch(built.map_err(PyValueError::new_err)?)
}

/// Append one list of spans (`source_start`, `source_end`, `target_start`, `target_end`).
fn append_spans(list: &mut ListBuilder<StructBuilder>, spans: impl Iterator<Item = [usize; 4]>) {
    let values = list.values();
    for span in spans {
        for (field, value) in span.into_iter().enumerate() {
            if let Some(f) = values.field_builder::<Int64Builder>(field) {
                f.append_value(value as i64);
            }
        }
        values.append(true);
    }
    list.append(true);
}

/// The corpus pass per cluster. Reads `cluster`, `source`, `target`, `source_site_key`,
/// `target_site_key`, `direction`, `byte_passages`, `source_words`, `target_words`,
/// `aligned_source`, `aligned_target` (as [`compare_pairs`] writes them); the batch must hold
/// every pair of each cluster it holds. Writes, in the input's order, `source`, `target` (as
/// given), `reverse` (whether the pair turns round) and `settled_direction`.
#[pyfunction]
fn settle_clusters(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, String> {
        let cols = Columns::new(&input);
        let int = |name: &str| cols.int64(name).map_err(|e| e.to_string());
        let (cluster, source, target) = (int("cluster")?, int("source")?, int("target")?);
        let (source_site, target_site) = (int("source_site_key")?, int("target_site_key")?);
        let words = [int("source_words")?, int("target_words")?];
        let aligned = [int("aligned_source")?, int("aligned_target")?];
        let direction = cols.string("direction").map_err(|e| e.to_string())?;
        let spans = cols.spans("byte_passages").map_err(|e| e.to_string())?;
        let key = |v: Option<i64>| v.unwrap_or(0).max(0) as u64;
        let size = |v: Option<i64>| v.unwrap_or(0).max(0) as usize;
        let mut rows: Vec<(i64, pieces::ClusterPair)> = Vec::with_capacity(input.num_rows());
        for r in 0..input.num_rows() {
            let name = direction.get(r).unwrap_or("");
            let evidence = pieces::direction_named(name)
                .ok_or_else(|| format!("row {r}: unknown direction {name:?}"))?;
            rows.push((
                cluster.get(r).unwrap_or(0),
                pieces::ClusterPair {
                    source: key(source.get(r)),
                    target: key(target.get(r)),
                    source_site: source_site.get(r).map(|s| s as u64),
                    target_site: target_site.get(r).map(|s| s as u64),
                    facts: pieces::PairFacts {
                        direction: evidence,
                        passages: spans.get(r),
                        words: [size(words[0].get(r)), size(words[1].get(r))],
                        aligned: [size(aligned[0].get(r)), size(aligned[1].get(r))],
                    },
                },
            ));
        }
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&i| rows[i].0);
        let mut settled = vec![(false, pieces::DirectionEvidence::Undetermined); rows.len()];
        for group in order.chunk_by(|&x, &y| rows[x].0 == rows[y].0) {
            let pairs: Vec<pieces::ClusterPair> =
                group.iter().map(|&i| rows[i].1.clone()).collect();
            for (&i, outcome) in group.iter().zip(pieces::settle_cluster(&pairs)) {
                settled[i] = outcome;
            }
        }
        let column = |v: Vec<i64>| Arc::new(arrow_array::Int64Array::from(v)) as ArrayRef;
        Ok(vec![
            (
                "source",
                column(rows.iter().map(|r| r.1.source as i64).collect()),
            ),
            (
                "target",
                column(rows.iter().map(|r| r.1.target as i64).collect()),
            ),
            (
                "reverse",
                Arc::new(arrow_array::BooleanArray::from(
                    settled.iter().map(|s| s.0).collect::<Vec<bool>>(),
                )),
            ),
            (
                "settled_direction",
                Arc::new(arrow_array::StringArray::from(
                    settled.iter().map(|s| s.1.as_str()).collect::<Vec<&str>>(),
                )),
            ),
        ])
    });
    batch(built.map_err(PyValueError::new_err)?)
}

/// Every pair of the corpus to its root. Reads `source`, `target` (int64 keys) and
/// `direction` (the evidence after the corpus pass); the batch must hold every pair of the
/// corpus. Writes `source`, `target` and `root` (key), in the input's order.
#[pyfunction]
fn corpus_roots(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, String> {
        let cols = Columns::new(&input);
        let int = |name: &str| cols.int64(name).map_err(|e| e.to_string());
        let (source, target) = (int("source")?, int("target")?);
        let direction = cols.string("direction").map_err(|e| e.to_string())?;
        let key = |v: Option<i64>| v.unwrap_or(0).max(0) as u64;
        let mut pairs = Vec::with_capacity(input.num_rows());
        for r in 0..input.num_rows() {
            let name = direction.get(r).unwrap_or("");
            let evidence = pieces::direction_named(name)
                .ok_or_else(|| format!("row {r}: unknown direction {name:?}"))?;
            pairs.push((key(source.get(r)), key(target.get(r)), evidence));
        }
        let roots = pieces::corpus_roots(&pairs);
        let column = |v: Vec<i64>| Arc::new(arrow_array::Int64Array::from(v)) as ArrayRef;
        Ok(vec![
            ("source", column(pairs.iter().map(|p| p.0 as i64).collect())),
            ("target", column(pairs.iter().map(|p| p.1 as i64).collect())),
            (
                "root",
                column(roots.into_iter().map(|r| r as i64).collect()),
            ),
        ])
    });
    batch(built.map_err(PyValueError::new_err)?)
}

/// Finish entries. Reads `entry` (JSON from [`compare_pairs`]), `root_id` and, if present,
/// `direction` (the evidence after the corpus pass). Writes `line` (the entry as the report
/// writes it, compact JSON) and its fields as columns: `source_id`, `target_id`, `relation`,
/// `extent`, `direction`, `similarity`, `copied_share`, `root_id` and `passages` (character
/// spans `source_start`, `source_end`, `target_start`, `target_end`).
#[pyfunction]
fn with_roots(py: Python<'_>, input: Batch) -> PyResult<Batch> {
    let input = input.0;
    let built = py.detach(|| -> Result<Vec<(&'static str, ArrayRef)>, String> {
        let cols = Columns::new(&input);
        let (entry, root) = (
            cols.string("entry").map_err(|e| e.to_string())?,
            cols.string("root_id").map_err(|e| e.to_string())?,
        );
        let direction = cols.string("direction").ok();
        let [mut line, mut source_id, mut target_id, mut relation, mut extent, mut evidence, mut root_id] =
            std::array::from_fn(|_| StringBuilder::new());
        let (mut similarity, mut copied) = (Float64Builder::new(), Float64Builder::new());
        let mut passages = ListBuilder::new(StructBuilder::from_fields(passage_fields(), 0));
        for row in 0..input.num_rows() {
            let text = entry.get(row).unwrap_or("");
            let mut e: crosscheck_engine::report::ReuseEntry = serde_json::from_str(text)
                .map_err(|err| format!("row {row}: not a reuse entry: {err}"))?;
            if let Some(root) = root.get(row) {
                e.root = root.to_string();
            }
            if let Some(name) = direction.and_then(|d| d.get(row)) {
                e.direction = pieces::direction_named(name)
                    .ok_or_else(|| format!("row {row}: unknown direction {name:?}"))?;
            }
            line.append_value(serde_json::to_string(&e).map_err(|err| err.to_string())?);
            source_id.append_value(&e.source);
            target_id.append_value(&e.target);
            relation.append_value(e.relation.as_str());
            extent.append_value(e.extent.as_str());
            evidence.append_value(e.direction.as_str());
            root_id.append_value(&e.root);
            similarity.append_value(e.similarity);
            copied.append_value(e.copied_share);
            append_spans(
                &mut passages,
                e.passages
                    .iter()
                    .map(|p| [p.source[0], p.source[1], p.target[0], p.target[1]]),
            );
        }
        Ok(vec![
            ("line", Arc::new(line.finish()) as ArrayRef),
            ("source_id", Arc::new(source_id.finish())),
            ("target_id", Arc::new(target_id.finish())),
            ("relation", Arc::new(relation.finish())),
            ("extent", Arc::new(extent.finish())),
            ("direction", Arc::new(evidence.finish())),
            ("similarity", Arc::new(similarity.finish())),
            ("copied_share", Arc::new(copied.finish())),
            ("root_id", Arc::new(root_id.finish())),
            ("passages", Arc::new(passages.finish())),
        ])
    });
    batch(built.map_err(PyValueError::new_err)?)
}

/// The `crosscheck._crosscheck` module.
#[pymodule]
fn _crosscheck(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze_records, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_paths, m)?)?;
    m.add_function(wrap_pyfunction!(read_records, m)?)?;
    m.add_function(wrap_pyfunction!(unique_ids, m)?)?;
    m.add_function(wrap_pyfunction!(fingerprints, m)?)?;
    m.add_function(wrap_pyfunction!(pair_hits, m)?)?;
    m.add_function(wrap_pyfunction!(candidate_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(compare_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(settle_clusters, m)?)?;
    m.add_function(wrap_pyfunction!(corpus_roots, m)?)?;
    m.add_function(wrap_pyfunction!(with_roots, m)?)?;
    m.add("RECORDS_NAME", pieces::RECORDS_NAME)?;
    Ok(())
}
