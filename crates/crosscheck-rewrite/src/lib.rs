//! Rewrite forensics: was this article machine-rewritten, how strongly, and where?
//!
//! Content farms republish news through article spinners (word-for-word synonym swaps),
//! paraphrasing tools and machine translation, and the original is often not at hand. This
//! crate looks at one document's clean text on its own and answers with a [`RewriteAnalysis`]:
//! a [`Label`], a `score` in `0..=1`, the [`Substitution`]s a spinner most likely made (the word
//! found and the word that likely stood there), and the [`Evidence`] behind a `translated`
//! label. It is a pure function of the text: no source text, no network, no model download.
//!
//! - **Spin** is found with a noisy-channel decoder over real English statistics: Google Books
//!   word and word-pair counts tell how well each word fits its neighbours, WordNet tells which
//!   words a thesaurus-driven spinner could have swapped in. "successful the region" becomes
//!   "in the region", "astatine a meeting" becomes "at a meeting", because the found word fits
//!   its context far worse than a synonym from another sense of the same entry.
//! - **Translation** is reported only from concrete traces (another language's transliteration
//!   of a name, a foreign-language wire credit), never from style.
//!
//! [`analyze`] uses the default [`Analyzer`]; build one with [`AnalyzerBuilder`] to change the
//! thresholds.
//!
//! ```
//! use crosscheck_rewrite::{analyze, Label};
//!
//! let spun = "Russian troops successful the region volition retreat from the westbound \
//!             slope of the river. The bid came astatine a gathering successful Moscow, and \
//!             helium said connected Tuesday that the army would not beryllium defeated.";
//! let report = analyze(spun);
//! assert_eq!(report.label, Label::Spun);
//! let restored: Vec<(&str, &str)> = report
//!     .substitutions
//!     .iter()
//!     .map(|s| (s.found.as_str(), s.likely.as_str()))
//!     .collect();
//! assert!(restored.contains(&("astatine", "at")));
//! assert!(restored.contains(&("volition", "will")));
//! assert!(restored.contains(&("helium", "he")));
//!
//! let clean = "Russian troops in the region will retreat from the west bank of the river.";
//! assert_eq!(analyze(clean).label, Label::Original);
//! ```
//!
//! # Score calibration
//!
//! The decoder's prior is [`DEFAULT_PRIOR`] (one replaced word in about 330); a given swap of
//! an original with `d` thesaurus synonyms has probability `prior · d^-w`, with `w` =
//! [`DEFAULT_FANOUT_WEIGHT`] (1: the spinner picks uniformly), and a word is reported when
//! the reading with the change is at least [`DEFAULT_MIN_MARGIN`] nats more likely than the
//! best reading without it. These were tuned on the development part of the tortured-phrase
//! benchmark under the constraint of at most one report per 10,000 words of clean news
//! (Reuters-21578 and BBC News give 0.77; see BENCHMARKS.md for the trade-off) and of no
//! report on the clean seed articles.
//!
//! The document score maps the density `d` of first-pass reports per 100 scored words to
//! `d / (d + 1)`: clean articles score near 0 (the four non-spun seed articles score 0), one
//! report per 100 words scores 0.5. A document is labelled `spun` when that score reaches 0.5
//! with at least three reports. The decoder then runs a second time with the prior set to six
//! times the measured density (capped at 0.3) and no margin, i.e. the maximum a posteriori
//! reading under the spin rate this document shows; that restores the content words a
//! spinner swapped, which a clean-text prior leaves alone, and the score of a spun document
//! reads the second pass's density instead (the seed article 001: 0.93).
//!
//! A `translated` label scores 0.5 for one trace and rises towards 0.75 with more: traces of
//! translation are weaker evidence of machine rewriting than spin. No rule yields
//! `paraphrased` yet: no trace of a paraphrasing tool has been found that clean reporting
//! does not also show, and style alone is never evidence.
#![deny(missing_docs)]

mod error;
mod lead;
mod model;
mod scorer;
mod spin;
mod translation;
mod verify;
mod words;

use crosscheck::{Ranged, TextRange};
use serde::{Deserialize, Serialize};

pub use error::{Error, Result};
pub use scorer::{ContextScorer, ScoreError};

