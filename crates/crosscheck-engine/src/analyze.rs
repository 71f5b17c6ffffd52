//! `analyze`: read inputs, store them, run the stages over the run's documents, and build the
//! report.
//!
//! Stages run over the documents in input order, in two waves: rewrite forensics per
//! document, the fact stages and finding quotes side by side (none needs another); then what
//! reads rewrite forensics' findings (fact entries, quotes' clean wording, reuse); then each
//! document moves into its report entry. Reuse alone can run over a corpus larger than memory: past
//! [`AnalyzeConfig::max_text_in_memory`] the run keeps only each document's key and reads
//! texts back from the store a chunk at a time, and the report's documents are streamed into
//! the JSON (the same report, byte for byte).

use std::io::Write;
use std::sync::atomic::AtomicBool;

use crosscheck::Document;
use crosscheck_store::{CorpusStore, DocumentStore};
use rayon::prelude::*;

use crate::build;
use crate::error::{EngineError, Result, StoreContext};
use crate::events::{Events, Step};
use crate::guard::guarded;
use crate::read::{read_inputs, DocRef, Keep, ReadConfig, ReadPlan};
use crate::report::{render_markdown, Report, Rewrite, Skipped};
use crate::reuse;
use crate::summary::RunSummary;

/// The analyses `analyze` can run besides reading, which always runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Reuse and provenance: who copied whom.
    Reuse,
    /// Rewrite forensics per document: spun, paraphrased, translated.
    Rewrite,
    /// Who said what: entities across spellings, quotes with speakers, quote groups.
    Quotes,
    /// Stories, claims, contradictions and the timeline.
    Facts,
}

/// Which stages a run performs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stages {
    /// Reuse and provenance.
    pub reuse: bool,
    /// Rewrite forensics.
    pub rewrite: bool,
    /// Who said what.
    pub quotes: bool,
    /// Stories, claims, contradictions, timeline.
    pub facts: bool,
    /// The optional model stages (issue #20): the language model's check of spin findings
    /// and the cross-lingual pass of reuse. They run when the binary has the `models` feature
    /// and the models are fetched; `false` (the CLI's `--no-models`) keeps them off.
    pub models: bool,
}

impl Stages {
    /// Every stage.
    pub fn all() -> Stages {
        Stages {
            reuse: true,
            rewrite: true,
            quotes: true,
            facts: true,
            models: true,
        }
    }

    /// Only `stages` (none: reading alone).
    pub fn only(stages: &[Stage]) -> Stages {
        Stages {
            reuse: stages.contains(&Stage::Reuse),
            rewrite: stages.contains(&Stage::Rewrite),
            quotes: stages.contains(&Stage::Quotes),
            facts: stages.contains(&Stage::Facts),
            models: true,
        }
    }

    /// Whether reuse is the only stage: the one that can run out of core.
    fn reuse_only(self) -> bool {
        self.reuse && !self.rewrite && !self.quotes && !self.facts
    }
}

impl Default for Stages {
    fn default() -> Stages {
        Stages::all()
    }
}

/// How to run `analyze`.
#[derive(Clone, Debug)]
pub struct AnalyzeConfig {
    /// What to read.
    pub read: ReadConfig,
    /// Which stages run.
    pub stages: Stages,
    /// With reuse as the only stage: the most document text, in bytes, held in memory. A
    /// larger corpus is read back from the store a chunk at a time.
    pub max_text_in_memory: usize,
}

impl Default for AnalyzeConfig {
    fn default() -> AnalyzeConfig {
        AnalyzeConfig {
            read: ReadConfig::default(),
            stages: Stages::all(),
            max_text_in_memory: 512 << 20,
        }
    }
}

/// The result of `analyze`: the run's summary and its report.
///
/// A report over a corpus too large for memory holds no documents; they are read back from
/// the store while [`Analysis::write_json`] streams them. Use the same store for writing as
/// for the run.
#[derive(Debug)]
pub struct Analysis {
    /// What the run read, stored and skipped.
    pub summary: RunSummary,
    /// The report; without documents when `streamed` holds them.
    pub report: Report,
    /// The documents of a streamed report, by store key, in input order.
    streamed: Vec<DocRef>,
}

impl Analysis {
    /// Whether the report's documents stay in the store until written.
    pub fn is_streamed(&self) -> bool {
        !self.streamed.is_empty()
    }

