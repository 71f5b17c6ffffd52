//! Direction from the rest of the corpus: what a pair cannot tell alone, its neighbours can.
//!
//! A pair whose texts carry no dates, no rewrite traces and no credit is undetermined on its
//! own. Often the other pairs of its two documents settle it. When the text one side holds
//! beyond the shared passage is copied, passage included, by other documents, that side's
//! whole text circulated as one piece; when the other side's own text is held by no other
//! document, that side took its part of the first. This is how an excerpt of a widely copied
//! article looks next to the article, and how an edited copy that cut sentences looks next to
//! the original whose other copies kept them.
//!
//! The pass reads only the pairs' passages (which do not depend on any pair's direction), so
//! its answer does not depend on the order of pairs or on the directions it sets, and a
//! pair's direction is decided once with its whole neighbourhood in view. It never overrides
//! evidence from the pair itself.

use rustc_hash::FxHashMap;

use crate::direction::DirectionEvidence;
use crate::pair::{PassagePair, ReusePair, Substitution, NO_SITE};

/// Merged `[start, end)` byte spans of one document, sorted.
type Spans = Vec<(u32, u32)>;

/// Bytes of one side's own text that other documents must copy along with the passage for
/// the side to count as circulating whole: about two sentences, more than a shared stock
/// phrase or a dateline.
const MIN_COPIED_OWN_BYTES: u32 = 200;

/// Fewest words of its own (outside this pair's passages) each side must have.
const MIN_OWN_WORDS: usize = 20;

/// Share of a pair's passage (on one document) that another pair of that document must
/// cover for its document to hold the passage too.
const SAME_PASSAGE: f64 = 0.5;

/// Settle the undetermined directions of `pairs` from their neighbours (see the module
/// docs), reversing the pairs whose source turns out to be their target. `sites` gives each
/// document's site number ([`crate::site_numbers`]): a page of the same site holds a
/// document's template around the passage, which says nothing about who wrote what. Returns
/// the indices of the pairs reversed.
pub fn settle_from_corpus(pairs: &mut [ReusePair], sites: &[u32]) -> Vec<usize> {
    let site = |doc: usize| sites.get(doc).copied().unwrap_or(NO_SITE);
    // Each document's pairs: (pair index, the document's passage spans in that pair).
    let mut spans_of: FxHashMap<usize, Vec<(usize, Spans)>> = FxHashMap::default();
    for (i, pair) in pairs.iter().enumerate() {
        let (source, target) = passage_spans(&pair.passages);
        spans_of.entry(pair.source).or_default().push((i, source));
        spans_of.entry(pair.target).or_default().push((i, target));
    }
    let pairs_ends: Vec<Ends> = pairs.iter().map(|p| Ends(p.source, p.target)).collect();
    let copied_own = |doc: usize, pair: usize| -> u32 {
        let Some(all) = spans_of.get(&doc) else {
            return 0;
        };
        let Some((_, passage)) = all.iter().find(|(i, _)| *i == pair) else {
            return 0;
        };
        let passage_len = measure(passage);
        let mut beyond: Vec<(u32, u32)> = Vec::new();
        for (other, spans) in all {
            let partner = pairs_ends[*other].other_than(doc);
            if site(doc) != NO_SITE && site(partner) == site(doc) {
                continue;
            }
            let shared = f64::from(overlap(spans, passage));
            if *other == pair || shared < SAME_PASSAGE * f64::from(passage_len) {
                continue;
            }
            beyond.extend(subtract(spans, passage));
        }
        measure(&merge(beyond))
    };
    let mut decided: Vec<(usize, bool)> = Vec::new();
    for (i, pair) in pairs.iter().enumerate() {
        if pair.direction != DirectionEvidence::Undetermined {
            continue;
        }
        let source_copied = copied_own(pair.source, i);
        let target_copied = copied_own(pair.target, i);
        // Both sides need text of their own: a side wholly inside the other is the
        // containment case, which this evidence cannot tell from a wire story inside the
        // report that took it (and a text that holds all of another plus more, copied on,
        // is as likely the copy as the source).
        let source_own = pair
            .stats
            .source_words
            .saturating_sub(pair.stats.aligned_source);
        let target_own = pair
            .stats
            .target_words
            .saturating_sub(pair.stats.aligned_target);
        let quiet = MIN_COPIED_OWN_BYTES / 4;
        if source_copied >= MIN_COPIED_OWN_BYTES
            && target_copied < quiet
            && source_own.min(target_own) >= MIN_OWN_WORDS
        {
            decided.push((i, false));
        } else if target_copied >= MIN_COPIED_OWN_BYTES
            && source_copied < quiet
            && source_own.min(target_own) >= MIN_OWN_WORDS
        {
            decided.push((i, true));
        }
    }
    let mut reversed = Vec::new();
    for (i, reverse) in decided {
        let pair = &mut pairs[i];
        pair.direction = DirectionEvidence::CopiedWhole;
        if reverse {
            reverse_pair(pair);
            reversed.push(i);
        }
    }
    reversed
}

