//! English stems, remembered per thread.
//!
//! Snowball's English stemmer walks suffix tables for every word, and stories, claims and
//! subjects stem every word of every document: on a crawl of news the same few tens of
//! thousands of words come back millions of times (stemming was a fifth of placing a
//! document in a story). Each thread keeps the stems it has computed; the table is emptied
//! when it grows past [`MAX_REMEMBERED`] words, so memory stays bounded whatever the input.

use std::cell::RefCell;

use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// Words remembered per thread before the table starts over.
const MAX_REMEMBERED: usize = 1 << 17;

/// Longest word remembered: longer ones (URLs, glued tokens) are rare and stemmed each time.
const MAX_WORD_BYTES: usize = 32;

struct Stems {
    stemmer: Stemmer,
    known: FxHashMap<CompactString, CompactString>,
}

thread_local! {
    static STEMS: RefCell<Stems> = RefCell::new(Stems {
        stemmer: Stemmer::create(Algorithm::English),
        known: FxHashMap::default(),
    });
}

/// `f` applied to the Snowball English stem of `word`: the same as
/// `f(&Stemmer::create(Algorithm::English).stem(word))`, computed once per thread and word.
pub(crate) fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        if word.len() > MAX_WORD_BYTES {
            return f(&stems.stemmer.stem(word));
        }
        if let Some(stem) = stems.known.get(word) {
            return f(stem);
        }
        let stem = CompactString::from(stems.stemmer.stem(word).as_ref());
        let result = f(&stem);
        if stems.known.len() >= MAX_REMEMBERED {
            stems.known.clear();
        }
        stems.known.insert(CompactString::from(word), stem);
        result
    })
}

/// The Snowball English stem of `word`, as an owned string.
pub(crate) fn stem(word: &str) -> String {
    with_stem(word, str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_snowball_english_whether_remembered_or_not() {
        let snowball = Stemmer::create(Algorithm::English);
        let words = [
            "withdrawal",
            "withdrawals",
            "withdrawing",
            "running",
            "generously",
            "a",
            "",
            "Kherson",
            "internationalisation-and-something-much-longer-than-32",
        ];
        for _ in 0..2 {
            for word in words {
                assert_eq!(stem(word), snowball.stem(word), "{word}");
            }
        }
    }

    #[test]
    fn a_full_table_starts_over_and_still_answers() {
        for n in 0..(MAX_REMEMBERED + 10) {
            let word = format!("w{n}ing");
            assert_eq!(stem(&word), Stemmer::create(Algorithm::English).stem(&word));
            if n == MAX_REMEMBERED + 5 {
                break;
            }
        }
        STEMS.with(|s| assert!(s.borrow().known.len() <= MAX_REMEMBERED));
    }
}
