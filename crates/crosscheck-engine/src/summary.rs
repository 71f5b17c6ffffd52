//! What a run did, in numbers and in one line for a person.

use crosscheck::ingest::IngestError;
use serde::Serialize;

use crate::stories::Placed;

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct RunSummary {
    /// Files opened.
    pub files: u64,
    /// Files skipped because an earlier run ingested them completely.
    pub files_already_done: u64,
    /// Bytes of input files read.
    pub bytes: u64,
    /// Articles read successfully.
    pub documents: u64,
    /// Of those, new to the store.
    pub new: u64,
    /// Of those, already in the store (same content hash).
    pub already_stored: u64,
    /// Of those, repeats of an earlier article in the same run.
    pub duplicates_in_input: u64,
    /// Inputs skipped, with reasons.
    pub skipped: Vec<SkippedInput>,
    /// Seconds taken.
    pub seconds: f64,
    /// Whether the run was interrupted (Ctrl-C) before reading everything.
    pub interrupted: bool,
    /// Derived pairs found for the new documents (incremental reuse), when that ran.
    pub reuse_pairs: Option<usize>,
    /// Translations across languages (incremental reuse), when candidates were waiting.
    pub translations: Option<TranslationRun>,
    /// Story placements of the documents without a story (when placing stories).
    pub stories: Option<Placed>,
}

/// What an ingest's cross-lingual pass did with the candidate translation pairs waiting in
/// the store (its own and those earlier runs left unverified).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TranslationRun {
    /// Translated pairs recorded.
    pub pairs: usize,
    /// Candidate pairs verified by the multilingual model.
    pub verified: usize,
    /// Candidate pairs left unverified in the store (no model, or interrupted): the next run
    /// with the model verifies them.
    pub unverified: u64,
}

/// One skipped input in the summary.
#[derive(Debug, Serialize)]
pub struct SkippedInput {
    /// File, with line or record.
    pub location: String,
    /// Why it was skipped.
    pub reason: String,
    /// The kind of problem, e.g. "malformed JSON", "truncated".
    pub kind: String,
}

impl From<&IngestError> for SkippedInput {
    fn from(err: &IngestError) -> SkippedInput {
        SkippedInput {
            location: err.location.to_string(),
            reason: err.kind.to_string(),
            kind: err.kind.class().to_string(),
        }
    }
}

impl RunSummary {
    /// Whether nothing at all could be read (the only case a run fails for bad input).
    pub fn nothing_read(&self) -> bool {
        self.documents == 0 && self.files_already_done == 0
    }

    /// The one-line summary.
    pub fn line(&self) -> String {
        let mut parts = vec![format!(
            "{} document{} from {} file{}",
            self.documents,
            plural(self.documents),
            self.files,
            plural(self.files)
        )];
        parts.push(format!(
            "{} new, {} already stored",
            self.new, self.already_stored
        ));
        if self.duplicates_in_input > 0 {
            parts.push(format!(
                "{} duplicate{} within the input",
                self.duplicates_in_input,
                plural(self.duplicates_in_input)
            ));
        }
        if self.files_already_done > 0 {
            parts.push(format!(
                "{} file{} already ingested, not re-read",
                self.files_already_done,
                plural(self.files_already_done)
            ));
        }
        parts.push(format!("{} skipped", self.skipped.len()));
        if let Some(pairs) = self.reuse_pairs {
            parts.push(format!(
                "{pairs} derived pair{} found",
                plural(pairs as u64)
            ));
        }
        if let Some(t) = self.translations {
            if t.verified > 0 {
                parts.push(format!(
                    "{} translated pair{} found",
                    t.pairs,
                    plural(t.pairs as u64)
                ));
            }
            if t.unverified > 0 {
                parts.push(format!(
                    "{} candidate translation pair{} left unverified",
                    t.unverified,
                    plural(t.unverified)
                ));
            }
        }
        if let Some(stories) = self.stories {
            parts.push(format!(
                "{} document{} placed in stories ({} joined a stored story, {} new stor{})",
                stories.documents,
                plural(stories.documents),
                stories.joined,
                stories.started,
                if stories.started == 1 { "y" } else { "ies" }
            ));
        }
        let mut line = format!("read {} in {:.1}s", parts.join("; "), self.seconds);
        if !self.skipped.is_empty() {
            let mut reasons: Vec<(String, usize)> = Vec::new();
            for s in &self.skipped {
                let key = s.kind.clone();
                match reasons.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => reasons.push((key, 1)),
                }
            }
            let reasons: Vec<String> = reasons
                .into_iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            line.push_str(&format!(" ({})", reasons.join(", ")));
        }
        if self.interrupted {
            line.push_str("; INTERRUPTED: committed work is kept, run again to resume");
        }
        line
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
