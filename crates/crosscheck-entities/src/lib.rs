//! scratch
#![deny(missing_docs)]

mod gazetteer;
mod lexicon;
mod mentions;

pub use mentions::{mentions, EntityKind, Mention};
