//! Versioned codecs: the persisted formats that are not the SQL schema.
//!
//! Two values are stored as opaque bytes or JSON inside a column: a derived pair's passages
//! and substitutions (`reuse_pairs.detail`) and a placed document's story terms
//! (`story_documents.terms`). Their layouts are versioned here, next to
//! [`crate::SCHEMA_VERSION`], with the rule behind the keys of the translation anchor index
//! (`translation_anchors.anchor`, computed from texts rather than stored from them): the
//! `formats` table records the version each database was written with, and a store refuses to open a database whose formats are newer than it
//! reads. Changing a layout means a new version number and a decoder for the old one.

use crosscheck_reuse::{PassagePair, Substitution};
use serde::{Deserialize, Serialize};

/// Layout of `reuse_pairs.detail`: JSON `{"passages", "substitutions", "root_is_source"}`
/// with byte ranges into the two documents' texts.
pub const REUSE_DETAIL_FORMAT: i64 = 1;

/// Layout of `story_documents.terms`: little-endian `(term u64, count f32)` records, 12
/// bytes each, sorted by term.
pub const STORY_TERMS_FORMAT: i64 = 1;

/// Layout of `story_df.stories`: the latest stories having the term, as big-endian `i64`
/// story keys, 8 bytes each, ascending, at most [`STORIES_KEPT_PER_TERM`] of them. Big-endian
/// so that SQL can write it (`unhex(printf('%016X', story))`), as the migration from the
/// one-row-per-posting table does.
pub const STORY_TERM_STORIES_FORMAT: i64 = 1;

/// How many stories `story_df.stories` keeps per term: the latest, which are all a placement
/// reads (`crosscheck_facts::STORIES_PER_TERM`, which may not exceed it).
pub const STORIES_KEPT_PER_TERM: usize = 64;

/// The rule behind `translation_anchors.anchor` (`crosscheck_reuse::anchor_keys`): which
/// words are anchors and how they are keyed. A database with an older rule's keys would miss
/// candidates, one with a newer rule's is refused.
pub const TRANSLATION_ANCHORS_FORMAT: i64 = crosscheck_reuse::ANCHOR_KEYS_VERSION;

/// Every codec with the version this code writes (and the newest it reads).
pub const FORMATS: &[(&str, i64)] = &[
    ("reuse_detail", REUSE_DETAIL_FORMAT),
    ("story_terms", STORY_TERMS_FORMAT),
    ("story_term_stories", STORY_TERM_STORIES_FORMAT),
    ("translation_anchors", TRANSLATION_ANCHORS_FORMAT),
];

/// A derived pair's evidence as stored in `reuse_pairs.detail` (format 1).
#[derive(Serialize, Deserialize)]
struct ReuseDetailV1 {
    passages: Vec<PassagePair>,
    substitutions: Vec<Substitution>,
    /// Written as `true` by format 1 and never read: kept so format 1 stays byte-identical.
    #[serde(default = "yes")]
    root_is_source: bool,
}

fn yes() -> bool {
    true
}

/// An enum back from its stored name (the name serde writes: `"spun"`, `"publication_date"`),
/// as every store keeps relations, extents and direction evidence.
pub fn parse_name<T: serde::de::DeserializeOwned>(name: &str) -> std::result::Result<T, String> {
    serde_json::from_value(serde_json::Value::String(name.to_string()))
        .map_err(|e| format!("unknown value {name:?}: {e}"))
}

/// Encode a pair's passages and substitutions (format [`REUSE_DETAIL_FORMAT`]).
pub fn encode_reuse_detail(passages: &[PassagePair], substitutions: &[Substitution]) -> String {
    #[derive(Serialize)]
    struct Borrowed<'a> {
        passages: &'a [PassagePair],
        substitutions: &'a [Substitution],
        root_is_source: bool,
    }
    // Plain data of integers: serialising cannot fail.
    serde_json::to_string(&Borrowed {
        passages,
        substitutions,
        root_is_source: true,
    })
    .unwrap_or_default()
}

/// Decode what [`encode_reuse_detail`] wrote.
pub fn decode_reuse_detail(
    detail: &str,
) -> Result<(Vec<PassagePair>, Vec<Substitution>), serde_json::Error> {
    let v1: ReuseDetailV1 = serde_json::from_str(detail)?;
    Ok((v1.passages, v1.substitutions))
}

