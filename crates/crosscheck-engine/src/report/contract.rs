//! The report's types, field for field as REPORT.md specifies them.

use serde::{Deserialize, Serialize};

use crosscheck_entities::EntityKind;
use crosscheck_facts::{ClaimKind, Precision};
use crosscheck_reuse::{DirectionEvidence, Extent, Relation};
use crosscheck_rewrite::{EvidenceKind, Label};

/// The report schema this code writes; bump when a field's meaning changes.
pub const SCHEMA: &str = "crosscheck.report/2";

/// A `[start, end)` pair of character offsets into one document's `text`.
pub type CharSpan = [usize; 2];

/// The whole report.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Every document of the run, in input order.
    pub documents: Vec<DocumentEntry>,
    /// Documents grouped by real-world event.
    pub stories: Vec<Story>,
    /// Derived pairs: who copied whom.
    pub reuse: Vec<ReuseEntry>,
    /// Canonical entities with their spelling variants.
    pub entities: Vec<Entity>,
    /// Direct quotes with speakers, grouped across documents.
    pub quotes: Vec<Quote>,
    /// Checkable statements, grouped by what they are about.
    pub claims: Vec<Claim>,
    /// Claims that cannot all be true.
    pub contradictions: Vec<Contradiction>,
    /// Dated events.
    pub timeline: Vec<TimelineEntry>,
    /// Inputs skipped, with the reason (an addition to the contract, for scripts).
    pub skipped: Vec<Skipped>,
}

/// One document as the report shows it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DocumentEntry {
    /// File name without extension, or the record's id.
    pub id: String,
    /// Path or URL it came from.
    pub source: String,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Author names.
    pub bylines: Vec<String>,
    /// Place line, e.g. "KHERSON, Ukraine".
    pub dateline: Option<String>,
    /// ISO 639-1 language code (`und` when undetermined).
    pub language: String,
    /// Headline.
    pub title: Option<String>,
    /// Clean body text; every span of this document indexes into it.
    pub text: String,
    /// Machine-rewriting traces; `null` until that analysis runs.
    pub rewrite: Option<Rewrite>,
    /// Credit lines removed from the body ("With EFE and Reuters").
    pub credits: Vec<String>,
    /// Sentence spans (character offsets).
    pub sentences: Vec<CharSpan>,
    /// The document's content hash (its key in the store).
    pub hash: String,
    /// Publication URL, when known.
    pub url: Option<String>,
}

/// Rewrite forensics for one document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Rewrite {
    /// `original`, `spun`, `paraphrased` or `translated`.
    pub label: Label,
    /// 0..1, how strongly the text shows machine rewriting.
    pub score: f64,
    /// Suspect words with their likely original.
    pub substitutions: Vec<Substitution>,
    /// Concrete traces behind a `translated` or `paraphrased` label.
    pub evidence: Vec<RewriteEvidence>,
}

/// A trace of translation or paraphrase in a document.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RewriteEvidence {
    /// Where the trace is.
    pub span: CharSpan,
    /// `translation` or `paraphrase`.
    pub kind: EvidenceKind,
    /// What the trace is, for a person.
    pub note: String,
}

/// A suspect word in a document and what it most likely replaced.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Substitution {
    /// Where the word is.
    pub span: CharSpan,
    /// The word as found.
    pub found: String,
    /// The likely original.
    pub likely: String,
}

/// Documents about one real-world event.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Story {
    /// Stable id.
    pub id: String,
    /// Short neutral title.
    pub title: String,
    /// Member document ids.
    pub documents: Vec<String>,
}

