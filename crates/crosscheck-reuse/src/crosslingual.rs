//! Translations across languages: which document is a translation of which, with the
//! aligned sentences as evidence.
//!
//! Two steps, so the expensive one runs on few pairs:
//!
//! 1. candidates, without any model ([`translation_candidates`]): documents in different
//!    languages that mention the same rare numbers and names in the same order
//!    (`crosslingual/anchors.rs`), read from an [`AnchorTable`] (each document's language
//!    and anchor keys, compactly; a caller that cannot hold the texts builds one itself);
//! 2. verification with multilingual sentence embeddings, through the [`SentenceEmbedder`]
//!    the caller provides (the engine adapts multilingual-e5-small to it): the sentences of
//!    candidate documents only are embedded, once per document, and a pair is a translation
//!    when its sentences line up in order, each clearly closer to its counterpart than to
//!    anything else (`crosslingual/sentences.rs`).
//!
//! A found pair is a [`ReusePair`] with relation [`Relation::Translated`], one passage per
//! aligned sentence pair (so the report's `copied_share` is the share of the translation's
//! text that was translated, and a translated excerpt inside a longer article is a `partial`
//! pair), and the original as source: the earlier publication date, else the side with fewer
//! translation traces (numbers the translation kept as the original's language writes them,
//! `crosslingual/numbers.rs`; the caller says which documents show traces of their own), else
//! undetermined.
//! Two articles on the same story in two languages share names and numbers but not their
//! sentences in order; they yield no pair.

mod anchors;
mod numbers;
mod sentences;

use std::fmt;

use crate::classify::{Extent, PairStats, Relation};
use crate::direction::DirectionEvidence;
use crate::doc::ReuseDoc;
use crate::pair::{PassagePair, ReusePair};

pub use anchors::AnchorTable;
use sentences::{align_sentences, SentenceAlignment, Verdict};

/// Multilingual sentence embeddings: a sentence and its translation must land close together.
pub trait SentenceEmbedder: Sync {
    /// One unit vector per sentence, in order, all of one width.
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedFailure>;
}

/// Why an embedder could not embed (its own error, in words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedFailure(pub String);

impl fmt::Display for EmbedFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EmbedFailure {}

/// What the translation stage knows of one document besides [`ReuseDoc`].
#[derive(Clone, Copy, Debug, Default)]
pub struct LanguageInfo<'a> {
    /// ISO 639-1 code (`en`, `es`), if detected or declared. A document of unknown language
    /// pairs with none.
    pub language: Option<&'a str>,
    /// Whether the document itself shows traces of translation (the rewrite stage's
    /// per-document evidence): of two documents, the one with traces is the translation.
    pub translation_traces: bool,
}

/// Whether the verification step ran, and if not why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TranslationStatus {
    /// Candidates were verified with the embedder.
    Ran,
    /// Fewer than two languages among the documents: nothing can be a translation.
    OneLanguage,
    /// Several languages, but no two documents share names and numbers in order.
    NoCandidates,
    /// Candidates were found, but no embedder was given: they stay unverified.
    NoEmbedder,
    /// The embedder failed; no pair is reported.
    Failed(EmbedFailure),
}

/// The translation stage's result.
#[derive(Clone, Debug)]
pub struct Translations {
    /// Translated pairs, by target then source; roots are each pair's own source (the caller
    /// assigns roots over every pair, see [`crate::assign_roots`]).
    pub pairs: Vec<ReusePair>,
    /// Whether verification ran.
    pub status: TranslationStatus,
    /// Candidate pairs found by anchors (verified or not).
    pub candidates: usize,
    /// Sentences embedded.
    pub sentences_embedded: usize,
    /// Every verified candidate with the numbers its verdict rests on.
    pub checked: Vec<CandidateCheck>,
}