/// Default prior probability that a word of the text was put there by a spinner.
pub const DEFAULT_PRIOR: f32 = 3.0e-3;
/// Default smallest log-odds (nats) at which a substitution is reported.
pub const DEFAULT_MIN_MARGIN: f32 = 2.5;
/// Default weight of the thesaurus fan-out in the cost of a substitution.
pub const DEFAULT_FANOUT_WEIGHT: f32 = 1.0;
/// Default number of thesaurus candidates read per word.
pub const DEFAULT_MAX_CANDIDATES: usize = 64;
/// Default context-model gain (nats, plus the weighted decoder margin) at which a proposed
/// change is kept by [`Analyzer::analyze_with`].
pub const DEFAULT_CONTEXT_MIN_GAIN: f32 = 10.0;
/// Default threshold of [`DEFAULT_CONTEXT_MIN_GAIN`]'s kind in a document the word statistics
/// find spun: lower by about the log of the prior odds between the two decodes (a swap is
/// about a hundred times likelier there, `ln 100` ≈ 4.6 nats). Chosen on the dev spun copies
/// of the clean sample, with the readings to a fixed point: the value that maximises swaps
/// found less twice the other words changed (BENCHMARKS.md, #20).
pub const DEFAULT_CONTEXT_SPUN_MIN_GAIN: f32 = 4.0;
/// Default weight of the decoder's margin added to the context-model gain.
pub const DEFAULT_CONTEXT_MARGIN_WEIGHT: f32 = 0.5;
/// Default weight of the unigram frequency difference taken off the context-model gain: a
/// language model prefers a frequent word anywhere ("good" over "salutary"), and a spinner's
/// tell is a word unlikely *in its context*, not a rare word.
pub const DEFAULT_CONTEXT_FREQUENCY_WEIGHT: f32 = 0.5;
/// Default prior of the loose decode that proposes changes for the context model to check.
pub const DEFAULT_CONTEXT_PRIOR: f32 = 3.0e-2;
/// Default smallest decoder margin (nats) of a proposal sent to the context model.
pub const DEFAULT_CONTEXT_MIN_MARGIN: f32 = 0.0;

/// What the wording of a document shows about machine rewriting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// No trace of machine rewriting.
    #[default]
    Original,
    /// Word-for-word synonym substitution by an article spinner.
    Spun,
    /// Sentence-level rewording by a paraphrasing tool. Part of the report contract; not
    /// produced yet (see the crate docs).
    Paraphrased,
    /// Translated from another language.
    Translated,
}

