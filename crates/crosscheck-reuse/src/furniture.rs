//! Page furniture: the lines a site puts around an article (sharing buttons, sign-up
//! prompts, a copyright notice, navigation), as opposed to text someone wrote.
//!
//! Direction reads it: a text that is another's whole text with only furniture added around
//! it is a copy a site wrapped in its template ([`crate::direction`]). A local report that
//! adds its own paragraph around a wire story adds sentences, not furniture, and stays
//! undecided.

/// Phrases that mark a line as page furniture (lowercase).
const MARKERS: &[&str] = &[
    "all rights reserved",
    "copyright",
    "©",
    "share this",
    "share on",
    "share via",
    "sign up",
    "subscribe",
    "newsletter",
    "follow us",
    "read more",
    "read the full",
    "click here",
    "related:",
    "related articles",
    "related stories",
    "advertisement",
    "cookie",
    "privacy policy",
    "terms of use",
    "log in",
    "comments",
];

/// A line this short with no sentence end is a menu item, a heading or a button label.
const SHORT_LINE_WORDS: usize = 8;

/// Whether the text a copy added `before` and `after` what it took is page furniture: at
/// least half of its words on lines that carry a furniture phrase or are short and
/// unpunctuated.
pub(crate) fn is_page_furniture(before: &str, after: &str) -> bool {
    let mut furniture = 0usize;
    let mut all = 0usize;
    for line in before.lines().chain(after.lines()) {
        let words = line.split_whitespace().count();
        if words == 0 {
            continue;
        }
        all += words;
        if is_furniture_line(line, words) {
            furniture += words;
        }
    }
    all > 0 && furniture * 2 >= all
}

fn is_furniture_line(line: &str, words: usize) -> bool {
    let lower = line.to_lowercase();
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let ends_sentence = line
        .trim_end()
        .ends_with(['.', '!', '?', '"', '\u{201d}', ':']);
    words < SHORT_LINE_WORDS && !ends_sentence
}

#[cfg(test)]
mod tests {
    use super::is_page_furniture;

    #[test]
    fn sharing_and_copyright_lines_are_furniture() {
        assert!(is_page_furniture(
            "Home | World\nShare this article\n",
            "\nSign up for our newsletter.\nCopyright 2024 Copy Site. All rights reserved."
        ));
    }

    #[test]
    fn an_added_paragraph_of_reporting_is_not() {
        assert!(!is_page_furniture(
            "Residents of the harbour district said they had heard two explosions shortly \
             after midnight, and the local council opened the school gym for families who \
             could not return home.\n",
            ""
        ));
    }

    #[test]
    fn nothing_added_is_not_furniture() {
        assert!(!is_page_furniture("", "\n\n"));
    }
}
