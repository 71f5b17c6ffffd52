//! Spin detection: which words did a synonym spinner put in, and what stood there before?
//!
//! What it does: treats the text as the output of a noisy channel. The clean original is a
//! sequence of English words (scored with bigram counts); the spinner replaced each word, with
//! a small probability `prior`, by one of its `d` WordNet "synonyms" (probability
//! `prior / d^w`; `w` = 1 is a uniform pick, `w` < 1 a spinner that favours some synonyms). For every run of known words, a Viterbi pass finds the most
//! likely original, and forward/backward scores give, for each word it would change, the
//! log-odds `margin` between the best reading with the change and the best reading without it.
//!
//! Why this shape: a spinner's tell is a word that real English almost never puts in its
//! place ("successful the region", "astatine a meeting") next to a synonym that fits
//! overwhelmingly well ("in the region", "at a meeting"). The channel model weighs exactly
//! that, with the prior standing for "clean text is the rule", and it decodes a run of two
//! spun words ("counterfeit consciousness") jointly instead of word by word. Nothing in it is a
//! list of our test words: the candidates come from WordNet, the fit from Google Books counts.
//!
//! Speed: a word only gets candidates when one of its neighbouring pairs is unlisted (clean
//! text lists most pairs) and then only the few that fit a neighbour; the decode runs over at
//! most [`MAX_STATES`] readings per word.

use crosscheck::TextRange;

use crate::model::{Model, WordId};
use crate::words::{recase, Word};

/// Readings kept per word: itself plus the best few candidates.
const MAX_STATES: usize = 6;
/// Candidates tried per word for the joint two-word search.
const JOINT_CANDIDATES: usize = 24;

/// Tunable constants of the channel model; see the crate docs for calibration.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SpinParams {
    /// `ln` of the prior probability that a word was replaced.
    pub(crate) ln_prior: f32,
    /// `ln` of the share of the bigram threshold assumed for an unlisted pair.
    pub(crate) ln_unseen_share: f32,
    /// Smallest margin (nats) at which a change is reported.
    pub(crate) min_margin: f32,
    /// Weight of `ln d(c)` in the emission cost: 1 is a spinner choosing uniformly among the
    /// `d(c)` synonyms of `c`.
    pub(crate) fanout_weight: f32,
    /// Candidates read per word, most frequent first.
    pub(crate) max_candidates: usize,
}

/// One word the decoder would change.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    /// Where the found word is.
    pub(crate) range: TextRange,
    /// The word as written.
    pub(crate) found: String,
    /// The likely original, capitalised like the found word.
    pub(crate) likely: String,
    /// Log-odds (nats) of the best reading with the change over the best without it.
    pub(crate) margin: f32,
}

/// A word the decoder could change, with every original it weighed: what a context model
/// then verifies (`verify.rs`).
#[derive(Clone, Debug)]
pub(crate) struct Proposal {
    /// Where the found word is.
    pub(crate) range: TextRange,
    /// The originals the decoder kept as readings, best first, capitalised like the found word.
    pub(crate) candidates: Vec<String>,
    /// Log-odds (nats) of the best reading with a change here over the best without; negative
    /// when the decoder keeps the word.
    pub(crate) margin: f32,
    /// Whether the language model's own reading proposed it (`lead.rs`), not the decoder.
    pub(crate) led: bool,
    /// How many of `candidates`, at the end, are two thesaurus links away from the found word
    /// (`lead::far`): a spinner's thesaurus is broader than WordNet's synsets.
    pub(crate) far: usize,
}

#[derive(Clone, Copy)]
struct State {
    word: WordId,
    emit: f32,
}

/// Decode every run of known words in `words` and return the changes with margin at least
/// `params.min_margin`, in text order, plus the number of known words scored.
pub(crate) fn detect(
    text: &str,
    words: &[Word],
    model: &Model,
    params: &SpinParams,
) -> (Vec<Change>, usize) {
    let mut changes = Vec::new();
    let known = decode(text, words, model, params, &mut changes, None);
    (changes, known)
}

/// Every word the decoder weighed a change for (its margin may be below
/// `params.min_margin`, or negative), in text order.
pub(crate) fn propose(
    text: &str,
    words: &[Word],
    model: &Model,
    params: &SpinParams,
) -> Vec<Proposal> {
    let mut proposals = Vec::new();
    decode(
        text,
        words,
        model,
        params,
        &mut Vec::new(),
        Some(&mut proposals),
    );
    proposals
}

