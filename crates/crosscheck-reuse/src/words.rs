//! Words as reuse sees them: normalised keys with their place in the text.
//!
//! Reuse compares *words*, not bytes: case, diacritics, curly apostrophes and number words
//! ("two" vs "2", which spinners swap) must not hide a copy. Punctuation is dropped. Each
//! word remembers whether it stands inside a quotation, because two outlets quoting the same
//! statement is independent coverage, not copying.

use std::sync::LazyLock;

use crosscheck::text::{normalize_word_into, tokens, TokenKind};
use crosscheck::TextRange;
use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::xxh3_64;

/// One word of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Where the word is in the document text.
    pub range: TextRange,
    /// Hash of the normalised form; equal keys mean "the same word" for alignment.
    pub key: u64,
    /// Whether the word stands inside quotation marks.
    pub quoted: bool,
    /// What kind of word it is, for candidate features.
    pub class: WordClass,
}

/// Word classes that candidate features use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordClass {
    /// A function word that synonym spinners leave alone (they have no dictionary senses).
    StableFunction,
    /// A number (digits, or a number word mapped to digits).
    Number,
    /// A capitalised word not at the start of a sentence: usually a name.
    Name,
    /// Anything else.
    Other,
}

/// Function words with no synonym-dictionary entry, so spinners keep them: the shared
/// [`crosscheck::lexicon::FUNCTION_WORDS`]. Words such as "in", "at", "as", "be", "have",
/// "will", "on" are *not* there: spinners replace them ("successful", "astatine", "arsenic",
/// "beryllium", "person", "volition", "connected").
const STABLE_FUNCTION_WORDS: &[&str] = crosscheck::lexicon::FUNCTION_WORDS;

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
];

/// Bytes of the longest word in [`STABLE_FUNCTION_WORDS`] and [`NUMBER_WORDS`] ("should").
const LONGEST_LISTED_WORD: usize = 6;

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let quoted = quotation_mask(text);
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut sentence_start = true;
    let mut normal = String::new();
    for token in tokens(text) {
        let surface = token.range.slice(text);
        match token.kind {
            TokenKind::Punct => {
                if matches!(surface, "." | "!" | "?" | "…" | ":") {
                    sentence_start = true;
                }
                continue;
            }
            TokenKind::Word | TokenKind::Number => {}
        }
        normalize_word_into(surface, &mut normal);
        // Most words are longer than any listed word: skip the list lookups for them.
        let short = normal.len() <= LONGEST_LISTED_WORD;
        let number_word = if short { number_word(&normal) } else { None };
        let (key, class) = match number_word {
            Some(digits) => (xxh3_64(digits.as_bytes()), WordClass::Number),
            None if token.kind == TokenKind::Number => {
                normal.retain(|c| c != ',' && c != '.');
                (xxh3_64(normal.as_bytes()), WordClass::Number)
            }
            None if short && is_stable_function_word(&normal) => {
                (xxh3_64(normal.as_bytes()), WordClass::StableFunction)
            }
            None if !sentence_start && surface.chars().next().is_some_and(char::is_uppercase) => {
                (xxh3_64(normal.as_bytes()), WordClass::Name)
            }
            None => (xxh3_64(normal.as_bytes()), WordClass::Other),
        };
        sentence_start = false;
        out.push(Word {
            range: token.range,
            key,
            quoted: quoted.get(token.range.start()).copied().unwrap_or(false),
            class,
        });
    }
    out
}

/// Whether `word` (normalised) is in [`STABLE_FUNCTION_WORDS`]: a set lookup, since a scan of
/// the list for every short word of a corpus shows in profiles.
fn is_stable_function_word(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| STABLE_FUNCTION_WORDS.iter().copied().collect());
    SET.contains(word)
}

/// The digits of a number word in [`NUMBER_WORDS`].
fn number_word(word: &str) -> Option<&'static str> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, digits)| *digits)
}

/// For each byte of `text`, whether it is inside a quotation. Quotes open with “ or a straight
/// " after a space or line start and close with ” or the next straight "; a paragraph break
/// ends any open quote (news style reopens the quote on the next paragraph).
fn quotation_mask(text: &str) -> Vec<bool> {
    let mut mask = vec![false; text.len()];
    let mut open: Option<usize> = None;
    let mut prev = '\n';
    let mut iter = text.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        match c {
            '“' | '«' | '„' => open = Some(at),
            '”' | '»' => {
                if let Some(start) = open.take() {
                    mask[start..at].iter_mut().for_each(|m| *m = true);
                }
            }
            '"' => match open {
                Some(start) => {
                    mask[start..at].iter_mut().for_each(|m| *m = true);
                    open = None;
                }
                None if prev.is_whitespace()
                    || matches!(prev, '(' | '[' | '—' | '–' | '-' | ':') =>
                {
                    open = Some(at)
                }
                None => {}
            },
            '\n' if iter.peek().is_some_and(|(_, n)| *n == '\n') => open = None,
            _ => {}
        }
        prev = c;
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_listed_word_is_right() {
        let longest = STABLE_FUNCTION_WORDS
            .iter()
            .chain(NUMBER_WORDS.iter().map(|(w, _)| w))
            .map(|w| w.len())
            .max();
        assert_eq!(longest, Some(LONGEST_LISTED_WORD));
    }

    #[test]
    fn classes_keys_and_quotes() {
        let text = "Russia said two of the “bridges were down” on Friday. Kherson fell.";
        let w = words(text);
        let surface: Vec<&str> = w.iter().map(|w| w.range.slice(text)).collect();
        assert_eq!(surface[0], "Russia");
        assert_eq!(
            w[0].class,
            WordClass::Other,
            "sentence-initial capitals are not names"
        );
        assert_eq!(w[2].class, WordClass::Number);
        assert_eq!(w[2].key, words("2")[0].key, "number words meet digits");
        assert_eq!(w[3].class, WordClass::StableFunction);
        let quoted: Vec<&str> = w
            .iter()
            .filter(|w| w.quoted)
            .map(|w| w.range.slice(text))
            .collect();
        assert_eq!(quoted, ["bridges", "were", "down"]);
        let friday = w.iter().find(|w| w.range.slice(text) == "Friday").unwrap();
        assert_eq!(friday.class, WordClass::Name);
        assert_eq!(words("Konashénkov")[0].key, words("konashenkov")[0].key);
    }
}
