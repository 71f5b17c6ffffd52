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
//! In a document the word statistics find spun, more changes (issue #20's floor): the model
//! proposes words too (`lead.rs`: the words its own reading finds most out of place, which the
//! decoder never proposes when both their word pairs are listed), held to a slightly higher
//! threshold, and so is every other occurrence of a proposed word; and the proposals are
//! decided round after round until no decision changes (`settle`), each window read with every
//! other current decision applied on both sides, since there the right-hand neighbour is often
//! spun as well. The rounds start from the word statistics' own reading, and a change is kept
//! more easily while another occurrence of its word is changed to the same original (a spinner
//! swaps a word the same way throughout). A window that reads as at its last reading is not
//! read again, so later rounds cost only the windows around changed decisions.
//!
//! Two more steps there. Each proposed word also reads a few originals two thesaurus links
//! away (`lead::far`: a synonym of a synonym; a real spinner's thesaurus is broader than
//! WordNet's synsets, "afloat" for "fully"), at a cost in nats and only when no direct synonym
//! passes. And two adjacent proposals that neither passes alone are read together
//! (`join_pairs`): a pair is kept when each change passes with the other made, a state the
//! readings one word at a time cannot reach when each restoration reads badly beside the
//! other's spun word.

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
    pub(crate) spun_rounds: usize,
    pub(crate) spun_right_words: usize,
    pub(crate) spun_repeat_bonus: f32,
    pub(crate) spun_start_from_statistics: bool,
    pub(crate) spun_joint: usize,
    pub(crate) spun_far: usize,
    pub(crate) spun_far_cost: f32,
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
                if spun && v.spun_repeat_bonus > 0.0 {
                    let more = lead::repeats(text, &words, self, &params, &proposals);
                    proposals.extend(more);
                }
                proposals.sort_by_key(|p| p.range.start());
                if spun && v.spun_far > 0 {
                    for p in proposals.iter_mut() {
                        let i = words.partition_point(|w| w.range.start() < p.range.start());
                        let far = lead::far(&words, i, self.model, &params, v.spun_far);
                        p.candidates.truncate(v.candidates);
                        p.far = far.len();
                        p.candidates.extend(far);
                    }
                }
                let check = if spun {
                    Check {
                        threshold: v.spun_min_gain,
                        rounds: v.spun_rounds.max(1),
                        right_words: v.spun_right_words,
                        repeat_bonus: v.spun_repeat_bonus,
                        start: if v.spun_start_from_statistics {
                            &base.substitutions
                        } else {
                            &[]
                        },
                        joint: v.spun_joint,
                    }
                } else {
                    Check {
                        threshold: v.min_gain,
                        rounds: 1,
                        right_words: RIGHT_WORDS,
                        repeat_bonus: 0.0,
                        start: &[],
                        joint: 0,
                    }
                };
                settle(text, &words, &proposals, scorer, self, &check)
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

/// How one document's proposals are checked.
struct Check<'a> {
    /// `gain + margin_weight · margin` a change needs (plus the model-led extra).
    threshold: f32,
    /// Most readings of the proposals (1: one left-to-right pass).
    rounds: usize,
    /// Words of right context a window keeps.
    right_words: usize,
    /// Taken off the threshold of a candidate when another occurrence of the same word is
    /// currently changed to it (0: each occurrence decides alone).
    repeat_bonus: f32,
    /// The reading the rounds start from (none: the text as written): the word statistics'
    /// own changes, so that the first reading of a window already sees its neighbours
    /// restored where the statistics restore them.
    start: &'a [Substitution],
    /// Candidates of each word tried together in the joint reading of two adjacent proposals
    /// that neither passes alone (0: no joint readings).
    joint: usize,
}

/// One reading of a proposal's window: the context it was read in, and each candidate's
/// gain (index into the proposal's candidates).
struct Reading {
    context: (String, String),
    gains: Vec<(usize, f32)>,
}

