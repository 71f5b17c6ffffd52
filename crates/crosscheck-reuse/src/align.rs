//! Passage alignment: which spans of a target text come from which spans of a source text.
//!
//! Seed and extend, as the best PAN text-alignment systems do: exact word trigrams shared by
//! both texts are the seeds; seeds close to each other in *both* texts chain into passages,
//! each chain following its own diagonal, so reordered paragraphs become separate passages
//! instead of breaking one in-order alignment; nearby passages that continue each other
//! merge. Inside each passage a word-level diff (Myers, from `similar`) tells equal words from
//! substituted ones, which is where spun synonyms show up.

use std::ops::Range;

use crosscheck::TextRange;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::words::Word;

/// Knobs of the aligner. [`AlignParams::default`] is tuned for news text.
#[derive(Clone, Debug)]
pub struct AlignParams {
    /// Words per seed. Default 3.
    pub seed_words: usize,
    /// Largest gap, in words, between two seeds of one passage. Default 24.
    pub max_gap: usize,
    /// Largest shift of the diagonal between neighbouring seeds of one passage (words added
    /// or cut between them). Default 12.
    pub max_drift: usize,
    /// Shortest passage kept, in words on each side. Default 8.
    pub min_passage_words: usize,
    /// A trigram found more often than this in the source is too common to seed. Default 4.
    pub max_seed_repeats: usize,
}

impl Default for AlignParams {
    fn default() -> AlignParams {
        AlignParams {
            seed_words: 3,
            max_gap: 24,
            max_drift: 12,
            min_passage_words: 8,
            max_seed_repeats: 4,
        }
    }
}

/// One aligned passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Span in the source text.
    pub source: TextRange,
    /// Span in the target text.
    pub target: TextRange,
    /// Source word indices.
    pub source_words: Range<usize>,
    /// Target word indices.
    pub target_words: Range<usize>,
    /// Words equal on both sides.
    pub equal: usize,
    /// Source words replaced by other words in the target.
    pub replaced_source: usize,
    /// Target words standing in for replaced source words.
    pub replaced_target: usize,
    /// Of the replacements, single words replaced by single words (the spinner's signature).
    pub one_to_one: usize,
    /// Source words cut in the target.
    pub deleted: usize,
    /// Target words not in the source.
    pub inserted: usize,
    /// Whether both sides are (almost) all inside quotation marks: a shared quote.
    pub quoted: bool,
}

/// A word or short phrase of the target standing where the source has another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordSubstitution {
    /// Span of the original in the source.
    pub source: TextRange,
    /// Span of the replacement in the target.
    pub target: TextRange,
}

/// The alignment of a target text against a source text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Passages, in target order.
    pub passages: Vec<Passage>,
    /// Word substitutions inside passages, in target order.
    pub substitutions: Vec<WordSubstitution>,
}

/// Align `target` against `source` (their words, from [`crate::words::words`]).
pub fn align(source: &[Word], target: &[Word], params: &AlignParams) -> Alignment {
    let k = params.seed_words.max(1);
    let seeds = seeds(source, target, k, params.max_seed_repeats);
    let chains = chain(&seeds, params);
    let mut spans: Vec<(Range<usize>, Range<usize>)> = chains
        .into_iter()
        .filter(|c| c.seeds >= 2)
        .map(|c| (c.first_i..c.last_i + k, c.min_j..c.max_j + k))
        .filter(|(s, t)| s.len() >= params.min_passage_words && t.len() >= params.min_passage_words)
        .collect();
    spans = drop_overlaps(spans);
    let spans: Vec<Span> = spans
        .into_iter()
        .map(|span| extend(source, target, span, params.max_gap))
        .collect();
    let spans = merge_adjacent(drop_overlaps(spans), params.max_gap);

    let mut alignment = Alignment::default();
    for (s, t) in spans {
        let mut substitutions = Vec::new();
        let passage = diff_passage(source, target, s, t, &mut substitutions);
        // Two seeds far apart can chain over unrelated text; a real passage is mostly equal
        // words even when spun (a spinner swaps a quarter to a third of them).
        if passage.equal * 2 < passage.source_words.len().max(passage.target_words.len()) {
            continue;
        }
        alignment.substitutions.extend(substitutions);
        alignment.passages.push(passage);
    }
    alignment.substitutions.sort_by_key(|sub| sub.target);
    alignment
}

