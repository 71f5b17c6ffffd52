//! Writing a JSON report whose documents do not fit in memory.
//!
//! A report is mostly its documents' texts. [`write_json`] writes exactly what
//! `serde_json::to_writer_pretty` writes for a [`Report`], but takes the documents from an
//! iterator of batches (a crawl's million articles are read back from the store a batch at a
//! time, so the report's size never becomes the process's memory) and serialises each batch
//! on all cores. (A report held in memory is written by serde directly, which is faster than
//! this piecewise writer when there is nothing to stream.) Pretty JSON makes this possible: a value nested at depth `d` is its own
//! pretty form with every line after the first indented by `2 d` spaces (strings never hold
//! a raw line break), so pieces serialised apart join into the same bytes.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use super::contract::{DocumentEntry, Report};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Writing to the output failed.
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
    /// A value could not be serialised.
    #[error("serialising the report: {0}")]
    Json(#[from] serde_json::Error),
    /// The document source failed (e.g. reading from the store); its message.
    #[error("{0}")]
    Documents(String),
}

/// Write `report` as pretty JSON to `out`, with the documents of `batches` in place of
/// `report.documents` (which are not written). An `Err` batch stops the write with its
/// message.
pub fn write_json<W, I, B>(mut out: W, report: &Report, batches: I) -> Result<(), WriteError>
where
    W: Write,
    I: Iterator<Item = Result<B, String>>,
    B: AsRef<[DocumentEntry]>,
{
    // Field for field as `Report` derives it (a test holds the two outputs equal).
    out.write_all(b"{\n")?;
    field(&mut out, "schema", &report.schema, true)?;
    out.write_all(b"  \"documents\": [")?;
    let mut first = true;
    for batch in batches {
        let batch = batch.map_err(WriteError::Documents)?;
        let pieces: Vec<Vec<u8>> = batch
            .as_ref()
            .par_iter()
            .map(|doc| nested(doc, 2))
            .collect::<Result<_, _>>()?;
        for piece in pieces {
            out.write_all(if first { b"\n    " } else { b",\n    " })?;
            out.write_all(&piece)?;
            first = false;
        }
    }
    out.write_all(if first { b"],\n" } else { b"\n  ],\n" })?;
    field(&mut out, "stories", &report.stories, true)?;
    field(&mut out, "reuse", &report.reuse, true)?;
    field(&mut out, "entities", &report.entities, true)?;
    field(&mut out, "quotes", &report.quotes, true)?;
    field(&mut out, "claims", &report.claims, true)?;
    field(&mut out, "contradictions", &report.contradictions, true)?;
    field(&mut out, "timeline", &report.timeline, true)?;
    field(&mut out, "skipped", &report.skipped, false)?;
    out.write_all(b"}")?;
    Ok(())
}

/// One top-level field, `"name": value`, at depth 1.
fn field<W: Write, T: Serialize>(
    out: &mut W,
    name: &str,
    value: &T,
    comma: bool,
) -> Result<(), WriteError> {
    write!(out, "  \"{name}\": ")?;
    serde_json::to_writer_pretty(
        Indented {
            out: &mut *out,
            depth: 1,
        },
        value,
    )?;
    out.write_all(if comma { b",\n" } else { b"\n" })?;
    Ok(())
}

/// `value` in pretty JSON as it reads nested `depth` levels deep.
fn nested<T: Serialize>(value: &T, depth: usize) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::new();
    serde_json::to_writer_pretty(
        Indented {
            out: &mut out,
            depth,
        },
        value,
    )?;
    Ok(out)
}

/// A writer that indents every line after the first by `depth` levels: pretty JSON written
/// through it reads as nested that deep.
struct Indented<W> {
    out: W,
    depth: usize,
}

impl<W: Write> Write for Indented<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // serde_json writes token by token; most tokens hold no line break.
        if !buf.contains(&b'\n') {
            self.out.write_all(buf)?;
            return Ok(buf.len());
        }
        let mut lines = buf.split(|&b| b == b'\n');
        if let Some(first) = lines.next() {
            self.out.write_all(first)?;
        }
        for line in lines {
            self.out.write_all(b"\n")?;
            for _ in 0..self.depth {
                self.out.write_all(b"  ")?;
            }
            self.out.write_all(line)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ReuseEntry, Skipped};

    fn entry(id: &str, text: &str) -> DocumentEntry {
        DocumentEntry {
            id: id.to_string(),
            text: text.to_string(),
            language: "en".to_string(),
            bylines: vec!["A. Writer".to_string()],
            sentences: vec![[0, text.chars().count()]],
            ..DocumentEntry::default()
        }
    }

    fn report() -> Report {
        let mut report = Report::new();
        report.reuse.push(ReuseEntry {
            source: "a".into(),
            target: "b".into(),
            relation: crosscheck_reuse::Relation::Verbatim,
            similarity: 1.0,
            passages: Vec::new(),
            substitutions: Vec::new(),
            extent: crosscheck_reuse::Extent::Full,
            direction: crosscheck_reuse::DirectionEvidence::Undetermined,
            root: "a".into(),
            copied_share: 1.0,
        });
        report.skipped.push(Skipped {
            location: "bad.jsonl:3".into(),
            reason: "not JSON".into(),
        });
        report
    }

    fn written(report: &Report, batches: Vec<Vec<DocumentEntry>>) -> String {
        let mut out = Vec::new();
        write_json(&mut out, report, batches.into_iter().map(Ok)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn same_bytes_as_serde_json_pretty() {
        let docs = vec![
            entry("a", "Kherson “fell”.\nA second line"),
            entry("b", "Kyiv <script>"),
            entry("c", "\"quoted\" \\ back"),
        ];
        let mut whole = report();
        whole.documents = docs.clone();
        let expected = serde_json::to_string_pretty(&whole).unwrap();
        // Any split into batches.
        assert_eq!(written(&report(), vec![docs.clone()]), expected);
        assert_eq!(
            written(
                &report(),
                vec![docs[..1].to_vec(), vec![], docs[1..].to_vec()]
            ),
            expected
        );
        // No documents, and an empty report.
        assert_eq!(
            written(&report(), vec![]),
            serde_json::to_string_pretty(&report()).unwrap()
        );
        assert_eq!(
            written(&Report::new(), vec![]),
            serde_json::to_string_pretty(&Report::new()).unwrap()
        );
    }

    #[test]
    fn a_failing_batch_stops_the_write_with_its_message() {
        let batches = vec![
            Ok(vec![entry("a", "x")]),
            Err("reading document 2: disk error".to_string()),
        ];
        let err = write_json(Vec::new(), &Report::new(), batches.into_iter()).unwrap_err();
        assert!(err.to_string().contains("disk error"), "{err}");
    }
}
