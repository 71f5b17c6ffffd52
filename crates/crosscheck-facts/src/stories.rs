//! Stories: which documents report the same real-world event?
//!
//! Documents are TF-IDF vectors over stemmed content words, with names (capitalised words
//! inside sentences) and the title counted again, since the who and where of an event are what
//! tell two events on one topic apart ("an earthquake in Chile" and "an earthquake in Japan"
//! share every other word). Similarity is cosine, damped when two dated documents lie weeks
//! apart. Clustering is average-link: a document joins a story when its mean similarity to the
//! story's documents reaches the threshold, which is lower for short documents (a wire item
//! shares fewer words with another report of its event than a long article does; see
//! [`StoryOptions::length_slope`]).
//!
//! Two ways in, one criterion: [`cluster_stories`] clusters a batch agglomeratively, and
//! [`StoryIndex::add`] places one new document into an existing story (or starts one) without
//! reclustering: candidate stories come from an inverted index of their terms, and the
//! document joins the candidate with the highest mean similarity to its documents (computed
//! with the document frequencies of everything indexed so far, over at most 16 members of a
//! long story) if that reaches the threshold. Ties go to the older story, so results are
//! deterministic for a given order. Document frequencies are smoothed with pseudo-documents
//! (see [`StoryOptions::df_prior`]) so that a handful of documents about one story still look
//! alike. The default threshold was calibrated on NewsWCL50 (see BENCHMARKS.md).

use chrono::NaiveDate;
use crosscheck::text::{normalize_word, tokens, TokenKind};
use crosscheck::Document;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::{lexicon, stem};

/// A term id: a hash of the term's text and kind.
type TermId = u64;

/// A sparse vector.
type Vector = Vec<(TermId, f32)>;

/// Options for story clustering.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryOptions {
    /// Mean cosine similarity a document needs to join a story. Default 0.34, calibrated on
    /// NewsWCL50 (see BENCHMARKS.md).
    pub threshold: f64,
    /// Days two dated documents may lie apart before their similarity is damped (linearly, to
    /// half at 60 days more). Default 7.
    pub day_window: i64,
    /// Extra weight of name terms (each name also counts as an ordinary word). Default 1.0.
    pub name_weight: f32,
    /// How many of its heaviest terms represent a document (0, the default: all of them).
    pub max_terms: usize,
    /// Pseudo-documents added to every document frequency, `idf = ln((N + k) / (df + k)) + 1`.
    /// Default 20. Without it, a small corpus about one story gives its shared words the lowest
    /// weights of all (they are in every document), which is backwards; with it, document
    /// frequencies only count once the corpus is large enough to say something.
    pub df_prior: f64,
    /// How much the similarity needed to join a story falls with a document's size: the
    /// threshold a pair of documents of `n` distinct terms each must reach is
    /// `threshold + length_slope * ln(n / reference_terms)`, never more than `threshold` and
    /// never less than half of it. Short wire items about one event share fewer words than
    /// long articles about it, while long articles on one topic share more background, so one
    /// cosine cannot serve both. Default 0.07 with `reference_terms` 250, calibrated on
    /// NewsWCL50 cut to its first 4 and 8 sentences and on the Reuters mix (see
    /// BENCHMARKS.md). 0 turns it off.
    pub length_slope: f64,
    /// The document size, in distinct terms, at which `threshold` applies unchanged.
    pub reference_terms: f64,
}

impl Default for StoryOptions {
    fn default() -> Self {
        StoryOptions {
            threshold: 0.34,
            day_window: 7,
            name_weight: 1.0,
            max_terms: 0,
            df_prior: 20.0,
            length_slope: 0.07,
            reference_terms: 250.0,
        }
    }
}

/// One story: documents about the same event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Story {
    /// Stable id: `"s{n}"`, numbered in order of each story's first document.
    pub id: String,
    /// A short neutral title: the most central document's headline, or the names and words
    /// the documents share most.
    pub title: String,
    /// Indices of its documents (in the order given or added), sorted.
    pub documents: Vec<usize>,
    /// Index of its most central document.
    pub central: usize,
}

/// Where [`StoryIndex::add`] put a document.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Assignment {
    /// Index of the document (the order of addition; in a resumed index, counting only the
    /// documents added since [`StoryIndex::resume`]).
    pub document: usize,
    /// The index's number for its story (as in [`StoryIndex::stories`] for an index that was
    /// not resumed; [`StoryIndex::key_of`] gives a resumed story's key).
    pub story: usize,
    /// Mean similarity to the story's other documents when it joined (0 for a new story),
    /// adjusted for length as the threshold is (see [`StoryOptions::length_slope`]), so a short
    /// document may score above 1.
    pub similarity: f64,
    /// Whether the document started the story.
    pub new_story: bool,
}

/// The features of one document, before weighting.
#[derive(Clone, Debug)]
struct DocFeatures {
    /// Term counts (with title and name boosts already applied).
    counts: Vec<(TermId, f32)>,
    /// Publication date.
    day: Option<NaiveDate>,
    /// Headline.
    title: Option<String>,
    /// Where each term was first written, for titles of untitled stories; sorted by term.
    surfaces: Vec<Surface>,
    /// Its name and figure terms, sorted (see [`StoryTerms::names`]).
    names: Vec<TermId>,
}

/// Where a term was first written in a document: a byte range of its headline or body (not a
/// copy: every distinct term of every document has one, which is a lot of small strings).
#[derive(Clone, Copy, Debug)]
struct Surface {
    term: TermId,
    start: u32,
    end: u32,
    in_title: bool,
    /// Capitalised inside a sentence: part of a name.
    name: bool,
}

impl Surface {
    /// The words, read from the document the features were made of.
    fn text(self, doc: &Document) -> Option<&str> {
        let text = if self.in_title {
            doc.meta.title.as_ref()?.value.as_str()
        } else {
            doc.text.as_str()
        };
        text.get(self.start as usize..self.end as usize)
    }
}

impl From<StoryTerms> for DocFeatures {
    fn from(terms: StoryTerms) -> Self {
        DocFeatures {
            counts: terms.counts,
            day: terms.day,
            title: None,
            surfaces: Vec::new(),
            names: terms.names,
        }
    }
}

/// What a story index keeps of one document between runs: its term counts and its date.
///
/// A store persists these (see [`StoryTerms::counts_to_bytes`]) so that a later run can resume an
/// index with [`StoryIndex::resume`] without re-reading the stored documents.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryTerms {
    /// Term ids with their counts (title and name boosts applied), sorted by term.
    pub counts: Vec<(u64, f32)>,
    /// Publication date.
    pub day: Option<NaiveDate>,
    /// The terms among `counts` that are names or figures ("Sendai", "9,500"), sorted: what
    /// tells two events of one kind apart. A pair of short documents gets the lower bar of
    /// [`StoryOptions::length_slope`] only if it shares one of them. Not persisted: empty for
    /// terms read back with [`StoryTerms::from_bytes`], and an empty list is taken to share.
    pub names: Vec<u64>,
}