/// Decides every proposal, reading its window with the changes decided so far applied around
/// it, round after round until no decision changes (at most `check.rounds`): the first round
/// goes left to right with the changes kept so far on the left (nothing on the right is
/// decided yet); each later one reads again every proposal whose window now reads
/// differently, with every other proposal's current decision applied on both sides, and may
/// keep, drop or change it. The changes kept at the end, in text order.
fn settle(
    text: &str,
    words: &[Word],
    proposals: &[Proposal],
    scorer: &dyn ContextScorer,
    analyzer: &Analyzer,
    check: &Check,
) -> Result<Vec<Kept>, ScoreError> {
    let mut state: Vec<Option<Kept>> = proposals
        .iter()
        .map(|p| {
            let s = check.start.iter().find(|s| s.range == p.range)?;
            Some(Kept {
                range: p.range,
                likely: s.likely.clone(),
                margin: p.margin,
                gain: f32::NAN,
            })
        })
        .collect();
    // The last reading of each proposal: the same context, the same gains.
    let mut read: Vec<Option<Reading>> = proposals.iter().map(|_| None).collect();
    let mut joint_read: Vec<Option<JointReading>> = proposals.iter().map(|_| None).collect();
    let forms: Vec<String> = proposals
        .iter()
        .map(|p| p.range.slice(text).to_lowercase())
        .collect();
    for pass in 0..=JOINT_PASSES {
        for _ in 0..check.rounds {
            let mut changed = false;
            for (i, p) in proposals.iter().enumerate() {
                let (from, to) = window(text, words, p.range, check.right_words);
                // `state` is in text order, as `rewritten` needs.
                let around = applied(&state, &[i], from, to);
                let context = (
                    rewritten(text, from, p.range.start(), &around),
                    rewritten(text, p.range.end(), to, &around),
                );
                if read[i].as_ref().is_none_or(|r| r.context != context) {
                    let gains = gains(text, p, &context.0, &context.1, scorer, analyzer)?;
                    read[i] = Some(Reading { context, gains });
                }
                let Some(reading) = &read[i] else { continue };
                let peers = peers(&state, &forms, i, check);
                let decided = decide(p, reading, &peers, analyzer, check);
                if decided.as_ref().map(|k| &k.likely) != state[i].as_ref().map(|k| &k.likely) {
                    changed = true;
                }
                state[i] = decided;
            }
            if !changed {
                break;
            }
        }
        if pass == JOINT_PASSES || check.joint == 0 {
            break;
        }
        let joined = join_pairs(
            text,
            words,
            proposals,
            (&forms, &mut joint_read),
            &mut state,
            scorer,
            analyzer,
            check,
        )?;
        if !joined {
            break;
        }
    }
    Ok(state.into_iter().flatten().collect())
}

/// Most joint passes over adjacent proposals (each followed by readings to a fixed point).
const JOINT_PASSES: usize = 2;

/// The current changes inside `from..to`, leaving out the proposals `skip`, in text order.
fn applied<'a>(state: &'a [Option<Kept>], skip: &[usize], from: usize, to: usize) -> Vec<&'a Kept> {
    state
        .iter()
        .enumerate()
        .filter(|(j, _)| !skip.contains(j))
        .filter_map(|(_, k)| k.as_ref())
        .filter(|k| k.range.start() >= from && k.range.end() <= to)
        .collect()
}

/// What the other occurrences of proposal `i`'s word are changed to now (none when the check
/// gives no repeat bonus).
fn peers(state: &[Option<Kept>], forms: &[String], i: usize, check: &Check) -> Vec<String> {
    if check.repeat_bonus == 0.0 {
        return Vec::new();
    }
    (0..state.len())
        .filter(|&j| j != i && forms[j] == forms[i])
        .filter_map(|j| state[j].as_ref().map(|k| k.likely.to_lowercase()))
        .collect()
}

