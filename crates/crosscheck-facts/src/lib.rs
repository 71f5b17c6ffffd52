//! Stories, time, claims, contradictions and the timeline: the corpus-level fact stages of
//! crosscheck.
//!
//! Given documents, this crate answers four questions a fact-checker asks of a pile of
//! articles: which articles report the same event ([`Story`], incrementally through
//! [`StoryIndex`]); which calendar dates each text talks about, relative dates resolved
//! against the publication date or, for an undated text, the dates its story establishes
//! ([`TimeExpr`], [`Anchor`]); which checkable statements each outlet makes, in its own voice
//! or a party's ([`Claim`], [`Attribution`]); and where the outlets agree, where they
//! disagree and in what order things happened ([`ClaimGroup`], [`Contradiction`],
//! [`TimelineEntry`]). Every finding carries byte spans ([`crosscheck::TextRange`]) into the
//! text of the document it came from, and document indices into the slice given.
//!
//! [`analyze`] runs everything; each stage is also a public function ([`cluster_stories`],
//! [`story_anchors`], [`find_times`], [`extract_claims`], [`compare_claims`],
//! [`build_timeline`]) for callers who hold some results already. The subject normaliser is
//! pluggable ([`SubjectNormalizer`]) so that resolved entities can later make "Kyiv" and "Kiev"
//! one subject term.
//!
//! ```
//! use crosscheck::ingest::{build_from_text, IngestOptions};
//!
//! let opts = IngestOptions::default();
//! let docs = vec![
//!     build_from_text("wire", "date 2022-11-11\n\nOstrava, one of four regions annexed by Ruritania in September, was handed back on Tuesday.", &opts).unwrap(),
//!     build_from_text("daily", "date 2022-11-12\n\nOstrava, one of four regions Ruritania annexed in October, was handed back on Tuesday.", &opts).unwrap(),
//! ];
//! let facts = crosscheck_facts::analyze(&docs);
//! assert_eq!(facts.stories.len(), 1);
//! // "four regions": both outlets say it.
//! let four = facts.claims.iter().find(|c| c.value_range.slice(&docs[0].text).contains("four")).unwrap();
//! assert_eq!(four.support, vec![0, 1]);
//! // September against October: a contradiction, with the documents on each side.
//! assert_eq!(facts.contradictions.len(), 1);
//! let sides: Vec<&Vec<usize>> = facts.contradictions[0].sides.iter().map(|s| &s.documents).collect();
//! assert_eq!(sides, [&vec![0], &vec![1]]);
//! // "on Tuesday" is the Tuesday before each publication date: November 8 for both.
//! let handed = facts.timeline.iter().find(|e| e.date.to_string() == "2022-11-08").unwrap();
//! assert_eq!(handed.documents, vec![0, 1]);
//! ```
#![deny(missing_docs)]

mod attribution;
mod claims;
mod compare;
mod lexicon;
pub mod statement;
mod stem;
mod stories;
mod subject;
mod time;
mod timeline;
mod tokens;

use crosscheck::{Document, TextRange};
use rayon::prelude::*;
use serde::Serialize;

pub use attribution::Attribution;
pub use claims::{
    extract_claims, Approx, Claim, ClaimKind, ClaimValue, DateValue, DocumentFacts, PlaceRelation,
    PlaceValue, Quantity, Subject,
};
pub use compare::{
    compare_claims, ClaimGroup, CompareOptions, Comparison, Contradiction, ContradictionKind,
    DocumentInfo, ValueSide,
};
pub use lexicon::{Aspect, Compass};
pub use stories::{
    cluster_stories, cluster_story_terms, clustering_scores, insert_latest, Assignment,
    ClusteringScores, ResumedStory, Story, StoryIndex, StoryOptions, StoryTerms, STORIES_PER_TERM,
    STORY_CANDIDATES, STORY_KEY_TERMS,
};
pub use subject::{DefaultNormalizer, SubjectNormalizer};
pub use time::{
    document_anchor, find_times, story_anchors, Anchor, AnchorSource, DateBounds, Precision,
    TimeExpr, TimeKind, Written,
};
pub use timeline::{build_timeline, Evidence, TimelineEntry};