impl StoryTerms {
    /// The counts as little-endian (term u64, count f32) records, 12 bytes each. The date is
    /// the store's to keep in its own column.
    pub fn counts_to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.counts.len() * 12);
        for (term, count) in &self.counts {
            out.extend_from_slice(&term.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
        }
        out
    }

    /// Read counts written by [`StoryTerms::counts_to_bytes`]; `None` when `bytes` is not a
    /// whole number of records.
    pub fn from_bytes(bytes: &[u8], day: Option<NaiveDate>) -> Option<StoryTerms> {
        if !bytes.len().is_multiple_of(12) {
            return None;
        }
        let counts = bytes
            .chunks_exact(12)
            .map(|record| {
                let (term, count) = record.split_at(8);
                Some((
                    u64::from_le_bytes(term.try_into().ok()?),
                    f32::from_le_bytes(count.try_into().ok()?),
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(StoryTerms {
            counts,
            day,
            names: Vec::new(),
        })
    }
}

/// A stored story handed to [`StoryIndex::resume`].
#[derive(Clone, Debug, PartialEq)]
pub struct ResumedStory {
    /// The caller's id for the story (a database key); [`StoryIndex::key_of`] gives it back.
    pub key: i64,
    /// The members a new document is compared with: the story's first and latest ones (at
    /// most 16, oldest first), as [`StoryIndex::add`] would pick them.
    pub members: Vec<StoryTerms>,
    /// Terms any member of the story has, at least those shared with the documents about to
    /// be added: they make the story a candidate.
    pub terms: Vec<u64>,
    /// Its headline so far, if any.
    pub title: Option<String>,
}

fn term_id(kind: u8, text: &str) -> TermId {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    kind.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}

fn features(doc: &Document, options: &StoryOptions) -> DocFeatures {
    let mut counts: FxHashMap<TermId, f32> = FxHashMap::default();
    // Surface forms title only a story none of whose documents has a headline: a document
    // with one needs none.
    let headlined = doc
        .meta
        .title
        .as_ref()
        .is_some_and(|t| !t.value.trim().is_empty());
    let mut surfaces: FxHashMap<TermId, Surface> = FxHashMap::default();
    let mut names: Vec<TermId> = Vec::new();
    let mut add_text = |text: &str, in_title: bool, counts: &mut FxHashMap<TermId, f32>| {
        let weight = if in_title { 2.0 } else { 1.0 };
        let toks = tokens(text);
        let mut sentence_start = true;
        for t in &toks {
            let surface = t.range.slice(text);
            if t.kind == TokenKind::Punct {
                if matches!(surface, "." | "!" | "?" | "“" | "\"" | "—" | ":") {
                    sentence_start = true;
                }
                continue;
            }
            let starts = sentence_start;
            sentence_start = false;
            let norm = normalize_word(surface);
            let norm = crate::tokens::strip_possessive(&norm);
            if t.kind == TokenKind::Number {
                // Distinctive figures ("9,500") identify an event; small numbers do not.
                let digits: String = norm.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 3 {
                    let id = term_id(2, &digits);
                    *counts.entry(id).or_default() += weight;
                    names.push(id);
                }
                continue;
            }
            if norm.len() < 2 || lexicon::is_stopword(norm) {
                continue;
            }
            let canon = lexicon::alias(norm).unwrap_or(norm);
            let id = stem::with_stem(canon, |stem| term_id(0, stem));
            *counts.entry(id).or_default() += weight;
            let cap = surface.chars().next().is_some_and(char::is_uppercase);
            let at = |term: TermId, name: bool| Surface {
                term,
                start: u32::try_from(t.range.start()).unwrap_or(u32::MAX),
                end: u32::try_from(t.range.end()).unwrap_or(u32::MAX),
                in_title,
                name,
            };
            if cap && !starts {
                let nid = term_id(1, canon);
                names.push(nid);
                *counts.entry(nid).or_default() += weight * options.name_weight;
                if !headlined {
                    surfaces.entry(nid).or_insert_with(|| at(nid, true));
                }
            }
            if !headlined {
                surfaces.entry(id).or_insert_with(|| at(id, cap && !starts));
            }
        }
    };
    let title = doc.meta.title.as_ref().map(|t| t.value.clone());
    if let Some(t) = &title {
        add_text(t, true, &mut counts);
    }
    add_text(&doc.text, false, &mut counts);
    let mut counts: Vec<(TermId, f32)> = counts.into_iter().collect();
    counts.sort_by_key(|(t, _)| *t);
    let mut surfaces: Vec<Surface> = surfaces.into_values().collect();
    surfaces.sort_by_key(|s| s.term);
    names.sort_unstable();
    names.dedup();
    DocFeatures {
        counts,
        day: doc.meta.published.as_ref().map(|p| p.value),
        title,
        surfaces,
        names,
    }
}

/// Sublinear TF times smoothed IDF, cut to the `max_terms` heaviest, L2-normalised; sorted by
/// term.
fn weigh(
    f: &DocFeatures,
    df: &FxHashMap<TermId, u32>,
    n_docs: u32,
    options: &StoryOptions,
) -> Vector {
    let idf_at = |_, t| idf(n_docs, df.get(&t).copied().unwrap_or(0), options);
    weigh_by(f, idf_at, options)
}

/// [`weigh`] a document whose terms' slots are `slots` (frequencies `df` by slot, in a corpus
/// of `n_docs`), each slot's inverse document frequency taken from `cache` when it was
/// computed at this corpus size, and kept there otherwise.
fn weigh_with_cache(
    f: &DocFeatures,
    slots: &[u32],
    df: &[u32],
    cache: &mut Vec<(u32, f64)>,
    n_docs: u32,
    options: &StoryOptions,
) -> Vector {
    cache.resize(df.len(), (u32::MAX, 0.0));
    let idf_at = |i: usize, _| {
        let Some(&slot) = slots.get(i) else {
            return idf(n_docs, 0, options);
        };
        let slot = slot as usize;
        // Frequencies change only as documents are added, which changes `n_docs`.
        match cache[slot] {
            (at, value) if at == n_docs && n_docs != u32::MAX => value,
            _ => {
                let value = idf(n_docs, df[slot], options);
                cache[slot] = (n_docs, value);
                value
            }
        }
    };
    weigh_by(f, idf_at, options)
}

/// The smoothed inverse document frequency of a term in `df` of `n_docs` documents.
fn idf(n_docs: u32, df: u32, options: &StoryOptions) -> f64 {
    let k = options.df_prior;
    ((f64::from(n_docs) + k) / (f64::from(df) + k)).ln() + 1.0
}

/// [`weigh`] with the inverse document frequency of the `i`-th of `f`'s terms, `t`, from
/// `idf_at(i, t)`.
fn weigh_by(
    f: &DocFeatures,
    mut idf_at: impl FnMut(usize, TermId) -> f64,
    options: &StoryOptions,
) -> Vector {
    let max_terms = options.max_terms;
    let mut v: Vector = f
        .counts
        .iter()
        .enumerate()
        .map(|(i, &(t, c))| {
            let idf = idf_at(i, t);
            let tf = 1.0 + f64::from(c).ln().max(0.0);
            (t, (tf * idf) as f32)
        })
        .collect();
    if max_terms > 0 && v.len() > max_terms {
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(max_terms);
        v.sort_by_key(|(t, _)| *t);
    }
    let norm = v
        .iter()
        .map(|(_, w)| f64::from(*w).powi(2))
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        let scale = length_scale(f.counts.len(), options) / norm;
        for (_, w) in &mut v {
            *w = (f64::from(*w) * scale) as f32;
        }
    }
    v
}

/// The factor a document's unit vector is scaled by so that a plain dot product compares
/// with the one threshold: a pair of documents of `n` terms each needs
/// `threshold + slope * ln(n / reference)` (within half and all of `threshold`), i.e. each
/// vector carries the square root of `threshold` over that. Scaling the vectors, not the pair, keeps a story's summed
/// similarity one dot product with its centroid.
fn length_scale(terms: usize, options: &StoryOptions) -> f64 {
    if options.length_slope == 0.0 || terms == 0 || options.threshold <= 0.0 {
        return 1.0;
    }
    let t = options.threshold;
    let needed = (t + options.length_slope * (terms as f64 / options.reference_terms).ln())
        .clamp(0.5 * t, t);
    (t / needed).sqrt()
}

/// 1 when documents `a` and `b` share a name or figure (or either's are not known), else the
/// factor that takes back the lower bar for short documents: two short reports that share
/// only a topic's words ("an earthquake damaged a pipeline") are two events of one kind.
fn name_guard(a: &DocFeatures, b: &DocFeatures, options: &StoryOptions) -> f64 {
    // Names are compared only when a lower bar was taken (one of them is short).
    let scales = length_scale(a.counts.len(), options) * length_scale(b.counts.len(), options);
    guard_from(scales, || shares_name(&a.names, &b.names))
}

/// [`name_guard`] from the product of two documents' [`length_scale`]s and whether they share
/// a name, asked only when a lower bar was taken (one of them is short).
fn guard_from(scales: f64, shares: impl FnOnce() -> bool) -> f64 {
    if scales <= 1.0 || shares() {
        1.0
    } else {
        1.0 / scales
    }
}

/// Whether two sorted lists of names share one; an empty list is not known and shares.
fn shares_name(a: &[TermId], b: &[TermId]) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// The dot product of two vectors sorted by term.
fn dot(a: &Vector, b: &Vector) -> f64 {
    // A document against a story's centroid (many members' terms): walk the short one and
    // gallop through the long one, instead of stepping through every term of both. The
    // products are added in the same (term) order either way, so the sum is the same.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() >= 4 * short.len() {
        let mut s = 0.0f64;
        let mut rest: &[(TermId, f32)] = long;
        for &(t, w) in short {
            let mut step = 1;
            while step < rest.len() && rest[step].0 < t {
                step *= 2;
            }
            let upto = (step + 1).min(rest.len());
            let at = rest[..upto].partition_point(|&(u, _)| u < t);
            rest = &rest[at..];
            match rest.first() {
                Some(&(u, v)) if u == t => {
                    s += f64::from(w) * f64::from(v);
                    rest = &rest[1..];
                }
                Some(_) => {}
                None => break,
            }
        }
        return s;
    }
    // Both about as long: step through both without a branch the processor must guess
    // (which side moves depends on the terms, i.e. on chance).
    let (mut i, mut j, mut s) = (0, 0, 0.0f64);
    while let (Some(&(ta, wa)), Some(&(tb, wb))) = (a.get(i), b.get(j)) {
        let product = f64::from(wa) * f64::from(wb);
        s += if ta == tb { product } else { 0.0 };
        i += usize::from(ta <= tb);
        j += usize::from(tb <= ta);
    }
    s
}

fn day_factor(a: Option<NaiveDate>, b: Option<NaiveDate>, window: i64) -> f64 {
    match (a, b) {
        (Some(a), Some(b)) => {
            let gap = (a - b).num_days().abs();
            if gap <= window {
                1.0
            } else {
                (1.0 - (gap - window) as f64 / 120.0).max(0.5)
            }
        }
        _ => 1.0,
    }
}

/// Cluster `docs` into stories (batch, average-link). Deterministic for a given input order.
///
/// ```
/// use crosscheck::ingest::{build_from_text, IngestOptions};
/// use crosscheck_facts::{cluster_stories, StoryOptions};
///
/// let texts = [
///     "A magnitude 7.1 earthquake struck near Valparaiso in Chile on Monday, killing 12 people.",
///     "The Valparaiso earthquake killed 12 people in Chile; rescuers searched rubble on Monday.",
///     "A 6.2 earthquake shook Hokkaido in Japan on Tuesday; Sapporo reported no casualties.",
/// ];
/// let docs: Vec<_> = texts.iter().enumerate()
///     .map(|(i, t)| build_from_text(&format!("d{i}"), t, &IngestOptions::default()).unwrap())
///     .collect();
/// let stories = cluster_stories(&docs, &StoryOptions::default());
/// assert_eq!(stories.len(), 2);
/// assert_eq!(stories[0].documents, vec![0, 1]);
/// ```
pub fn cluster_stories(docs: &[Document], options: &StoryOptions) -> Vec<Story> {
    let mut feats: Vec<DocFeatures> = docs.par_iter().map(|d| features(d, options)).collect();
    let (clusters, vectors) = cluster_features(&mut feats, options);
    make_stories(clusters, &|d| docs.get(d), &feats, &vectors)
}

/// [`cluster_stories`]' grouping from documents' terms (from [`StoryIndex::terms`]), for a
/// caller that has them already: the documents of each story (sorted), stories in order of
/// their first document. No titles: those need the documents' headlines.
pub fn cluster_story_terms(terms: &[StoryTerms], options: &StoryOptions) -> Vec<Vec<usize>> {
    let mut feats: Vec<DocFeatures> = terms.iter().cloned().map(DocFeatures::from).collect();
    let (clusters, _) = cluster_features(&mut feats, options);
    let mut clusters: Vec<Vec<usize>> = clusters
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(|mut c| {
            c.sort_unstable();
            c
        })
        .collect();
    clusters.sort_by_key(|c| c[0]);
    clusters
}

/// Average-link clusters of documents' features, and their weighted vectors. Past a few thousand
/// documents, placed one by one, their names move into the index (left empty).
fn cluster_features(
    feats: &mut [DocFeatures],
    options: &StoryOptions,
) -> (Vec<Vec<usize>>, Vec<Vector>) {
    let mut df: FxHashMap<TermId, u32> = FxHashMap::default();
    for f in feats.iter() {
        for (t, _) in &f.counts {
            *df.entry(*t).or_default() += 1;
        }
    }
    let n = u32::try_from(feats.len()).unwrap_or(u32::MAX);
    let weigh_all = |feats: &[DocFeatures]| -> Vec<Vector> {
        feats
            .par_iter()
            .map(|f| weigh(f, &df, n, options))
            .collect()
    };
    if feats.len() <= 3000 {
        let vectors = weigh_all(feats);
        let matrix = similarity_matrix(&vectors, feats, options);
        let n = feats.len();
        let clusters = average_link(n, matrix, options.threshold);
        return (clusters, vectors);
    }
    // Past a few thousand documents the similarity matrix is too big: place documents one by
    // one, as the index does. Placement needs only the counts, the day and the names, which
    // move into the index; titles come from `feats` later. The counts come back once the
    // index is done, and only then are the vectors weighed: the index holds its own, and
    // both at once were the largest part of a 100k-document run's memory.
    let mut index = StoryIndex::new(options.clone());
    for f in feats.iter_mut() {
        index.add_features(DocFeatures {
            counts: std::mem::take(&mut f.counts),
            day: f.day,
            title: None,
            surfaces: Vec::new(),
            names: std::mem::take(&mut f.names),
        });
    }
    let clusters = index.stories.iter().map(|s| s.members.clone()).collect();
    for (f, counts) in feats.iter_mut().zip(index.into_counts()) {
        f.counts = counts;
    }
    (clusters, weigh_all(feats))
}

/// All pairwise similarities through an inverted index: each document accumulates dot
/// products with the documents after it that share a term, so the cost follows the postings,
/// not n² vector merges.
fn similarity_matrix(
    vectors: &[Vector],
    feats: &[DocFeatures],
    options: &StoryOptions,
) -> Vec<f64> {
    let n = vectors.len();
    // Postings, and where each document's own entry sits in each of its terms' list: the
    // documents after it are the rest of that list, with no search.
    let (postings, places) = postings_with_places(vectors.iter().map(|v| v.iter().copied()));
    // Which documents share a name, through the same kind of index: comparing two lists of
    // names for every pair with a short document in it was most of a round's cost.
    let (name_postings, name_places) =
        postings_with_places(feats.iter().map(|f| f.names.iter().map(|&name| (name, ()))));
    let scales: Vec<f64> = feats
        .iter()
        .map(|f| length_scale(f.counts.len(), options))
        .collect();
    let mut out = vec![0.0f64; n * n];
    let mut acc = vec![0.0f64; n];
    // `shares_name_with[j] == i + 1`: document j shares a name with document i.
    let mut shares_name_with = vec![0usize; n];
    for (i, v) in vectors.iter().enumerate() {
        acc.iter_mut().for_each(|a| *a = 0.0);
        for (&(_, w), &(list, at)) in v.iter().zip(&places[i]) {
            for &(j, wj) in &postings[list][at + 1..] {
                acc[j as usize] += f64::from(w) * f64::from(wj);
            }
        }
        for &(list, at) in &name_places[i] {
            for &(j, ()) in &name_postings[list][at + 1..] {
                shares_name_with[j as usize] = i + 1;
            }
        }
        for j in i + 1..n {
            if acc[j] != 0.0 {
                let scales = scales[i] * scales[j];
                // As `name_guard`: an empty list of names is not known, and shares.
                let guard = guard_from(scales, || {
                    shares_name_with[j] == i + 1
                        || feats[i].names.is_empty()
                        || feats[j].names.is_empty()
                });
                let v = acc[j] * day_factor(feats[i].day, feats[j].day, options.day_window) * guard;
                out[i * n + j] = v;
                out[j * n + i] = v;
            }
        }
    }
    out
}

/// An inverted index over `documents` (each a list of distinct keys with a value): the
/// lists, each in document order, and for every document where each of its keys' entries
/// sits (list, position), in the document's own order.
#[allow(clippy::type_complexity)]
fn postings_with_places<V: Copy>(
    documents: impl Iterator<Item = impl Iterator<Item = (TermId, V)>>,
) -> (Vec<Vec<(u32, V)>>, Vec<Vec<(usize, usize)>>) {
    let mut list_of: FxHashMap<TermId, usize> = FxHashMap::default();
    let mut lists: Vec<Vec<(u32, V)>> = Vec::new();
    let places = documents
        .enumerate()
        .map(|(d, keys)| {
            keys.map(|(key, value)| {
                let list = *list_of.entry(key).or_insert_with(|| {
                    lists.push(Vec::new());
                    lists.len() - 1
                });
                lists[list].push((d as u32, value));
                (list, lists[list].len() - 1)
            })
            .collect()
        })
        .collect();
    (lists, places)
}

/// Average-link clusters of `n` items from their pairwise similarities `s` (a symmetric
/// n×n matrix, row by row; the diagonal does not matter), which become the clusters' sums.
fn average_link(n: usize, mut s: Vec<f64>, threshold: f64) -> Vec<Vec<usize>> {
    // Cluster-level similarity sums in a flat n×n matrix (the pairs' own, taken over rather
    // than copied: two of them were 64 MB a round); merge the best pair while its mean
    // reaches the threshold. Each row remembers its best partner, so a merge costs O(n) plus
    // the rows whose best partner it touched.
    s.resize(n * n, 0.0);
    let mut members: Vec<Option<Vec<usize>>> = (0..n).map(|i| Some(vec![i])).collect();
    let size = |m: &[Option<Vec<usize>>], i: usize| m[i].as_ref().map_or(0, Vec::len);
    // A row remembers only partners it could ever merge with: with a positive threshold, a
    // cluster that shares nothing with any other (most of a round of news) has no best
    // partner and stays so through merges elsewhere, instead of reading its whole row again
    // after each (which made a round of n documents cost up to n³).
    let floor = if threshold > 0.0 {
        0.0
    } else {
        f64::NEG_INFINITY
    };
    let row_best = |s: &[f64], m: &[Option<Vec<usize>>], i: usize| -> Option<(f64, usize)> {
        let si = size(m, i);
        let mut best: Option<(f64, usize)> = None;
        for j in (0..n).filter(|&j| j != i && m[j].is_some()) {
            let mean = s[i * n + j] / (si * size(m, j)) as f64;
            if mean > floor && best.is_none_or(|(b, _)| mean > b) {
                best = Some((mean, j));
            }
        }
        best
    };
    let mut best: Vec<Option<(f64, usize)>> = (0..n).map(|i| row_best(&s, &members, i)).collect();
    loop {
        // The best pair overall; ties go to the lowest row.
        let mut top: Option<(f64, usize, usize)> = None;
        for (i, b) in best.iter().enumerate() {
            if let Some((v, j)) = *b {
                if members[i].is_some() && v >= threshold && top.is_none_or(|(t, _, _)| v > t) {
                    top = Some((v, i, j));
                }
            }
        }
        let Some((_, a, b)) = top else { break };
        let (x, y) = (a.min(b), a.max(b));
        let my = members[y].take().unwrap_or_default();
        if let Some(mx) = members[x].as_mut() {
            mx.extend(my);
        }
        best[y] = None;
        // Row x now holds sums over the merged cluster.
        for k in (0..n).filter(|&k| k != x) {
            let v = s[x * n + k] + s[y * n + k];
            s[x * n + k] = v;
            s[k * n + x] = v;
        }
        best[x] = row_best(&s, &members, x);
        for k in 0..n {
            if k == x || members[k].is_none() {
                continue;
            }
            match best[k] {
                Some((_, j)) if j == x || j == y => best[k] = row_best(&s, &members, k),
                Some((v, j)) => {
                    let mean = s[k * n + x] / (size(&members, k) * size(&members, x)) as f64;
                    if mean > v || mean == v && x < j {
                        best[k] = Some((mean, x));
                    }
                }
                // No partner before: k shared nothing with x nor y, so nothing with the merged
                // cluster either.
                None => {}
            }
        }
    }
    members.into_iter().flatten().collect()
}

/// Stories of `clusters` (of `feats`, whose documents `document_of` gives back when it can),
/// numbered by first document, with titles.
fn make_stories<'d>(
    clusters: Vec<Vec<usize>>,
    document_of: &dyn Fn(usize) -> Option<&'d Document>,
    feats: &[DocFeatures],
    vectors: &[Vector],
) -> Vec<Story> {
    let mut clusters: Vec<Vec<usize>> = clusters
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(|mut c| {
            c.sort_unstable();
            c
        })
        .collect();
    clusters.sort_by_key(|c| c[0]);
    clusters
        .into_iter()
        .enumerate()
        .map(|(i, docs)| {
            let central = central(&docs, vectors);
            let title = title(&docs, central, document_of, feats, vectors);
            Story {
                id: format!("s{}", i + 1),
                title,
                documents: docs,
                central,
            }
        })
        .collect()
}

