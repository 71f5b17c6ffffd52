//! Normalised word forms: the key under which spelling variants meet.
//!
//! "Konashénkov" and "Konashenkov", "Kyiv" and "kyiv" must compare equal wherever crosscheck
//! matches words across outlets; folding happens here and nowhere else.
//!
//! A crate of its own, with one dependency, so that data keyed at compile time (the entities
//! gazetteer, built by that crate's build script) is keyed by the very functions a run uses.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `word` lowercased with diacritics removed and curly apostrophes straightened.
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_word_into(word, &mut out);
    out
}

/// [`normalize_word`] into `out` (cleared first), for loops over many words that can reuse
/// one buffer.
pub fn normalize_word_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '’' | '‘' | 'ʼ' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// `text` with diacritics removed, case kept.
pub fn fold_diacritics(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    text.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// The key under which names meet: lowercase, diacritics folded, every run of characters
/// other than letters, digits and apostrophes turned into one space ("U.S." is `u s`).
pub fn name_key(name: &str) -> String {
    let folded = normalize_word(name);
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '\'' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_marks() {
        assert_eq!(normalize_word("Konashénkov"), "konashenkov");
        assert_eq!(normalize_word("KYIV"), "kyiv");
        assert_eq!(normalize_word("Russia’s"), "russia's");
        let mut buffer = String::from("left over");
        normalize_word_into("KonasHénkov", &mut buffer);
        assert_eq!(buffer, "konashenkov");
        assert_eq!(fold_diacritics("Konashénkov"), "Konashenkov");
    }

    #[test]
    fn name_keys_fold_case_marks_and_punctuation() {
        assert_eq!(name_key("Konashénkov"), "konashenkov");
        assert_eq!(name_key("U.S."), "u s");
        assert_eq!(name_key("Kryvyi  Rih"), "kryvyi rih");
        assert_eq!(name_key("  Kherson’s "), "kherson's");
        assert_eq!(name_key("--"), "");
    }
}