/// One joint reading of two adjacent proposals: the context, and the log-likelihood of each
/// pair of readings (`(k + 1)²`, the word as written first).
struct JointReading {
    context: (String, String, String),
    ll: Vec<f32>,
}

/// The joint check: two adjacent words a spinner swapped often each read badly beside the
/// other ("cannot beryllium afloat supplied"), so neither change passes alone and the
/// readings to a fixed point never start. For each two adjacent proposals that are both
/// unchanged, every pair of their first `check.joint` candidates is read together, and a
/// pair is kept when each of its two changes passes the threshold read with the other made
/// (the same test as alone: gain less the frequency term, plus the weighted margin and the
/// repeat bonus). Of such pairs, the one that reads best. Whether anything changed.
#[allow(clippy::too_many_arguments)]
fn join_pairs(
    text: &str,
    words: &[Word],
    proposals: &[Proposal],
    (forms, cache): (&[String], &mut [Option<JointReading>]),
    state: &mut [Option<Kept>],
    scorer: &dyn ContextScorer,
    analyzer: &Analyzer,
    check: &Check,
) -> Result<bool, ScoreError> {
    let v = &analyzer.verify;
    let freq = |w: &str| analyzer.word_log_frequency(w).unwrap_or(-20.0);
    let index = |p: &Proposal| words.partition_point(|w| w.range.start() < p.range.start());
    let mut changed = false;
    for i in 0..proposals.len().saturating_sub(1) {
        let (p, q) = (&proposals[i], &proposals[i + 1]);
        if state[i].is_some() || state[i + 1].is_some() {
            continue;
        }
        let (a, b) = (index(p), index(q));
        if b != a + 1 || words.get(b).is_none_or(|w| w.breaks_before) {
            continue;
        }
        let (from, _) = window(text, words, p.range, check.right_words);
        let (_, to) = window(text, words, q.range, check.right_words);
        let around = applied(state, &[i, i + 1], from, to);
        let context = (
            rewritten(text, from, p.range.start(), &around),
            text[p.range.end()..q.range.start()].to_string(),
            rewritten(text, q.range.end(), to, &around),
        );
        let pw: Vec<&str> = std::iter::once(p.range.slice(text))
            .chain(p.candidates.iter().take(check.joint).map(String::as_str))
            .collect();
        let qw: Vec<&str> = std::iter::once(q.range.slice(text))
            .chain(q.candidates.iter().take(check.joint).map(String::as_str))
            .collect();
        if cache[i].as_ref().is_none_or(|r| r.context != context) {
            let variants: Vec<String> = pw
                .iter()
                .flat_map(|x| {
                    let c = &context;
                    qw.iter()
                        .map(move |y| format!("{}{x}{}{y}{}", c.0, c.1, c.2))
                })
                .collect();
            let refs: Vec<&str> = variants.iter().map(String::as_str).collect();
            let ll = scorer.log_likelihoods(&refs)?;
            cache[i] = Some(JointReading { context, ll });
        }
        let Some(reading) = &cache[i] else { continue };
        let ll = |x: usize, y: usize| reading.ll.get(x * qw.len() + y).copied();
        let (peers_p, peers_q) = (
            peers(state, forms, i, check),
            peers(state, forms, i + 1, check),
        );
        let bar = |r: &Proposal, w: &str, peers: &[String]| {
            let extra = if r.led { v.lead.extra_gain } else { 0.0 };
            let bonus = if peers.contains(&w.to_lowercase()) {
                check.repeat_bonus
            } else {
                0.0
            };
            check.threshold + extra - bonus - v.margin_weight * r.margin
        };
        let mut best: Option<(f32, usize, usize, f32, f32)> = None;
        for x in 1..pw.len() {
            for y in 1..qw.len() {
                let (Some(both), Some(only_q), Some(only_p)) = (ll(x, y), ll(0, y), ll(x, 0))
                else {
                    continue;
                };
                let rarer_p = freq(pw[x]) - freq(pw[0]);
                let rarer_q = freq(qw[y]) - freq(qw[0]);
                let gain_p = both - only_q - v.frequency_weight * rarer_p;
                let gain_q = both - only_p - v.frequency_weight * rarer_q;
                if gain_p < bar(p, pw[x], &peers_p) || gain_q < bar(q, qw[y], &peers_q) {
                    continue;
                }
                let score = both - v.frequency_weight * (rarer_p + rarer_q);
                if best.is_none_or(|b| score > b.0) {
                    best = Some((score, x, y, gain_p, gain_q));
                }
            }
        }
        if let Some((_, x, y, gain_p, gain_q)) = best {
            state[i] = Some(Kept {
                range: p.range,
                likely: pw[x].to_string(),
                margin: p.margin,
                gain: gain_p,
            });
            state[i + 1] = Some(Kept {
                range: q.range,
                likely: qw[y].to_string(),
                margin: q.margin,
                gain: gain_q,
            });
            changed = true;
        }
    }
    Ok(changed)
}