/// The member with the highest mean similarity to the others.
fn central(docs: &[usize], vectors: &[Vector]) -> usize {
    let mut best = (f64::MIN, docs[0]);
    for &d in docs {
        let s: f64 = docs
            .iter()
            .filter(|&&o| o != d)
            .map(|&o| dot(&vectors[d], &vectors[o]))
            .sum();
        if s > best.0 {
            best = (s, d);
        }
    }
    best.1
}

fn title<'d>(
    docs: &[usize],
    central: usize,
    document_of: &dyn Fn(usize) -> Option<&'d Document>,
    feats: &[DocFeatures],
    vectors: &[Vector],
) -> String {
    // The most central document that has a headline.
    let mut titled: Vec<(f64, usize)> = docs
        .iter()
        .filter(|&&d| {
            feats[d]
                .title
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty())
        })
        .map(|&d| {
            let s: f64 = docs
                .iter()
                .filter(|&&o| o != d)
                .map(|&o| dot(&vectors[d], &vectors[o]))
                .sum();
            (s, d)
        })
        .collect();
    titled.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    if let Some((_, d)) = titled.first() {
        if let Some(t) = &feats[*d].title {
            return t.trim().to_string();
        }
    }
    // Otherwise the names (then words) with the most weight across members.
    let mut weight: FxHashMap<TermId, (f64, usize)> = FxHashMap::default();
    for &d in docs {
        for &(t, w) in &vectors[d] {
            let e = weight.entry(t).or_default();
            e.0 += f64::from(w);
            e.1 += 1;
        }
    }
    let surface_of = |t: TermId| -> Option<(&str, bool)> {
        for &d in docs.iter().chain(std::iter::once(&central)) {
            if let Ok(i) = feats[d].surfaces.binary_search_by_key(&t, |s| s.term) {
                let surface = feats[d].surfaces[i];
                return Some((surface.text(document_of(d)?)?, surface.name));
            }
        }
        None
    };
    let mut ranked: Vec<(TermId, f64, usize)> =
        weight.into_iter().map(|(t, (w, c))| (t, w, c)).collect();
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut names: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for (t, _, _) in ranked {
        if let Some((s, is_name)) = surface_of(t) {
            let s = s
                .strip_suffix("’s")
                .or_else(|| s.strip_suffix("'s"))
                .unwrap_or(s)
                .to_string();
            let lower = s.to_lowercase();
            // Calendar words and "said" are not what a story is about.
            if s.is_empty()
                || lexicon::month(&lower).is_some()
                || lexicon::weekday(&lower).is_some()
                || lexicon::is_reporting_verb(&lower)
            {
                continue;
            }
            let seen = names
                .iter()
                .chain(words.iter())
                .any(|x| x.eq_ignore_ascii_case(&s));
            let list = if is_name { &mut names } else { &mut words };
            if !seen && list.len() < 3 {
                list.push(s);
            }
        }
        if names.len() >= 3 && words.len() >= 2 {
            break;
        }
    }
    names.extend(words.into_iter().take(2));
    names.truncate(4);
    names.join(", ")
}

