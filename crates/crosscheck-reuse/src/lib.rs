//! Text reuse and provenance: who copied whom, how, and from where.
//!
//! Given documents, [`detect`] returns every derived pair ([`ReusePair`]): which document is
//! the source and which the copy, how it was derived ([`Relation`]: verbatim, edited, spun,
//! paraphrased), the aligned passages as spans in both texts, the substituted words of a spun
//! copy, what decided the direction, and the root original of each cluster of copies.
//! Independent coverage of the same event (including the same quote reported by two outlets)
//! is not reuse and yields no pair.
//!
//! ```
//! use crosscheck_reuse::{detect, ReuseDoc, ReuseOptions, Relation};
//!
//! let original = "A fire broke out on the passenger ferry Saint Brigid in Port Halden harbour on Monday night, forcing the evacuation of 212 passengers and crew, the harbour authority said. Firefighters brought the blaze under control after about three hours. Four people were treated in hospital for smoke inhalation, according to the regional health service.";
//! let spun = "A fire broke retired connected the rider ferry Saint Brigid successful Port Halden harbour connected Monday night, forcing the evacuation of 212 passengers and crew, the harbour authority said. Firefighters brought the blaze nether power aft astir 3 hours. Four radical were treated successful infirmary for fume inhalation, according to the determination wellness service.";
//! let docs = [
//!     ReuseDoc { id: "wire", text: original, published: None, site: None },
//!     ReuseDoc { id: "farm", text: spun, published: None, site: None },
//! ];
//! let pairs = detect(&docs, &ReuseOptions::default());
//! assert_eq!(pairs.len(), 1);
//! assert_eq!(pairs[0].relation, Relation::Spun);
//! assert_eq!((pairs[0].source, pairs[0].target), (0, 1));
//! ```
#![deny(missing_docs)]

mod align;
mod chains;
mod classify;
mod crosslingual;
mod detect;
mod direction;
mod doc;
mod features;
mod furniture;
mod pair;
mod paraphrase;
mod words;

pub use align::{align, AlignParams, Alignment, Passage, WordSubstitution};
pub use chains::{reverse_pair, settle_from_corpus};
pub use classify::{classify, Extent, PairStats, Relation, Thresholds};
pub use crosslingual::{
    anchor_keys, find_translations, find_translations_with_progress, ordered_anchor_count,
    translation_candidates, verify_translations, AnchorTable, CandidateCheck, EmbedFailure,
    LanguageInfo, SentenceEmbedder, TranslationStatus, Translations, ANCHOR_KEYS_VERSION,
    MAX_ANCHOR_DOCS, MIN_ORDERED_ANCHORS,
};
pub use detect::{
    assign_roots, candidate_pairs, candidate_pairs_from_postings, compare, compare_pairs, detect,
    detect_with_progress, site_numbers, PassagePair, ReuseDoc, ReuseOptions, ReusePair,
    Substitution, NO_SITE, PAIR_CHUNK,
};
pub use direction::DirectionEvidence;
pub use features::fingerprints;
pub use words::{words, Word, WordClass};