/// Exact matches of `k` consecutive words: `(source index, target index)`, sorted.
fn seeds(source: &[Word], target: &[Word], k: usize, max_repeats: usize) -> Vec<(usize, usize)> {
    if source.len() < k || target.len() < k {
        return Vec::new();
    }
    let gram = |words: &[Word]| words.iter().fold(0u64, |h, w| h.rotate_left(21) ^ w.key);
    // A sorted list of (gram, position) instead of a map of lists: one allocation per pair
    // rather than one per distinct trigram, and positions of a gram come out in order.
    let mut index: Vec<(u64, u32)> = (0..=source.len() - k)
        .map(|i| (gram(&source[i..i + k]), i as u32))
        .collect();
    index.sort_unstable();
    let mut seeds = Vec::new();
    for j in 0..=target.len() - k {
        let g = gram(&target[j..j + k]);
        let from = index.partition_point(|&(h, _)| h < g);
        let to = from + index[from..].partition_point(|&(h, _)| h == g);
        if to > from && to - from <= max_repeats {
            seeds.extend(index[from..to].iter().map(|&(_, i)| (i as usize, j)));
        }
    }
    seeds.sort_unstable();
    seeds
}

struct Chain {
    first_i: usize,
    last_i: usize,
    last_j: usize,
    min_j: usize,
    max_j: usize,
    seeds: usize,
}

/// Chain seeds that follow each other in both texts into passages.
fn chain(seeds: &[(usize, usize)], params: &AlignParams) -> Vec<Chain> {
    let mut done = Vec::new();
    let mut active: Vec<Chain> = Vec::new();
    for &(i, j) in seeds {
        // Retire chains the source has moved past.
        let mut idx = 0;
        while idx < active.len() {
            if active[idx].last_i + params.max_gap < i {
                done.push(active.swap_remove(idx));
            } else {
                idx += 1;
            }
        }
        let best = active
            .iter()
            .enumerate()
            .filter_map(|(n, c)| {
                let di = i.checked_sub(c.last_i)?;
                let dj = j as isize - c.last_j as isize;
                if dj < -(params.max_drift as isize)
                    || dj > (params.max_gap + params.max_drift) as isize
                {
                    return None;
                }
                let drift = (dj - di as isize).unsigned_abs();
                (drift <= params.max_drift).then_some((drift, n))
            })
            .min();
        match best {
            Some((_, n)) => {
                let c = &mut active[n];
                c.last_i = i;
                c.last_j = j;
                c.min_j = c.min_j.min(j);
                c.max_j = c.max_j.max(j);
                c.seeds += 1;
            }
            None => active.push(Chain {
                first_i: i,
                last_i: i,
                last_j: j,
                min_j: j,
                max_j: j,
                seeds: 1,
            }),
        }
    }
    done.extend(active);
    done.sort_by_key(|c| (c.min_j, c.first_i));
    done
}

type Span = (Range<usize>, Range<usize>);

/// Keep the longest passages; drop one that mostly repeats a longer one on either side.
fn drop_overlaps(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| {
        (b.1.len() + b.0.len())
            .cmp(&(a.1.len() + a.0.len()))
            .then(a.1.start.cmp(&b.1.start))
    });
    let mut kept: Vec<Span> = Vec::new();
    for span in spans {
        let overlap = |a: &Range<usize>, b: &Range<usize>| {
            a.end.min(b.end).saturating_sub(a.start.max(b.start))
        };
        let clash = kept.iter().any(|k| {
            overlap(&k.1, &span.1) * 2 > span.1.len() || overlap(&k.0, &span.0) * 2 > span.0.len()
        });
        if !clash {
            kept.push(span);
        }
    }
    kept.sort_by_key(|s| (s.1.start, s.0.start));
    kept
}

/// Least share of equal words in a stretch beyond a passage's seeds for the passage to grow
/// over it: heavy spinning leaves a third of the words, unrelated text far fewer.
const EXTEND_MIN_EQUAL: f64 = 0.3;