/// One verified candidate pair and the numbers behind its verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateCheck {
    /// First document (the smaller index).
    pub a: usize,
    /// Second document.
    pub b: usize,
    /// Rarity weight of the names and numbers both mention in the same order.
    pub anchor_score: f64,
    /// Sentences of each text that were aligned against each other.
    pub sentences: (usize, usize),
    /// Sentence pairs aligned (mutual best matches, in order in both texts).
    pub aligned: usize,
    /// Mean cosine of the aligned sentence pairs.
    pub mean_cosine: f32,
    /// Mean margin of each aligned pair over the next best candidate of either sentence.
    pub mean_margin: f32,
    /// Longest run of aligned pairs in a row.
    pub longest_run: usize,
    /// The verdict.
    pub translated: bool,
}

/// Most sentences read per document: enough for any news article, bounded for anything else.
const MAX_SENTENCES: usize = 200;
/// Sentences shorter than this many words (datelines, bylines, captions) are not aligned.
const MIN_SENTENCE_WORDS: usize = 4;
/// Most bytes of one sentence given to the embedder.
const MAX_SENTENCE_BYTES: usize = 1_000;

/// Candidate translation pairs `(a, b)`, `a < b`, from names and numbers alone (no model).
pub fn translation_candidates(
    docs: &[ReuseDoc<'_>],
    info: &[LanguageInfo<'_>],
) -> Vec<(usize, usize)> {
    candidates_scored(docs, info)
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect()
}

/// An anchor held by more documents than this proposes no pair (a year, a country): what a
/// store's anchor index leaves out when it looks candidates up.
pub const MAX_ANCHOR_DOCS: usize = anchors::MAX_ANCHOR_DOCS;

/// Fewest anchors two documents must share in the same order to be a candidate pair.
pub const MIN_ORDERED_ANCHORS: usize = anchors::MIN_ORDERED_ANCHORS;

/// The version of [`anchor_keys`]' rule: a store that indexes the keys records it, and
/// indexes again when it changes.
pub const ANCHOR_KEYS_VERSION: i64 = 1;

/// A text's translation anchors (rare-name and number candidates that survive translation),
/// in order of first mention, each once, as stable 64-bit keys: what a store indexes to find
/// candidate pairs without reading texts back. The same anchors [`find_translations`] reads.
pub fn anchor_keys(text: &str) -> Vec<u64> {
    anchors::anchors(text)
        .iter()
        .map(|a| anchors::stable_key(a))
        .collect()
}

/// How many anchors two documents share in the same order, from the positions of their
/// shared anchors (`(position in one, position in the other)`, each anchor once): the
/// longest chain increasing in both. A pair with at least [`MIN_ORDERED_ANCHORS`] is a
/// candidate wherever it is found; [`find_translations`] keeps, of those, each document's best
/// few partners, so a store that verifies every such pair finds at least its pairs.
pub fn ordered_anchor_count(shared: &mut [(u32, u32)]) -> usize {
    shared.sort_unstable();
    // Patience sorting over the second positions (strictly increasing).
    let mut tails: Vec<u32> = Vec::new();
    for &(_, p) in shared.iter() {
        match tails.binary_search(&p) {
            Ok(_) => {}
            Err(i) if i == tails.len() => tails.push(p),
            Err(i) => tails[i] = p,
        }
    }
    tails.len()
}

fn candidates_scored(docs: &[ReuseDoc<'_>], info: &[LanguageInfo<'_>]) -> Vec<(usize, usize, f64)> {
    let language: Vec<Option<&str>> = (0..docs.len())
        .map(|i| info.get(i).and_then(|x| x.language))
        .collect();
    if distinct_languages(&language) < 2 {
        return Vec::new();
    }
    let mut table = AnchorTable::new();
    for (d, &l) in docs.iter().zip(&language) {
        let keys = if l.is_some() {
            anchor_keys(d.text)
        } else {
            Vec::new()
        };
        table.push(l, &keys);
    }
    table.scored()
}

fn distinct_languages(language: &[Option<&str>]) -> usize {
    let mut seen: Vec<&str> = language.iter().flatten().copied().collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Finds the translated pairs among `docs` (`info[i]` describes `docs[i]`). Without an
/// embedder only the candidates are counted.
pub fn find_translations(
    docs: &[ReuseDoc<'_>],
    info: &[LanguageInfo<'_>],
    embedder: Option<&dyn SentenceEmbedder>,
) -> Translations {
    find_translations_with_progress(docs, info, embedder, &|_, _| {})
}

/// [`find_translations`], calling `progress(done, total)` as the candidate pairs are
/// verified (so a caller can show a progress bar; the library itself never prints): once
/// with `done` 0 before their sentences are embedded, then after each pair is judged. Never
/// called when nothing is verified (one language, no candidates, no embedder).
pub fn find_translations_with_progress(
    docs: &[ReuseDoc<'_>],
    info: &[LanguageInfo<'_>],
    embedder: Option<&dyn SentenceEmbedder>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Translations {
    let language: Vec<Option<&str>> = (0..docs.len())
        .map(|i| info.get(i).and_then(|x| x.language))
        .collect();
    let mut out = Translations {
        pairs: Vec::new(),
        status: TranslationStatus::OneLanguage,
        candidates: 0,
        sentences_embedded: 0,
        checked: Vec::new(),
    };
    if distinct_languages(&language) < 2 {
        return out;
    }
    let candidates = candidates_scored(docs, info);
    out.candidates = candidates.len();
    if candidates.is_empty() {
        out.status = TranslationStatus::NoCandidates;
        return out;
    }
    let Some(embedder) = embedder else {
        out.status = TranslationStatus::NoEmbedder;
        return out;
    };
    verify(docs, info, &candidates, embedder, progress, &mut out);
    out
}

/// Verifies candidate pairs `(a, b)` found elsewhere (a store's anchor index, say) as
/// [`find_translations`] verifies its own: the sentences of the documents in a candidate are
/// embedded once each, in one call, and each pair is judged on its two documents alone.
/// `anchor_score` is 0 in the checks (the anchors were weighed elsewhere).
pub fn verify_translations(
    docs: &[ReuseDoc<'_>],
    info: &[LanguageInfo<'_>],
    candidates: &[(usize, usize)],
    embedder: &dyn SentenceEmbedder,
) -> Translations {
    let mut out = Translations {
        pairs: Vec::new(),
        status: TranslationStatus::NoCandidates,
        candidates: candidates.len(),
        sentences_embedded: 0,
        checked: Vec::new(),
    };
    let scored: Vec<(usize, usize, f64)> = candidates
        .iter()
        .filter(|&&(a, b)| a != b && a.max(b) < docs.len())
        .map(|&(a, b)| (a.min(b), a.max(b), 0.0))
        .collect();
    if !scored.is_empty() {
        verify(docs, info, &scored, embedder, &|_, _| {}, &mut out);
    }
    out
}

/// The verification step over `candidates`, into `out` (its status becomes `Ran`, or
/// `Failed` when the embedder fails), calling `progress(judged, candidates)` before the
/// embedding and as the pairs are judged.
fn verify(
    docs: &[ReuseDoc<'_>],
    info: &[LanguageInfo<'_>],
    candidates: &[(usize, usize, f64)],
    embedder: &dyn SentenceEmbedder,
    progress: &(dyn Fn(u64, u64) + Sync),
    out: &mut Translations,
) {
    let total = candidates.len() as u64;
    progress(0, total);
    let language: Vec<Option<&str>> = (0..docs.len())
        .map(|i| info.get(i).and_then(|x| x.language))
        .collect();
    // The sentences of candidate documents, embedded once each, in one call.
    let mut involved: Vec<usize> = candidates.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    involved.sort_unstable();
    involved.dedup();
    let sentences: Vec<Vec<crosscheck::TextRange>> = involved
        .iter()
        .map(|&d| sentence_ranges(docs[d].text, language[d].unwrap_or("en")))
        .collect();
    let texts: Vec<&str> = involved
        .iter()
        .zip(&sentences)
        .flat_map(|(&d, ranges)| ranges.iter().map(move |r| clip(r.slice(docs[d].text))))
        .collect();
    out.sentences_embedded = texts.len();
    let vectors = match embedder.embed(&texts) {
        Ok(v) if v.len() == texts.len() => v,
        Ok(v) => {
            out.status = TranslationStatus::Failed(EmbedFailure(format!(
                "the embedder returned {} vectors for {} sentences",
                v.len(),
                texts.len()
            )));
            return;
        }
        Err(e) => {
            out.status = TranslationStatus::Failed(e);
            return;
        }
    };
    let mut by_doc: Vec<&[Vec<f32>]> = Vec::with_capacity(involved.len());
    let mut at = 0;
    for ranges in &sentences {
        by_doc.push(&vectors[at..at + ranges.len()]);
        at += ranges.len();
    }
    let slot = |d: usize| involved.binary_search(&d).ok();
    let verdict = Verdict::default();
    for (judged, &(a, b, anchor_score)) in (0u64..).zip(candidates) {
        if judged > 0 {
            progress(judged, total);
        }
        let (Some(sa), Some(sb)) = (slot(a), slot(b)) else {
            continue;
        };
        let al = align_sentences(by_doc[sa], by_doc[sb], verdict.floor);
        let translated = verdict.is_translation(&al, sentences[sa].len(), sentences[sb].len())
            && !same_wording(
                &al,
                (docs[a].text, &sentences[sa]),
                (docs[b].text, &sentences[sb]),
            );
        out.checked.push(CandidateCheck {
            a,
            b,
            anchor_score,
            sentences: (sentences[sa].len(), sentences[sb].len()),
            aligned: al.pairs.len(),
            mean_cosine: al.mean_cosine,
            mean_margin: al.mean_margin,
            longest_run: al.longest_run,
            translated,
        });
        if translated {
            out.pairs.push(translated_pair(
                docs,
                info,
                (a, &sentences[sa]),
                (b, &sentences[sb]),
                &al,
            ));
        }
    }
    out.pairs.sort_by_key(|p| (p.target, p.source));
    out.status = TranslationStatus::Ran;
    progress(total, total);
}

/// Share of words two aligned sentences must have in common, on average, to be the same
/// wording rather than a translation. A sentence and its translation share names, numbers and
/// a few cognates (Spanish and Portuguese, or Spanish and Catalan, share the most: about a third
/// of their words); copies share nearly all.
const SAME_WORDING: f64 = 0.7;

/// Whether the aligned sentences are the same words: one text copies the other in the same
/// language, and a language detected wrongly on one of them made the pair look cross-lingual.
/// Monolingual reuse reports such a copy; it is no translation.
fn same_wording(
    al: &SentenceAlignment,
    (text_a, sa): (&str, &[crosscheck::TextRange]),
    (text_b, sb): (&str, &[crosscheck::TextRange]),
) -> bool {
    let words = |s: &str| -> rustc_hash::FxHashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let shares: Vec<f64> = al
        .pairs
        .iter()
        .map(|&(i, j, _)| {
            let (x, y) = (words(sa[i].slice(text_a)), words(sb[j].slice(text_b)));
            x.intersection(&y).count() as f64 / x.union(&y).count().max(1) as f64
        })
        .collect();
    !shares.is_empty() && shares.iter().sum::<f64>() / shares.len() as f64 >= SAME_WORDING
}

/// The sentences worth aligning: long enough to mean something, at most [`MAX_SENTENCES`].
fn sentence_ranges(text: &str, lang: &str) -> Vec<crosscheck::TextRange> {
    crosscheck::text::sentences(text, lang)
        .into_iter()
        .map(|s| s.range)
        .filter(|r| r.slice(text).split_whitespace().count() >= MIN_SENTENCE_WORDS)
        .take(MAX_SENTENCES)
        .collect()
}

/// At most [`MAX_SENTENCE_BYTES`] of a sentence, cut at a character boundary.
fn clip(s: &str) -> &str {
    if s.len() <= MAX_SENTENCE_BYTES {
        return s;
    }
    let mut end = MAX_SENTENCE_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The pair's report form, oriented by the direction evidence.
fn translated_pair(
    docs: &[ReuseDoc<'_>],
    info: &[LanguageInfo<'_>],
    (a, sa): (usize, &[crosscheck::TextRange]),
    (b, sb): (usize, &[crosscheck::TextRange]),
    al: &SentenceAlignment,
) -> ReusePair {
    let language = |i: usize| info.get(i).and_then(|x| x.language).unwrap_or("");
    // Numbers each side kept as the other's language writes them, over the aligned sentences.
    let (mut kept_a, mut kept_b) = (0, 0);
    for &(i, j, _) in &al.pairs {
        let (x, y) = (sa[i].slice(docs[a].text), sb[j].slice(docs[b].text));
        kept_a += numbers::untranslated_numbers(x, language(a), y, language(b));
        kept_b += numbers::untranslated_numbers(y, language(b), x, language(a));
    }
    let (a_source, direction) = direction(docs, info, (a, kept_a), (b, kept_b));
    let words = |t: &str| t.split_whitespace().count();
    let aligned_words = |ranges: &[crosscheck::TextRange],
                         text: &str,
                         pick: &dyn Fn(&(usize, usize, f32)) -> usize| {
        al.pairs
            .iter()
            .map(|p| words(ranges[pick(p)].slice(text)))
            .sum::<usize>()
    };
    let mut stats = PairStats {
        source_words: words(docs[a].text),
        target_words: words(docs[b].text),
        aligned_source: aligned_words(sa, docs[a].text, &|p| p.0),
        aligned_target: aligned_words(sb, docs[b].text, &|p| p.1),
        equal: 0,
        one_to_one: 0,
        passages: al.pairs.len(),
        longest: al.longest_run,
    };
    let mut passages: Vec<PassagePair> = al
        .pairs
        .iter()
        .map(|&(i, j, _)| PassagePair {
            source: sa[i],
            target: sb[j],
        })
        .collect();
    let (source, target) = if a_source {
        (a, b)
    } else {
        stats = stats.swapped();
        for p in &mut passages {
            std::mem::swap(&mut p.source, &mut p.target);
        }
        (b, a)
    };
    passages.sort_by_key(|p| p.target.start());
    let full = stats.source_coverage() >= 0.8 && stats.target_coverage() >= 0.8;
    ReusePair {
        source,
        target,
        relation: Relation::Translated,
        extent: if full { Extent::Full } else { Extent::Partial },
        similarity: f64::from(al.mean_cosine),
        passages,
        substitutions: Vec::new(),
        direction,
        root: source,
        stats,
    }
}

/// Which of `a` and `b` is the original: `true` when `a` is. `kept_*` counts the numbers
/// each kept as the other's language writes them ([`numbers`]).
fn direction(
    docs: &[ReuseDoc<'_>],
    info: &[LanguageInfo<'_>],
    (a, kept_a): (usize, usize),
    (b, kept_b): (usize, usize),
) -> (bool, DirectionEvidence) {
    if let (Some(da), Some(db)) = (docs[a].published, docs[b].published) {
        if da != db {
            return (da < db, DirectionEvidence::PublicationDate);
        }
    }
    // The document's own traces (stress accents on transliterated names, calques) and the
    // pair's untranslated numbers: the side that shows more of them is the translation.
    let traces = |i: usize, kept: usize| {
        kept + usize::from(info.get(i).is_some_and(|x| x.translation_traces))
    };
    let (ta, tb) = (traces(a, kept_a), traces(b, kept_b));
    if ta != tb {
        return (ta < tb, DirectionEvidence::TranslationTraces);
    }
    (docs[a].id <= docs[b].id, DirectionEvidence::Undetermined)
}

#[cfg(test)]
mod tests;
