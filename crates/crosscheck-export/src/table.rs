//! One flat table of findings, as CSV or JSON Lines.
//!
//! What it does: lays every finding out as a [`Row`] with the same [`COLUMNS`], a `kind`
//! column saying what the row is ([`RowKind`]) and the other columns filled where they apply
//! to that kind (empty in CSV, `null` in JSON Lines where they do not). [`write_csv`] writes
//! the rows as RFC 4180 CSV with a header line (the `csv` crate quotes text holding commas,
//! quotes or newlines, so every field reads back as written); [`write_jsonl`] writes one JSON
//! object per row, with numbers as numbers and `support` as an array.
//!
//! Why: spreadsheets, pandas and `jq` read one table more easily than a nested report, and
//! one table with a `kind` column keeps every finding in one file. Offsets (`start`, `end`,
//! `source_start`, `source_end`) are characters into the document's clean `text`, as in the
//! report.
//!
//! | kind | one row per | filled columns |
//! |---|---|---|
//! | `reuse_pair` | derived pair | `id`, `document` (the copy), `source_document`, `relation`, `similarity` |
//! | `reuse_passage` | aligned passage of a pair | as `reuse_pair`, plus `start`, `end`, `source_start`, `source_end` and `text` (the passage in the copy) |
//! | `substitution` | substituted word | `document`, `start`, `end`, `text` (the word found), `value` (the likely original), `relation`; `source_document` when seen in a reuse alignment |
//! | `quote` | quote | `id`, `document`, `start`, `end`, `text`, `speaker`, `group` |
//! | `claim` | claim | `id`, `document`, `start`, `end`, `text`, `group`, `value`, `statement`, `support` |
//! | `contradiction` | side of a contradiction (one claim) | `id` (shared by the sides), the claim's `document`, `start`, `end`, `text`, `group`, `value` and `support`; `statement` says what the sources disagree on |
//! | `timeline` | dated event | `id`, `text` (the event), `date`, `precision`, `statement`, `support` |
//!
//! `support` lists document ids, separated by `;` in CSV.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use crosscheck_engine::report::{CharSpan, Claim, Report};
use serde::Serialize;

use crate::error::{ExportError, Result};
use crate::text::{fingerprint, Texts};
use crate::{Exported, LeftOut};

/// The table's columns, in order (the CSV header).
pub const COLUMNS: [&str; 18] = [
    "kind",
    "id",
    "document",
    "source_document",
    "start",
    "end",
    "source_start",
    "source_end",
    "text",
    "speaker",
    "relation",
    "similarity",
    "group",
    "value",
    "date",
    "precision",
    "statement",
    "support",
];

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A derived pair: which document copies which.
    ReusePair,
    /// One aligned passage of a derived pair.
    ReusePassage,
    /// A substituted word and its likely original.
    Substitution,
    /// A direct quote.
    Quote,
    /// A checkable statement.
    Claim,
    /// One side (claim) of a contradiction.
    Contradiction,
    /// A dated event.
    Timeline,
}

impl RowKind {
    /// The name the `kind` column holds.
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::ReusePair => "reuse_pair",
            RowKind::ReusePassage => "reuse_passage",
            RowKind::Substitution => "substitution",
            RowKind::Quote => "quote",
            RowKind::Claim => "claim",
            RowKind::Contradiction => "contradiction",
            RowKind::Timeline => "timeline",
        }
    }
}

/// One finding as a table row; which fields a kind fills is in the module docs.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// What the row is.
    pub kind: RowKind,
    /// The finding's id: the report's for quotes and claims, else a stable hash.
    pub id: String,
    /// The document the span belongs to (for reuse: the copy).
    pub document: Option<String>,
    /// For reuse: the source document.
    pub source_document: Option<String>,
    /// First character of the span in `document`.
    pub start: Option<usize>,
    /// One past the last character.
    pub end: Option<usize>,
    /// First character of the passage in `source_document`.
    pub source_start: Option<usize>,
    /// One past its last character.
    pub source_end: Option<usize>,
    /// The text at the span (a timeline row: the event).
    pub text: Option<String>,
    /// A quote's speaker.
    pub speaker: Option<String>,
    /// How a copy relates to its source (`verbatim`, `edited`, `spun`, ...), or a document's
    /// rewrite label for a substitution found without a source.
    pub relation: Option<String>,
    /// A derived pair's similarity, 0..1.
    pub similarity: Option<f64>,
    /// Rows with the same group say the same thing (quotes, claims).
    pub group: Option<String>,
    /// A claim's value, or a substituted word's likely original.
    pub value: Option<String>,
    /// A timeline row's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// How precise the date is: `day`, `week`, `month` or `year`.
    pub precision: Option<String>,
    /// One plain sentence: what a claim states, what a contradiction is about, what happened.
    pub statement: Option<String>,
    /// Ids of the documents that state it.
    pub support: Vec<String>,
}

