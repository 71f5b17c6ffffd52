//! Subject normalisation: the words two outlets use for the same thing must meet in one term.
//!
//! "provincial capital" and "regional capital", "Dnieper" and "Dnipro", "annexed by Moscow"
//! and "annexed by Russia" name the same subject. [`SubjectNormalizer`] turns each word into
//! the term claims are compared on. [`DefaultNormalizer`] knows spelling variants, demonyms,
//! near-synonyms and English stems; a normaliser backed by resolved entities (every variant of
//! an entity mapped to its canonical name) can replace it without touching the claim code.

use crate::{lexicon, stem};

/// Turns a word into the canonical term subjects are compared on.
pub trait SubjectNormalizer {
    /// The term for `word` (lowercased, diacritics folded, possessive removed), or `None` when
    /// the word carries no subject meaning. `name` says the word was capitalised inside a
    /// sentence, i.e. is probably part of a name.
    fn term(&self, word: &str, name: bool) -> Option<String>;
}

/// Spelling variants, demonyms and near-synonyms from a built-in table, then the Snowball
/// English stem.
#[derive(Debug, Default)]
pub struct DefaultNormalizer;

impl SubjectNormalizer for DefaultNormalizer {
    fn term(&self, word: &str, name: bool) -> Option<String> {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$');
        if word.is_empty() {
            return None;
        }
        if let Some(canon) = lexicon::alias(word) {
            return Some(canon.to_string());
        }
        if let Some(n) = lexicon::number_word(word) {
            if !matches!(word, "a" | "an" | "one") {
                return Some(format!("{n}"));
            }
        }
        if lexicon::is_stopword(word) || word.len() < 2 {
            return None;
        }
        if word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        {
            let digits: String = word.chars().filter(|c| *c != ',').collect();
            return Some(digits);
        }
        if name {
            return Some(word.to_string());
        }
        Some(stem::stem(word))
    }
}

/// Words so common in one story that sharing them says little: country-level names.
pub(crate) fn is_broad_term(term: &str) -> bool {
    matches!(
        term,
        "russia"
            | "ukraine"
            | "us"
            | "uk"
            | "china"
            | "forces"
            | "people"
            | "said"
            | "say"
            | "war"
            | "govern"
            | "offici"
            | "presid"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_meet() {
        let n = DefaultNormalizer;
        assert_eq!(n.term("provincial", false), n.term("regional", false));
        assert_eq!(n.term("dnieper", true), n.term("dnipro", true));
        assert_eq!(n.term("moscow", true).as_deref(), Some("russia"));
        assert_eq!(n.term("four", false).as_deref(), Some("4"));
        assert_eq!(n.term("annexed", false), n.term("annexing", false));
        assert_eq!(n.term("the", false), None);
    }
}