impl Label {
    /// The label as the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Original => "original",
            Label::Spun => "spun",
            Label::Paraphrased => "paraphrased",
            Label::Translated => "translated",
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word a spinner most likely put in, and the word that likely stood there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Substitution {
    /// Where the found word is (byte offsets into the analysed text).
    pub range: TextRange,
    /// The word as written in the text.
    pub found: String,
    /// The likely original word, capitalised like `found`.
    pub likely: String,
    /// Log-odds (nats) of the reading with `likely` over the best reading keeping `found`,
    /// by the word statistics; at least the analyzer's minimum margin, except for a change a
    /// context model confirmed (`context_gain` is set), where it may be lower or negative.
    pub margin: f32,
    /// How many nats more likely a context model read the window around the word with
    /// `likely` than as written; `None` when no context model ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_gain: Option<f32>,
}

/// Whether a context model checked the spin findings of a document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "status")]
pub enum ContextCheck {
    /// No context model ran: the findings are the word statistics' alone.
    #[default]
    Skipped,
    /// A context model checked `checked` proposed changes and kept those in `substitutions`.
    Verified {
        /// Proposed changes it scored.
        checked: usize,
    },
    /// The context model failed; the findings are the word statistics' alone.
    Failed {
        /// The model's error.
        message: String,
    },
}

impl Ranged for Substitution {
    fn range(&self) -> TextRange {
        self.range
    }
}

const PASS2_FACTOR: f32 = 6.0;
const PASS2_MARGIN: f32 = 0.0;

/// Default share of a spun document's words the context model's own reading may propose
/// ([`AnalyzerBuilder::context_lead_rate`]). A cost setting: the check of a spun document
/// grows with it (BENCHMARKS.md, #20, has the times).
pub const DEFAULT_CONTEXT_LEAD_RATE: f32 = 0.2;
/// Default largest `ln P_model(word | text before) - ln P(word)` (nats) of a model-led
/// proposal ([`AnalyzerBuilder::context_lead_max_fit`]).
pub const DEFAULT_CONTEXT_LEAD_MAX_FIT: f32 = 10.0;
/// Default nats added to the context check's threshold for a model-led proposal
/// ([`AnalyzerBuilder::context_lead_extra_gain`]).
pub const DEFAULT_CONTEXT_LEAD_EXTRA_GAIN: f32 = 1.5;

/// Default most readings of the proposals in a document found spun
/// ([`AnalyzerBuilder::context_spun_rounds`]): a bound, the readings stop as soon as no
/// decision changes.
pub const DEFAULT_CONTEXT_SPUN_ROUNDS: usize = 8;
/// Default words of right context of a window in a document found spun
/// ([`AnalyzerBuilder::context_spun_right_words`]).
pub const DEFAULT_CONTEXT_SPUN_RIGHT_WORDS: usize = 5;

/// Default nats a change's threshold drops when another occurrence of the same word is changed
/// to the same original, in a document found spun
/// ([`AnalyzerBuilder::context_spun_repeat_bonus`]). One value tried, on spun copies with a
/// consistent spinner (BENCHMARKS.md, #20); not tuned.
pub const DEFAULT_CONTEXT_SPUN_REPEAT_BONUS: f32 = 2.0;

/// Default candidates of each word read together in the joint check of two adjacent
/// proposals, in a document found spun ([`AnalyzerBuilder::context_spun_joint`]): 0, off.
/// With 3 the dev spun copies gained 2 swaps found of 291 for about 30% more CPU time, and
/// seed 001 none (BENCHMARKS.md, #20), so it is an option.
pub const DEFAULT_CONTEXT_SPUN_JOINT: usize = 0;

/// Default originals two thesaurus links away read per proposed word in a document found spun
/// ([`AnalyzerBuilder::context_spun_far`]). One value tried (BENCHMARKS.md, #20).
pub const DEFAULT_CONTEXT_SPUN_FAR: usize = 2;
/// Default nats taken off the gain of an original two thesaurus links away
/// ([`AnalyzerBuilder::context_spun_far_cost`]): 2 to 5 read the same on the dev spun copies
/// within a swap or two (BENCHMARKS.md, #20); the lowest.
pub const DEFAULT_CONTEXT_SPUN_FAR_COST: f32 = 2.0;

/// What kind of rewriting a piece of [`Evidence`] points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// A trace of translation from another language.
    Translation,
    /// A trace of a paraphrasing tool.
    Paraphrase,
}

impl EvidenceKind {
    /// The report's name for the kind (the same string serde writes).
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Translation => "translation",
            EvidenceKind::Paraphrase => "paraphrase",
        }
    }
}

/// A concrete trace of translation or paraphrase, with the span it was found at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Where the trace is (byte offsets into the analysed text).
    pub range: TextRange,
    /// What it points to.
    pub kind: EvidenceKind,
    /// Why it is evidence, for a reader.
    pub note: String,
}

impl Ranged for Evidence {
    fn range(&self) -> TextRange {
        self.range
    }
}

/// The rewrite analysis of one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RewriteAnalysis {
    /// The verdict.
    pub label: Label,
    /// How strongly the text shows machine rewriting, `0..=1` (see the crate docs).
    pub score: f32,
    /// Words a spinner most likely put in, in text order. May be non-empty for an `original`
    /// document: a stray phrase is reported even when it does not make the text spun.
    pub substitutions: Vec<Substitution>,
    /// Evidence for a `translated` or `paraphrased` label, in text order.
    pub evidence: Vec<Evidence>,
    /// Number of words the spin decoder could score (known English words).
    pub words_scored: usize,
    /// Whether a context model checked the spin findings.
    #[serde(default)]
    pub context: ContextCheck,
}

/// Analyzes documents for machine rewriting; cheap to copy, shares the embedded data.
#[derive(Clone, Copy, Debug)]
pub struct Analyzer {
    model: &'static model::Model,
    prior: f32,
    min_margin: f32,
    unseen_share: f32,
    fanout_weight: f32,
    max_candidates: usize,
    verify: verify::VerifyParams,
}