impl Row {
    fn new(kind: RowKind, id: String) -> Row {
        Row {
            kind,
            id,
            document: None,
            source_document: None,
            start: None,
            end: None,
            source_start: None,
            source_end: None,
            text: None,
            speaker: None,
            relation: None,
            similarity: None,
            group: None,
            value: None,
            date: None,
            precision: None,
            statement: None,
            support: Vec::new(),
        }
    }

    /// The row as CSV fields, in [`COLUMNS`] order (empty where absent).
    fn record(&self) -> [String; 18] {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        [
            self.kind.as_str().to_string(),
            self.id.clone(),
            text(&self.document),
            text(&self.source_document),
            number(self.start),
            number(self.end),
            number(self.source_start),
            number(self.source_end),
            text(&self.text),
            text(&self.speaker),
            text(&self.relation),
            self.similarity.map(|s| s.to_string()).unwrap_or_default(),
            text(&self.group),
            text(&self.value),
            text(&self.date),
            text(&self.precision),
            text(&self.statement),
            self.support.join(";"),
        ]
    }

    fn span(mut self, span: CharSpan, text: &str) -> Row {
        self.start = Some(span[0]);
        self.end = Some(span[1]);
        self.text = Some(text.to_string());
        self
    }
}

/// The report's findings as rows, in this order: reuse pairs each followed by its passages,
/// substitutions, quotes, claims, contradictions, timeline. Spans that do not fit their
/// document are left out and listed.
pub fn rows(report: &Report) -> Exported<Vec<Row>> {
    let texts = Texts::new(report);
    let mut left_out = Vec::new();
    let mut rows = Vec::new();
    // The text at a span, or `None` with the finding left out.
    let locate = |document: &str, span: CharSpan, finding: &str, left: &mut Vec<LeftOut>| {
        texts
            .locate(document, span, finding)
            .map(|l| l.exact.to_string())
            .map_err(|e| left.push(e))
            .ok()
    };

    for pair in &report.reuse {
        let id = format!(
            "r-{}",
            fingerprint(&["reuse", pair.source.as_str(), pair.target.as_str()])
        );
        let pair_row = |kind: RowKind, id: String| {
            let mut row = Row::new(kind, id);
            row.document = Some(pair.target.clone());
            row.source_document = Some(pair.source.clone());
            row.relation = Some(pair.relation.as_str().to_string());
            row.similarity = Some(pair.similarity);
            row
        };
        rows.push(pair_row(RowKind::ReusePair, id.clone()));
        let finding = format!("reuse passage of {} from {}", pair.target, pair.source);
        for (n, p) in pair.passages.iter().enumerate() {
            let Some(text) = locate(&pair.target, p.target, &finding, &mut left_out) else {
                continue;
            };
            let mut row =
                pair_row(RowKind::ReusePassage, format!("{id}-{n}")).span(p.target, &text);
            row.source_start = Some(p.source[0]);
            row.source_end = Some(p.source[1]);
            rows.push(row);
        }
    }

    // One row per word: a word seen in an alignment and by rewrite forensics keeps the
    // alignment's row, which names the source.
    let mut substitutions: HashSet<String> = HashSet::new();
    for pair in &report.reuse {
        for sub in &pair.substitutions {
            let finding = format!("substitution “{}” in {}", sub.found, pair.target);
            let Some(text) = locate(&pair.target, sub.target, &finding, &mut left_out) else {
                continue;
            };
            let id = substitution_id(&pair.target, sub.target);
            if !substitutions.insert(id.clone()) {
                continue;
            }
            let mut row = Row::new(RowKind::Substitution, id).span(sub.target, &text);
            row.document = Some(pair.target.clone());
            row.source_document = Some(pair.source.clone());
            row.relation = Some(pair.relation.as_str().to_string());
            row.value = Some(sub.original.clone());
            rows.push(row);
        }
    }
    for document in &report.documents {
        let Some(rewrite) = &document.rewrite else {
            continue;
        };
        for sub in &rewrite.substitutions {
            let finding = format!("substitution “{}” in {}", sub.found, document.id);
            let Some(text) = locate(&document.id, sub.span, &finding, &mut left_out) else {
                continue;
            };
            let id = substitution_id(&document.id, sub.span);
            if !substitutions.insert(id.clone()) {
                continue; // the same word, already given with its source
            }
            let mut row = Row::new(RowKind::Substitution, id).span(sub.span, &text);
            row.document = Some(document.id.clone());
            row.relation = Some(rewrite.label.as_str().to_string());
            row.value = Some(sub.likely.clone());
            rows.push(row);
        }
    }

    for quote in &report.quotes {
        let finding = format!("quote {}", quote.id);
        let Some(text) = locate(&quote.document, quote.span, &finding, &mut left_out) else {
            continue;
        };
        let mut row = Row::new(RowKind::Quote, quote.id.clone()).span(quote.span, &text);
        row.document = Some(quote.document.clone());
        row.speaker = quote.speaker_name.clone();
        row.group = Some(quote.group.clone());
        rows.push(row);
    }

    for claim in &report.claims {
        let finding = format!("claim {}", claim.id);
        let Some(row) = claim_row(RowKind::Claim, claim.id.clone(), claim, |d, s| {
            locate(d, s, &finding, &mut left_out)
        }) else {
            continue;
        };
        rows.push(row);
    }

    let claims: HashMap<&str, &Claim> = report.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    for contradiction in &report.contradictions {
        let ids: Vec<&str> = contradiction.claims.iter().map(String::as_str).collect();
        let key: Vec<&str> = std::iter::once("contradiction").chain(ids).collect();
        let id = format!("x-{}", fingerprint(&key));
        let statement = if contradiction.statement.trim().is_empty() {
            contradiction.reason.clone()
        } else {
            contradiction.statement.clone()
        };
        for claim_id in &contradiction.claims {
            let finding = format!("contradicted claim {claim_id}");
            let Some(claim) = claims.get(claim_id.as_str()) else {
                left_out.push(LeftOut {
                    finding,
                    reason: format!("claim {claim_id} is not in the report"),
                });
                continue;
            };
            let Some(mut row) = claim_row(RowKind::Contradiction, id.clone(), claim, |d, s| {
                locate(d, s, &finding, &mut left_out)
            }) else {
                continue;
            };
            row.statement = Some(statement.clone());
            rows.push(row);
        }
    }

    for entry in &report.timeline {
        let precision = entry.precision.as_str();
        let id = format!(
            "t-{}",
            fingerprint(&["timeline", &entry.date, precision, &entry.event])
        );
        let mut row = Row::new(RowKind::Timeline, id);
        row.text = Some(entry.event.clone());
        row.date = Some(entry.date.clone());
        row.precision = Some(precision.to_string());
        row.statement = Some(entry.statement.clone()).filter(|s| !s.is_empty());
        row.support = entry.documents.clone();
        rows.push(row);
    }

    Exported {
        output: rows,
        left_out,
    }
}