/// Each candidate's gain for `p`'s word between `left` and `right`: how many nats better the
/// window reads with it than as written, less the part a bare frequency difference explains.
fn gains(
    text: &str,
    p: &Proposal,
    left: &str,
    right: &str,
    scorer: &dyn ContextScorer,
    analyzer: &Analyzer,
) -> Result<Vec<(usize, f32)>, ScoreError> {
    let v = &analyzer.verify;
    let freq = |w: &str| analyzer.word_log_frequency(w).unwrap_or(-20.0);
    let found = p.range.slice(text);
    // The first `v.candidates`, and the far ones after them (`p.far`: the list was cut to
    // the first ones before they were added).
    let scored = if p.far > 0 {
        p.candidates.len()
    } else {
        v.candidates
    };
    let far_from = p.candidates.len() - p.far;
    let variants: Vec<String> = std::iter::once(found)
        .chain(p.candidates.iter().take(scored).map(String::as_str))
        .map(|w| format!("{left}{w}{right}"))
        .collect();
    let refs: Vec<&str> = variants.iter().map(String::as_str).collect();
    let ll = scorer.log_likelihoods(&refs)?;
    let found_freq = freq(found);
    Ok(ll
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, l)| {
            let rarer = freq(p.candidates.get(i - 1)?) - found_freq;
            let cost = if i > far_from { v.spun_far_cost } else { 0.0 };
            Some((i - 1, l - ll[0] - v.frequency_weight * rarer - cost))
        })
        .collect())
}