/// Builds an [`Analyzer`] with non-default thresholds.
#[derive(Clone, Debug)]
pub struct AnalyzerBuilder {
    prior: f32,
    min_margin: f32,
    unseen_share: f32,
    fanout_weight: f32,
    max_candidates: usize,
    verify: verify::VerifyParams,
}

impl Default for AnalyzerBuilder {
    fn default() -> Self {
        AnalyzerBuilder {
            prior: DEFAULT_PRIOR,
            min_margin: DEFAULT_MIN_MARGIN,
            unseen_share: 0.5,
            fanout_weight: DEFAULT_FANOUT_WEIGHT,
            max_candidates: DEFAULT_MAX_CANDIDATES,
            verify: verify::VerifyParams {
                min_gain: DEFAULT_CONTEXT_MIN_GAIN,
                spun_min_gain: DEFAULT_CONTEXT_SPUN_MIN_GAIN,
                margin_weight: DEFAULT_CONTEXT_MARGIN_WEIGHT,
                frequency_weight: DEFAULT_CONTEXT_FREQUENCY_WEIGHT,
                prior: DEFAULT_CONTEXT_PRIOR,
                min_margin: DEFAULT_CONTEXT_MIN_MARGIN,
                spun_min_margin: -2.0,
                candidates: 3,
                lead: lead::LeadParams {
                    rate: DEFAULT_CONTEXT_LEAD_RATE,
                    clean_rate: 0.0,
                    max_fit: DEFAULT_CONTEXT_LEAD_MAX_FIT,
                    extra_gain: DEFAULT_CONTEXT_LEAD_EXTRA_GAIN,
                },
                spun_rounds: DEFAULT_CONTEXT_SPUN_ROUNDS,
                spun_right_words: DEFAULT_CONTEXT_SPUN_RIGHT_WORDS,
                spun_repeat_bonus: DEFAULT_CONTEXT_SPUN_REPEAT_BONUS,
                spun_start_from_statistics: true,
                spun_joint: DEFAULT_CONTEXT_SPUN_JOINT,
                spun_far: DEFAULT_CONTEXT_SPUN_FAR,
                spun_far_cost: DEFAULT_CONTEXT_SPUN_FAR_COST,
            },
        }
    }
}

impl AnalyzerBuilder {
    /// A builder with the default settings.
    pub fn new() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// Prior probability that a word was replaced by a spinner, in `(0, 1)`. Default
    /// [`DEFAULT_PRIOR`]. Higher finds more and reports more false substitutions.
    pub fn prior(&mut self, prior: f32) -> &mut AnalyzerBuilder {
        self.prior = prior.clamp(1e-9, 0.5);
        self
    }

    /// Smallest log-odds (nats) at which a substitution is reported. Default
    /// [`DEFAULT_MIN_MARGIN`].
    pub fn min_margin(&mut self, margin: f32) -> &mut AnalyzerBuilder {
        self.min_margin = margin;
        self
    }

    /// For a word pair missing from the bigram list, the share of the list's count threshold
    /// assumed as its count, in `(0, 1]`. Default 0.5. Lower makes unlisted pairs count as
    /// stronger evidence.
    pub fn unseen_share(&mut self, share: f32) -> &mut AnalyzerBuilder {
        self.unseen_share = share.clamp(1e-6, 1.0);
        self
    }

    /// Weight of `ln d` in the cost of a substitution, where `d` is the number of thesaurus
    /// synonyms of the original; in `[0, 1]`. Default [`DEFAULT_FANOUT_WEIGHT`]. 1 models a
    /// spinner choosing uniformly among them; lower lets broad thesaurus entries compete.
    pub fn fanout_weight(&mut self, weight: f32) -> &mut AnalyzerBuilder {
        self.fanout_weight = weight.clamp(0.0, 1.0);
        self
    }

    /// Thesaurus candidates read per word, most frequent first. Default
    /// [`DEFAULT_MAX_CANDIDATES`]. More finds more swaps, costs speed and reports more false
    /// substitutions.
    pub fn max_candidates(&mut self, n: usize) -> &mut AnalyzerBuilder {
        self.max_candidates = n.max(1);
        self
    }