/// The two documents of a pair.
#[derive(Clone, Copy)]
struct Ends(usize, usize);

impl Ends {
    fn other_than(self, doc: usize) -> usize {
        if self.0 == doc {
            self.1
        } else {
            self.0
        }
    }
}

/// Make `pair`'s target its source: sides of passages, substitutions and counts swapped.
pub fn reverse_pair(pair: &mut ReusePair) {
    std::mem::swap(&mut pair.source, &mut pair.target);
    pair.root = pair.source;
    pair.stats = pair.stats.swapped();
    for passage in &mut pair.passages {
        *passage = PassagePair {
            source: passage.target,
            target: passage.source,
        };
    }
    pair.passages.sort_by_key(|p| p.target);
    for substitution in &mut pair.substitutions {
        *substitution = Substitution {
            source: substitution.target,
            target: substitution.source,
        };
    }
    pair.substitutions.sort_by_key(|s| s.target);
}

/// The merged byte spans of a pair's passages on its source and on its target.
fn passage_spans(passages: &[PassagePair]) -> (Spans, Spans) {
    let span = |r: crosscheck::TextRange| (r.start() as u32, r.end() as u32);
    let source = merge(passages.iter().map(|p| span(p.source)).collect());
    let target = merge(passages.iter().map(|p| span(p.target)).collect());
    (source, target)
}

/// Sorted, non-overlapping spans covering what `spans` cover.
fn merge(mut spans: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    spans.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

fn measure(spans: &[(u32, u32)]) -> u32 {
    spans.iter().map(|(s, e)| e - s).sum()
}

/// Bytes both merged span lists cover.
fn overlap(a: &[(u32, u32)], b: &[(u32, u32)]) -> u32 {
    let mut total = 0;
    for &(s1, e1) in a {
        for &(s2, e2) in b {
            let (s, e) = (s1.max(s2), e1.min(e2));
            if s < e {
                total += e - s;
            }
        }
    }
    total
}

/// What `a` covers outside `b` (both merged).
fn subtract(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for &(start, end) in a {
        let mut at = start;
        for &(s, e) in b {
            if e <= at || s >= end {
                continue;
            }
            if s > at {
                out.push((at, s));
            }
            at = at.max(e);
        }
        if at < end {
            out.push((at, end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtract_leaves_what_the_second_does_not_cover() {
        assert_eq!(
            subtract(&[(0, 100)], &[(10, 20), (50, 60)]),
            vec![(0, 10), (20, 50), (60, 100)]
        );
        assert_eq!(subtract(&[(0, 10)], &[(0, 10)]), vec![]);
        assert_eq!(overlap(&[(0, 10), (20, 30)], &[(5, 25)]), 10);
        assert_eq!(
            merge(vec![(5, 8), (0, 6), (10, 12)]),
            vec![(0, 8), (10, 12)]
        );
    }
}