/// Grow a passage at both ends over stretches where seeds are too sparse (three equal words
/// in a row are rare in heavily spun text) but the word-level diff still matches well.
fn extend(source: &[Word], target: &[Word], (mut s, mut t): Span, window: usize) -> Span {
    loop {
        let sw = s.end..(s.end + window).min(source.len());
        let tw = t.end..(t.end + window).min(target.len());
        match furthest_match(&keys(&source[sw]), &keys(&target[tw])) {
            Some((ds, dt)) => {
                s.end += ds;
                t.end += dt;
            }
            None => break,
        }
    }
    loop {
        let sw = s.start.saturating_sub(window)..s.start;
        let tw = t.start.saturating_sub(window)..t.start;
        let rev = |words: &[Word]| words.iter().rev().map(|w| w.key).collect::<Vec<_>>();
        match furthest_match(&rev(&source[sw]), &rev(&target[tw])) {
            Some((ds, dt)) => {
                s.start -= ds;
                t.start -= dt;
            }
            None => break,
        }
    }
    (s, t)
}

fn keys(words: &[Word]) -> Vec<u64> {
    words.iter().map(|w| w.key).collect()
}

/// How far into `a` and `b` (read from their start) the diff keeps matching densely: the end
/// of the last equal run up to which at least two words and [`EXTEND_MIN_EQUAL`] of the words
/// are equal. `None` when nothing qualifies.
fn furthest_match(a: &[u64], b: &[u64]) -> Option<(usize, usize)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut equal = 0usize;
    let mut best = None;
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            equal += len;
            let (end_a, end_b) = (old_index + len, new_index + len);
            if equal >= 2 && equal as f64 >= EXTEND_MIN_EQUAL * end_a.max(end_b) as f64 {
                best = Some((end_a, end_b));
            }
        }
    }
    best
}

/// Merge passages that continue each other in both texts (a gap of substituted or inserted
/// words too long for the seeds to bridge).
fn merge_adjacent(spans: Vec<Span>, max_gap: usize) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (s, t) in spans {
        if let Some((ps, pt)) = out.last_mut() {
            let target_gap = t.start as isize - pt.end as isize;
            let source_gap = s.start as isize - ps.end as isize;
            let continues = target_gap <= max_gap as isize
                && source_gap <= max_gap as isize
                && source_gap >= -(max_gap as isize) / 2
                && target_gap >= -(max_gap as isize) / 2
                && s.start >= ps.start;
            if continues {
                ps.end = ps.end.max(s.end);
                pt.end = pt.end.max(t.end);
                continue;
            }
        }
        out.push((s, t));
    }
    out
}

fn diff_passage(
    source: &[Word],
    target: &[Word],
    s: Range<usize>,
    t: Range<usize>,
    substitutions: &mut Vec<WordSubstitution>,
) -> Passage {
    let a: Vec<u64> = source[s.clone()].iter().map(|w| w.key).collect();
    let b: Vec<u64> = target[t.clone()].iter().map(|w| w.key).collect();
    let mut p = Passage {
        source: span_of(&source[s.clone()]),
        target: span_of(&target[t.clone()]),
        source_words: s.clone(),
        target_words: t.clone(),
        equal: 0,
        replaced_source: 0,
        replaced_target: 0,
        one_to_one: 0,
        deleted: 0,
        inserted: 0,
        quoted: false,
    };
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { len, .. } => p.equal += len,
            DiffOp::Delete { old_len, .. } => p.deleted += old_len,
            DiffOp::Insert { new_len, .. } => p.inserted += new_len,
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                p.replaced_source += old_len;
                p.replaced_target += new_len;
                if old_len == new_len {
                    p.one_to_one += old_len;
                }
                // Word-for-word replacements (1:1 up to 3:3) are substitutions; longer
                // rewrites are edits, not synonyms.
                if old_len <= 3 && new_len <= 3 {
                    if old_len == new_len {
                        for n in 0..old_len {
                            substitutions.push(WordSubstitution {
                                source: source[s.start + old_index + n].range,
                                target: target[t.start + new_index + n].range,
                            });
                        }
                    } else {
                        substitutions.push(WordSubstitution {
                            source: span_of(
                                &source[s.start + old_index..s.start + old_index + old_len],
                            ),
                            target: span_of(
                                &target[t.start + new_index..t.start + new_index + new_len],
                            ),
                        });
                    }
                }
            }
        }
    }
    let quoted_share = |words: &[Word]| {
        words.iter().filter(|w| w.quoted).count() as f64 / words.len().max(1) as f64
    };
    p.quoted = quoted_share(&source[s]) >= 0.8 && quoted_share(&target[t]) >= 0.8;
    p
}

