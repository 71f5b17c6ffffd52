//! Spin verified by a context model: the word statistics propose, a language model decides.
//!
//! What it does: the noisy-channel decoder runs at a loose setting and lists every word it
//! weighed a change for, with the originals it kept as readings ([`crate::spin::propose`]).
//! For each, a [`ContextScorer`] (in practice a small causal language model) reads a short
//! window around the word, once as written and once with each candidate original in its place;
//! the gain is how many nats more likely the window reads with the best candidate, less
//! `frequency_weight · (ln P(candidate) - ln P(found))` by unigram counts (a model prefers a
//! frequent word anywhere: "good" over "salutary"). A change is kept when `gain +
//! margin_weight · decoder margin` reaches the threshold (lower in a document the word
//! statistics already find spun), and its original is the candidate with the best gain.
//!
//! Why this shape: a spun word is plausible alone and implausible in its sentence ("the
//! conditions cannot beryllium afloat supplied"), which is what a language model scores and
//! what a list of frequent word pairs cannot see when the pair is merely rare. Running the model
//! over every word of every document would cost seconds per document; the decoder narrows the
//! work to the few words that could be swaps, and the window keeps each check to a few dozen
//! tokens.
//!
//! Windows are read left to right, and a change already kept is applied to the left context of
//! the next window: spinners swap runs of words ("cannot beryllium afloat"), and a model reading
//! "beryllium" as the left neighbour of "afloat" judges "fully" unfairly.
//!
//! In a document the word statistics find spun, two things change (issue #20's floor): the
//! model proposes words too (`lead.rs`: the words its own reading finds most out of place,
//! which the decoder never proposes when both their word pairs are listed), held to a
//! slightly higher threshold; and the proposals not kept are read a second time with every
//! change of the first round applied on both sides of their window, since there the right-hand
//! neighbour is often spun as well.

use crosscheck::TextRange;

use crate::lead::{self, LeadParams};
use crate::scorer::{ContextScorer, ScoreError};
use crate::spin::{self, Proposal, SpinParams};
use crate::words::Word;
use crate::{Analyzer, ContextCheck, Label, RewriteAnalysis, Substitution};

/// Words of left context a window keeps (inside the sentence).
const LEFT_WORDS: usize = 12;
/// Words of right context a window keeps (inside the sentence).
const RIGHT_WORDS: usize = 5;

/// The verification settings (see [`crate::AnalyzerBuilder`] for each one's meaning).
#[derive(Clone, Copy, Debug)]
pub(crate) struct VerifyParams {
    pub(crate) min_gain: f32,
    pub(crate) spun_min_gain: f32,
    pub(crate) margin_weight: f32,
    pub(crate) frequency_weight: f32,
    pub(crate) prior: f32,
    pub(crate) min_margin: f32,
    pub(crate) spun_min_margin: f32,
    pub(crate) candidates: usize,
    pub(crate) lead: LeadParams,
    pub(crate) spun_second_round: bool,
}

/// One kept change.
struct Kept {
    range: TextRange,
    likely: String,
    margin: f32,
    gain: f32,
}

impl Analyzer {
    /// Analyze one document's clean text, with spin verified by a context model: the word
    /// statistics propose more words than they could report alone, and `scorer` keeps those
    /// whose original reads better in context (see the module docs of `verify.rs`). When the
    /// scorer fails, the result is [`Analyzer::analyze`]'s, with the failure in `context`.
    pub fn analyze_with(&self, text: &str, scorer: &dyn ContextScorer) -> RewriteAnalysis {
        let (base, words, pass2_prior) = self.analyze_parts(text);
        let v = self.verify;
        let spun = base.label == Label::Spun;
        let (mut proposals, params) = self.decoder_proposals(text, &words, spun, pass2_prior);
        // The model's own reading proposes what the decoder did not (`lead.rs`); all are
        // checked together in text order, so a kept change feeds the next window either way.
        let kept =
            lead::propose(text, &words, self, &params, spun, &proposals, scorer).and_then(|led| {
                proposals.extend(led);
                proposals.sort_by_key(|p| p.range.start());
                let threshold = if spun { v.spun_min_gain } else { v.min_gain };
                let mut kept = verify(text, &words, &proposals, scorer, self, threshold, &[])?;
                // In a spun document a window's right side is often spun too, which hides a
                // swap from the model; the words not kept are read again with every change of
                // the first round applied around them.
                if spun && v.spun_second_round && !kept.is_empty() {
                    let rest: Vec<Proposal> = proposals
                        .iter()
                        .filter(|p| !kept.iter().any(|k| k.range == p.range))
                        .cloned()
                        .collect();
                    let more = verify(text, &words, &rest, scorer, self, threshold, &kept)?;
                    kept.extend(more);
                    kept.sort_by_key(|k| k.range.start());
                }
                Ok(kept)
            });
        let checked = proposals.len();
        let kept = match kept {
            Ok(kept) => kept,
            Err(e) => {
                return RewriteAnalysis {
                    context: ContextCheck::Failed {
                        message: e.to_string(),
                    },
                    ..base
                };
            }
        };
        let scored = base.words_scored;
        let d = 100.0 * kept.len() as f32 / scored.max(1) as f32;
        let verified_score = d / (d + 1.0);
        let verified_spun = verified_score >= 0.5 && kept.len() >= 3;
        let label = if spun || verified_spun {
            Label::Spun
        } else {
            base.label
        };
        let score = if label == Label::Spun {
            base.score.max(verified_score)
        } else {
            base.score
        };
        RewriteAnalysis {
            label,
            score,
            substitutions: kept
                .into_iter()
                .map(|k| Substitution {
                    range: k.range,
                    found: k.range.slice(text).to_string(),
                    likely: k.likely,
                    margin: k.margin,
                    context_gain: Some(k.gain),
                })
                .collect(),
            context: ContextCheck::Verified { checked },
            ..base
        }
    }
}

