//! What kind of reuse an alignment shows, and whether it is reuse at all.
//!
//! The decision reads only counts from the alignment, so every verdict can be explained with
//! numbers: how much of each text is covered, how much of the covered text is word-for-word
//! equal, and how many words were swapped one for one (the spinner's signature, as opposed to
//! an editor's cuts and insertions). Shared quotations are left out before anything is
//! counted: two outlets quoting one statement is independent coverage.

use serde::{Deserialize, Serialize};

use crate::align::Alignment;

/// How a target was derived from its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Copied word for word (boilerplate aside).
    Verbatim,
    /// Copied with sentences cut, added or reordered, or light word changes.
    Edited,
    /// Copied through a synonym spinner.
    Spun,
    /// Rewritten sentence by sentence, same content and order.
    Paraphrased,
    /// Translated from another language.
    Translated,
}

impl Relation {
    /// The report's name for the relation.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Verbatim => "verbatim",
            Relation::Edited => "edited",
            Relation::Spun => "spun",
            Relation::Paraphrased => "paraphrased",
            Relation::Translated => "translated",
        }
    }
}

/// How much of the texts the reuse covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    /// Most of both texts.
    Full,
    /// A part of at least one text: an excerpt, or a story inside a longer one.
    Partial,
}

impl Extent {
    /// The report's name for the extent (the same string serde writes).
    pub fn as_str(self) -> &'static str {
        match self {
            Extent::Full => "full",
            Extent::Partial => "partial",
        }
    }
}

/// Thresholds of the decision. [`Thresholds::default`] is calibrated on news text.
#[derive(Clone, Debug)]
pub struct Thresholds {
    /// Fewest reused words (outside shared quotes) that make a pair. Default 30: one shared
    /// stock sentence between two outlets is not a copy.
    pub min_reused_words: usize,
    /// Share of covered words that must be equal for `verbatim`. Default 0.97.
    pub verbatim_equal: f64,
    /// Share of covered words that must be equal for `edited` (below: not token reuse).
    pub edited_equal: f64,
    /// Share of covered target words swapped one for one that makes `spun`. Default 0.06.
    pub spun_substitution: f64,
    /// Coverage of a text above which it counts as wholly reused. Default 0.8.
    pub full_coverage: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            min_reused_words: 30,
            verbatim_equal: 0.97,
            edited_equal: 0.6,
            spun_substitution: 0.06,
            full_coverage: 0.8,
        }
    }
}

/// The numbers a verdict rests on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PairStats {
    /// Words of the first (provisional source) text.
    pub source_words: usize,
    /// Words of the second (provisional target) text.
    pub target_words: usize,
    /// Source words inside passages that are not shared quotes.
    pub aligned_source: usize,
    /// Target words inside passages that are not shared quotes.
    pub aligned_target: usize,
    /// Equal words inside those passages.
    pub equal: usize,
    /// One-for-one swapped words inside those passages.
    pub one_to_one: usize,
    /// Passages (not shared quotes).
    pub passages: usize,
    /// Target words of the longest passage.
    pub longest: usize,
}

impl PairStats {
    /// Count the alignment of two texts of `source_words` and `target_words` words.
    pub fn new(alignment: &Alignment, source_words: usize, target_words: usize) -> PairStats {
        let mut stats = PairStats {
            source_words,
            target_words,
            ..PairStats::default()
        };
        for p in alignment.passages.iter().filter(|p| !p.quoted) {
            stats.aligned_source += p.source_words.len();
            stats.aligned_target += p.target_words.len();
            stats.equal += p.equal;
            stats.one_to_one += p.one_to_one;
            stats.passages += 1;
            stats.longest = stats.longest.max(p.target_words.len());
        }
        stats
    }

    /// The same counts with the two texts' roles swapped.
    pub fn swapped(self) -> PairStats {
        PairStats {
            source_words: self.target_words,
            target_words: self.source_words,
            aligned_source: self.aligned_target,
            aligned_target: self.aligned_source,
            ..self
        }
    }

    /// Share of the first text covered.
    pub fn source_coverage(&self) -> f64 {
        self.aligned_source as f64 / self.source_words.max(1) as f64
    }

    /// Share of the second text covered.
    pub fn target_coverage(&self) -> f64 {
        self.aligned_target as f64 / self.target_words.max(1) as f64
    }

    /// Share of covered words equal on both sides.
    pub fn equal_share(&self) -> f64 {
        self.equal as f64 / self.aligned_source.max(self.aligned_target).max(1) as f64
    }

    /// Equal words over the shorter text: how much of the smaller document is shared.
    pub fn similarity(&self) -> f64 {
        (self.equal as f64 / self.source_words.min(self.target_words).max(1) as f64).min(1.0)
    }
}

/// The verdict on a token alignment: `None` when it is not reuse.
pub fn classify(stats: &PairStats, thresholds: &Thresholds) -> Option<(Relation, Extent)> {
    if stats.aligned_target.min(stats.aligned_source) < thresholds.min_reused_words {
        return None;
    }
    let equal = stats.equal_share();
    let swapped = stats.one_to_one as f64 / stats.aligned_target.max(1) as f64;
    let relation = if swapped >= thresholds.spun_substitution && equal >= 0.35 {
        // Two unrelated texts on one topic share scattered stock phrases whose gaps look like
        // swapped words; a spun copy shares a long passage and a good part of the shorter text.
        if stats.similarity() < 0.3 || stats.longest < 30 {
            return None;
        }
        Relation::Spun
    } else if equal >= thresholds.verbatim_equal && stats.passages <= 2 {
        Relation::Verbatim
    } else if equal >= thresholds.edited_equal {
        Relation::Edited
    } else {
        return None;
    };
    let full = stats.source_coverage() >= thresholds.full_coverage
        && stats.target_coverage() >= thresholds.full_coverage;
    let extent = if full { Extent::Full } else { Extent::Partial };
    // A verbatim copy holds one text whole (the other may add boilerplate); whole texts with
    // pieces missing from both are edited.
    let relation = match (relation, extent) {
        (Relation::Verbatim, Extent::Full)
            if stats.source_coverage().max(stats.target_coverage()) < 0.95 =>
        {
            Relation::Edited
        }
        (r, _) => r,
    };
    Some((relation, extent))
}

#[cfg(test)]
mod relation_serde {
    use super::Relation;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [
            Relation::Verbatim,
            Relation::Edited,
            Relation::Spun,
            Relation::Paraphrased,
            Relation::Translated,
        ] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(serde_json::from_value::<Relation>(value).unwrap(), x);
        }
    }
}

#[cfg(test)]
mod extent_serde {
    use super::Extent;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [Extent::Full, Extent::Partial] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(serde_json::from_value::<Extent>(value).unwrap(), x);
        }
    }
}
