//! scratch
#![deny(missing_docs)]

mod gazetteer;
mod groups;
mod lexicon;
mod mentions;
mod names;
mod quotes;
mod resolve;

pub use groups::{group_quotes, DocQuotes, GroupMember, QuoteGroup};
pub use mentions::{mentions, EntityKind, Mention};
pub use quotes::{quotes, Quote, Speaker};
pub use resolve::{resolve, DocMentions, Entity, EntityMention};