/// The change `p`'s reading supports, if any: the candidate with the best gain (plus the
/// repeat bonus when one of `peers`, the current changes of other occurrences of the same
/// word, is that candidate), kept when it passes the threshold. A direct synonym goes first:
/// an original two thesaurus links away (`p.far`) is kept only when no direct one passes (a
/// spinner picks a word of the original's own entry far more often).
fn decide(
    p: &Proposal,
    reading: &Reading,
    peers: &[String],
    analyzer: &Analyzer,
    check: &Check,
) -> Option<Kept> {
    let v = &analyzer.verify;
    let far_from = p.candidates.len() - p.far;
    let extra = if p.led { v.lead.extra_gain } else { 0.0 };
    let pick = |far: bool| -> Option<Kept> {
        let (best, gain, bonus) = reading
            .gains
            .iter()
            .filter(|&&(c, _)| (c >= far_from) == far)
            .filter_map(|&(c, gain)| {
                let likely = p.candidates.get(c)?.to_lowercase();
                let bonus = if peers.contains(&likely) {
                    check.repeat_bonus
                } else {
                    0.0
                };
                Some((c, gain, bonus))
            })
            .max_by(|a, b| (a.1 + a.2).total_cmp(&(b.1 + b.2)))?;
        (gain + bonus + v.margin_weight * p.margin >= check.threshold + extra).then(|| Kept {
            range: p.range,
            likely: p.candidates[best].clone(),
            margin: p.margin,
            gain,
        })
    };
    pick(false).or_else(|| pick(true))
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
/// `right_words` after, inside the sentence (a line end or `.`/`!`/`?` followed by a space).
fn window(text: &str, words: &[Word], range: TextRange, right_words: usize) -> (usize, usize) {
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
    if let Some(w) = words.get(at + right_words) {
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

    /// Long enough for the word statistics to find it spun.
    const LONG: &str = "Russian troops successful the region volition retreat from the westbound \
                        slope of the river. The bid came astatine a gathering successful Moscow, \
                        and helium said connected Tuesday that the army would not beryllium \
                        defeated.";

    /// The stand-in model alone decides (no weight on the decoder's margin or on word
    /// frequency; one phrase, 10 nats, is enough), reading from the text as written.
    fn analyzer() -> Analyzer {
        AnalyzerBuilder::new()
            .context_margin_weight(0.0)
            .context_frequency_weight(0.0)
            .context_min_gain(5.0)
            .context_spun_min_gain(5.0)
            .context_spun_start_from_statistics(false)
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
        let spun = LONG;
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
                .context_spun_rounds(1)
                .context_spun_start_from_statistics(false)
                .build()
                .unwrap(),
        );
        assert!(!one.iter().any(|(f, _)| f == "astatine"), "{one:?}");
    }

    /// [`analyzer`] with at most `rounds` readings in a spun document, from the text as
    /// written.
    fn rounds(rounds: usize) -> Analyzer {
        AnalyzerBuilder::new()
            .context_margin_weight(0.0)
            .context_frequency_weight(0.0)
            .context_min_gain(5.0)
            .context_spun_min_gain(5.0)
            .context_spun_rounds(rounds)
            .context_spun_start_from_statistics(false)
            .build()
            .unwrap()
    }

    #[test]
    fn readings_go_on_until_no_decision_changes() {
        let spun = LONG;
        // A chain: "at" reads well only with "in" restored to its right, "in" only with "he"
        // to its right, "he" alone. Each reading settles one more link.
        let phrases = Phrases(&[
            "came at a gathering in",
            "in Moscow, and he said",
            "and he said",
        ]);
        let restored = |a: &Analyzer| -> Vec<String> {
            a.analyze_with(spun, &phrases)
                .substitutions
                .into_iter()
                .map(|s| format!("{}->{}", s.found, s.likely))
                .collect()
        };
        assert_eq!(restored(&rounds(1)), ["helium->he"]);
        assert_eq!(restored(&rounds(2)), ["successful->in", "helium->he"]);
        let all = ["astatine->at", "successful->in", "helium->he"];
        assert_eq!(restored(&rounds(3)), all);
        assert_eq!(restored(&rounds(50)), all);
    }

    /// Counts the windows it is asked about; likes nothing.
    struct Counting(std::sync::atomic::AtomicUsize);

    impl ContextScorer for Counting {
        fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>, ScoreError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(vec![0.0; texts.len()])
        }
    }

    #[test]
    fn a_window_that_reads_the_same_is_not_read_again() {
        let spun = "Russian troops successful the region volition retreat from the westbound \
                    slope of the river. The bid came astatine a gathering successful Moscow.";
        let calls = |a: &Analyzer| {
            let c = Counting(0.into());
            let r = a.analyze_with(spun, &c);
            assert!(r.substitutions.is_empty());
            c.0.into_inner()
        };
        let one = calls(&rounds(1));
        assert!(one >= 4);
        assert_eq!(calls(&rounds(50)), one);
    }

    /// Scores a text by the weights of the phrases it contains.
    struct Weighted(&'static [(&'static str, f32)]);

    impl ContextScorer for Weighted {
        fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>, ScoreError> {
            Ok(texts
                .iter()
                .map(|t| {
                    self.0
                        .iter()
                        .filter(|(p, _)| t.contains(p))
                        .map(|(_, w)| w)
                        .sum()
                })
                .collect())
        }
    }

    #[test]
    fn a_word_changed_elsewhere_needs_less_evidence() {
        // "in" reads 10 nats better after "troops", 3 before "Moscow": under the threshold
        // of 5 alone, over it with the other occurrence changed and a bonus of 2.5.
        let scorer = Weighted(&[("troops in the region", 10.0), ("gathering in Moscow", 3.0)]);
        let changed = |bonus: f32| -> Vec<String> {
            AnalyzerBuilder::new()
                .context_margin_weight(0.0)
                .context_frequency_weight(0.0)
                .context_spun_min_gain(5.0)
                .context_lead_extra_gain(0.0)
                .context_spun_repeat_bonus(bonus)
                .build()
                .unwrap()
                .analyze_with(LONG, &scorer)
                .substitutions
                .into_iter()
                .map(|s| format!("{}@{}", s.likely, s.range.start()))
                .collect()
        };
        let first = format!("in@{}", LONG.find("successful").unwrap());
        let second = format!("in@{}", LONG.rfind("successful").unwrap());
        assert_eq!(changed(0.0), std::slice::from_ref(&first));
        assert_eq!(changed(2.5), [first, second]);
    }

    /// [`analyzer`] with `joint` candidates per word in the joint check.
    fn joint(joint: usize) -> Analyzer {
        AnalyzerBuilder::new()
            .context_margin_weight(0.0)
            .context_frequency_weight(0.0)
            .context_spun_min_gain(5.0)
            .context_lead_extra_gain(0.0)
            .context_spun_start_from_statistics(false)
            .context_spun_joint(joint)
            .build()
            .unwrap()
    }

    fn restored(a: &Analyzer, scorer: &dyn ContextScorer) -> Vec<String> {
        a.analyze_with(LONG, scorer)
            .substitutions
            .into_iter()
            .map(|s| format!("{}->{}", s.found, s.likely))
            .collect()
    }

    #[test]
    fn two_adjacent_swaps_are_restored_together_when_neither_reads_well_alone() {
        // Both words are proposed, with the right originals among the first three.
        let a = joint(3);
        let (base, words, prior) = a.analyze_parts(LONG);
        let (proposals, _) = a.decoder_proposals(LONG, &words, base.label == Label::Spun, prior);
        let has = |found: &str, likely: &str| {
            proposals.iter().any(|p| {
                p.range.slice(LONG) == found
                    && p.candidates[..p.candidates.len().min(3)]
                        .iter()
                        .any(|c| c == likely)
            })
        };
        assert!(has("westbound", "west") && has("slope", "side"));
        // Only "west side" reads well: "west slope" and "westbound side" read as written.
        let scorer = Phrases(&["the west side of"]);
        let got = restored(&a, &scorer);
        assert!(got.contains(&"westbound->west".to_string()), "{got:?}");
        assert!(got.contains(&"slope->side".to_string()), "{got:?}");
        let alone = restored(&joint(0), &scorer);
        assert!(
            !alone
                .iter()
                .any(|s| s.starts_with("westbound") || s.starts_with("slope")),
            "{alone:?}"
        );
    }

    #[test]
    fn a_joint_change_needs_each_word_to_pass_with_the_other_made() {
        // "westbound side" already reads 8 nats better: the slope is restored alone, and
        // "west" adds only 2 nats beside "side", under the threshold of 5.
        let scorer = Weighted(&[("the west side of", 10.0), ("westbound side", 8.0)]);
        let got = restored(&joint(3), &scorer);
        assert!(got.contains(&"slope->side".to_string()), "{got:?}");
        assert!(!got.iter().any(|s| s.starts_with("westbound")), "{got:?}");
    }

    /// A spun text with a word whose original is two thesaurus links away ("afloat": "full",
    /// then "fully").
    const FAR: &str = "Russian troops successful the region volition retreat from the westbound \
                       slope of the river. The bid came astatine a gathering successful Moscow, \
                       and helium said connected Tuesday that the city cannot beryllium afloat \
                       supplied.";

    fn far(originals: usize, cost: f32) -> Analyzer {
        AnalyzerBuilder::new()
            .context_margin_weight(0.0)
            .context_frequency_weight(0.0)
            .context_spun_min_gain(5.0)
            .context_lead_extra_gain(0.0)
            .context_spun_far(originals)
            .context_spun_far_cost(cost)
            .context_spun_joint(0)
            .build()
            .unwrap()
    }

    #[test]
    fn an_original_two_thesaurus_links_away_is_read_too() {
        let a = far(2, 2.0);
        assert_eq!(a.analyze(FAR).label, Label::Spun);
        assert!(!a.spin_candidates("afloat").contains(&"fully"));
        let words = crate::words::scan(FAR, a.model);
        let i = words
            .iter()
            .position(|w| w.range.slice(FAR) == "afloat")
            .unwrap();
        let (_, _, prior) = a.analyze_parts(FAR);
        let params = crate::spin::SpinParams {
            ln_prior: prior.ln(),
            ln_unseen_share: a.unseen_share.ln(),
            min_margin: 0.0,
            fanout_weight: a.fanout_weight,
            max_candidates: a.max_candidates,
        };
        let got = crate::lead::far(&words, i, a.model, &params, 2);
        assert!(got.iter().any(|w| w == "fully"), "{got:?}");
        // Only "fully supplied" reads well (10 nats): kept at a cost of 2, not of 6, nor
        // without the far originals.
        let scorer = Phrases(&["fully supplied"]);
        let afloat = |a: &Analyzer| -> Vec<String> {
            a.analyze_with(FAR, &scorer)
                .substitutions
                .into_iter()
                .filter(|s| s.found == "afloat")
                .map(|s| s.likely)
                .collect()
        };
        assert_eq!(afloat(&a), ["fully"]);
        assert!(afloat(&far(2, 6.0)).is_empty());
        assert!(afloat(&far(0, 2.0)).is_empty());
    }

    #[test]
    fn a_direct_synonym_that_passes_goes_before_a_far_one() {
        // "fully" reads 10 nats better, "full" 6: "full" passes the threshold of 5, so it is
        // kept although "fully" (8 after its cost of 2) reads better.
        let scorer = Weighted(&[("fully supplied", 10.0), ("full supplied", 6.0)]);
        let got: Vec<String> = far(2, 2.0)
            .analyze_with(FAR, &scorer)
            .substitutions
            .into_iter()
            .filter(|s| s.found == "afloat")
            .map(|s| s.likely)
            .collect();
        assert_eq!(got, ["full"]);
    }

    #[test]
    fn readings_can_start_from_the_statistics_changes() {
        let plain = analyzer().analyze(LONG);
        let at = LONG.rfind("successful").unwrap();
        assert!(
            plain
                .substitutions
                .iter()
                .any(|s| s.range.start() == at && s.likely == "in"),
            "{:?}",
            plain.substitutions
        );
        // "at" reads well only with "in" restored to its right: one left-to-right reading
        // from the text as written misses it, one from the statistics' reading has it.
        let phrases = Phrases(&["came at a gathering in"]);
        let one = |start: bool| -> Vec<String> {
            AnalyzerBuilder::new()
                .context_margin_weight(0.0)
                .context_frequency_weight(0.0)
                .context_spun_min_gain(5.0)
                .context_spun_rounds(1)
                .context_spun_start_from_statistics(start)
                .build()
                .unwrap()
                .analyze_with(LONG, &phrases)
                .substitutions
                .into_iter()
                .map(|s| s.likely)
                .collect()
        };
        assert!(!one(false).contains(&"at".to_string()));
        assert!(one(true).contains(&"at".to_string()));
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
        let (from, to) = window(text, &words, TextRange::new(at, at + 9), RIGHT_WORDS);
        assert_eq!(
            &text[from..to],
            "The bid came at a gathering in Moscow today."
        );
    }
}
