//! Direction: which text of a derived pair is the source.
//!
//! Evidence in order of trust: publication dates (the earlier text is the source), then
//! containment (a text reused in part inside another is taken from the longer one: the
//! excerpt model of content farms; dates settle the opposite case of a wire story inside a
//! longer local report), then rewrite traces (spinners swap common words for rare ones, so the
//! side whose swapped words are the common ones is the original). Each pair says which
//! evidence decided it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classify::PairStats;

/// What decided a pair's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectionEvidence {
    /// The source was published earlier.
    PublicationDate,
    /// The target is contained in the (longer) source.
    Containment,
    /// The target's wording shows the rewriting (rare words where the source has common ones).
    RewriteTraces,
    /// Nothing decided it; the order is by document id so that output stays deterministic.
    Undetermined,
}

impl DirectionEvidence {
    /// The report's name for the evidence (the same string serde writes).
    pub fn as_str(self) -> &'static str {
        match self {
            DirectionEvidence::PublicationDate => "publication_date",
            DirectionEvidence::Containment => "containment",
            DirectionEvidence::RewriteTraces => "rewrite_traces",
            DirectionEvidence::Undetermined => "undetermined",
        }
    }
}

/// Which of `a` and `b` is the source: `true` when `a` is.
pub fn a_is_source(
    a_published: Option<NaiveDate>,
    b_published: Option<NaiveDate>,
    stats: &PairStats,
    common_words_a_minus_b: i64,
    a_id: &str,
    b_id: &str,
) -> (bool, DirectionEvidence) {
    if let (Some(a), Some(b)) = (a_published, b_published) {
        if a != b {
            return (a < b, DirectionEvidence::PublicationDate);
        }
    }
    // Rewrite traces come before containment for a full-text rewrite: both texts are wholly
    // covered, so containment says nothing there.
    if common_words_a_minus_b.abs() >= 3 {
        return (common_words_a_minus_b > 0, DirectionEvidence::RewriteTraces);
    }
    let (ca, cb) = (stats.source_coverage(), stats.target_coverage());
    if (ca - cb).abs() >= 0.2 && ca.max(cb) >= 0.6 && ca.min(cb) < 0.8 {
        // One text is mostly the shared material, the other holds it as a part: the first
        // is the excerpt. When both are mostly shared (a full copy with its own boilerplate)
        // containment says nothing.
        return (ca < cb, DirectionEvidence::Containment);
    }
    (a_id <= b_id, DirectionEvidence::Undetermined)
}

/// Common English words a spinner looks up and replaces (they have dictionary senses).
/// Counting them on each side of the substitutions tells original from spun.
pub fn is_common_word(word: &str) -> bool {
    const COMMON: &[&str] = &[
        "in",
        "at",
        "on",
        "as",
        "be",
        "is",
        "are",
        "was",
        "will",
        "he",
        "she",
        "it",
        "we",
        "they",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "out",
        "up",
        "down",
        "off",
        "over",
        "under",
        "after",
        "before",
        "about",
        "around",
        "near",
        "into",
        "from",
        "by",
        "with",
        "for",
        "of",
        "to",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "can",
        "could",
        "would",
        "should",
        "may",
        "might",
        "must",
        "said",
        "says",
        "say",
        "told",
        "one",
        "two",
        "three",
        "four",
        "five",
        "first",
        "last",
        "left",
        "right",
        "back",
        "front",
        "more",
        "most",
        "much",
        "many",
        "some",
        "any",
        "all",
        "each",
        "every",
        "other",
        "new",
        "old",
        "big",
        "large",
        "small",
        "city",
        "country",
        "state",
        "people",
        "man",
        "men",
        "woman",
        "women",
        "government",
        "army",
        "war",
        "day",
        "week",
        "year",
        "time",
        "way",
        "part",
        "place",
        "bank",
        "news",
        "show",
        "shows",
        "make",
        "made",
        "take",
        "took",
        "get",
        "got",
        "go",
        "went",
        "come",
        "came",
        "see",
        "seen",
        "know",
        "known",
        "think",
        "also",
        "very",
        "just",
        "still",
        "since",
        "because",
        "if",
        "than",
        "then",
        "there",
        "here",
        "where",
        "when",
        "while",
        "who",
        "which",
        "what",
        "that",
        "this",
        "these",
        "those",
        "between",
        "against",
        "during",
        "without",
        "within",
        "across",
        "through",
        "their",
        "his",
        "her",
        "its",
        "our",
        "your",
        "been",
        "being",
        "were",
        "has",
        "area",
        "region",
        "forces",
    ];
    COMMON.contains(&word)
}

#[cfg(test)]
mod serde_names {
    use super::DirectionEvidence;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [
            DirectionEvidence::PublicationDate,
            DirectionEvidence::Containment,
            DirectionEvidence::RewriteTraces,
            DirectionEvidence::Undetermined,
        ] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(
                serde_json::from_value::<DirectionEvidence>(value).unwrap(),
                x
            );
        }
    }
}