/// Everything the fact stages find in a set of documents. Indices refer to the slice of
/// documents analysed; spans are byte ranges into each document's `text`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Facts {
    /// Stories, numbered by first document.
    pub stories: Vec<Story>,
    /// Per document: the index of its story.
    pub story_of: Vec<usize>,
    /// Per document: the anchor its relative dates were read against.
    pub anchors: Vec<Option<Anchor>>,
    /// Per document: its time expressions, in text order.
    pub times: Vec<Vec<TimeExpr>>,
    /// Every claim, by document and then text order, with its group and support filled.
    pub claims: Vec<Claim>,
    /// Claim groups; [`Claim::group`] indexes this.
    pub groups: Vec<ClaimGroup>,
    /// Contradictions; claims are indices into `claims`.
    pub contradictions: Vec<Contradiction>,
    /// Dated events, by story and date.
    pub timeline: Vec<TimelineEntry>,
}

/// Builds a [`FactsAnalyzer`] with non-default settings.
///
/// ```
/// let analyzer = crosscheck_facts::FactsBuilder::new().story_threshold(0.2).timeline_weeks(true).build();
/// let facts = analyzer.analyze(&[]);
/// assert!(facts.stories.is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct FactsBuilder {
    config: Config,
}

#[derive(Clone, Debug, Default)]
struct Config {
    stories: StoryOptions,
    compare: CompareOptions,
    timeline_weeks: bool,
}

impl FactsBuilder {
    /// Default settings.
    pub fn new() -> FactsBuilder {
        FactsBuilder::default()
    }

    /// Mean cosine similarity for a document to join a story. Default 0.12.
    pub fn story_threshold(&mut self, threshold: f64) -> &mut FactsBuilder {
        self.config.stories.threshold = threshold;
        self
    }

    /// Subject similarity for claims to share a group. Default 0.3.
    pub fn group_threshold(&mut self, threshold: f64) -> &mut FactsBuilder {
        self.config.compare.group_threshold = threshold;
        self
    }

    /// Subject similarity for two claims to count as contradicting. Default 0.4.
    pub fn contradiction_threshold(&mut self, threshold: f64) -> &mut FactsBuilder {
        self.config.compare.contradiction_threshold = threshold;
        self
    }

    /// Keep week-precision events ("last week") in the timeline. Default false.
    pub fn timeline_weeks(&mut self, yes: bool) -> &mut FactsBuilder {
        self.config.timeline_weeks = yes;
        self
    }

    /// The analyzer, with the default subject normaliser.
    pub fn build(&self) -> FactsAnalyzer {
        FactsAnalyzer {
            config: self.config.clone(),
            normalizer: Box::new(DefaultNormalizer),
        }
    }

    /// The analyzer, with a custom subject normaliser (e.g. one backed by resolved entities).
    pub fn build_with_normalizer(
        &self,
        normalizer: Box<dyn SubjectNormalizer + Send + Sync>,
    ) -> FactsAnalyzer {
        FactsAnalyzer {
            config: self.config.clone(),
            normalizer,
        }
    }
}

/// Runs every fact stage over a set of documents; see [`FactsBuilder`].
pub struct FactsAnalyzer {
    config: Config,
    normalizer: Box<dyn SubjectNormalizer + Send + Sync>,
}