/// Stories built one document at a time, without reclustering.
///
/// ```
/// use crosscheck::ingest::{build_from_text, IngestOptions};
/// use crosscheck_facts::{StoryIndex, StoryOptions};
///
/// let opts = IngestOptions::default();
/// let mut index = StoryIndex::new(StoryOptions::default());
/// let a = index.add(&build_from_text("a", "Floods in Porto Alegre forced 80,000 people from their homes, Brazil's civil defence said.", &opts).unwrap());
/// let b = index.add(&build_from_text("b", "In Porto Alegre, Brazil, floods have driven 80,000 people from their homes.", &opts).unwrap());
/// assert!(a.new_story && !b.new_story);
/// assert_eq!(index.stories(&[]).len(), 1);
/// ```
pub struct StoryIndex {
    options: StoryOptions,
    /// Each term's slot: the index's own dense number for it, so that what it keeps per term
    /// is a plain array. Weighing the compared members again as the corpus grows looked up
    /// every term's frequency in a hash table, which was most of a placement's time.
    slot_of: FxHashMap<TermId, u32>,
    /// Document frequency by slot.
    df: Vec<u32>,
    n_docs: u32,
    stories: Vec<IndexedStory>,
    /// By slot: the latest [`STORIES_PER_TERM`] stories with a member that has the term, in
    /// story order.
    postings: Vec<Vec<u32>>,
    feats: Vec<DocFeatures>,
    /// The slots of each document's terms, in the order of its `counts`.
    slots: Vec<Box<[u32]>>,
    /// By slot: the inverse document frequency last computed and the corpus size it was
    /// computed at (see [`StoryIndex::weigh_cached`]).
    idf_cache: Vec<(u32, f64)>,
    /// Each document's weighted vector as last computed, for comparing it with new documents
    /// (see [`StoryIndex::refresh_weighted`]).
    weighted: Vec<Option<Weighted>>,
    /// Scratch: shared key-term weight per story while candidates are gathered (all zero
    /// between additions).
    shared: Vec<f64>,
    story_of: Vec<usize>,
    /// How many entries of `feats` are stored members loaded by [`StoryIndex::resume`]
    /// rather than added documents.
    resumed: usize,
}

