//! Direction: which text of a derived pair is the source.
//!
//! Evidence in order of trust, each measured on its own (BENCHMARKS.md, "Who copied whom
//! without dates"):
//!
//! 1. publication dates: the earlier text is the source;
//! 2. rewrite traces: spinners swap common words for rare ones, so the side whose swapped
//!    words are the common ones is the original;
//! 3. a credit: one text names the other's outlet ("(Reuters)", "Read the full story at
//!    Coastwire"), which a copy keeps or adds and an original has no reason to;
//! 4. page furniture around a copy: one text is the other's whole text with only sharing
//!    buttons, sign-up lines and a copyright notice added around it, as copy sites wrap what
//!    they take;
//! 5. the rest of the corpus ([`crate::chains`]): of two texts that each hold text of their
//!    own besides the shared passage, the one whose own text other documents copy along with
//!    the passage is the source.
//!
//! Containment alone (one text inside a longer one) decides nothing: a digest's excerpt sits
//! inside the article it was cut from, and a wire story sits inside the local report that
//! took it, and the two look alike. On the synthetic corpus it was wrong on every excerpt
//! it decided. Each pair says which evidence decided it.

use serde::{Deserialize, Serialize};

use crate::align::Alignment;
use crate::classify::PairStats;
use crate::doc::ReuseDoc;

/// What decided a pair's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectionEvidence {
    /// The source was published earlier.
    PublicationDate,
    /// The target is contained in the (longer) source. No longer given (it was a coin flip
    /// on excerpts); read back from stores written before.
    Containment,
    /// The target's wording shows the rewriting (rare words where the source has common ones).
    RewriteTraces,
    /// The target names the source's outlet (a credit, a dateline, a link to read more).
    Credit,
    /// The target is the source's whole text with page furniture (sharing and sign-up lines,
    /// a copyright notice) added around it.
    FurnitureAround,
    /// The source's own text beyond the shared passage is copied with the passage by other
    /// documents of the corpus; the target's own text by none (see [`crate::chains`]).
    CopiedWhole,
    /// Nothing decided it; the order is by document id so that output stays deterministic.
    Undetermined,
    /// Of a translated pair, the target shows more traces of translation than the source:
    /// numbers written as the source's language writes them, calques, stress accents on
    /// transliterated names.
    TranslationTraces,
}

impl DirectionEvidence {
    /// Every evidence, for parsing stored names.
    pub const ALL: [DirectionEvidence; 8] = [
        DirectionEvidence::PublicationDate,
        DirectionEvidence::Containment,
        DirectionEvidence::RewriteTraces,
        DirectionEvidence::Credit,
        DirectionEvidence::FurnitureAround,
        DirectionEvidence::CopiedWhole,
        DirectionEvidence::Undetermined,
        DirectionEvidence::TranslationTraces,
    ];

    /// What decided the direction, in words a reader understands.
    pub fn in_words(self) -> &'static str {
        match self {
            DirectionEvidence::PublicationDate => "the source was published earlier",
            DirectionEvidence::Containment => "the copy is contained in the longer source",
            DirectionEvidence::RewriteTraces => {
                "the copy's wording shows the rewriting (rare words where the source has common ones)"
            }
            DirectionEvidence::Credit => "the copy names the source's outlet",
            DirectionEvidence::FurnitureAround => {
                "the copy is the source's whole text with sharing, sign-up and copyright lines added around it"
            }
            DirectionEvidence::CopiedWhole => {
                "other articles copy the source's wider text along with the shared passage; the copy's own text is in no other article"
            }
            DirectionEvidence::Undetermined => {
                "nothing decided the direction; the order shown is by document id"
            }
            DirectionEvidence::TranslationTraces => {
                "the translation shows more traces of translation (numbers written as the original's language writes them, stress accents on transliterated names) than the original"
            }
        }
    }

    /// The report's name for the evidence (the same string serde writes).
    pub fn as_str(self) -> &'static str {
        match self {
            DirectionEvidence::PublicationDate => "publication_date",
            DirectionEvidence::Containment => "containment",
            DirectionEvidence::RewriteTraces => "rewrite_traces",
            DirectionEvidence::Credit => "credit",
            DirectionEvidence::FurnitureAround => "furniture_around",
            DirectionEvidence::CopiedWhole => "copied_whole",
            DirectionEvidence::Undetermined => "undetermined",
            DirectionEvidence::TranslationTraces => "translation_traces",
        }
    }
}