fn span_of(words: &[Word]) -> TextRange {
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => TextRange::new(first.range.start(), last.range.end()),
        _ => TextRange::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::words;

    fn run(source: &str, target: &str) -> Alignment {
        align(&words(source), &words(target), &AlignParams::default())
    }

    const P1: &str = "A fire broke out on the passenger ferry Saint Brigid in Port Halden harbour on Monday night, forcing the evacuation of 212 passengers and crew, the harbour authority said.";
    const P2: &str = "Firefighters brought the blaze under control after about three hours. Four people were treated in hospital for smoke inhalation, according to the regional health service.";
    const P3: &str = "The ferry, which runs twice daily between Port Halden and the island of Kessa, will be out of service for at least two weeks while investigators examine the engine room.";

    #[test]
    fn verbatim_copy_is_one_passage() {
        let source = format!("{P1}\n\n{P2}\n\n{P3}");
        let alignment = run(&source, &source);
        assert_eq!(alignment.passages.len(), 1);
        let p = &alignment.passages[0];
        assert_eq!(p.source.slice(&source), source.trim_end_matches('.'));
        assert_eq!(p.deleted + p.inserted + p.replaced_source, 0);
    }

    #[test]
    fn reordered_paragraphs_align_separately() {
        let source = format!("{P1}\n\n{P2}\n\n{P3}");
        let target = format!("Breaking news from the coast today.\n\n{P3}\n\n{P1}\n\nSubscribe to our newsletter for more.\n\n{P2}");
        let alignment = run(&source, &target);
        assert_eq!(alignment.passages.len(), 2, "{alignment:#?}");
        // The moved paragraph is its own passage, word for word.
        let moved = &alignment.passages[0];
        assert_eq!(moved.source.slice(&source), P3.trim_end_matches('.'));
        assert_eq!(moved.target.slice(&target), P3.trim_end_matches('.'));
        // The two paragraphs that stay in order form one passage across the inserted line,
        // which the diff reports as inserted words.
        let kept = &alignment.passages[1];
        assert_eq!(
            kept.source.slice(&source),
            format!("{P1}\n\n{P2}").trim_end_matches('.')
        );
        assert_eq!(kept.inserted, 6);
        assert_eq!(kept.equal, kept.source_words.len());
    }

    #[test]
    fn spun_words_become_substitutions() {
        let target = "A fire broke retired connected the rider ferry Saint Brigid successful Port Halden harbour connected Monday night, forcing the evacuation of 212 passengers and crew, the harbour authority said.";
        let alignment = run(P1, target);
        assert_eq!(alignment.passages.len(), 1, "{alignment:#?}");
        let subs: Vec<(&str, &str)> = alignment
            .substitutions
            .iter()
            .map(|s| (s.target.slice(target), s.source.slice(P1)))
            .collect();
        assert!(subs.contains(&("successful", "in")), "{subs:?}");
        assert!(subs.contains(&("rider", "passenger")), "{subs:?}");
        assert!(subs.contains(&("connected", "on")), "{subs:?}");
    }

    #[test]
    fn shared_quote_is_marked() {
        let quote = "“The crew acted quickly and every passenger was off the ship within forty minutes and nobody was hurt,”";
        let source = format!("{quote} harbour master Ivo Brandt told reporters.");
        let target = format!("Officials praised the crew. {quote} Brandt said on Tuesday.");
        let alignment = run(&source, &target);
        assert_eq!(alignment.passages.len(), 1);
        assert!(alignment.passages[0].quoted);
    }

    #[test]
    fn unrelated_texts_do_not_align() {
        let alignment = run(P1, "Share prices rose on Tuesday as investors welcomed the central bank's decision to hold interest rates.");
        assert!(alignment.passages.is_empty());
    }
}
