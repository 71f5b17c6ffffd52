//! A derived pair: which document is the source, how it was derived, and the evidence.

use crosscheck::TextRange;
use serde::{Deserialize, Serialize};

use crate::classify::{Extent, PairStats, Relation};
use crate::direction::DirectionEvidence;

/// A pair of aligned spans, source then target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassagePair {
    /// Span in the source document.
    pub source: TextRange,
    /// Span in the target document.
    pub target: TextRange,
}

/// A substituted word: `found` in the target where the source has `original`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Substitution {
    /// Span of the word in the target.
    pub target: TextRange,
    /// Span of the original in the source.
    pub source: TextRange,
}

/// One derived pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReusePair {
    /// Index of the source document.
    pub source: usize,
    /// Index of the derived document.
    pub target: usize,
    /// How it was derived.
    pub relation: Relation,
    /// Whole texts or a part.
    pub extent: Extent,
    /// Equal words over the shorter document's words (0..1); for paraphrase, the mean
    /// sentence similarity.
    pub similarity: f64,
    /// Aligned passages, in target order.
    pub passages: Vec<PassagePair>,
    /// Substituted words (spun and edited pairs).
    pub substitutions: Vec<Substitution>,
    /// What decided the direction.
    pub direction: DirectionEvidence,
    /// Index of the root original of this pair's cluster.
    pub root: usize,
    /// The counts behind the verdict.
    pub stats: PairStats,
}

/// The site number of a document whose site is not known.
pub const NO_SITE: u32 = u32::MAX;