/// Which of `a` and `b` is the source, from the pair alone: `true` when `a` is.
/// `alignment` (its source side is `a`) is absent for a paraphrase, whose texts share no
/// passage of words.
pub(crate) fn a_is_source(
    a: &ReuseDoc<'_>,
    b: &ReuseDoc<'_>,
    alignment: Option<(&Alignment, &PairStats)>,
    common_words_a_minus_b: i64,
) -> (bool, DirectionEvidence) {
    if let (Some(da), Some(db)) = (a.published, b.published) {
        if da != db {
            return (da < db, DirectionEvidence::PublicationDate);
        }
    }
    if common_words_a_minus_b.abs() >= 3 {
        return (common_words_a_minus_b > 0, DirectionEvidence::RewriteTraces);
    }
    match (credits(b, a), credits(a, b)) {
        (true, false) => return (true, DirectionEvidence::Credit),
        (false, true) => return (false, DirectionEvidence::Credit),
        _ => {}
    }
    if let Some((alignment, stats)) = alignment {
        let a_wraps = wraps(alignment, stats, a.text, Side::Source);
        let b_wraps = wraps(alignment, stats, b.text, Side::Target);
        match (a_wraps, b_wraps) {
            (false, true) => return (true, DirectionEvidence::FurnitureAround),
            (true, false) => return (false, DirectionEvidence::FurnitureAround),
            _ => {}
        }
    }
    (a.id <= b.id, DirectionEvidence::Undetermined)
}

/// Whether `copy`'s text names `source`'s outlet: the outlet's name as a whole word (an
/// outlet given as a web address counts by its name part, `apnews.com` as `apnews`), where
/// the two outlets differ. Names shorter than three letters are too likely by chance.
fn credits(copy: &ReuseDoc<'_>, source: &ReuseDoc<'_>) -> bool {
    let (Some(site), Some(own)) = (source.site, copy.site) else {
        return false;
    };
    if site.eq_ignore_ascii_case(own) {
        return false;
    }
    let name = outlet_name(site);
    if name.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return false;
    }
    names_whole_word(copy.text, name)
}

/// The name an outlet goes by in running text: a web address's name part, else the outlet.
fn outlet_name(site: &str) -> &str {
    let site = site.trim();
    if site.contains(' ') || !site.contains('.') {
        return site;
    }
    let host = site.strip_prefix("www.").unwrap_or(site);
    host.split('.').next().unwrap_or(host)
}

/// Whether `name` occurs in `text` with no letter or digit on either side (case-sensitive
/// for a name, as outlets are written; case-insensitive for a web address's name part, which
/// is lowercase).
fn names_whole_word(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let lowercase_name = name.chars().all(|c| !c.is_uppercase());
    let haystack;
    let text = if lowercase_name {
        haystack = text.to_lowercase();
        haystack.as_str()
    } else {
        text
    };
    text.match_indices(name).any(|(at, found)| {
        let before = text[..at].chars().next_back();
        let after = text[at + found.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Which side of an alignment a text is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

/// Share of the other text's words a wrapper must hold for the other to count as wholly
/// inside it.
const WHOLLY_INSIDE: f64 = 0.98;

/// Most words of its own the wrapped text may have (not equal to the wrapper's): a text
/// with a template of its own around the shared body (every page of a site has one) is a
/// page like the other, and which of two such pages came first is not in their furniture.
const WRAPPED_OWN_WORDS: usize = 2;

/// Largest share of its own words a wrapper may add around the text it took.
const MAX_WRAPPER_SHARE: f64 = 0.4;

/// Whether the `side` text of `alignment` wraps the other: the other is wholly inside it,
/// in one run of passages with no text of this side's own between them, and what this side
/// adds before and after is page furniture.
fn wraps(alignment: &Alignment, stats: &PairStats, text: &str, side: Side) -> bool {
    let (own_len, other_len) = match side {
        Side::Source => (stats.source_words, stats.target_words),
        Side::Target => (stats.target_words, stats.source_words),
    };
    // Equal words, not aligned ones: an alignment runs on through a short stretch of
    // different words (another site's one-line template) between equal ones.
    if other_len == 0
        || (stats.equal as f64) < WHOLLY_INSIDE * other_len as f64
        || other_len.saturating_sub(stats.equal) > WRAPPED_OWN_WORDS
    {
        return false;
    }
    let mut runs: Vec<(std::ops::Range<usize>, crosscheck::TextRange)> = alignment
        .passages
        .iter()
        .map(|p| match side {
            Side::Source => (p.source_words.clone(), p.source),
            Side::Target => (p.target_words.clone(), p.target),
        })
        .collect();
    runs.sort_by_key(|(words, _)| words.start);
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return false;
    };
    let inside_gaps: usize = runs
        .windows(2)
        .map(|w| w[1].0.start.saturating_sub(w[0].0.end))
        .sum();
    let added = own_len.saturating_sub(last.0.end) + first.0.start;
    if added == 0 || inside_gaps * 20 > own_len || added as f64 > MAX_WRAPPER_SHARE * own_len as f64
    {
        return false;
    }
    let before = text.get(..first.1.start()).unwrap_or("");
    let after = text.get(last.1.end()..).unwrap_or("");
    crate::furniture::is_page_furniture(before, after)
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
        for x in DirectionEvidence::ALL {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(
                serde_json::from_value::<DirectionEvidence>(value).unwrap(),
                x
            );
        }
    }
}
