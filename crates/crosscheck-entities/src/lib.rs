//! Who said what: named entities across spellings, direct quotes and their speakers, and the
//! same statement lined up across outlets.
//!
//! Per document, [`mentions`] finds people, places and organisations (titles and roles kept as
//! attributes, not part of the name) and [`quotes`] finds direct quotes with their speakers.
//! Across documents, [`resolve`] makes one [`Entity`] per real entity with every spelling the
//! outlets used (transliterations, diacritics, misspellings, casing, surnames alone, exonyms
//! from a real gazetteer), and [`group_quotes`] puts the same statement reported by several
//! outlets into one [`QuoteGroup`] with the words that drifted.
//!
//! Everything is rules, capitalisation, context and gazetteers compiled into the crate
//! (GeoNames cities with alternate names, given names; see `data/README.md`): no model, no
//! network, deterministic output, ids derived from content. Spans are byte
//! [`TextRange`](crosscheck::TextRange)s into the text given.
//!
//! ```
//! use crosscheck_entities::{group_quotes, mentions, quotes, resolve, EntityKind};
//!
//! let axios = "\"This is a subject of the Russian Federation. There are no changes in this,\" \
//!              Kremlin spokesman Dmitry Peskov said in Kiev.";
//! let cnn = "“This is a subject of the Russian Federation,” Dmitri Peskov said in Kyiv.";
//! let (ma, mc) = (mentions(axios), mentions(cnn));
//! let (qa, qc) = (quotes(axios, &ma), quotes(cnn, &mc));
//! assert_eq!(qa[0].speaker.as_ref().unwrap().name, "Dmitry Peskov");
//!
//! let entities = resolve(&[(axios, &ma), (cnn, &mc)]);
//! let peskov = entities.iter().find(|e| e.kind == EntityKind::Person).unwrap();
//! assert_eq!(peskov.variants, ["Dmitry Peskov", "Dmitri Peskov"]);
//! assert_eq!(peskov.roles, ["Kremlin spokesman"]);
//! let kyiv = entities.iter().find(|e| e.name == "Kyiv").unwrap();
//! assert_eq!(kyiv.variants, ["Kiev", "Kyiv"]);
//!
//! let groups = group_quotes(&[("axios", &qa), ("cnn", &qc)], &entities);
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].speaker.as_deref(), Some(peskov.id.as_str()));
//! ```
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
