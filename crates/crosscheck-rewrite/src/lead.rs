//! Model-led proposals: words a language model finds out of place, for the context check to
//! verify beside the decoder's own proposals (issue #20).
//!
//! What it does: one reading of the document by the [`ContextScorer`] gives every token's
//! log-probability after the text before it; a word's is the sum of its tokens'. A word is
//! *out of place* by how much less likely the model finds it here than its unigram frequency
//! predicts (`ln P_model(word | text before) - ln P(word)`, a pointwise mutual information
//! with its left context): a rare word that fits ("salutary effect") scores near zero, a common
//! word in the wrong place ("successful the region") far below. The most out-of-place words
//! that have thesaurus candidates, at most [`LeadParams::rate`] of the scored words and none
//! above [`LeadParams::max_fit`], become proposals; each gets the candidates that fit its
//! neighbours best by the word-pair counts.
//!
//! Why: the decoder only proposes a word when one of its word pairs is missing from the
//! bigram list, so a swap whose pairs are both listed ("arsenic" for "as" beside common words,
//! "gathering" for "meeting") is never proposed and never reaches the model. The model's own
//! reading finds those; the window check (`verify.rs`) then decides each one the same way.
//!
//! Cost: one reading of the document (linear in its length) and at most `rate` × words window
//! checks.

use crate::model::{Model, WordId};
use crate::scorer::{ContextScorer, ScoreError};
use crate::spin::{self, Proposal, SpinParams};
use crate::words::{recase, Word};
use crate::Analyzer;

/// The settings of the model-led pass (see [`crate::AnalyzerBuilder`] for each one's
/// meaning).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LeadParams {
    /// Most words proposed, as a share of the words scanned, in a document the word statistics
    /// find spun.
    pub(crate) rate: f32,
    /// The same in any other document (0: the pass does not run there).
    pub(crate) clean_rate: f32,
    /// Largest `ln P_model - ln P_unigram` (nats) of a word proposed.
    pub(crate) max_fit: f32,
    /// Added to the context check's threshold for a model-led proposal.
    pub(crate) extra_gain: f32,
}

/// Proposals for the words the scorer's reading finds most out of place, leaving out the
/// words of `taken` (already proposed), in text order, under `analyzer`'s settings for a
/// document found `spun` or not. Empty when the scorer gives no token scores.
pub(crate) fn propose(
    text: &str,
    words: &[Word],
    analyzer: &Analyzer,
    params: &SpinParams,
    spun: bool,
    taken: &[Proposal],
    scorer: &dyn ContextScorer,
) -> Result<Vec<Proposal>, ScoreError> {
    let model = analyzer.model;
    let lead = analyzer.verify.lead;
    let rate = if spun { lead.rate } else { lead.clean_rate };
    let limit = (rate * words.len() as f32).floor() as usize;
    if limit == 0 {
        return Ok(Vec::new());
    }
    let tokens = scorer.token_log_probs(text)?;
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    // Each word's log-probability: the tokens that start inside it.
    let mut fits: Vec<(f32, usize)> = Vec::new();
    let mut t = 0;
    for (i, w) in words.iter().enumerate() {
        while t < tokens.len() && tokens[t].0.start() < w.range.start() {
            t += 1;
        }
        let mut lp = 0.0;
        let mut any = false;
        while t < tokens.len() && tokens[t].0.start() < w.range.end() {
            lp += tokens[t].1;
            any = true;
            t += 1;
        }
        let Some(id) = w.id else { continue };
        if !any || !w.replaceable || model.candidates(id).is_empty() {
            continue;
        }
        if taken.iter().any(|p| p.range == w.range) {
            continue;
        }
        let fit = lp - model.ln_p(id);
        if fit <= lead.max_fit {
            fits.push((fit, i));
        }
    }
    fits.sort_by(|a, b| a.0.total_cmp(&b.0));
    fits.truncate(limit);
    let mut out: Vec<Proposal> = fits
        .iter()
        .filter_map(|&(_, i)| proposal(words, i, model, params, analyzer.verify.candidates))
        .collect();
    out.sort_by_key(|p| p.range.start());
    Ok(out)
}