    /// With a context model ([`Analyzer::analyze_with`]): the gain (nats, plus the weighted
    /// decoder margin) at which a proposed change is kept. Default
    /// [`DEFAULT_CONTEXT_MIN_GAIN`]; lower finds more and reports more false substitutions.
    pub fn context_min_gain(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.min_gain = nats;
        self
    }

    /// With a context model: [`AnalyzerBuilder::context_min_gain`] in a document the word
    /// statistics find spun. Default [`DEFAULT_CONTEXT_SPUN_MIN_GAIN`].
    pub fn context_spun_min_gain(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.spun_min_gain = nats;
        self
    }

    /// With a context model: the weight of `ln P(original) - ln P(found)` (unigram) taken off
    /// the model's gain. Default [`DEFAULT_CONTEXT_FREQUENCY_WEIGHT`].
    pub fn context_frequency_weight(&mut self, weight: f32) -> &mut AnalyzerBuilder {
        self.verify.frequency_weight = weight.max(0.0);
        self
    }

    /// With a context model: the weight of the decoder's margin added to the model's gain.
    /// Default [`DEFAULT_CONTEXT_MARGIN_WEIGHT`]; 0 lets the model decide alone.
    pub fn context_margin_weight(&mut self, weight: f32) -> &mut AnalyzerBuilder {
        self.verify.margin_weight = weight.max(0.0);
        self
    }

    /// With a context model: the prior of the loose decode that proposes changes in a document
    /// the word statistics do not find spun. Default [`DEFAULT_CONTEXT_PRIOR`]; higher checks
    /// more words (slower).
    pub fn context_prior(&mut self, prior: f32) -> &mut AnalyzerBuilder {
        self.verify.prior = prior.clamp(1e-9, 0.5);
        self
    }

    /// With a context model: the smallest decoder margin (nats) of a proposal it checks in a
    /// document not found spun. Default [`DEFAULT_CONTEXT_MIN_MARGIN`]; lower checks more
    /// words (slower).
    pub fn context_min_margin(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.min_margin = nats;
        self
    }

    /// With a context model: the smallest decoder margin of a proposal it checks in a document
    /// the word statistics find spun (where most proposals are swaps). Default -2.
    pub fn context_spun_min_margin(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.spun_min_margin = nats;
        self
    }

    /// With a context model: candidate originals scored per proposed word, the decoder's best
    /// first. Default 3.
    pub fn context_candidates(&mut self, n: usize) -> &mut AnalyzerBuilder {
        self.verify.candidates = n.max(1);
        self
    }

    /// With a context model that reads token by token ([`ContextScorer::token_log_probs`]):
    /// the most words of a document the word statistics find spun that the model's own
    /// reading may propose (the words it finds most out of place, with thesaurus candidates),
    /// as a share of the document's words. Default [`DEFAULT_CONTEXT_LEAD_RATE`]; 0 turns
    /// the pass off. Bounds its cost: one reading plus one window check per word proposed.
    pub fn context_lead_rate(&mut self, share: f32) -> &mut AnalyzerBuilder {
        self.verify.lead.rate = share.clamp(0.0, 1.0);
        self
    }

    /// [`AnalyzerBuilder::context_lead_rate`] in a document the word statistics do not find
    /// spun. Default 0 (off): there almost every out-of-place word is a clean one.
    pub fn context_lead_clean_rate(&mut self, share: f32) -> &mut AnalyzerBuilder {
        self.verify.lead.clean_rate = share.clamp(0.0, 1.0);
        self
    }

    /// The largest `ln P_model(word | text before) - ln P(word)` (nats) at which the model's
    /// reading proposes a word: how much less likely than its frequency the model must find
    /// it. Default [`DEFAULT_CONTEXT_LEAD_MAX_FIT`]; lower proposes fewer.
    pub fn context_lead_max_fit(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.lead.max_fit = nats;
        self
    }

    /// Nats added to the context check's threshold for the words the model's reading proposed
    /// (the decoder's own proposals keep theirs). Default [`DEFAULT_CONTEXT_LEAD_EXTRA_GAIN`].
    pub fn context_lead_extra_gain(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.lead.extra_gain = nats;
        self
    }