/// A member's weighted vector and the corpus size it was weighed at.
struct Weighted {
    vector: Vector,
    n_docs: u32,
}

/// A cached member vector is weighed again once the index has grown by more than this
/// fraction since (1/16): weights move with the document frequencies, but slowly, and
/// weighing every compared member for every new document was most of the placement time at
/// 10k documents. An index of fewer than 16 documents weighs afresh on every addition.
const REWEIGH_GROWTH: u32 = 16;

struct IndexedStory {
    members: Vec<usize>,
    /// The caller's key, for stories that came from [`StoryIndex::resume`].
    key: Option<i64>,
    /// The sum of its compared members' vectors, when last computed.
    centroid: Option<Centroid>,
}

/// The sum of a story's compared members' weighted vectors: a new document's summed
/// similarity to them is one dot product with it, as long as no member is far enough from the
/// document in time to be damped.
struct Centroid {
    sum: Vector,
    /// Corpus size when it was computed (see [`REWEIGH_GROWTH`]).
    n_docs: u32,
    /// The story's member count when it was computed: a new member changes the compared set.
    members: usize,
    /// Earliest and latest publication day of the dated compared members.
    days: Option<(NaiveDate, NaiveDate)>,
}

impl Centroid {
    /// Whether every compared member is within the day window of `day`, so that none is damped.
    fn undamped(&self, day: Option<NaiveDate>, window: i64) -> bool {
        match (day, self.days) {
            (Some(day), Some((first, last))) => {
                (day - first).num_days().abs() <= window && (day - last).num_days().abs() <= window
            }
            _ => true,
        }
    }
}

impl std::fmt::Debug for StoryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoryIndex")
            .field("documents", &self.n_docs)
            .field("stories", &self.stories.len())
            .finish()
    }
}

/// Candidate stories scored exactly per added document.
pub const STORY_CANDIDATES: usize = 20;
/// How many of a document's heaviest terms pick its candidate stories.
pub const STORY_KEY_TERMS: usize = 40;
/// Stories looked up per term: the latest ones (an old story rarely takes new documents, and
/// a term shared by thousands of stories would make every addition scan them all). A store
/// resuming an index asks for as many.
pub const STORIES_PER_TERM: usize = 64;

/// Add `item` to an ascending list that keeps only its latest (largest) `keep` items: a
/// term's stories, of which candidates are read from the latest alone. Kept sorted by
/// bisection (a document may join an older story) and short, so that a term in thousands of
/// stories does not cost a long insertion at every addition. The in-memory index and a store
/// resuming one share it, so that both keep the same lists.
pub fn insert_latest<T: Ord>(list: &mut Vec<T>, item: T, keep: usize) {
    if let Err(at) = list.binary_search(&item) {
        if at == 0 && list.len() >= keep {
            return;
        }
        list.insert(at, item);
        if list.len() > keep {
            list.remove(0);
        }
    }
}

