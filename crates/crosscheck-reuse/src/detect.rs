//! Reuse across a corpus: candidates from fingerprints, verdicts from alignment.
//!
//! Two tiers, so it scales. Tier one indexes every document's skeleton fingerprints
//! ([`crate::features`]) and proposes the pairs that share enough of them, ignoring
//! fingerprints shared by too many documents (site boilerplate, stock phrases). Tier two
//! aligns each candidate pair ([`crate::align`]) and decides relation and direction. Both
//! tiers run in parallel and produce the same output whatever the thread count: work is
//! keyed by document index and sorted before it is returned.

use std::sync::OnceLock;

use crosscheck::TextRange;
use rayon::prelude::*;

use crate::align::{align, AlignParams, WordSubstitution};
use crate::classify::{classify, Extent, PairStats, Relation, Thresholds};
use crate::direction::{a_is_source, is_common_word, DirectionEvidence};
pub use crate::doc::ReuseDoc;
use crate::features::fingerprints;
pub use crate::pair::{PassagePair, ReusePair, Substitution, NO_SITE};
use crate::paraphrase::{align_sentences, SentenceBags};
use crate::words::{words, Word};

/// Options of a reuse run.
#[derive(Clone, Debug)]
pub struct ReuseOptions {
    /// Aligner knobs.
    pub align: AlignParams,
    /// Decision thresholds.
    pub thresholds: Thresholds,
    /// Fewest shared fingerprints that make a candidate pair of two long documents. Default
    /// 4: two same-subject wire stories share two or three stock-phrase fingerprints by
    /// chance, while a copied passage of the 30+ words a pair needs carries about four or
    /// more. Tuned on a synthetic corpus generated with another seed than the benchmark's
    /// (see BENCHMARKS.md). Short documents need less: see [`ReuseOptions::min_shared_for`].
    pub min_shared_fingerprints: u32,
    /// Share of the smaller document's fingerprints that is enough to make a candidate pair
    /// when that is fewer than `min_shared_fingerprints` (never under 2). Default 0.07: a
    /// 200-word answer rewritten from a 300-word source shares only two or three
    /// fingerprints with it, but they are a good part of its thirty.
    pub min_shared_share: f64,
    /// A fingerprint in at most this many documents pairs all of them. Default 50.
    pub max_fingerprint_documents: usize,
    /// A fingerprint in more documents than `max_fingerprint_documents` but at most this
    /// many pairs only the first of them (by index) with each other one: a star, not all
    /// pairs. A story syndicated to hundreds of outlets shares every fingerprint with the
    /// same set of documents, so each copy still collects all its hits against that one
    /// document (with such fingerprints ignored as boilerplate, 60 copies of one story made
    /// no candidate at all). A fingerprint whose holders are all pages of one site is that
    /// site's template and makes no star (see [`candidate_pairs_from_postings`]).
    /// Fingerprints in more documents still are stock phrases and are ignored. Default 1000.
    pub max_star_documents: usize,
    /// Look for paraphrase (sentence alignment) when token alignment finds no reuse.
    /// Default true.
    pub paraphrase: bool,
}

impl Default for ReuseOptions {
    fn default() -> ReuseOptions {
        ReuseOptions {
            align: AlignParams::default(),
            thresholds: Thresholds::default(),
            min_shared_fingerprints: 4,
            min_shared_share: 0.07,
            max_fingerprint_documents: 50,
            max_star_documents: 1000,
            paraphrase: true,
        }
    }
}

impl ReuseOptions {
    /// Shared fingerprints a candidate pair needs when the smaller of its documents has
    /// `smaller` fingerprints: `min_shared_fingerprints`, or `min_shared_share` of
    /// `smaller` if that is less, but at least 2.
    pub fn min_shared_for(&self, smaller: usize) -> u32 {
        let share = (self.min_shared_share * smaller as f64).ceil() as u32;
        share.min(self.min_shared_fingerprints).max(2)
    }
}

