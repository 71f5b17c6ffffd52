//! scratch
#![deny(missing_docs)]

mod gazetteer;
mod lexicon;
mod mentions;
mod quotes;

pub use mentions::{mentions, EntityKind, Mention};
pub use quotes::{quotes, Quote, Speaker};