/// The `k` heaviest terms of a weighted vector, heaviest first (ties by term).
fn heaviest(v: &Vector, k: usize) -> Vec<(TermId, f32)> {
    let order = |a: &(TermId, f32), b: &(TermId, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let mut top: Vec<(TermId, f32)> = v.clone();
    if top.len() > k && k > 0 {
        top.select_nth_unstable_by(k - 1, order);
        top.truncate(k);
    }
    top.sort_by(order);
    top
}
/// Members of a long story compared with a new document: its first and its latest ones.
const MEMBERS_COMPARED: usize = 16;

impl StoryIndex {
    /// An empty index.
    pub fn new(options: StoryOptions) -> StoryIndex {
        StoryIndex {
            options,
            slot_of: FxHashMap::default(),
            df: Vec::new(),
            n_docs: 0,
            stories: Vec::new(),
            postings: Vec::new(),
            feats: Vec::new(),
            slots: Vec::new(),
            idf_cache: Vec::new(),
            weighted: Vec::new(),
            shared: Vec::new(),
            story_of: Vec::new(),
            resumed: 0,
        }
    }

    /// Add a document: it joins the story whose documents it is most similar to (mean
    /// cosine, weighted with the document frequencies of everything added so far, at least
    /// the threshold) or starts a new one. Earlier assignments never change.
    pub fn add(&mut self, doc: &Document) -> Assignment {
        let f = features(doc, &self.options);
        self.add_features(f)
    }

    /// Add a document by its terms (from [`StoryIndex::terms`]), as [`StoryIndex::add`] does.
    pub fn add_terms(&mut self, terms: StoryTerms) -> Assignment {
        self.add_features(DocFeatures::from(terms))
    }

    /// The terms [`StoryIndex::add`] would index for `doc`.
    pub fn terms(&self, doc: &Document) -> StoryTerms {
        let f = features(doc, &self.options);
        StoryTerms {
            counts: f.counts,
            day: f.day,
            names: f.names,
        }
    }

    /// An index resumed from stored state, so that new documents join stored stories
    /// without the corpus being re-read or re-clustered. `documents` is how many documents
    /// the stored index holds, `df` the document frequency of (at least) every term of the
    /// documents about to be added and of the members given, and `stories` the stored
    /// stories that may be candidates for them (those sharing terms with them). Stories
    /// started by added documents come after these, with no key.
    pub fn resume(
        options: StoryOptions,
        documents: u32,
        df: impl IntoIterator<Item = (u64, u32)>,
        stories: Vec<ResumedStory>,
    ) -> StoryIndex {
        let mut index = StoryIndex::new(options);
        index.n_docs = documents;
        for (term, df) in df {
            let slot = index.slot(term);
            index.df[slot as usize] = df;
        }
        for story in stories {
            let number = index.stories.len();
            let mut members = Vec::with_capacity(story.members.len());
            for (n, member) in story.members.into_iter().enumerate() {
                let mut f = DocFeatures::from(member);
                if n == 0 {
                    f.title.clone_from(&story.title);
                }
                members.push(index.feats.len());
                let slots = index.slots_of(&f);
                index.slots.push(slots);
                index.feats.push(f);
                index.weighted.push(None);
                index.story_of.push(number);
            }
            for term in story.terms {
                let slot = index.slot(term);
                insert_latest(
                    &mut index.postings[slot as usize],
                    number as u32,
                    STORIES_PER_TERM,
                );
            }
            index.stories.push(IndexedStory {
                members,
                key: Some(story.key),
                centroid: None,
            });
        }
        index.resumed = index.feats.len();
        index
    }

    /// The `k` heaviest of `terms` under the document frequencies this index holds, with
    /// their weights, heaviest first: the first [`STORY_KEY_TERMS`] of them are what make a story
    /// a candidate for the document, so a store loads the stories that have them.
    pub fn key_terms(&self, terms: &StoryTerms, k: usize) -> Vec<(u64, f32)> {
        let f = DocFeatures::from(terms.clone());
        let n_docs = self.n_docs + 1;
        let idf_at = |_, t| {
            let df = self.slot_of.get(&t).map_or(0, |&s| self.df[s as usize]);
            idf(n_docs, df, &self.options)
        };
        heaviest(&weigh_by(&f, idf_at, &self.options), k)
    }

    /// The caller's key of story `story`, when it came from [`StoryIndex::resume`].
    pub fn key_of(&self, story: usize) -> Option<i64> {
        self.stories.get(story).and_then(|s| s.key)
    }

    fn add_features(&mut self, f: DocFeatures) -> Assignment {
        let mut assignments = self.add_group_features(vec![f]);
        assignments.remove(0)
    }

    /// Add documents that belong together (e.g. one story of a batch clustered with
    /// [`cluster_stories`]) as a unit: they join the story their members are on average most
    /// similar to, if that reaches the threshold, or start one together. A group places
    /// better than its documents one by one, since a story's first document alone can be
    /// too unlike the next (a spun copy, a short follow-up) for either to join the other.
    /// Returns one assignment per document, in the order given; empty for an empty group.
    pub fn add_group(&mut self, group: Vec<StoryTerms>) -> Vec<Assignment> {
        if group.is_empty() {
            return Vec::new();
        }
        self.add_group_features(group.into_iter().map(DocFeatures::from).collect())
    }

    /// Each added document's term counts, in the order they were added (the index is
    /// dropped).
    fn into_counts(self) -> impl Iterator<Item = Vec<(TermId, f32)>> {
        self.feats.into_iter().map(|f| f.counts)
    }

    fn add_group_features(&mut self, group: Vec<DocFeatures>) -> Vec<Assignment> {
        let mut group_slots: Vec<Box<[u32]>> = Vec::with_capacity(group.len());
        for f in &group {
            let slots = self.slots_of(f);
            for &slot in slots.iter() {
                self.df[slot as usize] += 1;
            }
            group_slots.push(slots);
            self.n_docs += 1;
        }
        let vectors: Vec<Vector> = group
            .iter()
            .zip(&group_slots)
            .map(|(f, slots)| self.weigh_cached(f, slots))
            .collect();
        // Candidates: stories sharing the documents' heaviest terms, by shared weight (summed
        // in a dense table over the stories; `touched` lists the ones to read and clear).
        self.shared.resize(self.stories.len(), 0.0);
        let mut touched: Vec<u32> = Vec::new();
        for v in &vectors {
            for (t, w) in heaviest(v, STORY_KEY_TERMS) {
                if let Some(p) = self.slot_of.get(&t).map(|&s| &self.postings[s as usize]) {
                    // Postings are sorted by story: the latest stories are at the end.
                    for &s in p.iter().rev().take(STORIES_PER_TERM) {
                        let slot = &mut self.shared[s as usize];
                        if *slot == 0.0 {
                            touched.push(s);
                        }
                        *slot += f64::from(w);
                    }
                }
            }
        }
        let mut candidates: Vec<(u32, f64)> = touched
            .into_iter()
            .map(|s| (s, std::mem::take(&mut self.shared[s as usize])))
            .collect();
        // The best few by a total order (ties by story): selected, not the whole list sorted.
        let by_weight = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if candidates.len() > STORY_CANDIDATES {
            candidates.select_nth_unstable_by(STORY_CANDIDATES - 1, by_weight);
            candidates.truncate(STORY_CANDIDATES);
        }
        candidates.sort_by_key(|(s, _)| *s);
        let mut best: Option<(f64, usize)> = None;
        for (c, _) in candidates {
            let compared = self.compared_members(c as usize);
            self.refresh_centroid(c as usize, &compared);
            let window = self.options.day_window;
            // The centroid gives the summed similarity in one dot product when no member is
            // damped by time.
            let from_centroid: Vec<Option<f64>> = group
                .iter()
                .zip(&vectors)
                .map(|(f, v)| match &self.stories[c as usize].centroid {
                    Some(centroid) if centroid.undamped(f.day, window) => {
                        Some(dot(v, &centroid.sum))
                    }
                    _ => None,
                })
                .collect();
            // Taking back a short document's lower bar only lowers the centroid's sum: when
            // that sum cannot place the group here, the members need not be compared one by
            // one (they are still re-weighed, as comparing them would, so that what the index
            // remembers does not depend on this shortcut).
            let denominator = (compared.len() * group.len()).max(1) as f64;
            let hopeless = from_centroid
                .iter()
                .copied()
                .sum::<Option<f64>>()
                .is_some_and(|upper| {
                    let upper = upper / denominator;
                    upper < self.options.threshold || best.is_some_and(|(b, _)| upper <= b)
                });
            let mut total = 0.0;
            for ((f, v), from_centroid) in group.iter().zip(&vectors).zip(from_centroid) {
                // A short document gets its lower bar only against members it shares a name
                // or figure with (`name_guard`): for the few it does not, the discount is
                // taken back member by member.
                let scale = length_scale(f.counts.len(), &self.options);
                let guarded = !f.names.is_empty() && scale > 1.0;
                match from_centroid {
                    Some(sum) => {
                        total += sum;
                        if guarded {
                            for &m in &compared {
                                if shares_name(&f.names, &self.feats[m].names) {
                                    continue;
                                }
                                self.refresh_weighted(m);
                                if hopeless {
                                    continue;
                                }
                                if let Some(member) = &self.weighted[m] {
                                    // `name_guard` for documents that share no name.
                                    let scales = scale
                                        * length_scale(self.feats[m].counts.len(), &self.options);
                                    let guard = guard_from(scales, || false);
                                    total -= dot(v, &member.vector) * (1.0 - guard);
                                }
                            }
                        }
                    }
                    None => {
                        for &m in &compared {
                            self.refresh_weighted(m);
                            if let Some(member) = &self.weighted[m] {
                                total += dot(v, &member.vector)
                                    * day_factor(f.day, self.feats[m].day, window)
                                    * name_guard(f, &self.feats[m], &self.options);
                            }
                        }
                    }
                }
            }
            let score = total / denominator;
            if score >= self.options.threshold && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, c as usize));
            }
        }
        let (story, similarity, new_story) = match best {
            Some((score, s)) => (s, score, false),
            None => {
                self.stories.push(IndexedStory {
                    members: Vec::new(),
                    key: None,
                    centroid: None,
                });
                (self.stories.len() - 1, 0.0, true)
            }
        };
        let mut assignments = Vec::with_capacity(group.len());
        for (n, (f, slots)) in group.into_iter().zip(group_slots).enumerate() {
            let document = self.feats.len();
            self.stories[story].members.push(document);
            for &slot in slots.iter() {
                insert_latest(
                    &mut self.postings[slot as usize],
                    story as u32,
                    STORIES_PER_TERM,
                );
            }
            self.feats.push(f);
            self.slots.push(slots);
            self.weighted.push(None);
            self.story_of.push(story);
            assignments.push(Assignment {
                document: document - self.resumed,
                story,
                similarity,
                new_story: new_story && n == 0,
            });
        }
        assignments
    }

    /// The members of `story` a new document is compared with: all of a short story, the
    /// first and latest [`MEMBERS_COMPARED`]` / 2` of a long one.
    fn compared_members(&self, story: usize) -> Vec<usize> {
        let members = &self.stories[story].members;
        if members.len() <= MEMBERS_COMPARED {
            members.clone()
        } else {
            let half = MEMBERS_COMPARED / 2;
            members[..half]
                .iter()
                .chain(&members[members.len() - half..])
                .copied()
                .collect()
        }
    }

    /// Make the centroid of `story` (over `compared`) current enough: computed since its last
    /// new member, and at most [`REWEIGH_GROWTH`]-th of the corpus ago.
    fn refresh_centroid(&mut self, story: usize, compared: &[usize]) {
        let n_docs = self.n_docs;
        let members = self.stories[story].members.len();
        let fresh = self.stories[story].centroid.as_ref().is_some_and(|c| {
            c.members == members && n_docs - c.n_docs <= c.n_docs / REWEIGH_GROWTH
        });
        if fresh {
            return;
        }
        let mut all: Vector = Vec::new();
        let mut days: Option<(NaiveDate, NaiveDate)> = None;
        for &m in compared {
            self.refresh_weighted(m);
            if let Some(member) = &self.weighted[m] {
                all.extend_from_slice(&member.vector);
            }
            if let Some(day) = self.feats[m].day {
                days = Some(days.map_or((day, day), |(a, b)| (a.min(day), b.max(day))));
            }
        }
        // Member vectors are sorted by term: one of them needs no merge.
        if compared.len() > 1 {
            all.sort_by_key(|(t, _)| *t);
        }
        let mut sum: Vector = Vec::with_capacity(all.len());
        for (t, w) in all {
            match sum.last_mut() {
                Some(last) if last.0 == t => last.1 += w,
                _ => sum.push((t, w)),
            }
        }
        self.stories[story].centroid = Some(Centroid {
            sum,
            n_docs,
            members,
            days,
        });
    }

    /// The slot of `term`, a new one (no documents yet) if it has none.
    fn slot(&mut self, term: TermId) -> u32 {
        let next = u32::try_from(self.df.len()).unwrap_or(u32::MAX);
        let slot = *self.slot_of.entry(term).or_insert(next);
        if slot == next {
            self.df.push(0);
            self.postings.push(Vec::new());
        }
        slot
    }

    /// The slots of `f`'s terms, in the order of its counts.
    fn slots_of(&mut self, f: &DocFeatures) -> Box<[u32]> {
        f.counts.iter().map(|&(t, _)| self.slot(t)).collect()
    }

    /// [`weigh`] a document whose terms' slots are `slots`, with the frequencies held now.
    fn weigh_slots(&self, f: &DocFeatures, slots: &[u32]) -> Vector {
        let idf_at = |i, _| {
            let df = slots.get(i).map_or(0, |&s| self.df[s as usize]);
            idf(self.n_docs, df, &self.options)
        };
        weigh_by(f, idf_at, &self.options)
    }

    /// [`StoryIndex::weigh_slots`] through the index's cache of inverse document frequencies:
    /// the members compared with one document share most of their terms, and are weighed at
    /// the same corpus size.
    fn weigh_cached(&mut self, f: &DocFeatures, slots: &[u32]) -> Vector {
        weigh_with_cache(
            f,
            slots,
            &self.df,
            &mut self.idf_cache,
            self.n_docs,
            &self.options,
        )
    }

    /// Make `self.weighted[m]` current enough: weighed at most [`REWEIGH_GROWTH`]-th of the
    /// corpus ago.
    fn refresh_weighted(&mut self, m: usize) {
        let n_docs = self.n_docs;
        let fresh = self.weighted[m]
            .as_ref()
            .is_some_and(|w| n_docs - w.n_docs <= w.n_docs / REWEIGH_GROWTH);
        if !fresh {
            let vector = weigh_with_cache(
                &self.feats[m],
                &self.slots[m],
                &self.df,
                &mut self.idf_cache,
                n_docs,
                &self.options,
            );
            self.weighted[m] = Some(Weighted { vector, n_docs });
        }
    }

    /// The story of document `document` (in order of addition).
    pub fn story_of(&self, document: usize) -> Option<usize> {
        self.story_of
            .get(document.checked_add(self.resumed)?)
            .copied()
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.feats.len() - self.resumed
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many stories the index holds.
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// The stories so far, numbered by first document, with titles. In a resumed index the
    /// stored members loaded by [`StoryIndex::resume`] come first in `documents`' numbering,
    /// before the added documents. `added` are the documents given to [`StoryIndex::add`], in
    /// order: a story none of whose documents has a headline is titled with their words.
    pub fn stories(&self, added: &[Document]) -> Vec<Story> {
        let clusters: Vec<Vec<usize>> = self.stories.iter().map(|s| s.members.clone()).collect();
        let vectors: Vec<Vector> = self
            .feats
            .par_iter()
            .zip(&self.slots)
            .map(|(f, slots)| self.weigh_slots(f, slots))
            .collect();
        // Stories are created in order of their first document, so numbering is stable.
        let document_of = |d: usize| d.checked_sub(self.resumed).and_then(|d| added.get(d));
        make_stories(clusters, &document_of, &self.feats, &vectors)
    }
}