    /// With a context model, in a document the word statistics find spun: how many times the
    /// proposals are read at most. The first reading goes left to right with the changes kept
    /// so far applied on the left; each later one reads again every proposal whose window now
    /// reads differently, with every other change of the reading so far applied on both sides
    /// (a spun right-hand neighbour hides a swap), until no decision changes. 1 turns the later
    /// readings off. Default [`DEFAULT_CONTEXT_SPUN_ROUNDS`].
    pub fn context_spun_rounds(&mut self, rounds: usize) -> &mut AnalyzerBuilder {
        self.verify.spun_rounds = rounds.max(1);
        self
    }

    /// With a context model, in a document the word statistics find spun: words of right
    /// context (inside the sentence) each window keeps. Default
    /// [`DEFAULT_CONTEXT_SPUN_RIGHT_WORDS`].
    pub fn context_spun_right_words(&mut self, words: usize) -> &mut AnalyzerBuilder {
        self.verify.spun_right_words = words;
        self
    }

    /// With a context model, in a document the word statistics find spun: nats taken off the
    /// threshold of a change when another occurrence of the same word is changed to the same
    /// original (a spinner swaps a word the same way throughout); above 0, every occurrence
    /// of a proposed word is also checked (as a model-led proposal). 0 lets each occurrence
    /// decide alone. Default [`DEFAULT_CONTEXT_SPUN_REPEAT_BONUS`].
    pub fn context_spun_repeat_bonus(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.spun_repeat_bonus = nats.max(0.0);
        self
    }

    /// With a context model, in a document the word statistics find spun: whether the
    /// readings start from the word statistics' own changes (each window's neighbours read
    /// restored where the statistics restore them) instead of from the text as written.
    /// Default on.
    pub fn context_spun_start_from_statistics(&mut self, on: bool) -> &mut AnalyzerBuilder {
        self.verify.spun_start_from_statistics = on;
        self
    }

    /// With a context model, in a document the word statistics find spun: how many candidates
    /// of each of two adjacent proposed words are read together when neither change passes
    /// alone (a spinner swaps neighbours: "cannot beryllium afloat supplied", where each
    /// restoration reads badly beside the other's spun word). A pair is kept when each of its
    /// two changes passes the threshold read with the other made. 0 turns the joint check off.
    /// Default [`DEFAULT_CONTEXT_SPUN_JOINT`].
    pub fn context_spun_joint(&mut self, candidates: usize) -> &mut AnalyzerBuilder {
        self.verify.spun_joint = candidates;
        self
    }

    /// With a context model, in a document the word statistics find spun: how many originals
    /// two thesaurus links away (a synonym of a synonym) each proposed word also reads, the
    /// ones that fit its neighbours best by the word-pair counts. A spinner's thesaurus is
    /// broader than WordNet's synsets ("afloat" for "fully"). 0 reads only direct synonyms.
    /// Default [`DEFAULT_CONTEXT_SPUN_FAR`].
    pub fn context_spun_far(&mut self, originals: usize) -> &mut AnalyzerBuilder {
        self.verify.spun_far = originals;
        self
    }

    /// Nats taken off the gain of an original two thesaurus links away: a spinner picks it
    /// less often than a direct synonym. Default [`DEFAULT_CONTEXT_SPUN_FAR_COST`].
    pub fn context_spun_far_cost(&mut self, nats: f32) -> &mut AnalyzerBuilder {
        self.verify.spun_far_cost = nats;
        self
    }

    /// The analyzer; fails only if the embedded data is corrupt.
    pub fn build(&self) -> Result<Analyzer> {
        Ok(Analyzer {
            model: model::Model::embedded()?,
            prior: self.prior,
            min_margin: self.min_margin,
            unseen_share: self.unseen_share,
            fanout_weight: self.fanout_weight,
            max_candidates: self.max_candidates,
            verify: self.verify,
        })
    }
}

impl Analyzer {
    /// The analyzer with default settings; fails only if the embedded data is corrupt.
    pub fn new() -> Result<Analyzer> {
        AnalyzerBuilder::default().build()
    }