/// One derived pair.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReuseEntry {
    /// The earlier / original document id.
    pub source: String,
    /// The derived document id.
    pub target: String,
    /// `verbatim`, `edited`, `spun`, `paraphrased` or `translated`.
    pub relation: Relation,
    /// 0..1.
    pub similarity: f64,
    /// Aligned passages.
    pub passages: Vec<Passage>,
    /// Word substitutions seen in the alignment.
    pub substitutions: Vec<ReuseSubstitution>,
    /// `full` (most of both texts) or `partial` (an excerpt, or a story inside a longer one).
    pub extent: Extent,
    /// What decided which text is the source: `publication_date`, `rewrite_traces`,
    /// `credit`, `furniture_around`, `copied_whole` or `undetermined` (`containment` only
    /// in pairs stored by earlier versions).
    pub direction: DirectionEvidence,
    /// The root original of this pair's cluster of copies.
    pub root: String,
    /// Share of the target's text its passages cover, 0..1: how much of the copy was cut
    /// and pasted (schema 2).
    #[serde(default)]
    pub copied_share: f64,
}

/// An aligned pair of spans.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Passage {
    /// Span in the source document.
    pub source: CharSpan,
    /// Span in the target document.
    pub target: CharSpan,
}

/// A substituted word in a reuse alignment.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReuseSubstitution {
    /// Span in the target.
    pub target: CharSpan,
    /// The word in the target.
    pub found: String,
    /// The word in the source.
    pub original: String,
}

/// A canonical entity.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `person`, `place`, `organization` or `other`.
    pub kind: EntityKind,
    /// Every spelling seen.
    pub variants: Vec<String>,
    /// Where it is mentioned.
    pub mentions: Vec<Mention>,
}

/// A span in a named document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Mention {
    /// Document id.
    pub document: String,
    /// Character span.
    pub span: CharSpan,
}

/// A direct quote.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Quote {
    /// Stable id.
    pub id: String,
    /// Document id.
    pub document: String,
    /// Character span of the quoted words.
    pub span: CharSpan,
    /// The quoted words without quote marks.
    pub text: String,
    /// Speaker entity id.
    pub speaker: Option<String>,
    /// Speaker name as resolved.
    pub speaker_name: Option<String>,
    /// Same value for the same statement across documents.
    pub group: String,
    /// Words that differ from the other members of the group.
    pub drift: Vec<String>,
    /// When the document's wording is machine-rewritten (spun, paraphrased or translated): the
    /// same statement in the cleanest wording at hand, so that no one is shown saying a
    /// machine's words — another outlet's version from the quote group, else this text with
    /// its substituted words put back. `None` when the wording is the outlet's own (schema 2).
    #[serde(default)]
    pub clean_text: Option<String>,
    /// Where `clean_text` comes from: the id of the quote it is, or `"restored"` (schema 2).
    #[serde(default)]
    pub clean_source: Option<String>,
}

/// A checkable statement.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claim {
    /// Stable id.
    pub id: String,
    /// Document id.
    pub document: String,
    /// Character span.
    pub span: CharSpan,
    /// The claim's text.
    pub text: String,
    /// `number`, `date`, `place`, `event` or `other`.
    pub kind: ClaimKind,
    /// Normalised subject.
    pub subject: String,
    /// The value stated.
    pub value: serde_json::Value,
    /// Same value for claims about the same thing.
    pub group: String,
    /// Documents that state the same.
    pub support: Vec<String>,
    /// What is claimed, in one plain sentence (schema 2).
    #[serde(default)]
    pub statement: String,
}

/// Claims that cannot all be true.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Contradiction {
    /// Claim ids.
    pub claims: Vec<String>,
    /// Why they conflict, for a person.
    pub reason: String,
    /// What the sources disagree on, in one plain sentence naming each side (schema 2).
    #[serde(default)]
    pub statement: String,
}

/// A dated event.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `day`, `week`, `month` or `year`.
    pub precision: Precision,
    /// What happened.
    pub event: String,
    /// Supporting documents.
    pub documents: Vec<String>,
    /// Spans that support it.
    pub evidence: Vec<Mention>,
    /// What happened, in one plain sentence with the date as precise as known (schema 2).
    #[serde(default)]
    pub statement: String,
}

/// An input that was skipped.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Skipped {
    /// File, with line or record where it applies.
    pub location: String,
    /// Why.
    pub reason: String,
}

impl Report {
    /// An empty report with the schema set.
    pub fn new() -> Report {
        Report {
            schema: SCHEMA.to_string(),
            ..Report::default()
        }
    }
}