impl Analyzer {
    /// The decoder's proposals for the context check (margin at least the floor for a
    /// document found `spun` or not), and the decode settings they came from.
    pub(crate) fn decoder_proposals(
        &self,
        text: &str,
        words: &[Word],
        spun: bool,
        pass2_prior: f32,
    ) -> (Vec<Proposal>, SpinParams) {
        let v = self.verify;
        let params = SpinParams {
            ln_prior: if spun { pass2_prior } else { v.prior }.ln(),
            ln_unseen_share: self.unseen_share.ln(),
            min_margin: 0.0,
            fanout_weight: self.fanout_weight,
            max_candidates: self.max_candidates,
        };
        let floor = if spun {
            v.spun_min_margin
        } else {
            v.min_margin
        };
        let proposals = spin::propose(text, words, self.model, &params)
            .into_iter()
            .filter(|p| p.margin >= floor)
            .collect();
        (proposals, params)
    }
}

/// Scores each proposal's window and keeps the changes that pass.
fn verify(
    text: &str,
    words: &[Word],
    proposals: &[Proposal],
    scorer: &dyn ContextScorer,
    analyzer: &Analyzer,
    threshold: f32,
    earlier: &[Kept],
) -> Result<Vec<Kept>, ScoreError> {
    let v = &analyzer.verify;
    let freq = |w: &str| analyzer.word_log_frequency(w).unwrap_or(-20.0);
    let mut kept: Vec<Kept> = Vec::new();
    for p in proposals {
        let (from, to) = window(text, words, p.range);
        // The context with the changes of an earlier round on both sides and those kept so
        // far in this one on the left, then the word's variants.
        let mut changes: Vec<&Kept> = earlier
            .iter()
            .chain(&kept)
            .filter(|k| k.range.start() >= from && k.range.end() <= to)
            .filter(|k| k.range != p.range)
            .collect();
        changes.sort_by_key(|k| k.range.start());
        let left = rewritten(text, from, p.range.start(), &changes);
        let right = rewritten(text, p.range.end(), to, &changes);
        let found = p.range.slice(text);
        let variants: Vec<String> = std::iter::once(found)
            .chain(p.candidates.iter().take(v.candidates).map(String::as_str))
            .map(|w| format!("{left}{w}{right}"))
            .collect();
        let refs: Vec<&str> = variants.iter().map(String::as_str).collect();
        let ll = scorer.log_likelihoods(&refs)?;
        // The model's preference, less the part a bare frequency difference explains.
        let found_freq = freq(found);
        let Some((best, gain)) = ll
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, l)| {
                let rarer = freq(&p.candidates[i - 1]) - found_freq;
                (i, l - ll[0] - v.frequency_weight * rarer)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
        else {
            continue;
        };
        let extra = if p.led { v.lead.extra_gain } else { 0.0 };
        if gain + v.margin_weight * p.margin >= threshold + extra {
            kept.push(Kept {
                range: p.range,
                likely: p.candidates[best - 1].clone(),
                margin: p.margin,
                gain,
            });
        }
    }
    Ok(kept)
}

/// `text[from..to]` with the changes inside it applied (`changes` in text order, not
/// overlapping).
fn rewritten(text: &str, from: usize, to: usize, changes: &[&Kept]) -> String {
    let mut out = String::with_capacity(to.saturating_sub(from) + 16);
    let mut at = from;
    for k in changes {
        if k.range.start() >= at && k.range.end() <= to {
            out.push_str(&text[at..k.range.start()]);
            out.push_str(&k.likely);
            at = k.range.end();
        }
    }
    out.push_str(&text[at..to.max(at)]);
    out
}

