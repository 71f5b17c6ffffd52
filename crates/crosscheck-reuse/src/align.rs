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
    let table = GramTable::new(&index);
    let mut seeds = Vec::new();
    for j in 0..=target.len() - k {
        let g = gram(&target[j..j + k]);
        if let Some(positions) = table.get(&index, g) {
            if positions.len() <= max_repeats {
                seeds.extend(positions.iter().map(|&(_, i)| (i as usize, j)));
            }
        }
    }
    seeds.sort_unstable();
    seeds
}

/// Open-addressing table from a trigram to its run in a sorted `(gram, position)` index.
///
/// Every target trigram of every candidate pair is looked up, and most are not in the
/// source: a binary search of the index for each (its unpredictable branches were the largest
/// cost of alignment) is replaced by one or two probes.
struct GramTable {
    /// `(gram, start of its run in the index, end)`; `end == 0` marks an empty slot.
    slots: Vec<(u64, u32, u32)>,
    shift: u32,
}

impl GramTable {
    fn new(index: &[(u64, u32)]) -> GramTable {
        let bits = (index.len().max(1) * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut table = GramTable {
            slots: vec![(0, 0, 0); 1 << bits],
            shift: 64 - bits,
        };
        let mut start = 0;
        while start < index.len() {
            let g = index[start].0;
            let mut end = start + 1;
            while end < index.len() && index[end].0 == g {
                end += 1;
            }
            let mut slot = table.slot_of(g);
            while table.slots[slot].2 != 0 {
                slot = (slot + 1) & (table.slots.len() - 1);
            }
            table.slots[slot] = (g, start as u32, end as u32);
            start = end;
        }
        table
    }

    fn slot_of(&self, g: u64) -> usize {
        (g.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The run of `index` (the one the table was built from) holding `g`.
    fn get<'i>(&self, index: &'i [(u64, u32)], g: u64) -> Option<&'i [(u64, u32)]> {
        let mut slot = self.slot_of(g);
        loop {
            let (key, start, end) = self.slots[slot];
            if end == 0 {
                return None;
            }
            if key == g {
                return Some(&index[start as usize..end as usize]);
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }
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
/// in a row are rare in heavily spun text) but the word-level match is still dense.
fn extend(source: &[Word], target: &[Word], (mut s, mut t): Span, window: usize) -> Span {
    let mut lcs = WindowLcs::default();
    loop {
        let sw = &source[s.end..(s.end + window).min(source.len())];
        let tw = &target[t.end..(t.end + window).min(target.len())];
        match lcs.furthest_match(sw.iter().map(|w| w.key), tw.iter().map(|w| w.key)) {
            Some((ds, dt)) => {
                s.end += ds;
                t.end += dt;
            }
            None => break,
        }
    }
    loop {
        let sw = &source[s.start.saturating_sub(window)..s.start];
        let tw = &target[t.start.saturating_sub(window)..t.start];
        let (sr, tr) = (sw.iter().rev(), tw.iter().rev());
        match lcs.furthest_match(sr.map(|w| w.key), tr.map(|w| w.key)) {
            Some((ds, dt)) => {
                s.start -= ds;
                t.start -= dt;
            }
            None => break,
        }
    }
    (s, t)
}

/// A longest-common-subsequence table for two short windows, kept between calls so that
/// growing a passage step by step allocates once.
///
/// Extension looks at windows of [`AlignParams::max_gap`] words, where a plain quadratic
/// table (a few hundred cells) is cheaper than Myers' diff: the windows beyond a spun
/// passage's seeds differ in most words, which is Myers' worst case.
#[derive(Default)]
struct WindowLcs {
    a: Vec<u64>,
    b: Vec<u64>,
    /// `table[i * (m + 1) + j]`: LCS length of `a[i..]` and `b[j..]`.
    table: Vec<u16>,
}

impl WindowLcs {
    /// How far into `a` and `b` (read from their start) a longest common subsequence keeps
    /// matching densely: the end of the last equal word up to which at least two words and
    /// [`EXTEND_MIN_EQUAL`] of the words are equal. `None` when nothing qualifies.
    fn furthest_match(
        &mut self,
        a: impl Iterator<Item = u64>,
        b: impl Iterator<Item = u64>,
    ) -> Option<(usize, usize)> {
        self.a.clear();
        self.a.extend(a);
        self.b.clear();
        self.b.extend(b);
        let (a, b) = (&self.a, &self.b);
        let (n, m) = (a.len(), b.len());
        if n == 0 || m == 0 {
            return None;
        }
        let width = m + 1;
        self.table.clear();
        self.table.resize((n + 1) * width, 0);
        let table = &mut self.table;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i * width + j] = if a[i] == b[j] {
                    table[(i + 1) * width + j + 1] + 1
                } else {
                    table[(i + 1) * width + j].max(table[i * width + j + 1])
                };
            }
        }
        // Walk one longest common subsequence from the start, matching as early as possible.
        let (mut i, mut j, mut equal) = (0, 0, 0usize);
        let mut best = None;
        while i < n && j < m {
            if a[i] == b[j] && table[i * width + j] == table[(i + 1) * width + j + 1] + 1 {
                equal += 1;
                i += 1;
                j += 1;
                if equal >= 2 && equal as f64 >= EXTEND_MIN_EQUAL * i.max(j) as f64 {
                    best = Some((i, j));
                }
            } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
        best
    }
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
    for op in anchored_diff(&a, &b) {
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

/// Passages at least this long (words, both sides) are diffed between anchors.
const ANCHOR_MIN_WORDS: usize = 32;

/// Words per anchor: a trigram found once in each side.
const ANCHOR_WORDS: usize = 3;

/// A word diff of `a` against `b`: Myers' diff run between *anchors*, word trigrams that occur
/// exactly once on each side and in the same order (the idea of patience diff, with trigrams
/// for lines).
///
/// Myers' cost grows with the number of differing words, and a spun passage differs in a
/// quarter to a third of them; its anchors are a few words apart, so the diffs between them
/// are small. The result is the same edit script wherever the anchors are part of a longest
/// common subsequence, which a trigram unique on both sides almost always is.
fn anchored_diff(a: &[u64], b: &[u64]) -> Vec<DiffOp> {
    if a.len() < ANCHOR_MIN_WORDS || b.len() < ANCHOR_MIN_WORDS {
        return capture_diff_slices(Algorithm::Myers, a, b);
    }
    let mut ops = Vec::new();
    let (mut at_a, mut at_b) = (0, 0);
    for (i, j, len) in anchor_runs(a, b) {
        diff_gap(a, b, at_a..i, at_b..j, &mut ops);
        ops.push(DiffOp::Equal {
            old_index: i,
            new_index: j,
            len,
        });
        (at_a, at_b) = (i + len, j + len);
    }
    diff_gap(a, b, at_a..a.len(), at_b..b.len(), &mut ops);
    ops
}

/// Myers' diff of `a[ra]` against `b[rb]`, its indices shifted to the whole slices.
fn diff_gap(a: &[u64], b: &[u64], ra: Range<usize>, rb: Range<usize>, ops: &mut Vec<DiffOp>) {
    let (da, db) = (ra.start, rb.start);
    // Most gaps between a spun passage's anchors are a word or two: answer those directly
    // rather than through the diff machinery (the ops are the ones Myers would give).
    match (ra.len(), rb.len()) {
        (0, 0) => return,
        (0, new_len) => {
            ops.push(DiffOp::Insert {
                old_index: da,
                new_index: db,
                new_len,
            });
            return;
        }
        (old_len, 0) => {
            ops.push(DiffOp::Delete {
                old_index: da,
                old_len,
                new_index: db,
            });
            return;
        }
        (1, 1) => {
            ops.push(if a[da] == b[db] {
                DiffOp::Equal {
                    old_index: da,
                    new_index: db,
                    len: 1,
                }
            } else {
                DiffOp::Replace {
                    old_index: da,
                    old_len: 1,
                    new_index: db,
                    new_len: 1,
                }
            });
            return;
        }
        _ => {}
    }
    for op in capture_diff_slices(Algorithm::Myers, &a[ra], &b[rb]) {
        ops.push(match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => DiffOp::Equal {
                old_index: old_index + da,
                new_index: new_index + db,
                len,
            },
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => DiffOp::Delete {
                old_index: old_index + da,
                old_len,
                new_index: new_index + db,
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => DiffOp::Insert {
                old_index: old_index + da,
                new_index: new_index + db,
                new_len,
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => DiffOp::Replace {
                old_index: old_index + da,
                old_len,
                new_index: new_index + db,
                new_len,
            },
        });
    }
}

/// Runs of equal words `(index in a, index in b, length)`, increasing on both sides, built
/// from trigrams unique on each side: the longest chain of them in order on both sides
/// (longest increasing subsequence), overlapping trigrams on one diagonal joined into a run.
fn anchor_runs(a: &[u64], b: &[u64]) -> Vec<(usize, usize, usize)> {
    let k = ANCHOR_WORDS;
    let unique_grams = |words: &[u64]| -> Vec<(u64, usize)> {
        let gram = |w: &[u64]| w.iter().fold(0u64, |h, &x| h.rotate_left(21) ^ x);
        let mut grams: Vec<(u64, usize)> = words.windows(k).map(gram).zip(0..).collect();
        grams.sort_unstable();
        let mut unique = Vec::with_capacity(grams.len());
        let mut at = 0;
        while at < grams.len() {
            let mut end = at + 1;
            while end < grams.len() && grams[end].0 == grams[at].0 {
                end += 1;
            }
            if end == at + 1 {
                unique.push(grams[at]);
            }
            at = end;
        }
        unique
    };
    let (ga, gb) = (unique_grams(a), unique_grams(b));
    // Matches in `a` order (ga is sorted by gram; collect then sort by position).
    let mut matches: Vec<(usize, usize)> = Vec::new();
    let (mut x, mut y) = (0, 0);
    while x < ga.len() && y < gb.len() {
        match ga[x].0.cmp(&gb[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                // A hash collision of different trigrams must not anchor.
                if a[ga[x].1..ga[x].1 + k] == b[gb[y].1..gb[y].1 + k] {
                    matches.push((ga[x].1, gb[y].1));
                }
                x += 1;
                y += 1;
            }
        }
    }
    matches.sort_unstable();
    let chain = longest_increasing(&matches);
    let mut runs: Vec<(usize, usize, usize)> = Vec::with_capacity(chain.len());
    for (i, j) in chain {
        if let Some((ri, rj, len)) = runs.last_mut() {
            if i - *ri == j - *rj && i <= *ri + *len {
                *len = (*len).max(i + k - *ri);
                continue;
            }
            if i < *ri + *len || j < *rj + *len {
                continue;
            }
        }
        runs.push((i, j, k));
    }
    runs
}

/// The longest subsequence of `pairs` (sorted by first, firsts distinct) whose seconds
/// increase, by patience sorting.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[n]: index in `pairs` of the smallest second ending an increasing run of n + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut parent: Vec<Option<usize>> = vec![None; pairs.len()];
    for (n, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < j);
        parent[n] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(n);
        } else {
            tails[at] = n;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut next = tails.last().copied();
    while let Some(n) = next {
        out.push(pairs[n]);
        next = parent[n];
    }
    out.reverse();
    out
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

    #[test]
    fn anchored_diff_keeps_every_equal_word_of_a_spun_passage() {
        let source: Vec<u64> = words(&format!("{P1} {P2} {P3}"))
            .iter()
            .map(|w| w.key)
            .collect();
        // Every fourth word swapped, one word cut and two inserted: a spinner and an editor.
        let mut target: Vec<u64> = source
            .iter()
            .enumerate()
            .map(|(n, &k)| if n % 4 == 1 { k ^ 0x5eed } else { k })
            .collect();
        target.remove(40);
        target.splice(60..60, [7, 8]);
        assert!(source.len() >= ANCHOR_MIN_WORDS);
        let equal = |ops: &[DiffOp]| -> usize {
            ops.iter()
                .map(|op| match op {
                    DiffOp::Equal { len, .. } => *len,
                    _ => 0,
                })
                .sum()
        };
        let anchored = anchored_diff(&source, &target);
        let plain = capture_diff_slices(Algorithm::Myers, &source, &target);
        assert_eq!(equal(&anchored), equal(&plain));
        // The script covers both sides exactly once, in order.
        let (mut a, mut b) = (0, 0);
        for op in &anchored {
            let (old, new) = (op.old_range(), op.new_range());
            assert_eq!((old.start, new.start), (a, b), "{op:?}");
            (a, b) = (old.end, new.end);
        }
        assert_eq!((a, b), (source.len(), target.len()));
    }

    #[test]
    fn window_lcs_stops_where_matching_thins() {
        let mut lcs = WindowLcs::default();
        // Equal, swapped, equal, equal, then unrelated words.
        let a = [1u64, 2, 3, 4, 10, 11, 12, 13, 14, 15];
        let b = [1u64, 9, 3, 4, 20, 21, 22, 23, 24, 25];
        assert_eq!(
            lcs.furthest_match(a.iter().copied(), b.iter().copied()),
            Some((4, 4))
        );
        assert_eq!(
            lcs.furthest_match([5u64, 6].into_iter(), [7u64, 8].into_iter()),
            None
        );
    }
}