fn decode(
    text: &str,
    words: &[Word],
    model: &Model,
    params: &SpinParams,
    changes: &mut Vec<Change>,
    mut proposals: Option<&mut Vec<Proposal>>,
) -> usize {
    let mut scratch = Scratch::default();
    let mut known = 0;
    let mut start = 0;
    while start < words.len() {
        if words[start].id.is_none() {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < words.len() && words[end].id.is_some() && !words[end].breaks_before {
            end += 1;
        }
        known += end - start;
        decode_run(
            text,
            &words[start..end],
            model,
            params,
            &mut scratch,
            changes,
            proposals.as_deref_mut(),
        );
        start = end;
    }
    known
}

#[derive(Default)]
struct Scratch {
    ids: Vec<WordId>,
    states: Vec<Vec<State>>,
    alpha: Vec<Vec<f32>>,
    beta: Vec<Vec<f32>>,
    back: Vec<Vec<u8>>,
}

fn decode_run(
    text: &str,
    run: &[Word],
    model: &Model,
    params: &SpinParams,
    s: &mut Scratch,
    changes: &mut Vec<Change>,
    proposals: Option<&mut Vec<Proposal>>,
) {
    let n = run.len();
    s.ids.clear();
    s.ids.extend(run.iter().map(|w| w.id.unwrap_or(0)));
    let ids = &s.ids;
    let share = params.ln_unseen_share;
    // Which pairs are listed: a word whose pairs with both neighbours are listed reads as
    // ordinary English and is left alone.
    let seen_right: Vec<bool> = (0..n.saturating_sub(1))
        .map(|i| model.seen(ids[i], ids[i + 1]))
        .collect();

    resize(&mut s.states, n);
    for i in 0..n {
        let f = ids[i];
        let states = &mut s.states[i];
        states.clear();
        states.push(State { word: f, emit: 0.0 });
        let left_seen = i == 0 || seen_right[i - 1];
        let right_seen = i + 1 == n || seen_right[i];
        if !run[i].replaceable || (left_seen && right_seen) {
            continue;
        }
        let left = (i > 0).then(|| ids[i - 1]);
        let right = (i + 1 < n).then(|| ids[i + 1]);
        let fit_f = fit(model, left, f, right, share);
        let mut scored: Vec<(f32, WordId)> = Vec::new();
        let cands = model.candidates(f);
        for &c in &cands[..cands.len().min(params.max_candidates)] {
            // Worth a state only if it could win together with a changed neighbour: that
            // needs at least a listed pair with one real neighbour.
            let l = left.map(|l| model.ln_p_next_listed(l, c, share));
            let r = right.map(|r| model.ln_p_next_listed(c, r, share));
            let anchored = l.is_some_and(|x| x.1) || r.is_some_and(|x| x.1);
            if !anchored {
                continue;
            }
            let fit_c = l.map_or_else(|| model.ln_p(c), |x| x.0) + r.map_or(0.0, |x| x.0);
            let gain = fit_c - fit_f + emission(model, c, params);
            if gain > -6.0 {
                scored.push((gain, c));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        for &(_, c) in scored.iter().take(MAX_STATES / 2) {
            states.push(State {
                word: c,
                emit: emission(model, c, params),
            });
        }
    }
    // Two neighbours both changed: try candidate pairs that form a listed pair.
    for i in 0..n.saturating_sub(1) {
        if seen_right[i] || !run[i].replaceable || !run[i + 1].replaceable {
            continue;
        }
        let (a, b) = (ids[i], ids[i + 1]);
        let ca = model.candidates(a);
        let cb = model.candidates(b);
        if ca.is_empty() && cb.is_empty() {
            continue;
        }
        let joint = JOINT_CANDIDATES.min(params.max_candidates);
        let ca = &ca[..ca.len().min(joint)];
        let cb = &cb[..cb.len().min(joint)];
        for &x in std::iter::once(&a).chain(ca) {
            for &y in std::iter::once(&b).chain(cb) {
                if (x == a && y == b) || !model.seen(x, y) {
                    continue;
                }
                add_state(&mut s.states[i], x, model, params);
                add_state(&mut s.states[i + 1], y, model, params);
            }
        }
    }
    if s.states.iter().take(n).all(|st| st.len() == 1) {
        return;
    }

    // Forward (max-product) with back-pointers, then backward.
    resize(&mut s.alpha, n);
    resize(&mut s.beta, n);
    resize(&mut s.back, n);
    let states = &s.states;
    {
        let a0 = &mut s.alpha[0];
        a0.clear();
        a0.extend(states[0].iter().map(|st| model.ln_p(st.word) + st.emit));
    }
    for i in 1..n {
        let (prev, cur) = s.alpha.split_at_mut(i);
        let prev = &prev[i - 1];
        let cur = &mut cur[0];
        cur.clear();
        let back = &mut s.back[i];
        back.clear();
        for st in &states[i] {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for (k, pt) in states[i - 1].iter().enumerate() {
                let v = prev[k] + model.ln_p_next(pt.word, st.word, share);
                if v > best {
                    best = v;
                    arg = k as u8;
                }
            }
            cur.push(best + st.emit);
            back.push(arg);
        }
    }
    {
        let bl = &mut s.beta[n - 1];
        bl.clear();
        bl.resize(states[n - 1].len(), 0.0);
    }
    for i in (0..n - 1).rev() {
        let (cur, next) = s.beta.split_at_mut(i + 1);
        let next = &next[0];
        let cur = &mut cur[i];
        cur.clear();
        for st in &states[i] {
            let mut best = f32::NEG_INFINITY;
            for (k, nt) in states[i + 1].iter().enumerate() {
                let v = model.ln_p_next(st.word, nt.word, share) + nt.emit + next[k];
                best = best.max(v);
            }
            cur.push(best);
        }
    }
    // Best path.
    let last = &s.alpha[n - 1];
    let mut k = argmax(last);
    let total = last[k];
    let mut path = vec![0usize; n];
    for i in (0..n).rev() {
        path[i] = k;
        if i > 0 {
            k = s.back[i][k] as usize;
        }
    }
    if let Some(out) = proposals {
        for i in 0..n {
            if states[i].len() < 2 {
                continue;
            }
            let through = |k: usize| s.alpha[i][k] + s.beta[i][k];
            let mut order: Vec<usize> = (1..states[i].len()).collect();
            order.sort_by(|&a, &b| through(b).total_cmp(&through(a)));
            let w = &run[i];
            out.push(Proposal {
                range: w.range,
                candidates: order
                    .iter()
                    .map(|&k| recase(model.word(states[i][k].word), w.case))
                    .collect(),
                margin: through(order[0]) - through(0),
                led: false,
                far: 0,
            });
        }
        return;
    }
    for i in 0..n {
        if path[i] == 0 {
            continue;
        }
        let without = s.alpha[i][0] + s.beta[i][0];
        let margin = total - without;
        if margin < params.min_margin {
            continue;
        }
        let w = &run[i];
        changes.push(Change {
            range: w.range,
            found: w.range.slice(text).to_string(),
            likely: recase(model.word(states[i][path[i]].word), w.case),
            margin,
        });
    }
}

/// How well `w` fits between `left` and `right`: `ln P(w|left) + ln P(right|w)`, with the
/// unigram probability standing in for a missing left neighbour.
pub(crate) fn fit(
    model: &Model,
    left: Option<WordId>,
    w: WordId,
    right: Option<WordId>,
    share: f32,
) -> f32 {
    let l = match left {
        Some(l) => model.ln_p_next(l, w, share),
        None => model.ln_p(w),
    };
    let r = match right {
        Some(r) => model.ln_p_next(w, r, share),
        None => 0.0,
    };
    l + r
}

/// `ln P(spinner wrote the found word | original c) = ln prior - ln d(c)`, where `d(c)` is
/// the number of synonyms the spinner could choose from for `c`.
pub(crate) fn emission(model: &Model, c: WordId, params: &SpinParams) -> f32 {
    let d = model.candidates(c).len().max(1) as f32;
    params.ln_prior - params.fanout_weight * d.ln()
}

fn add_state(states: &mut Vec<State>, w: WordId, model: &Model, params: &SpinParams) {
    if states.len() >= MAX_STATES || states.iter().any(|s| s.word == w) {
        return;
    }
    states.push(State {
        word: w,
        emit: emission(model, w, params),
    });
}

fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (k, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = k;
        }
    }
    best
}

fn resize<T: Default>(v: &mut Vec<T>, n: usize) {
    if v.len() < n {
        v.resize_with(n, T::default);
    }
}
