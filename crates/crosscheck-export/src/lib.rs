//! Exports: the crosscheck report's findings in formats other tools already read.
//!
//! The JSON report ([`Report`]) is crosscheck's own contract. Fact-checkers work in other
//! tools, so this crate writes the same findings four ways, each from one [`Report`] and each
//! deterministic (no timestamps; ids are hashes of what a finding is):
//!
//! - [`annotations`]: a W3C Web Annotation collection (JSON-LD). Each reused passage, each
//!   substituted word, each quote and each side of a contradiction becomes an [`Annotation`]
//!   whose target names the document and both a `TextQuoteSelector` and a
//!   `TextPositionSelector` (character offsets into the document's clean `text`), so that
//!   annotation tools can anchor it.
//! - [`claim_reviews`]: schema.org `ClaimReview` drafts ([`ClaimReview`]), one per
//!   contradiction and one per claim stated by two documents or more. crosscheck never gives a
//!   verdict: the rating, the review's `url` and (without a [`Reviewer`]) the author are left
//!   as empty strings for a person to fill in.
//! - [`write_csv`] and [`write_jsonl`]: one flat table of [`Row`]s ([`rows`]), a `kind`
//!   column telling what each row is, for spreadsheets and scripts.
//!
//! [`export`] picks a format and writes it. A finding whose span does not fit its document is
//! left out and named in [`Summary::left_out`] rather than failing the export.
//!
//! ```
//! use crosscheck_engine::report::{DocumentEntry, Quote, Report};
//! use crosscheck_export::{export, ExportOptions, Format};
//!
//! let mut report = Report::new();
//! report.documents.push(DocumentEntry {
//!     id: "wire".to_string(),
//!     text: "“We will rebuild,” the mayor said.".to_string(),
//!     ..DocumentEntry::default()
//! });
//! report.quotes.push(Quote {
//!     id: "q1".to_string(),
//!     document: "wire".to_string(),
//!     span: [1, 16],
//!     text: "We will rebuild".to_string(),
//!     speaker_name: Some("Ana Ruiz".to_string()),
//!     ..Quote::default()
//! });
//! let mut out = Vec::new();
//! let summary = export(&report, Format::Annotations, &ExportOptions::default(), &mut out)?;
//! assert_eq!(summary.items, 1);
//! let json: serde_json::Value = serde_json::from_slice(&out)?;
//! let target = &json["first"]["items"][0]["target"];
//! assert_eq!(target["selector"][0]["exact"], "We will rebuild");
//! assert_eq!(target["selector"][1]["start"], 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod annotations;
mod claimreview;
mod error;
mod table;
mod text;

use std::io::Write;

pub use crosscheck_engine::Report;

pub use annotations::{
    annotations, Annotation, AnnotationCollection, AnnotationPage, Body, Generator, Motivation,
    Selector, SpecificResource, TextualBody, ANNOTATION_CONTEXT,
};
pub use claimreview::{
    claim_reviews, ClaimReview, CreativeWork, Organization, Rating, ReviewedClaim, Reviewer,
    SCHEMA_ORG_CONTEXT,
};
pub use error::{ExportError, Result};
pub use table::{rows, write_csv, write_jsonl, Row, RowKind, COLUMNS};

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// W3C Web Annotation collection, JSON-LD ([`annotations`]).
    Annotations,
    /// schema.org ClaimReview drafts, a JSON-LD array ([`claim_reviews`]).
    ClaimReview,
    /// One CSV table ([`write_csv`]).
    Csv,
    /// One JSON object per line ([`write_jsonl`]).
    Jsonl,
}

/// What an export needs besides the report.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Who reviews the claims: the ClaimReview `author`. Default: none, and the author's
    /// name is left empty for a person to fill in.
    pub reviewer: Option<Reviewer>,
}

/// A finding an export left out, and why (a span outside its document, an unknown id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The finding, for a person ("quote q-3", "reuse passage of b from a").
    pub finding: String,
    /// Why it was left out.
    pub reason: String,
}

/// An export's product and the findings it left out.
#[derive(Clone, Debug)]
pub struct Exported<T> {
    /// What was exported.
    pub output: T,
    /// Findings left out, in report order.
    pub left_out: Vec<LeftOut>,
}

/// What [`export`] wrote.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Items written: annotations, ClaimReview drafts or table rows.
    pub items: usize,
    /// Findings left out.
    pub left_out: Vec<LeftOut>,
    /// Fields written empty for a person to fill in before publishing (ClaimReview only),
    /// by their JSON path, e.g. `reviewRating.alternateName`.
    pub to_fill: Vec<&'static str>,
}

/// Write `report` to `out` as `format`. JSON formats are pretty-printed without a final
/// newline; CSV and JSON Lines end every line with one.
pub fn export(
    report: &Report,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<Summary> {
    match format {
        Format::Annotations => {
            let exported = annotations(report);
            write_json(out, &exported.output)?;
            Ok(Summary {
                items: exported.output.total,
                left_out: exported.left_out,
                to_fill: Vec::new(),
            })
        }
        Format::ClaimReview => {
            let exported = claim_reviews(report, options.reviewer.as_ref());
            write_json(out, &exported.output)?;
            let to_fill = if exported.output.is_empty() {
                Vec::new()
            } else {
                claimreview::to_fill(options.reviewer.as_ref())
            };
            Ok(Summary {
                items: exported.output.len(),
                left_out: exported.left_out,
                to_fill,
            })
        }
        Format::Csv | Format::Jsonl => {
            let exported = rows(report);
            if format == Format::Csv {
                write_csv(&exported.output, out)?;
            } else {
                write_jsonl(&exported.output, out)?;
            }
            Ok(Summary {
                items: exported.output.len(),
                left_out: exported.left_out,
                to_fill: Vec::new(),
            })
        }
    }
}

/// `value` as pretty JSON.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(out, value).map_err(ExportError::from_json)
}