/// Find every derived pair among `docs`.
pub fn detect(docs: &[ReuseDoc<'_>], options: &ReuseOptions) -> Vec<ReusePair> {
    detect_with_progress(docs, options, &|_, _| {})
}

/// [`detect`], calling `progress(done, total)` after each chunk of candidate pairs is aligned
/// (so a caller can show a progress bar; the library itself never prints).
pub fn detect_with_progress(
    docs: &[ReuseDoc<'_>],
    options: &ReuseOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<ReusePair> {
    // A small corpus keeps every document's words from the fingerprint pass to the
    // alignment (tokenising is a third of the work); a large one keeps only fingerprints and
    // rebuilds words for the documents of one chunk of candidate pairs at a time, so memory
    // does not grow with corpus size times words per document. Same output either way.
    // Decided on text size before tokenising, so a large corpus never holds all its words.
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let (kept_words, fps): (Vec<Vec<Word>>, Vec<Vec<u32>>) = if text_bytes <= KEEP_WORDS_TEXT_BYTES
    {
        let all: Vec<Vec<Word>> = docs.par_iter().map(|doc| words(doc.text)).collect();
        let fps = all.par_iter().map(|w| fingerprints(w)).collect();
        (all, fps)
    } else {
        let fps = docs
            .par_iter()
            .map(|doc| fingerprints(&words(doc.text)))
            .collect();
        (Vec::new(), fps)
    };
    let sites = site_numbers(docs.iter().map(|d| d.site));
    let fp_refs: Vec<&[u32]> = fps.iter().map(Vec::as_slice).collect();
    let candidates = candidate_pairs(&fp_refs, &sites, options);
    drop(fp_refs);
    drop(fps);
    let mut pairs: Vec<ReusePair> = Vec::new();
    let total = candidates.len() as u64;
    progress(0, total);
    for (n, chunk) in candidates.chunks(PAIR_CHUNK).enumerate() {
        let mut involved: Vec<usize> = chunk.iter().flat_map(|&(a, b)| [a, b]).collect();
        involved.sort_unstable();
        involved.dedup();
        let prepared: Vec<Vec<Word>> = if kept_words.is_empty() {
            involved.par_iter().map(|&i| words(docs[i].text)).collect()
        } else {
            Vec::new()
        };
        let words_of = |i: usize| -> &[Word] {
            if !kept_words.is_empty() {
                return kept_words.get(i).map_or(&[], Vec::as_slice);
            }
            match involved.binary_search(&i) {
                Ok(at) => &prepared[at],
                Err(_) => &[],
            }
        };
        pairs.extend(compare_pairs(docs, &words_of, chunk, options));
        progress(((n * PAIR_CHUNK + chunk.len()) as u64).min(total), total);
    }
    crate::chains::settle_from_corpus(&mut pairs, &sites);
    pairs.sort_by_key(|p| (p.target, p.source));
    assign_roots(&mut pairs);
    pairs
}

/// Align candidate `pairs` (indices into `docs`, whose words `words_of` gives) in parallel and
/// return the derived ones, in the order of `pairs`; roots are not assigned (see
/// [`assign_roots`]). The building block of [`detect`] for callers that hold only part of a
/// corpus in memory at a time: they pass the documents of one chunk of candidates.
pub fn compare_pairs<'w>(
    docs: &[ReuseDoc<'_>],
    words_of: &(dyn Fn(usize) -> &'w [Word] + Sync),
    pairs: &[(usize, usize)],
    options: &ReuseOptions,
) -> Vec<ReusePair> {
    let mut involved: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    involved.sort_unstable();
    involved.dedup();
    // Sentence bags for the paraphrase fallback, built on first use and shared by every
    // candidate pair that involves the document.
    let bags: Vec<OnceLock<SentenceBags>> = involved.iter().map(|_| OnceLock::new()).collect();
    let bags_of = |i: usize| -> &SentenceBags {
        let at = involved.binary_search(&i).unwrap_or(0);
        bags[at].get_or_init(|| SentenceBags::new(docs[i].text))
    };
    pairs
        .par_iter()
        .filter_map(|&(a, b)| compare_with(docs, words_of(a), words_of(b), a, b, options, &bags_of))
        .collect()
}

/// Candidate pairs aligned per round; bounds the words held in memory at once.
pub const PAIR_CHUNK: usize = 8192;

/// Most text, in bytes, for which [`detect`] keeps every document's words from the
/// fingerprint pass to the alignment instead of tokenising again per chunk: 48 MB of news
/// text is about 8M words of 24 bytes each (under 200 MB), some 15,000 articles.
const KEEP_WORDS_TEXT_BYTES: usize = 48 << 20;

/// Pairs `(a, b)`, `a < b`, sharing enough fingerprints that are not too common
/// ([`ReuseOptions::min_shared_for`] the smaller document); sorted. `sites` as for
/// [`candidate_pairs_from_postings`].
pub fn candidate_pairs(
    fingerprints: &[&[u32]],
    sites: &[u32],
    options: &ReuseOptions,
) -> Vec<(usize, usize)> {
    let postings: Vec<(u32, u32)> = fingerprints
        .iter()
        .enumerate()
        .flat_map(|(doc, fps)| fps.iter().map(move |&fp| (fp, doc as u32)))
        .collect();
    let sizes: Vec<u32> = fingerprints.iter().map(|f| f.len() as u32).collect();
    candidate_pairs_from_postings(postings, &sizes, sites, options)
}

/// Site numbers for `docs`: equal for documents of one site, [`NO_SITE`] where unknown.
pub fn site_numbers<'a>(sites: impl Iterator<Item = Option<&'a str>>) -> Vec<u32> {
    let mut numbers: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    sites
        .map(|site| match site {
            Some(site) => {
                let next = numbers.len() as u32;
                *numbers.entry(site).or_insert(next)
            }
            None => NO_SITE,
        })
        .collect()
}

/// [`candidate_pairs`] from `(fingerprint, document)` postings in any order and each
/// document's number of fingerprints: for a caller that streams a large corpus and never
/// holds every document's fingerprint list next to the postings. `sites` (from
/// [`site_numbers`], or empty when unknown) lets a fingerprint held only by pages of one
/// site, its template, make no star of candidates (see [`ReuseOptions::max_star_documents`]).
pub fn candidate_pairs_from_postings(
    mut postings: Vec<(u32, u32)>,
    sizes: &[u32],
    sites: &[u32],
    options: &ReuseOptions,
) -> Vec<(usize, usize)> {
    let site = |doc: u32| sites.get(doc as usize).copied().unwrap_or(NO_SITE);
    postings.par_sort_unstable();
    let mut pair_hits: Vec<(u32, u32)> = Vec::new();
    let mut start = 0;
    while start < postings.len() {
        let fp = postings[start].0;
        let mut end = start;
        while end < postings.len() && postings[end].0 == fp {
            end += 1;
        }
        let group = &postings[start..end];
        if group.len() >= 2 && group.len() <= options.max_fingerprint_documents {
            for x in 0..group.len() {
                for y in x + 1..group.len() {
                    if group[x].1 != group[y].1 {
                        pair_hits.push((group[x].1, group[y].1));
                    }
                }
            }
        } else if group.len() <= options.max_star_documents {
            // Its first document against each other one: linear, not quadratic. A
            // fingerprint every holder of which is a page of one site is its template.
            let first = group[0].1;
            let one_site = site(first) != NO_SITE && group.iter().all(|p| site(p.1) == site(first));
            if !one_site {
                pair_hits.extend(group.iter().filter(|p| p.1 != first).map(|p| (first, p.1)));
            }
        }
        start = end;
    }
    drop(postings);
    pair_hits.par_sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < pair_hits.len() {
        let mut j = i;
        while j < pair_hits.len() && pair_hits[j] == pair_hits[i] {
            j += 1;
        }
        let (a, b) = (pair_hits[i].0 as usize, pair_hits[i].1 as usize);
        let smaller = sizes[a].min(sizes[b]) as usize;
        if (j - i) as u32 >= options.min_shared_for(smaller) {
            out.push((a, b));
        }
        i = j;
    }
    out
}

/// Align one candidate pair and decide; `None` when it is not reuse.
pub fn compare(
    docs: &[ReuseDoc<'_>],
    a_words: &[Word],
    b_words: &[Word],
    a: usize,
    b: usize,
    options: &ReuseOptions,
) -> Option<ReusePair> {
    let local = [OnceLock::new(), OnceLock::new()];
    let bags_of = |i: usize| -> &SentenceBags {
        local[usize::from(i != a)].get_or_init(|| SentenceBags::new(docs[i].text))
    };
    compare_with(docs, a_words, b_words, a, b, options, &bags_of)
}

/// [`compare`], taking the paraphrase fallback's sentence bags from `bags_of` (document
/// index to bags), so that a caller comparing one document with many can build them once.
fn compare_with<'c>(
    docs: &[ReuseDoc<'_>],
    a_words: &[Word],
    b_words: &[Word],
    a: usize,
    b: usize,
    options: &ReuseOptions,
    bags_of: &dyn Fn(usize) -> &'c SentenceBags,
) -> Option<ReusePair> {
    let (da, db) = (&docs[a], &docs[b]);
    let mut alignment = align(a_words, b_words, &options.align);
    let mut only_boilerplate = false;
    if da.site.is_some() && da.site == db.site {
        let longest = alignment
            .passages
            .iter()
            .map(|p| p.source_words.len().max(p.target_words.len()))
            .max();
        drop_site_boilerplate(&mut alignment, a_words.len(), b_words.len());
        only_boilerplate = alignment.passages.is_empty()
            && longest.is_some_and(|words| words <= BOILERPLATE_MAX_WORDS);
    }
    let stats = PairStats::new(&alignment, a_words.len(), b_words.len());
    if let Some((relation, extent)) = classify(&stats, &options.thresholds) {
        let counted: Vec<&WordSubstitution> = alignment
            .substitutions
            .iter()
            .filter(|s| !s.source.is_empty() && !s.target.is_empty())
            .collect();
        let common = |range: TextRange, text: &str| {
            is_common_word(&crosscheck::text::normalize_word(range.slice(text))) as i64
        };
        let common_diff: i64 = counted
            .iter()
            .map(|s| common(s.source, da.text) - common(s.target, db.text))
            .sum();
        let (a_source, direction) = a_is_source(da, db, Some((&alignment, &stats)), common_diff);
        let quoted_out: Vec<_> = alignment.passages.iter().filter(|p| !p.quoted).collect();
        let passages = quoted_out
            .iter()
            .map(|p| orient(a_source, p.source, p.target))
            .map(|(source, target)| PassagePair { source, target })
            .collect();
        let substitutions = if matches!(relation, Relation::Verbatim) {
            Vec::new()
        } else {
            counted
                .iter()
                .map(|s| {
                    let (source, target) = orient(a_source, s.source, s.target);
                    Substitution { target, source }
                })
                .collect()
        };
        let (source, target) = if a_source { (a, b) } else { (b, a) };
        let stats = if a_source { stats } else { stats.swapped() };
        let mut passages: Vec<PassagePair> = passages;
        passages.sort_by_key(|p| p.target);
        let mut substitutions: Vec<Substitution> = substitutions;
        substitutions.sort_by_key(|s| s.target);
        return Some(ReusePair {
            source,
            target,
            relation,
            extent,
            similarity: stats.similarity(),
            passages,
            substitutions,
            direction,
            root: source,
            stats,
        });
    }
    // Two pages of one site that share only its header and footer (a small site's pages
    // all pair up over its template) are not worth a sentence alignment.
    if !options.paraphrase || only_boilerplate || !may_be_paraphrase(a_words, b_words) {
        return None;
    }
    let (sa, sb) = (bags_of(a), bags_of(b));
    let pairs = align_sentences(sa, sb);
    let shorter = sa.len().min(sb.len());
    let mean = pairs.iter().map(|p| p.similarity).sum::<f64>() / pairs.len().max(1) as f64;
    if pairs.len() < 3 || (pairs.len() as f64) < 0.6 * shorter as f64 || mean < 0.35 {
        return None;
    }
    let coverage_a = pairs.len() as f64 / sa.len().max(1) as f64;
    let coverage_b = pairs.len() as f64 / sb.len().max(1) as f64;
    let (a_source, direction) = a_is_source(da, db, None, 0);
    let (source, target) = if a_source { (a, b) } else { (b, a) };
    let extent = if coverage_a.min(coverage_b) >= 0.8 {
        Extent::Full
    } else {
        Extent::Partial
    };
    let mut passages: Vec<PassagePair> = pairs
        .iter()
        .map(|p| {
            let (source, target) = orient(a_source, p.source, p.target);
            PassagePair { source, target }
        })
        .collect();
    passages.sort_by_key(|p| p.target);
    Some(ReusePair {
        source,
        target,
        relation: Relation::Paraphrased,
        extent,
        similarity: mean,
        passages,
        substitutions: Vec::new(),
        direction,
        root: source,
        stats: if a_source { stats } else { stats.swapped() },
    })
}

/// Longest passage, in words, that a pair of same-site pages sharing nothing else can have
/// for the pair to be taken as sharing only the site's header and footer.
const BOILERPLATE_MAX_WORDS: usize = 100;

/// Words from a text's edge within which a shared passage of two same-site pages is the site's
/// header or footer.
const EDGE_WORDS: usize = 5;

/// Remove passages that sit at the same edge of both texts (both at the start, or both at the
/// end): two pages of one site share their header and footer, whatever their stories.
fn drop_site_boilerplate(alignment: &mut crate::align::Alignment, a_len: usize, b_len: usize) {
    let at_start = |r: &std::ops::Range<usize>| r.start <= EDGE_WORDS;
    let at_end = |r: &std::ops::Range<usize>, len: usize| r.end + EDGE_WORDS >= len;
    alignment.passages.retain(|p| {
        let both_start = at_start(&p.source_words) && at_start(&p.target_words);
        let both_end = at_end(&p.source_words, a_len) && at_end(&p.target_words, b_len);
        let whole =
            p.source_words.len() * 10 >= a_len * 9 || p.target_words.len() * 10 >= b_len * 9;
        whole || !(both_start || both_end)
    });
    let kept: Vec<TextRange> = alignment.passages.iter().map(|p| p.target).collect();
    alignment.substitutions.retain(|s| {
        kept.iter()
            .any(|t| t.start() <= s.target.start() && s.target.end() <= t.end())
    });
}

/// Share of content-word types two texts must have in common before sentence alignment is
/// worth its cost: a paraphrase rewords sentences but keeps most of their content words.
const PARAPHRASE_MIN_SHARED_CONTENT: f64 = 0.25;

/// Whether `a` and `b` share enough content words to be a paraphrase pair at all (cheap, on
/// the word keys already at hand; sentence alignment is the expensive test).
fn may_be_paraphrase(a: &[Word], b: &[Word]) -> bool {
    let content = |words: &[Word]| -> rustc_hash::FxHashSet<u64> {
        words
            .iter()
            .filter(|w| w.class != crate::words::WordClass::StableFunction)
            .map(|w| w.key)
            .collect()
    };
    let (ca, cb) = (content(a), content(b));
    let shared = ca.intersection(&cb).count();
    shared as f64 >= PARAPHRASE_MIN_SHARED_CONTENT * ca.len().min(cb.len()).max(1) as f64
}

fn orient(a_is_source: bool, a: TextRange, b: TextRange) -> (TextRange, TextRange) {
    if a_is_source {
        (a, b)
    } else {
        (b, a)
    }
}

/// Give each pair the root original of its cluster (its connected group of pairs): the
/// document at the top of the most members' chains of decided sources. Each document's chain
/// follows decided directions only (a target with several sources the smallest-index one;
/// a cycle stops where it would repeat): an undetermined pair, ordered by id, says nothing
/// about who came first, so it must not put a copy above the original it was taken from. Of
/// the group's tops (documents no decided pair names as copy), the one most members descend
/// from is the root; ties go to the smallest index, deterministically.
pub fn assign_roots(pairs: &mut [ReusePair]) {
    use rustc_hash::FxHashMap;
    let mut parent: FxHashMap<usize, usize> = FxHashMap::default();
    for p in pairs
        .iter()
        .filter(|p| p.direction != DirectionEvidence::Undetermined)
    {
        parent
            .entry(p.target)
            .and_modify(|s| *s = (*s).min(p.source))
            .or_insert(p.source);
    }
    let top_of = |mut node: usize| {
        let mut steps = 0;
        while let Some(&up) = parent.get(&node) {
            if up == node || steps > parent.len() {
                break;
            }
            node = up;
            steps += 1;
        }
        node
    };
    // Groups: union-find over every pair, decided or not.
    let mut group: FxHashMap<usize, usize> = FxHashMap::default();
    fn find(group: &mut FxHashMap<usize, usize>, node: usize) -> usize {
        let mut at = node;
        while let Some(&up) = group.get(&at) {
            if up == at {
                break;
            }
            at = up;
        }
        // Path halving is not needed for correctness; point the start at the root.
        group.insert(node, at);
        at
    }
    for p in pairs.iter() {
        group.entry(p.source).or_insert(p.source);
        group.entry(p.target).or_insert(p.target);
        let (a, b) = (find(&mut group, p.source), find(&mut group, p.target));
        if a != b {
            let (low, high) = (a.min(b), a.max(b));
            group.insert(high, low);
        }
    }
    let mut members: Vec<usize> = group.keys().copied().collect();
    members.sort_unstable();
    // Per group, how many members each top heads.
    let mut heads: FxHashMap<usize, FxHashMap<usize, usize>> = FxHashMap::default();
    for &node in &members {
        let g = find(&mut group, node);
        *heads.entry(g).or_default().entry(top_of(node)).or_default() += 1;
    }
    let root_of_group: FxHashMap<usize, usize> = heads
        .into_iter()
        .map(|(g, tops)| {
            let root = tops
                .into_iter()
                .max_by(|(a, na), (b, nb)| na.cmp(nb).then(b.cmp(a)))
                .map_or(g, |(top, _)| top);
            (g, root)
        })
        .collect();
    for p in pairs.iter_mut() {
        let g = find(&mut group, p.source);
        p.root = root_of_group.get(&g).copied().unwrap_or(p.source);
    }
}
