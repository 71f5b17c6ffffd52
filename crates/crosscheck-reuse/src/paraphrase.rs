//! Paraphrase: the same sentences, in the same order, in other words.
//!
//! A paraphrasing tool (or a rewrite desk) keeps each sentence's content and the article's
//! order but changes most of its wording, so few word trigrams survive and seed alignment sees
//! little. What survives is each sentence's *content words* (stems) and the order. This module
//! aligns sentences monotonically by content-word overlap; a long in-order run of similar
//! sentences is a paraphrase, while independent reports of one event share a few facts in no
//! particular order.

use std::cell::RefCell;
use std::sync::LazyLock;

use crosscheck::text::normalize_word_into;
use crosscheck::TextRange;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_64;

/// Lowest content-word Jaccard for two sentences to count as the same sentence reworded.
const MIN_SENTENCE_SIMILARITY: f64 = 0.3;

/// A sentence pair of a paraphrase.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SentencePair {
    /// Sentence in the source.
    pub source: TextRange,
    /// Sentence in the target.
    pub target: TextRange,
    /// Content-word Jaccard similarity.
    pub similarity: f64,
}

/// Words whose stems a thread remembers before it starts over: news vocabulary repeats, and
/// the Snowball stemmer costs more than a lookup.
const MAX_CACHED_STEMS: usize = 1 << 20;

thread_local! {
    /// Stem hash by normalised-word hash, per thread.
    static STEMS: RefCell<FxHashMap<u64, u64>> = RefCell::new(FxHashMap::default());
}

/// Sentences as sets of content-word stems. Each set is the sorted, deduplicated hashes of
/// its stems: Jaccard is then a merge of two short sorted lists, with no string allocated
/// per comparison (a document's bags are built once and compared with many candidates).
pub struct SentenceBags {
    ranges: Vec<TextRange>,
    bags: Vec<Vec<u64>>,
}

impl SentenceBags {
    /// Split `text` into sentences and their content-word stems.
    pub fn new(text: &str) -> SentenceBags {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut ranges = Vec::new();
        let mut bags = Vec::new();
        let mut normal = String::new();
        STEMS.with_borrow_mut(|stems| {
            if stems.len() > MAX_CACHED_STEMS {
                stems.clear();
            }
            for sentence in crosscheck::text::sentences(text, "en") {
                let slice = sentence.range.slice(text);
                let mut bag: Vec<u64> = Vec::new();
                for word in slice.split(|c: char| !c.is_alphanumeric()) {
                    if word.len() <= 2 {
                        continue;
                    }
                    normalize_word_into(word, &mut normal);
                    if is_stopword(&normal) {
                        continue;
                    }
                    let stem = *stems
                        .entry(xxh3_64(normal.as_bytes()))
                        .or_insert_with(|| xxh3_64(stemmer.stem(&normal).as_bytes()));
                    bag.push(stem);
                }
                bag.sort_unstable();
                bag.dedup();
                if bag.len() >= 3 {
                    ranges.push(sentence.range);
                    bags.push(bag);
                }
            }
        });
        SentenceBags { ranges, bags }
    }

    /// Number of content-bearing sentences.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.ranges.len()
    }
}

/// The best monotone alignment of target sentences to source sentences.
pub fn align_sentences(source: &SentenceBags, target: &SentenceBags) -> Vec<SentencePair> {
    let (n, m) = (source.len(), target.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    // Classic DP for the heaviest monotone matching; sentence counts are small (tens).
    let mut score = vec![vec![0.0f64; m + 1]; n + 1];
    // Each similarity once: the backtrack below reads them again.
    let sims: Vec<f64> = (0..n * m)
        .map(|at| jaccard(&source.bags[at / m], &target.bags[at % m]))
        .collect();
    let sim = |i: usize, j: usize| sims[i * m + j];
    for i in 1..=n {
        for j in 1..=m {
            let s = sim(i - 1, j - 1);
            let take = if s >= MIN_SENTENCE_SIMILARITY {
                score[i - 1][j - 1] + s
            } else {
                f64::MIN
            };
            score[i][j] = score[i - 1][j].max(score[i][j - 1]).max(take);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let s = sim(i - 1, j - 1);
        if s >= MIN_SENTENCE_SIMILARITY && (score[i][j] - (score[i - 1][j - 1] + s)).abs() < 1e-12 {
            pairs.push(SentencePair {
                source: source.ranges[i - 1],
                target: target.ranges[j - 1],
                similarity: s,
            });
            i -= 1;
            j -= 1;
        } else if score[i - 1][j] >= score[i][j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Jaccard similarity of two sorted, deduplicated lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

fn is_stopword(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| STOP.iter().copied().collect());
    SET.contains(word)
}

/// Words too common to say two sentences share content.
const STOP: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "are", "has", "had", "have", "his", "her",
    "its", "their", "this", "these", "those", "from", "but", "not", "they", "them", "who", "which",
    "what", "when", "where", "will", "would", "could", "should", "been", "being", "into", "onto",
    "over", "said", "says", "also", "than", "then", "there", "about", "after", "before", "while",
    "some", "more", "most", "other", "such", "only", "very", "can", "our", "out", "off", "all",
    "any", "one", "two", "new", "per", "did", "does", "just", "may", "might", "must", "you",
    "your", "she", "him", "how", "why", "yet", "still", "since", "because", "though", "although",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paraphrase_aligns_in_order() {
        let source = "Firefighters brought the blaze under control after about three hours. Four people were treated in hospital for smoke inhalation, the regional health service said. The ferry will be out of service for two weeks while investigators examine the engine room.";
        let target = "It took firefighters roughly three hours to bring the blaze under control. The regional health service said four people needed hospital treatment for smoke inhalation. Investigators will examine the engine room, keeping the ferry out of service for two weeks.";
        let pairs = align_sentences(&SentenceBags::new(source), &SentenceBags::new(target));
        assert_eq!(pairs.len(), 3, "{pairs:?}");
    }
}