/// Pairwise clustering scores against gold labels: B-cubed precision, recall, F1 and the
/// adjusted Rand index. `predicted[i]` and `gold[i]` are the cluster labels of item `i`.
pub fn clustering_scores(predicted: &[usize], gold: &[usize]) -> ClusteringScores {
    let n = predicted.len().min(gold.len());
    let mut p_sum = 0.0;
    let mut r_sum = 0.0;
    for i in 0..n {
        let same_pred: Vec<usize> = (0..n).filter(|&j| predicted[j] == predicted[i]).collect();
        let same_gold: Vec<usize> = (0..n).filter(|&j| gold[j] == gold[i]).collect();
        let both = same_pred.iter().filter(|&&j| gold[j] == gold[i]).count() as f64;
        p_sum += both / same_pred.len() as f64;
        r_sum += both / same_gold.len() as f64;
    }
    let precision = if n > 0 { p_sum / n as f64 } else { 0.0 };
    let recall = if n > 0 { r_sum / n as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    // Adjusted Rand index from the contingency table.
    let mut table: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    let mut rows: FxHashMap<usize, f64> = FxHashMap::default();
    let mut cols: FxHashMap<usize, f64> = FxHashMap::default();
    for i in 0..n {
        *table.entry((predicted[i], gold[i])).or_default() += 1.0;
        *rows.entry(predicted[i]).or_default() += 1.0;
        *cols.entry(gold[i]).or_default() += 1.0;
    }
    let c2 = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = table.values().map(|&v| c2(v)).sum();
    let a: f64 = rows.values().map(|&v| c2(v)).sum();
    let b: f64 = cols.values().map(|&v| c2(v)).sum();
    let total = c2(n as f64);
    let expected = if total > 0.0 { a * b / total } else { 0.0 };
    let max = (a + b) / 2.0;
    let ari = if (max - expected).abs() < 1e-12 {
        1.0
    } else {
        (index - expected) / (max - expected)
    };
    ClusteringScores {
        bcubed_precision: precision,
        bcubed_recall: recall,
        bcubed_f1: f1,
        ari,
    }
}

/// Clustering quality against gold labels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClusteringScores {
    /// B-cubed precision.
    pub bcubed_precision: f64,
    /// B-cubed recall.
    pub bcubed_recall: f64,
    /// B-cubed F1.
    pub bcubed_f1: f64,
    /// Adjusted Rand index.
    pub ari: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_merged_scores() {
        let s = clustering_scores(&[0, 0, 1, 1], &[5, 5, 7, 7]);
        assert!((s.bcubed_f1 - 1.0).abs() < 1e-9 && (s.ari - 1.0).abs() < 1e-9);
        let s = clustering_scores(&[0, 0, 0, 0], &[5, 5, 7, 7]);
        assert!((s.bcubed_recall - 1.0).abs() < 1e-9);
        assert!((s.bcubed_precision - 0.5).abs() < 1e-9);
        assert!(s.ari.abs() < 1e-9);
    }

    fn doc(id: &str, text: &str) -> Document {
        use crosscheck::ingest::{build_from_text, IngestOptions};
        build_from_text(id, text, &IngestOptions::default()).unwrap()
    }

    #[test]
    fn short_documents_need_less_similarity_and_long_ones_no_more() {
        let options = StoryOptions::default();
        let t = options.threshold;
        let needed = |terms: usize| t / length_scale(terms, &options).powi(2);
        // At the reference size and above, the threshold itself.
        assert!((needed(250) - t).abs() < 1e-9);
        assert!((needed(2_000) - t).abs() < 1e-9);
        // A wire item of 40 terms needs t + 0.07 ln(40/250), about 0.21.
        assert!((needed(40) - (t + 0.07 * (40.0f64 / 250.0).ln())).abs() < 1e-9);
        assert!(needed(40) < needed(100) && needed(100) < t);
        // Never below half the threshold, however short.
        assert!((needed(1) - 0.5 * t).abs() < 1e-9);
        let off = StoryOptions {
            length_slope: 0.0,
            ..StoryOptions::default()
        };
        assert_eq!(length_scale(40, &off), 1.0);
    }

    /// A short wire item the two tests below set beside another report.
    const ECUADOR_QUAKE: &str = "An earthquake in Ecuador broke the Lago Agrio pipeline and stopped crude oil exports, the energy ministry said on Friday.";

    #[test]
    fn two_short_reports_of_one_event_join_where_a_fixed_cosine_splits_them() {
        // Two wire items on one event, worded differently: their plain cosine falls short of
        // the threshold, but short documents need less.
        let docs = [
            doc("a", ECUADOR_QUAKE),
            doc(
                "b",
                "Officials said Ecuador will not ship crude abroad for weeks because the quake damaged its main pipeline, and asked Venezuela for oil.",
            ),
            doc(
                "c",
                "Coffee growers in Colombia asked the government for higher support prices after the quota talks in London failed.",
            ),
        ];
        let fixed = StoryOptions {
            length_slope: 0.0,
            ..StoryOptions::default()
        };
        assert_eq!(cluster_stories(&docs, &fixed).len(), 3);
        let stories = cluster_stories(&docs, &StoryOptions::default());
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].documents, vec![0, 1]);
        // Placed one at a time, the same.
        let mut index = StoryIndex::new(StoryOptions::default());
        let placed: Vec<usize> = docs.iter().map(|d| index.add(d).story).collect();
        assert_eq!(placed, vec![0, 0, 1]);
    }

    #[test]
    fn two_short_reports_of_two_earthquakes_stay_apart() {
        // The same kind of event in another place: the lower bar for short documents must not
        // merge what only the topic's words join.
        let docs = [
            doc("a", ECUADOR_QUAKE),
            doc(
                "b",
                "An earthquake in northern Japan damaged a gas pipeline near Sendai and stopped shipments from the port, the trade ministry said on Monday.",
            ),
        ];
        assert_eq!(cluster_stories(&docs, &StoryOptions::default()).len(), 2);
        let mut index = StoryIndex::new(StoryOptions::default());
        assert!(docs.iter().all(|d| index.add(d).new_story));
    }

    #[test]
    fn terms_survive_bytes() {
        let index = StoryIndex::new(StoryOptions::default());
        let terms = index.terms(&doc(
            "a",
            "Floods in Porto Alegre forced 80,000 people out.",
        ));
        let day = NaiveDate::from_ymd_opt(2024, 5, 6);
        let back = StoryTerms::from_bytes(&terms.counts_to_bytes(), day).unwrap();
        assert_eq!(back.counts, terms.counts);
        assert_eq!(back.day, day);
        assert!(StoryTerms::from_bytes(&[1, 2, 3], None).is_none());
    }

    /// A resumed index places a document exactly as the index that never stopped does.
    #[test]
    fn resumed_index_places_documents_like_a_running_one() {
        let texts = [
            "Floods in Porto Alegre forced 80,000 people from their homes, Brazil's civil defence said on Monday.",
            "A magnitude 7.1 earthquake struck near Valparaiso in Chile, killing 12 people and damaging the port.",
            "In Porto Alegre, Brazil, floods have driven 80,000 people from their homes as the Guaiba river rose.",
            "Rescuers in Valparaiso searched the rubble after the Chile earthquake that killed 12 people.",
            "The Guaiba river in Porto Alegre kept rising; civil defence said 80,000 people had left their homes.",
        ];
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(n, t)| doc(&format!("d{n}"), t))
            .collect();
        let mut running = StoryIndex::new(StoryOptions::default());
        let expected: Vec<usize> = docs.iter().map(|d| running.add(d).story).collect();
        assert_eq!(expected, [0, 1, 0, 1, 0]);

        // Stop after three documents; keep what a store would.
        let mut first = StoryIndex::new(StoryOptions::default());
        let mut stored: Vec<(usize, StoryTerms)> = Vec::new();
        for d in &docs[..3] {
            let terms = first.terms(d);
            let story = first.add_terms(terms.clone()).story;
            stored.push((story, terms));
        }
        let mut df: FxHashMap<u64, u32> = FxHashMap::default();
        for (_, terms) in &stored {
            for (t, _) in &terms.counts {
                *df.entry(*t).or_default() += 1;
            }
        }
        let stories: Vec<ResumedStory> = (0..2)
            .map(|story| {
                let members: Vec<StoryTerms> = stored
                    .iter()
                    .filter(|(s, _)| *s == story)
                    .map(|(_, t)| t.clone())
                    .collect();
                let mut terms: Vec<u64> = members
                    .iter()
                    .flat_map(|m| m.counts.iter().map(|(t, _)| *t))
                    .collect();
                terms.sort_unstable();
                terms.dedup();
                ResumedStory {
                    key: 100 + story as i64,
                    members,
                    terms,
                    title: None,
                }
            })
            .collect();
        let mut resumed = StoryIndex::resume(StoryOptions::default(), 3, df, stories);
        for (n, d) in docs[3..].iter().enumerate() {
            let a = resumed.add(d);
            assert_eq!(a.document, n);
            assert!(!a.new_story);
            assert_eq!(resumed.key_of(a.story), Some(100 + expected[3 + n] as i64));
        }
        assert_eq!(resumed.len(), 2);
    }

    /// Clustering by terms groups documents exactly as clustering the documents does.
    #[test]
    fn clustering_terms_matches_clustering_documents() {
        let docs: Vec<Document> = [
            "A magnitude 7.1 earthquake struck near Valparaiso in Chile on Monday, killing 12 people.",
            "Floods in Porto Alegre forced 80,000 people from their homes, Brazil's civil defence said.",
            "The Valparaiso earthquake killed 12 people in Chile; rescuers searched rubble on Monday.",
            "In Porto Alegre, Brazil, floods have driven 80,000 people from their homes.",
        ]
        .iter()
        .enumerate()
        .map(|(n, t)| doc(&format!("d{n}"), t))
        .collect();
        let options = StoryOptions::default();
        let index = StoryIndex::new(options.clone());
        let terms: Vec<StoryTerms> = docs.iter().map(|d| index.terms(d)).collect();
        let by_documents: Vec<Vec<usize>> = cluster_stories(&docs, &options)
            .into_iter()
            .map(|s| s.documents)
            .collect();
        assert_eq!(by_documents, [vec![0, 2], vec![1, 3]]);
        assert_eq!(cluster_story_terms(&terms, &options), by_documents);
    }

    /// A small deterministic random source for the tests below (xorshift64).
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// Average link the slow, obvious way: recompute every pair of clusters' mean similarity
    /// before each merge; merge the best pair (lowest rows on ties) while it reaches the
    /// threshold.
    fn average_link_by_hand(n: usize, sim: &[f64], threshold: f64) -> Vec<Vec<usize>> {
        let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        loop {
            let mut top: Option<(f64, usize, usize)> = None;
            for a in 0..clusters.len() {
                for b in a + 1..clusters.len() {
                    let sum: f64 = clusters[a]
                        .iter()
                        .flat_map(|&i| clusters[b].iter().map(move |&j| sim[i * n + j]))
                        .sum();
                    let mean = sum / (clusters[a].len() * clusters[b].len()) as f64;
                    if mean >= threshold && top.is_none_or(|(t, _, _)| mean > t) {
                        top = Some((mean, a, b));
                    }
                }
            }
            let Some((_, a, b)) = top else { break };
            let merged = clusters.remove(b);
            clusters[a].extend(merged);
        }
        let mut clusters: Vec<Vec<usize>> = clusters
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        clusters.sort();
        clusters
    }

    #[test]
    fn average_link_merges_as_the_definition_does_on_sparse_similarities() {
        // Sparse, as news is: most pairs share nothing. Values on a coarse grid make ties.
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15_u64);
        for round in 0..200 {
            let n = 2 + (next() % 24) as usize;
            let mut sim = vec![0.0; n * n];
            for i in 0..n {
                for j in i + 1..n {
                    if next().is_multiple_of(4) {
                        let v = (next() % 10) as f64 / 10.0;
                        sim[i * n + j] = v;
                        sim[j * n + i] = v;
                    }
                }
            }
            let threshold = [0.15, 0.3, 0.5][round % 3];
            let mut fast = average_link(n, sim.clone(), threshold);
            for c in &mut fast {
                c.sort_unstable();
            }
            fast.sort();
            let by_hand = average_link_by_hand(n, &sim, threshold);
            assert_eq!(fast, by_hand, "round {round}, n {n}, threshold {threshold}");
        }
    }

    #[test]
    fn dot_galloping_equals_dot_stepping() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d_u64);
        for _ in 0..500 {
            let mut vector = |most: u64| -> Vector {
                let len = next() % most;
                let mut v: Vector = (0..len)
                    .map(|_| (next() % 300, (next() % 1000) as f32 / 997.0))
                    .collect();
                v.sort_by_key(|(t, _)| *t);
                v.dedup_by_key(|(t, _)| *t);
                v
            };
            let a = vector(12);
            let b = vector(200);
            let mut stepping = 0.0f64;
            for &(t, w) in &a {
                if let Some(&(_, v)) = b.iter().find(|(u, _)| *u == t) {
                    stepping += f64::from(w) * f64::from(v);
                }
            }
            assert_eq!(dot(&a, &b).to_bits(), stepping.to_bits());
            assert_eq!(dot(&b, &a).to_bits(), stepping.to_bits());
        }
    }
}