    /// The words a thesaurus-driven spinner could have replaced by `word` (matched in lower
    /// case), most frequent first: the originals the decoder considers for it.
    pub fn spin_candidates(&self, word: &str) -> Vec<&'static str> {
        let model = self.model;
        model
            .id(&word.to_lowercase())
            .map(|id| {
                model
                    .candidates(id)
                    .iter()
                    .map(|&c| model.word(c))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `ln P(word)` by the Google Books unigram counts the decoder reads (matched in lower
    /// case); `None` for a word outside its vocabulary.
    pub fn word_log_frequency(&self, word: &str) -> Option<f32> {
        self.model
            .id(&word.to_lowercase())
            .map(|id| self.model.ln_p(id))
    }

    /// Analyze one document's clean text.
    pub fn analyze(&self, text: &str) -> RewriteAnalysis {
        self.analyze_parts(text).0
    }

    /// [`Analyzer::analyze`], plus the scanned words and the prior the second pass uses in a
    /// spun document (for the context check).
    fn analyze_parts(&self, text: &str) -> (RewriteAnalysis, Vec<words::Word>, f32) {
        let words = words::scan(text, self.model);
        let mut params = spin::SpinParams {
            ln_prior: self.prior.ln(),
            ln_unseen_share: self.unseen_share.ln(),
            min_margin: self.min_margin,
            fanout_weight: self.fanout_weight,
            max_candidates: self.max_candidates,
        };
        let (mut changes, scored) = spin::detect(text, &words, self.model, &params);
        let density = 100.0 * changes.len() as f32 / scored.max(1) as f32;
        let score = density / (density + 1.0);
        let spun = score >= 0.5 && changes.len() >= 3;
        let pass2_prior = (PASS2_FACTOR * density / 100.0).clamp(self.prior, 0.3);
        if spun {
            // Empirical Bayes: the first pass found a spinner at work; decode again with its
            // measured rate (the first pass sees about a third of what a spinner changes).
            params.ln_prior = pass2_prior.ln();
            params.min_margin = PASS2_MARGIN;
            changes = spin::detect(text, &words, self.model, &params).0;
        }
        // For spun text the score reads the second pass, which sees what the spinner did.
        let score = if spun {
            let d = 100.0 * changes.len() as f32 / scored.max(1) as f32;
            score.max(d / (d + 1.0))
        } else {
            score
        };
        let evidence = translation::evidence(text);
        let label = if spun {
            Label::Spun
        } else if !evidence.is_empty() {
            Label::Translated
        } else {
            Label::Original
        };
        let score = if label == Label::Translated {
            score.max(evidence_score(evidence.len()))
        } else {
            score
        };
        let analysis = RewriteAnalysis {
            label,
            score,
            substitutions: changes
                .into_iter()
                .map(|c| Substitution {
                    range: c.range,
                    found: c.found,
                    likely: c.likely,
                    margin: c.margin,
                    context_gain: None,
                })
                .collect(),
            evidence,
            words_scored: scored,
            context: ContextCheck::Skipped,
        };
        (analysis, words, pass2_prior)
    }
}

/// Score of a `translated` label from its number of traces: 0.5 for one, rising towards 0.75.
/// Translation is a weaker trace of machine rewriting than spin, and scores below it.
fn evidence_score(traces: usize) -> f32 {
    let n = traces.max(1) as f32;
    0.5 + 0.25 * (1.0 - 1.0 / n)
}

/// Analyze one document's clean text with the default [`Analyzer`].
///
/// # Panics
///
/// Only if the spin data embedded in this crate is corrupt, which the crate's tests rule out;
/// use [`Analyzer::new`] to handle that case as an error.
pub fn analyze(text: &str) -> RewriteAnalysis {
    #[allow(clippy::expect_used)]
    Analyzer::new()
        .expect("embedded spin data is valid (checked by the crate's tests)")
        .analyze(text)
}

#[cfg(test)]
mod label_serde {
    use super::Label;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [
            Label::Original,
            Label::Spun,
            Label::Paraphrased,
            Label::Translated,
        ] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(serde_json::from_value::<Label>(value).unwrap(), x);
        }
    }
}

#[cfg(test)]
mod evidence_kind_serde {
    use super::EvidenceKind;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [EvidenceKind::Translation, EvidenceKind::Paraphrase] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(serde_json::from_value::<EvidenceKind>(value).unwrap(), x);
        }
    }
}