/// Encode story terms (format [`STORY_TERMS_FORMAT`]).
pub fn encode_story_terms(counts: &[(u64, f32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(counts.len() * 12);
    for (term, count) in counts {
        out.extend_from_slice(&term.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
    }
    out
}

/// Decode what [`encode_story_terms`] wrote; `None` when `bytes` is not a whole number of
/// records.
pub fn decode_story_terms(bytes: &[u8]) -> Option<Vec<(u64, f32)>> {
    if !bytes.len().is_multiple_of(12) {
        return None;
    }
    bytes
        .chunks_exact(12)
        .map(|record| {
            let (term, count) = record.split_at(8);
            Some((
                u64::from_le_bytes(term.try_into().ok()?),
                f32::from_le_bytes(count.try_into().ok()?),
            ))
        })
        .collect()
}

/// Encode a term's stories (format [`STORY_TERM_STORIES_FORMAT`]); `stories` ascending.
pub fn encode_term_stories(stories: &[i64]) -> Vec<u8> {
    stories.iter().flat_map(|s| s.to_be_bytes()).collect()
}

/// Decode what [`encode_term_stories`] wrote; `None` when `bytes` is not a whole number of
/// keys.
pub fn decode_term_stories(bytes: &[u8]) -> Option<Vec<i64>> {
    if !bytes.len().is_multiple_of(8) {
        return None;
    }
    bytes
        .chunks_exact(8)
        .map(|key| Some(i64::from_be_bytes(key.try_into().ok()?)))
        .collect()
}

/// Add `new` (ascending, distinct) to a term's ascending list of stories, keeping the latest
/// [`STORIES_KEPT_PER_TERM`]: the same list as adding them one at a time with
/// `crosscheck_facts::insert_latest`, which the in-memory index keeps.
pub fn merge_term_stories(list: &mut Vec<i64>, new: &[i64]) {
    if new.is_empty() {
        return;
    }
    list.extend_from_slice(new);
    list.sort_unstable();
    list.dedup();
    let excess = list.len().saturating_sub(STORIES_KEPT_PER_TERM);
    list.drain(..excess);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck::TextRange;

    #[test]
    fn reuse_detail_format_1_is_stable() {
        let passages = [PassagePair {
            source: TextRange::new(0, 10),
            target: TextRange::new(5, 15),
        }];
        let substitutions = [Substitution {
            target: TextRange::new(6, 8),
            source: TextRange::new(1, 3),
        }];
        let encoded = encode_reuse_detail(&passages, &substitutions);
        // The bytes format 1 has always written: databases in the field hold exactly this.
        assert_eq!(
            encoded,
            r#"{"passages":[{"source":{"start":0,"end":10},"target":{"start":5,"end":15}}],"substitutions":[{"target":{"start":6,"end":8},"source":{"start":1,"end":3}}],"root_is_source":true}"#
        );
        let (p, s) = decode_reuse_detail(&encoded).unwrap();
        assert_eq!(
            (p.as_slice(), s.as_slice()),
            (&passages[..], &substitutions[..])
        );
        assert!(decode_reuse_detail("{").is_err());
    }

    #[test]
    fn story_terms_round_trip() {
        let counts = [(1u64, 2.5f32), (u64::MAX, 0.25)];
        let bytes = encode_story_terms(&counts);
        assert_eq!(bytes.len(), 24);
        assert_eq!(decode_story_terms(&bytes).unwrap(), counts);
        assert!(decode_story_terms(&bytes[..23]).is_none());
    }

    #[test]
    fn term_stories_round_trip_in_sql_order() {
        let stories = [3i64, 70_000, i64::MAX];
        let bytes = encode_term_stories(&stories);
        assert_eq!(bytes.len(), 24);
        // What `unhex(printf('%016X', 3))` gives: the migration writes the same bytes.
        assert_eq!(&bytes[..8], &[0, 0, 0, 0, 0, 0, 0, 3]);
        assert_eq!(decode_term_stories(&bytes).unwrap(), stories);
        assert!(decode_term_stories(&bytes[..7]).is_none());
        assert_eq!(decode_term_stories(&[]).unwrap(), Vec::<i64>::new());
    }

    #[test]
    fn merged_term_stories_keep_the_latest() {
        let mut list: Vec<i64> = (1..=STORIES_KEPT_PER_TERM as i64).collect();
        // An old story (already there) and one older than all kept: nothing changes.
        merge_term_stories(&mut list, &[0, 5]);
        assert_eq!(list.len(), STORIES_KEPT_PER_TERM);
        assert_eq!(list[0], 1);
        // Two newer ones push the two oldest out; the list stays ascending.
        merge_term_stories(&mut list, &[100, 200]);
        assert_eq!(list.len(), STORIES_KEPT_PER_TERM);
        assert_eq!(list[0], 3);
        assert_eq!(list[STORIES_KEPT_PER_TERM - 2..], [100, 200]);
        let mut short = vec![4];
        merge_term_stories(&mut short, &[2, 9]);
        assert_eq!(short, [2, 4, 9]);
    }
}
