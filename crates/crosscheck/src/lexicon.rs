//! Word lists shared by the analysis crates: the one place for English words that more than
//! one stage keys on.
//!
//! Each crate keeps the words only it needs next to its own rules and adds them to these
//! lists (a stage's list is "the shared list plus its extras"), so that a word every stage
//! agrees on is written once. Every entry is lowercase, in the form
//! [`crate::text::normalize_word`] gives, and each list is sorted (so that a diff shows a
//! change plainly; lookups go through hash sets).

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

/// The commonest English function words (articles, pronouns, prepositions, auxiliaries):
/// every stopword list of the workspace includes them.
///
/// Reuse detection also uses exactly these as the function words a synonym spinner keeps
/// (none has a synonym-dictionary entry). Before adding a word, check that spinners keep it
/// too, or the reuse stage changes.
#[rustfmt::skip]
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "been", "but", "by", "could", "for", "from", "had", "has", "her", "his", "is",
    "it", "its", "not", "of", "or", "our", "should", "than", "that", "the", "their", "them",
    "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "where",
    "which", "who", "with", "would",
];

/// Verbs that attribute a statement to someone ("said", "told", "claimed"), the forms both
/// the quote speaker rules and the claim attribution rules accept.
#[rustfmt::skip]
pub const REPORTING_VERBS: &[&str] = &[
    "acknowledged", "added", "adds", "admitted", "alleged", "alleges", "announced", "announces",
    "argued", "asserted", "claimed", "claiming", "claims", "confirmed", "confirms", "denied",
    "explained", "insisted", "insists", "maintained", "noted", "posted", "predicted", "predicts",
    "quoted", "replied", "reported", "reports", "said", "say", "saying", "says", "stated", "states",
    "tells", "told", "tweeted", "warned", "warns", "writes", "wrote",
];

/// A list as a hash set: every token of every document is looked up, and hashing a short
/// word is cheaper than the string comparisons of a binary search.
pub fn word_set(lists: &[&[&'static str]]) -> FxHashSet<&'static str> {
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}

static FUNCTION_WORD_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| word_set(&[FUNCTION_WORDS]));
static REPORTING_VERB_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| word_set(&[REPORTING_VERBS]));

/// Whether `word` (normalised) is in [`FUNCTION_WORDS`].
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORD_SET.contains(word)
}

/// Whether `word` (normalised) is in [`REPORTING_VERBS`].
pub fn is_reporting_verb(word: &str) -> bool {
    REPORTING_VERB_SET.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_lowercase() {
        for list in [FUNCTION_WORDS, REPORTING_VERBS] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list);
            assert!(list.iter().all(|w| *w == w.to_lowercase()));
        }
        assert!(is_function_word("the") && !is_function_word("said"));
        assert!(is_reporting_verb("said") && !is_reporting_verb("the"));
    }
}
