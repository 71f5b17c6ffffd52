//! Writing a report whose documents do not fit in memory.
//!
//! A crawl of a million articles makes a report with a million texts in it. [`write_json`]
//! writes the same JSON as serialising a [`Report`], but takes the documents from an
//! iterator (typically reading them back from the store a batch at a time), so the report's
//! size never becomes the process's memory.

use std::cell::RefCell;
use std::io::Write;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{DocumentEntry, Report};

/// Write `report` as pretty JSON to `out`, with `documents` in place of `report.documents`
/// (which should be empty). An `Err` from the iterator stops the write with that message.
pub fn write_json<W, I>(out: W, report: &Report, documents: I) -> serde_json::Result<()>
where
    W: Write,
    I: Iterator<Item = Result<DocumentEntry, String>>,
{
    let streamed = StreamedReport {
        report,
        documents: RefCell::new(Some(documents)),
    };
    serde_json::to_writer_pretty(out, &streamed)
}

struct StreamedReport<'r, I> {
    report: &'r Report,
    documents: RefCell<Option<I>>,
}

impl<I> Serialize for StreamedReport<'_, I>
where
    I: Iterator<Item = Result<DocumentEntry, String>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Field for field as `Report` derives it (a test holds the two outputs equal).
        let r = self.report;
        let mut out = serializer.serialize_struct("Report", 11)?;
        out.serialize_field("schema", &r.schema)?;
        out.serialize_field("documents", &Documents(&self.documents))?;
        out.serialize_field("stories", &r.stories)?;
        out.serialize_field("reuse", &r.reuse)?;
        out.serialize_field("entities", &r.entities)?;
        out.serialize_field("quotes", &r.quotes)?;
        out.serialize_field("claims", &r.claims)?;
        out.serialize_field("contradictions", &r.contradictions)?;
        out.serialize_field("timeline", &r.timeline)?;
        out.serialize_field("skipped", &r.skipped)?;
        out.end()
    }
}

struct Documents<'a, I>(&'a RefCell<Option<I>>);

impl<I> Serialize for Documents<'_, I>
where
    I: Iterator<Item = Result<DocumentEntry, String>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        if let Some(documents) = self.0.borrow_mut().take() {
            for doc in documents {
                seq.serialize_element(&doc.map_err(S::Error::custom)?)?;
            }
        }
        seq.end()
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
            sentences: vec![[0, text.chars().count()]],
            ..DocumentEntry::default()
        }
    }

    #[test]
    fn same_json_as_the_whole_report() {
        let mut report = Report::new();
        report.reuse.push(ReuseEntry {
            source: "a".into(),
            target: "b".into(),
            relation: "verbatim".into(),
            ..ReuseEntry::default()
        });
        report.skipped.push(Skipped {
            location: "bad.jsonl:3".into(),
            reason: "not JSON".into(),
        });
        let docs = vec![entry("a", "Kherson “fell”."), entry("b", "Kyiv <script>")];
        let mut whole = report.clone();
        whole.documents = docs.clone();
        let expected = serde_json::to_string_pretty(&whole).unwrap();
        let mut streamed = Vec::new();
        write_json(&mut streamed, &report, docs.into_iter().map(Ok)).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), expected);
    }

    #[test]
    fn a_failing_document_stops_the_write_with_its_message() {
        let report = Report::new();
        let docs = vec![
            Ok(entry("a", "x")),
            Err("reading document 2: disk error".to_string()),
        ];
        let err = write_json(Vec::new(), &report, docs.into_iter()).unwrap_err();
        assert!(err.to_string().contains("disk error"), "{err}");
    }
}