/// A claim as a row of `kind`; `None` when `text_at` cannot find its span.
fn claim_row(
    kind: RowKind,
    id: String,
    claim: &Claim,
    mut text_at: impl FnMut(&str, CharSpan) -> Option<String>,
) -> Option<Row> {
    let text = text_at(&claim.document, claim.span)?;
    let mut row = Row::new(kind, id).span(claim.span, &text);
    row.document = Some(claim.document.clone());
    row.group = Some(claim.group.clone());
    row.value = match &claim.value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    };
    row.statement = Some(claim.statement.clone()).filter(|s| !s.is_empty());
    row.support = claim.support.clone();
    Some(row)
}

fn substitution_id(document: &str, span: CharSpan) -> String {
    format!(
        "s-{}",
        fingerprint(&[
            "substitution",
            document,
            &span[0].to_string(),
            &span[1].to_string()
        ])
    )
}

/// `rows` as CSV: a header line of [`COLUMNS`], then one record per row.
pub fn write_csv(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(COLUMNS)
        .map_err(ExportError::from_csv)?;
    for row in rows {
        writer
            .write_record(row.record())
            .map_err(ExportError::from_csv)?;
    }
    writer.flush()?;
    Ok(())
}

/// `rows` as JSON Lines: one object per row with every column as a key (`null` where the
/// row's kind does not fill it), each line ended by a newline.
pub fn write_jsonl(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row).map_err(ExportError::from_json)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