/// The byte range of the window around `range`: up to [`LEFT_WORDS`] words before and
/// [`RIGHT_WORDS`] after, inside the sentence (a line end or `.`/`!`/`?` followed by a space).
fn window(text: &str, words: &[Word], range: TextRange) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut start = range.start();
    while start > 0 {
        let b = bytes[start - 1];
        if b == b'\n' || (start >= 2 && matches!(bytes[start - 2], b'.' | b'!' | b'?') && b == b' ')
        {
            break;
        }
        start -= 1;
    }
    let mut end = range.end();
    while end < bytes.len() {
        let b = bytes[end];
        if b == b'\n' {
            break;
        }
        end += 1;
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(end).is_none_or(|&c| c == b' ') {
            break;
        }
    }
    let at = words.partition_point(|w| w.range.start() < range.start());
    if let Some(w) = at.checked_sub(LEFT_WORDS).and_then(|i| words.get(i)) {
        start = start.max(w.range.start());
    }
    if let Some(w) = words.get(at + RIGHT_WORDS) {
        end = end.min(w.range.end());
    }
    (start, end.max(range.end()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AnalyzerBuilder;

    /// A stand-in model: a text scores by how many of a few known phrases it contains.
    struct Phrases(&'static [&'static str]);

    impl ContextScorer for Phrases {
        fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>, ScoreError> {
            Ok(texts
                .iter()
                .map(|t| 10.0 * self.0.iter().filter(|p| t.contains(*p)).count() as f32)
                .collect())
        }
    }

    struct Broken;

    impl ContextScorer for Broken {
        fn log_likelihoods(&self, _: &[&str]) -> Result<Vec<f32>, ScoreError> {
            Err("the model fell over".into())
        }
    }

    const SPUN: &str = "Russian troops successful the region volition retreat from the \
                        westbound slope of the river. The bid came astatine a gathering \
                        successful Moscow.";

    /// The stand-in model alone decides (no weight on the decoder's margin or on word
    /// frequency; one phrase, 10 nats, is enough).
    fn analyzer() -> Analyzer {
        AnalyzerBuilder::new()
            .context_margin_weight(0.0)
            .context_frequency_weight(0.0)
            .context_min_gain(5.0)
            .context_spun_min_gain(5.0)
            .build()
            .unwrap()
    }

    #[test]
    fn the_scorer_decides_which_proposals_are_kept() {
        let a = analyzer();
        // A scorer that only likes "at a": of all the proposals, that one is kept.
        let r = a.analyze_with(SPUN, &Phrases(&["came at a"]));
        let got: Vec<(&str, &str)> = r
            .substitutions
            .iter()
            .map(|s| (s.found.as_str(), s.likely.as_str()))
            .collect();
        assert_eq!(got, [("astatine", "at")]);
        assert!(matches!(r.context, ContextCheck::Verified { checked } if checked >= 4));
        assert!(r.substitutions[0].context_gain.is_some_and(|g| g >= 10.0));
        // One that likes nothing keeps nothing.
        let r = a.analyze_with(SPUN, &Phrases(&[]));
        assert!(r.substitutions.is_empty(), "{:?}", r.substitutions);
    }

    #[test]
    fn kept_changes_feed_the_left_context_of_the_next_window() {
        let a = analyzer();
        // "in Moscow" only reads well once "at a" is restored to its left.
        let r = a.analyze_with(SPUN, &Phrases(&["came at a", "at a gathering in Moscow"]));
        let got: Vec<&str> = r.substitutions.iter().map(|s| s.likely.as_str()).collect();
        assert!(got.contains(&"at") && got.contains(&"in"), "{got:?}");
    }

    #[test]
    fn a_second_round_reads_the_changes_on_the_right_too() {
        let spun = "Russian troops successful the region volition retreat from the westbound \
                    slope of the river. The bid came astatine a gathering successful Moscow, \
                    and helium said connected Tuesday that the army would not beryllium \
                    defeated.";
        assert_eq!(analyzer().analyze(spun).label, Label::Spun);
        // "at" only reads well with "in" restored to its right, which the first round keeps.
        let phrases = Phrases(&["came at a gathering in", "gathering in Moscow"]);
        let restored = |a: &Analyzer| -> Vec<(String, String)> {
            a.analyze_with(spun, &phrases)
                .substitutions
                .into_iter()
                .map(|s| (s.found, s.likely))
                .collect()
        };
        let two = restored(&analyzer());
        assert!(two.contains(&("astatine".into(), "at".into())), "{two:?}");
        assert!(two.contains(&("successful".into(), "in".into())), "{two:?}");
        let one = restored(
            &AnalyzerBuilder::new()
                .context_margin_weight(0.0)
                .context_frequency_weight(0.0)
                .context_min_gain(5.0)
                .context_spun_min_gain(5.0)
                .context_spun_second_round(false)
                .build()
                .unwrap(),
        );
        assert!(!one.iter().any(|(f, _)| f == "astatine"), "{one:?}");
    }

    #[test]
    fn a_failing_scorer_leaves_the_plain_analysis_and_says_so() {
        let a = AnalyzerBuilder::new().build().unwrap();
        let r = a.analyze_with(SPUN, &Broken);
        let plain = a.analyze(SPUN);
        assert_eq!(r.substitutions, plain.substitutions);
        assert!(
            matches!(&r.context, ContextCheck::Failed { message } if message.contains("fell over"))
        );
    }

    #[test]
    fn windows_stay_inside_the_sentence() {
        let model = crate::model::Model::embedded().unwrap();
        let text = "First one here. The bid came at a gathering in Moscow today. Next one.";
        let words = crate::words::scan(text, model);
        let at = text.find("gathering").unwrap();
        let (from, to) = window(text, &words, TextRange::new(at, at + 9));
        assert_eq!(
            &text[from..to],
            "The bid came at a gathering in Moscow today."
        );
    }
}