    /// Write the JSON report (REPORT.md) to `out`, pretty-printed.
    pub fn write_json<S: DocumentStore + ?Sized>(
        &self,
        store: &S,
        out: &mut dyn Write,
        events: &dyn Events,
    ) -> Result<()> {
        if self.is_streamed() {
            return reuse::stored::write_report(store, &self.streamed, &self.report, out, events);
        }
        serde_json::to_writer_pretty(out, &self.report)
            .map_err(|e| EngineError::Write(crate::report::WriteError::from(e)))
    }

    /// The Markdown brief of the report.
    pub fn markdown<S: DocumentStore + ?Sized>(&self, store: &S) -> Result<String> {
        if !self.is_streamed() {
            return Ok(render_markdown(&self.report));
        }
        let mut report = self.report.clone();
        report.documents = reuse::stored::brief_entries(store, &self.streamed)?;
        Ok(render_markdown(&report))
    }

    /// The brief as one self-contained HTML page.
    pub fn html<S: DocumentStore + ?Sized>(&self, store: &S) -> Result<String> {
        Ok(crate::report::html_page(&self.markdown(store)?))
    }
}

/// Read `config.read.inputs` into `store`, run the stages, and build the report. Stops
/// reading once `cancel` is set (the report then covers what was read).
pub fn analyze<S: CorpusStore>(
    config: &AnalyzeConfig,
    store: &mut S,
    events: &dyn Events,
    cancel: &AtomicBool,
) -> Result<Analysis> {
    let stages = config.stages;
    // Reuse alone can read a large corpus back from the store a chunk at a time; the other
    // stages compare documents across the whole run and need them in memory.
    let keep = if stages.reuse_only() {
        Keep::DocumentsWithin(config.max_text_in_memory)
    } else {
        Keep::Documents
    };
    let plan = ReadPlan {
        skip_done: false,
        keep,
    };
    let output = read_inputs(&config.read, plan, store, events, cancel)?;
    let mut report = Report::new();
    report.skipped = output
        .problems
        .iter()
        .map(|e| Skipped {
            location: e.location.to_string(),
            reason: e.kind.to_string(),
        })
        .collect();

    if !output.refs.is_empty() {
        let (reuse, note) =
            reuse::stored::reuse_entries(&*store, &output.refs, stages.models, events)?;
        report.reuse = reuse;
        report.skipped.extend(note);
        return Ok(Analysis {
            summary: output.summary,
            report,
            streamed: output.refs,
        });
    }
    fill_report(&mut report, output.documents, stages, events);
    Ok(Analysis {
        summary: output.summary,
        report,
        streamed: Vec::new(),
    })
}

/// The report over every document the store holds, in store order, without reading new
/// inputs: what `crosscheck export` and a server show for a corpus built by `ingest`.
/// Holds the documents in memory, as `analyze` does for any stage but reuse alone.
pub fn analyze_stored<S: CorpusStore + ?Sized>(
    store: &S,
    stages: Stages,
    events: &dyn Events,
) -> Result<Analysis> {
    let documents = store.documents().context("reading the stored documents")?;
    let mut report = Report::new();
    let summary = RunSummary {
        documents: documents.len() as u64,
        already_stored: documents.len() as u64,
        ..RunSummary::default()
    };
    fill_report(&mut report, documents, stages, events);
    Ok(Analysis {
        summary,
        report,
        streamed: Vec::new(),
    })
}