impl std::fmt::Debug for FactsAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactsAnalyzer")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl FactsAnalyzer {
    /// Cluster `docs` into stories, then find times, claims, contradictions and the timeline.
    pub fn analyze(&self, docs: &[Document]) -> Facts {
        // Clustering is mostly serial (documents join stories one after another); the
        // per-document preparation does not need the stories and fills the other cores.
        let (stories, scans) = rayon::join(
            || cluster_stories(docs, &self.config.stories),
            || prepare(docs),
        );
        self.analyze_prepared(docs, stories, &scans)
    }

    /// Like [`FactsAnalyzer::analyze`] with stories decided by the caller (e.g. read back from
    /// a [`StoryIndex`]). Every document must be in exactly one story; documents in none are
    /// treated as stories of their own.
    pub fn analyze_stories(&self, docs: &[Document], stories: Vec<Story>) -> Facts {
        let scans = prepare(docs);
        self.analyze_prepared(docs, stories, &scans)
    }

    fn analyze_prepared(
        &self,
        docs: &[Document],
        mut stories: Vec<Story>,
        scans: &[(Vec<time::RawTime>, Vec<TextRange>)],
    ) -> Facts {
        let mut story_of = vec![usize::MAX; docs.len()];
        for (si, s) in stories.iter().enumerate() {
            for &d in &s.documents {
                if let Some(slot) = story_of.get_mut(d) {
                    *slot = si;
                }
            }
        }
        for d in 0..docs.len() {
            if story_of[d] == usize::MAX {
                story_of[d] = stories.len();
                stories.push(Story {
                    id: format!("s{}", stories.len() + 1),
                    title: docs[d]
                        .meta
                        .title
                        .as_ref()
                        .map_or_else(|| docs[d].id.clone(), |t| t.value.clone()),
                    documents: vec![d],
                    central: d,
                });
            }
        }
        // Anchors per story.
        let mut anchors: Vec<Option<Anchor>> = vec![None; docs.len()];
        for s in &stories {
            let inputs: Vec<time::AnchorInput<'_>> = s
                .documents
                .iter()
                .map(|&d| time::AnchorInput {
                    document: d,
                    published: docs[d].meta.published.as_ref().map(|p| p.value),
                    raw: &scans[d].0,
                    spans: &scans[d].1,
                })
                .collect();
            for (&d, a) in s.documents.iter().zip(time::anchors_for(&inputs)) {
                anchors[d] = a;
            }
        }
        let normalizer: &(dyn SubjectNormalizer + Send + Sync) = self.normalizer.as_ref();
        let per_doc: Vec<DocumentFacts> = (0..docs.len())
            .into_par_iter()
            .map(|d| {
                claims::extract_prepared(
                    &docs[d].id,
                    &tokens::Prepared::new(&docs[d].text, docs[d].language()),
                    &scans[d].0,
                    d,
                    anchors[d],
                    normalizer,
                )
            })
            .collect();
        let mut times = Vec::with_capacity(docs.len());
        let mut all_claims = Vec::new();
        for f in per_doc {
            times.push(f.times);
            all_claims.extend(f.claims);
        }
        let infos: Vec<DocumentInfo> = docs
            .iter()
            .enumerate()
            .map(|(d, doc)| DocumentInfo {
                id: doc.id.clone(),
                outlet: doc.outlet().map(str::to_string),
                story: Some(story_of[d]),
                day: anchors[d].map(|a| a.date),
            })
            .collect();
        let comparison = compare_claims(&mut all_claims, &infos, &self.config.compare);
        let timeline = build_timeline(&all_claims, &times, &comparison, self.config.timeline_weeks);
        Facts {
            stories,
            story_of,
            anchors,
            times,
            claims: all_claims,
            groups: comparison.groups,
            contradictions: comparison.contradictions,
            timeline,
        }
    }
}

/// Per document (in parallel, order kept): time expressions and their text ranges. The
/// tokens are not kept: a document's claims are read after stories and anchors are known,
/// from tokens made again then (holding every document's tokens until then took most of a
/// 100k-document run's memory).
fn prepare(docs: &[Document]) -> Vec<(Vec<time::RawTime>, Vec<TextRange>)> {
    docs.par_iter()
        .map(|d| time::scan_with_spans(&tokens::Prepared::new(&d.text, d.language())))
        .collect()
}

/// Run every fact stage with default settings; see [`FactsBuilder`] for others.
pub fn analyze(docs: &[Document]) -> Facts {
    FactsBuilder::new().build().analyze(docs)
}
