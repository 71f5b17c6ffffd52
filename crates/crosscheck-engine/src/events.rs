//! What a run tells its caller while it works: progress and skipped inputs.
//!
//! The engine never prints. A front end implements [`Events`] — a progress bar and warnings
//! on a terminal, a log line in a server, nothing in a test — and hands it to the run. Every
//! method has an empty default, so an implementation overrides only what it shows.

use crosscheck::ingest::IngestError;

/// A corpus step long enough to deserve its own progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Computing reuse fingerprints of documents read back from the store.
    Fingerprinting,
    /// Aligning candidate pairs of documents.
    AligningPairs,
    /// Reading documents back from the store for the names and numbers (anchors) that make
    /// candidate translation pairs, when the corpus has two languages or more.
    AnchoringTranslations,
    /// Verifying candidate translation pairs with the multilingual model (only when it runs):
    /// the pairs judged of all the candidates.
    VerifyingTranslations,
    /// Writing the report's documents.
    WritingReport,
    /// Linking new documents to the stored ones they copy or that copy them.
    LinkingReuse,
    /// Placing new documents in the stored stories.
    PlacingStories,
    /// [`Step::LinkingReuse`] and [`Step::PlacingStories`] at once, on two connections to a
    /// server store.
    LinkingAndPlacing,
    /// Rewrite forensics, document by document.
    Rewrite,
    /// Stories, claims, contradictions and the timeline across the run.
    Facts,
    /// Entities, quotes and speakers, and quote groups across the run.
    Quotes,
    /// [`Step::Facts`] and [`Step::Quotes`] at once (they run side by side, each one's
    /// serial parts filling the cores the other leaves idle).
    FactsAndQuotes,
    /// Rewrite forensics beside the fact stages and finding quotes (whichever of them run).
    Analyses,
    /// Sentences and report entries of the documents.
    Documents,
}

impl Step {
    /// What the step does, for a progress line.
    pub fn describe(self) -> &'static str {
        match self {
            Step::Fingerprinting => "fingerprinting documents",
            Step::AligningPairs => "aligning candidate pairs",
            Step::AnchoringTranslations => "finding candidate translations",
            Step::VerifyingTranslations => "verifying candidate translations",
            Step::WritingReport => "writing the report",
            Step::LinkingReuse => "linking reuse",
            Step::PlacingStories => "placing stories",
            Step::LinkingAndPlacing => "linking reuse and placing stories",
            Step::Rewrite => "looking for machine rewriting",
            Step::Facts => "comparing stories, claims and dates",
            Step::Quotes => "finding quotes and who said them",
            Step::FactsAndQuotes => "comparing stories, claims, dates and quotes",
            Step::Analyses => "looking for rewriting, stories, claims, dates and quotes",
            Step::Documents => "building document entries",
        }
    }
}

/// Receives a run's progress. Called from the engine's threads, hence `Sync`.
pub trait Events: Sync {
    /// Reading starts: `files` files of `bytes` bytes in all.
    fn reading(&self, _files: u64, _bytes: u64) {}
    /// One more file read, of `bytes` bytes.
    fn file_read(&self, _bytes: u64) {}
    /// An input (a file, a record, a path) was skipped; the run goes on.
    fn skipped(&self, _problem: &IngestError) {}
    /// Reading is over.
    fn reading_done(&self) {}
    /// A corpus step starts.
    fn step(&self, _step: Step) {}
    /// The current step has done `done` of `total` items.
    fn progress(&self, _done: u64, _total: u64) {}
    /// The current step is over.
    fn step_done(&self) {}
}

/// Events nobody listens to.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Events for Silent {}