/// Run `stages` over `documents` (in input order, ids unique) into `report`. A stage that
/// fails on a document (a panic: a bug an input found) leaves that document's findings out
/// and says so in `report.skipped`; the other documents and stages go on.
pub(crate) fn fill_report(
    report: &mut Report,
    documents: Vec<Document>,
    stages: Stages,
    events: &dyn Events,
) {
    let mut failed: Vec<Skipped> = Vec::new();
    // Corpus stages read the documents first; then each document moves into its entry.
    // Rewrite forensics, the fact stages and finding quotes need nothing from each other, so
    // they run side by side: the serial parts of one (placing documents in stories one after
    // another, resolving entities) leave a core the others fill.
    let step = match (stages.rewrite, stages.facts, stages.quotes) {
        (false, false, false) => None,
        (true, false, false) => Some(Step::Rewrite),
        (false, true, false) => Some(Step::Facts),
        (false, false, true) => Some(Step::Quotes),
        (false, true, true) => Some(Step::FactsAndQuotes),
        (true, _, _) => Some(Step::Analyses),
    };
    if let Some(step) = step {
        events.step(step);
    }
    // Spin is checked by the language model when it is here (issue #20); the report says
    // why not when a document had findings it would have checked.
    let scorer = stages
        .rewrite
        .then(|| crate::models::spin_scorer(stages.models));
    let ((rewrites, facts), found_quotes) = rayon::join(
        || {
            rayon::join(
                || {
                    scorer.as_ref().map(|scorer| {
                        let scorer = scorer.as_ref().ok().copied();
                        documents
                            .par_iter()
                            .map(|d| guarded(|| build::rewrite_entry(d, scorer)))
                            .collect::<Vec<_>>()
                    })
                },
                || {
                    stages
                        .facts
                        .then(|| guarded(|| crosscheck_facts::analyze(&documents)))
                },
            )
        },
        || {
            stages
                .quotes
                .then(|| build::entity_and_quote_entries(&documents))
        },
    );
    if step.is_some() {
        events.step_done();
    }
    if let (Some(Err(reason)), Some(rewrites)) = (scorer, &rewrites) {
        // Said for spun documents only: a stray substitution in a clean one is not worth a
        // line in every report of a build without the models.
        let findings = rewrites.iter().any(|r| {
            r.as_ref()
                .is_ok_and(|r: &Rewrite| r.label == crosscheck_rewrite::Label::Spun)
        });
        if findings {
            failed.push(Skipped {
                location: "rewrite".into(),
                reason,
            });
        }
    }
    let rewritten: Vec<Option<&Rewrite>> = match &rewrites {
        Some(all) => all.iter().map(|r| r.as_ref().ok()).collect(),
        None => vec![None; documents.len()],
    };
    let wording = build::wording(&documents, &rewritten);
    // Then what needs rewrite forensics' findings: statements quoted as published, and who
    // copied whom (translation traces tell a translation from its original), side by side.
    let (fact_entries, reuse) = rayon::join(
        || {
            facts.map(|facts| {
                facts.and_then(|facts| guarded(|| build::fact_entries(&documents, facts, &wording)))
            })
        },
        || {
            stages.reuse.then(|| {
                let traces: Vec<bool> = rewritten
                    .iter()
                    .map(|r| r.is_some_and(|r| r.label == crosscheck_rewrite::Label::Translated))
                    .collect();
                guarded(|| {
                    reuse::in_memory_with_translations(
                        &documents,
                        Some(&traces),
                        stages.models,
                        events,
                    )
                })
            })
        },
    );
    match fact_entries {
        Some(Ok(facts)) => {
            report.stories = facts.stories;
            report.claims = facts.claims;
            report.contradictions = facts.contradictions;
            report.timeline = facts.timeline;
        }
        Some(Err(message)) => failed.push(stage_failure("facts", &message)),
        None => {}
    }
    if let Some(found) = found_quotes {
        let (entities, quotes, failures) = found.with_clean_wording(&documents, &wording);
        (report.entities, report.quotes) = (entities, quotes);
        for (doc, message) in failures {
            failed.push(document_failure(&documents[doc], "quotes", &message));
        }
    }
    match reuse {
        Some(Ok((reuse, note))) => {
            report.reuse = reuse;
            failed.extend(note);
        }
        Some(Err(message)) => {
            events.step_done();
            failed.push(stage_failure("reuse", &message));
        }
        None => {}
    }
    // A whole translation is its original's story, though it shares none of its words.
    let order: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    build::join_translated_stories(&mut report.stories, &report.reuse, &order);
    let rewrite_failures: Vec<(usize, String)> = rewrites
        .as_ref()
        .map(|all| {
            all.iter()
                .enumerate()
                .filter_map(|(n, r)| r.as_ref().err().map(|m| (n, m.clone())))
                .collect()
        })
        .unwrap_or_default();
    for (doc, message) in rewrite_failures {
        failed.push(document_failure(
            &documents[doc],
            "rewrite analysis",
            &message,
        ));
    }
    events.step(Step::Documents);
    report.documents = documents
        .into_par_iter()
        .map(build::document_entry)
        .collect();
    events.step_done();
    if let Some(rewrites) = rewrites {
        for (entry, rewrite) in report.documents.iter_mut().zip(rewrites) {
            entry.rewrite = rewrite.ok();
        }
    }
    report.skipped.extend(failed);
}

/// What the report says of one document's analysis that failed.
fn document_failure(doc: &Document, what: &str, message: &str) -> Skipped {
    Skipped {
        location: doc.source.clone(),
        reason: format!(
            "{what} of {} left out: internal error (a bug, please report it): {message}",
            doc.id
        ),
    }
}

/// What the report says of a corpus stage that failed.
fn stage_failure(stage: &str, message: &str) -> Skipped {
    Skipped {
        location: format!("{stage} stage"),
        reason: format!("left out: internal error (a bug, please report it): {message}"),
    }
}