/// Proposals for the other occurrences of the words already proposed (`taken`), in text
/// order: a spinner swaps a word the same way wherever it occurs, so an occurrence neither the
/// decoder nor the model's reading picked is worth the same check (as a model-led proposal).
pub(crate) fn repeats(
    text: &str,
    words: &[Word],
    analyzer: &Analyzer,
    params: &SpinParams,
    taken: &[Proposal],
) -> Vec<Proposal> {
    let model = analyzer.model;
    let forms: std::collections::HashSet<String> = taken
        .iter()
        .map(|p| p.range.slice(text).to_lowercase())
        .collect();
    (0..words.len())
        .filter(|&i| {
            let w = &words[i];
            w.replaceable
                && w.id.is_some_and(|id| !model.candidates(id).is_empty())
                && forms.contains(&w.range.slice(text).to_lowercase())
                && !taken.iter().any(|p| p.range == w.range)
        })
        .filter_map(|i| proposal(words, i, model, params, analyzer.verify.candidates))
        .collect()
}

/// The proposal for `words[i]`: its `n` candidates that fit its neighbours best by the
/// word-pair counts (with the spinner's cost of each), and as margin the best one's local
/// log-odds against the word as written.
fn proposal(
    words: &[Word],
    i: usize,
    model: &Model,
    params: &SpinParams,
    n: usize,
) -> Option<Proposal> {
    let w = &words[i];
    let f = w.id?;
    let (left, right) = neighbours(words, i);
    let share = params.ln_unseen_share;
    let fit_f = spin::fit(model, left, f, right, share);
    let cands = model.candidates(f);
    let mut scored: Vec<(f32, u32)> = cands[..cands.len().min(params.max_candidates)]
        .iter()
        .map(|&c| {
            let gain =
                spin::fit(model, left, c, right, share) - fit_f + spin::emission(model, c, params);
            (gain, c)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let margin = scored.first()?.0;
    Some(Proposal {
        range: w.range,
        candidates: scored
            .iter()
            .take(n)
            .map(|&(_, c)| recase(model.word(c), w.case))
            .collect(),
        margin,
        led: true,
        far: 0,
    })
}

/// The ids of the words right before and after `words[i]` in its sentence, when known.
fn neighbours(words: &[Word], i: usize) -> (Option<WordId>, Option<WordId>) {
    let left = (i > 0 && !words[i].breaks_before)
        .then(|| words[i - 1].id)
        .flatten();
    let right = words
        .get(i + 1)
        .filter(|r| !r.breaks_before)
        .and_then(|r| r.id);
    (left, right)
}

/// Up to `n` originals two thesaurus links away from `words[i]` (a synonym of a synonym, not
/// itself a synonym), the ones that fit its neighbours best by the word-pair counts (with the
/// spinner's cost of each), best first, capitalised like the word. A spinner's thesaurus links
/// more than WordNet's synsets do ("afloat" for "fully": "afloat" and "full" share a synset,
/// "full" and "fully" an entry), so the original is sometimes one link further out.
pub(crate) fn far(
    words: &[Word],
    i: usize,
    model: &Model,
    params: &SpinParams,
    n: usize,
) -> Vec<String> {
    let Some(w) = words.get(i) else {
        return Vec::new();
    };
    let Some(f) = w.id else {
        return Vec::new();
    };
    if n == 0 || !w.replaceable {
        return Vec::new();
    }
    let (left, right) = neighbours(words, i);
    let share = params.ln_unseen_share;
    let near = model.candidates(f);
    let near = &near[..near.len().min(params.max_candidates)];
    let mut seen: std::collections::HashSet<u32> = near.iter().copied().collect();
    seen.insert(f);
    let mut scored: Vec<(f32, u32)> = Vec::new();
    for &c in near {
        let next = model.candidates(c);
        for &d in &next[..next.len().min(params.max_candidates)] {
            if !seen.insert(d) {
                continue;
            }
            let gain = spin::fit(model, left, d, right, share) + spin::emission(model, d, params);
            scored.push((gain, d));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .iter()
        .take(n)
        .map(|&(_, d)| recase(model.word(d), w.case))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AnalyzerBuilder, ContextCheck, Label};
    use crosscheck::TextRange;

    /// A stand-in model that finds a few words out of place: its reading gives every word
    /// two tokens (so a word's score is a sum), -0.5 nats each, and -20 each for a word of
    /// `odd`; a text scores -10 nats per word of `odd` it contains.
    struct Odd(Vec<String>);

    impl Odd {
        fn is_odd(&self, w: &str) -> bool {
            self.0.iter().any(|o| o == w)
        }
    }

    impl ContextScorer for Odd {
        fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>, ScoreError> {
            Ok(texts
                .iter()
                .map(|t| {
                    let n = t
                        .split(|c: char| !c.is_alphabetic())
                        .filter(|w| self.is_odd(w))
                        .count();
                    -10.0 * n as f32
                })
                .collect())
        }

        fn token_log_probs(&self, text: &str) -> Result<Vec<(TextRange, f32)>, ScoreError> {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (c.is_alphabetic(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        start = None;
                        let lp = if self.is_odd(&text[s..i]) {
                            -20.0
                        } else {
                            -0.5
                        };
                        let mid = s + 1;
                        out.push((TextRange::new(s, mid), lp));
                        out.push((TextRange::new(mid, i), lp));
                    }
                    _ => {}
                }
            }
            Ok(out)
        }
    }

    /// The same model without a token-by-token reading.
    struct Windows(Odd);

    impl ContextScorer for Windows {
        fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>, ScoreError> {
            self.0.log_likelihoods(texts)
        }
    }

    const SPUN: &str = "Russian troops successful the region volition retreat from the \
                        westbound slope of the river. The bid came astatine a gathering \
                        successful Moscow, and helium said connected Tuesday that the army \
                        would not beryllium defeated.";

    const CLEAN: &str = "Russian troops in the region will retreat from the west bank of the \
                         river, the army said on Tuesday.";

    /// The stand-in model decides alone (no decoder margin, no frequency term), and only the
    /// words it reads as less likely than their frequency are proposed (all others read at
    /// -1 nat, above any word's unigram log-probability).
    fn builder() -> AnalyzerBuilder {
        let mut b = AnalyzerBuilder::new();
        b.context_lead_max_fit(0.0)
            .context_lead_extra_gain(0.0)
            .context_margin_weight(0.0)
            .context_frequency_weight(0.0)
            .context_min_gain(5.0)
            .context_spun_min_gain(5.0);
        b
    }

    /// Words of `text` the model-led pass could propose (replaceable, with thesaurus
    /// candidates) that the decoder does not propose.
    fn unproposed(a: &Analyzer, text: &str) -> Vec<String> {
        let (base, words, prior) = a.analyze_parts(text);
        let (proposals, _) = a.decoder_proposals(text, &words, base.label == Label::Spun, prior);
        words
            .iter()
            .filter(|w| w.replaceable)
            .filter(|w| w.id.is_some_and(|id| !a.model.candidates(id).is_empty()))
            .filter(|w| !proposals.iter().any(|p| p.range == w.range))
            .map(|w| w.range.slice(text).to_string())
            .collect()
    }

    #[test]
    fn a_word_the_decoder_never_proposes_is_found_by_the_models_reading() {
        let a = builder().build().unwrap();
        assert_eq!(a.analyze(SPUN).label, Label::Spun);
        let free = unproposed(&a, SPUN);
        let word = free
            .first()
            .expect("a word the decoder leaves alone")
            .clone();
        let odd = Odd(vec![word.clone()]);
        let r = a.analyze_with(SPUN, &odd);
        let sub = r.substitutions.iter().find(|s| s.found == word);
        let sub = sub.unwrap_or_else(|| panic!("{word} not restored: {:?}", r.substitutions));
        assert!(a
            .spin_candidates(&word)
            .contains(&sub.likely.to_lowercase().as_str()));
        assert!(sub.context_gain.is_some_and(|g| g >= 10.0));
        // Without a token-by-token reading, or with the pass off, the word stays.
        let r = a.analyze_with(SPUN, &Windows(Odd(vec![word.clone()])));
        assert!(!r.substitutions.iter().any(|s| s.found == word));
        let off = builder().context_lead_rate(0.0).build().unwrap();
        let r = off.analyze_with(SPUN, &odd);
        assert!(!r.substitutions.iter().any(|s| s.found == word));
    }

    #[test]
    fn every_occurrence_of_a_proposed_word_is_proposed() {
        let a = builder().build().unwrap();
        let (base, words, prior) = a.analyze_parts(SPUN);
        let (proposals, params) =
            a.decoder_proposals(SPUN, &words, base.label == Label::Spun, prior);
        let first = SPUN.find("successful").unwrap();
        let second = SPUN.rfind("successful").unwrap();
        assert_ne!(first, second);
        // Only the first occurrence taken: the second comes back, and nothing else does.
        let taken: Vec<Proposal> = proposals
            .into_iter()
            .filter(|p| p.range.start() == first)
            .collect();
        assert_eq!(taken.len(), 1);
        let more = repeats(SPUN, &words, &a, &params, &taken);
        let at: Vec<usize> = more.iter().map(|p| p.range.start()).collect();
        assert_eq!(at, [second]);
        assert!(more[0].led && more[0].candidates.iter().any(|c| c == "in"));
    }

    #[test]
    fn a_clean_document_gets_the_pass_only_when_asked() {
        let a = builder().build().unwrap();
        assert_eq!(a.analyze(CLEAN).label, Label::Original);
        let word = unproposed(&a, CLEAN)
            .into_iter()
            .find(|w| w == "retreat")
            .expect("retreat has thesaurus candidates");
        let odd = Odd(vec![word.clone()]);
        let r = a.analyze_with(CLEAN, &odd);
        assert!(r.substitutions.is_empty(), "{:?}", r.substitutions);
        let asked = builder().context_lead_clean_rate(0.1).build().unwrap();
        let r = asked.analyze_with(CLEAN, &odd);
        assert!(
            r.substitutions.iter().any(|s| s.found == word),
            "{:?}",
            r.substitutions
        );
    }

    #[test]
    fn the_words_checked_are_capped_and_the_most_out_of_place_go_first() {
        // Two words the model finds out of place; a cap of one word proposes one of them.
        let a = builder().build().unwrap();
        let free = unproposed(&a, SPUN);
        assert!(free.len() >= 2, "{free:?}");
        let odd = Odd(vec![free[0].clone(), free[1].clone()]);
        let checked = |r: &crate::RewriteAnalysis| match r.context {
            ContextCheck::Verified { checked } => checked,
            _ => 0,
        };
        let words = crate::words::scan(SPUN, a.model).len() as f32;
        let all = a.analyze_with(SPUN, &odd);
        let one = builder()
            .context_lead_rate(1.5 / words)
            .build()
            .unwrap()
            .analyze_with(SPUN, &odd);
        let none = builder()
            .context_lead_rate(0.0)
            .build()
            .unwrap()
            .analyze_with(SPUN, &odd);
        assert_eq!(checked(&all), checked(&none) + 2);
        assert_eq!(checked(&one), checked(&none) + 1);
        // Both read 40 nats in the model; the more frequent one is the further out of place.
        let freq = |w: &str| a.word_log_frequency(w).unwrap_or(0.0);
        let (first, second) = if freq(&free[0]) > freq(&free[1]) {
            (&free[0], &free[1])
        } else {
            (&free[1], &free[0])
        };
        let changed = |w: &str| one.substitutions.iter().any(|s| s.found == w);
        assert!(
            changed(first) && !changed(second),
            "{:?}",
            one.substitutions
        );
        // A stricter fit bound proposes none: both sit about 40 nats under their frequency.
        let strict = builder()
            .context_lead_max_fit(-60.0)
            .build()
            .unwrap()
            .analyze_with(SPUN, &odd);
        assert_eq!(checked(&strict), checked(&none));
        // A higher bar for the model's own proposals keeps neither.
        let bar = builder()
            .context_lead_extra_gain(100.0)
            .build()
            .unwrap()
            .analyze_with(SPUN, &odd);
        assert!(!bar.substitutions.iter().any(|s| odd.is_odd(&s.found)));
    }
}
