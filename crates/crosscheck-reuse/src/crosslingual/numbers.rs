//! Untranslated numbers: a translation that keeps the original's way of writing a number.
//!
//! English writes a thousand two hundred as "1,200" and three and a half as "3.5"; Italian,
//! Portuguese, Dutch, German and Catalan write "1.200" and "3,5"; French "1 200" and "3,5". A
//! translator (and most machine translation) carries numbers over as they are, so an Italian
//! text with "1,200" where its English counterpart has "1,200" was translated from the English;
//! an English text with "3,5" where the Italian has "3,5" was translated from the Italian.
//!
//! Only languages with one settled convention count as the side that betrays itself: Spanish
//! is left out, because Mexico and much of Latin America write numbers as English does, so
//! "1,200" in Spanish is no trace. A number counts only when the very same string stands in the
//! aligned sentence of the other text and is written as that text's language writes numbers.

/// How a language separates thousands and marks decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// "1,200" and "3.5" (English, Chinese, Japanese, Korean, Hebrew, Hindi).
    English,
    /// "1.200" and "3,5" (most of continental Europe, Brazil, Indonesia, Turkey).
    Continental,
    /// "1 200" and "3,5" (French, Russian, Polish, the Nordic languages, Czech).
    French,
}

/// The one convention of `language` (ISO 639-1), if it has a settled one.
fn style_of(language: &str) -> Option<Style> {
    match language {
        "en" | "zh" | "ja" | "ko" | "he" | "hi" | "th" => Some(Style::English),
        "it" | "pt" | "nl" | "de" | "ca" | "id" | "tr" | "ro" | "el" | "da" | "sl" | "hr"
        | "sr" | "vi" => Some(Style::Continental),
        "fr" | "ru" | "pl" | "uk" | "cs" | "sk" | "fi" | "sv" | "nb" | "no" | "hu" | "bg"
        | "lt" | "lv" | "et" => Some(Style::French),
        _ => None,
    }
}

/// What a written number shows of the convention it follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Written {
    /// Thousands grouped with commas ("1,200", "2,500,000").
    CommaGroups,
    /// Thousands grouped with dots ("1.200").
    DotGroups,
    /// A decimal point ("3.5", "0.25").
    DecimalPoint,
    /// A decimal comma ("3,5").
    DecimalComma,
}

impl Written {
    /// Whether a language of `style` writes numbers this way.
    fn fits(self, style: Style) -> bool {
        match self {
            Written::CommaGroups | Written::DecimalPoint => style == Style::English,
            Written::DotGroups => style == Style::Continental,
            Written::DecimalComma => style != Style::English,
        }
    }
}

/// How `number` (digits with `,` or `.` inside) is written, when that shows a convention.
/// "1,200" could be a decimal with three places in a comma-decimal language, but news writes
/// thousands far more often than three decimals; "1,20" or "3.5" are decimals.
fn written(number: &str) -> Option<Written> {
    let seps: Vec<char> = number.chars().filter(|c| !c.is_ascii_digit()).collect();
    let first = *seps.first()?;
    if seps.iter().any(|&c| c != first) {
        // Both marks ("1,200.5" or "1.200,5"): the grouping mark says it all.
        return Some(if first == ',' {
            Written::CommaGroups
        } else {
            Written::DotGroups
        });
    }
    let groups: Vec<&str> = number.split(first).collect();
    let grouped = groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    match (first, grouped, groups.len()) {
        (',', true, _) => Some(Written::CommaGroups),
        ('.', true, _) => Some(Written::DotGroups),
        (',', false, 2) => Some(Written::DecimalComma),
        ('.', false, 2) => Some(Written::DecimalPoint),
        _ => None,
    }
}

/// The numbers of `text` that carry a separator: words of digits with single `,` or `.`
/// between them ("1,200", "3.5" of "3.5%"), not codes or versions ("A320.5", "1.2.3.4.5").
fn separated_numbers(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == ',' || c == '.'))
        .map(|word| word.trim_end_matches([',', '.']))
        .filter(|word| {
            let bytes = word.as_bytes();
            let separators = bytes.iter().filter(|b| !b.is_ascii_digit()).count();
            (1..=3).contains(&separators)
                && bytes.first().is_some_and(u8::is_ascii_digit)
                && bytes.last().is_some_and(u8::is_ascii_digit)
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.'))
                && !bytes
                    .windows(2)
                    .any(|w| !w[0].is_ascii_digit() && !w[1].is_ascii_digit())
        })
        .collect()
}

/// How many numbers of `translation` (in language `translation_language`) are written as
/// `original`'s language writes them and not as the translation's own does, with the same
/// string in `original`: traces that `translation` was translated from `original`.
pub(super) fn untranslated_numbers(
    translation: &str,
    translation_language: &str,
    original: &str,
    original_language: &str,
) -> usize {
    let (Some(own), Some(theirs)) = (style_of(translation_language), style_of(original_language))
    else {
        return 0;
    };
    if own == theirs {
        return 0;
    }
    let in_original = separated_numbers(original);
    separated_numbers(translation)
        .into_iter()
        .filter(|n| {
            written(n).is_some_and(|w| w.fits(theirs) && !w.fits(own)) && in_original.contains(n)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_separators_are_read_whole() {
        assert_eq!(
            separated_numbers("About 1,200 people, 3.5% of 2,500,000; in 2006. v1.2.3.4.5 no"),
            ["1,200", "3.5", "2,500,000"]
        );
        assert!(separated_numbers("In 2006, 148 people.").is_empty());
    }

    #[test]
    fn a_number_shows_its_convention() {
        assert_eq!(written("1,200"), Some(Written::CommaGroups));
        assert_eq!(written("1.200"), Some(Written::DotGroups));
        assert_eq!(written("3.5"), Some(Written::DecimalPoint));
        assert_eq!(written("3,5"), Some(Written::DecimalComma));
        assert_eq!(written("1,200.75"), Some(Written::CommaGroups));
        assert_eq!(written("1.200,75"), Some(Written::DotGroups));
    }

    #[test]
    fn a_translation_keeping_the_originals_numbers_shows_it() {
        let english = "Some 1,200 workers lost their jobs, 3.5% of the staff.";
        let italian = "Circa 1,200 lavoratori hanno perso il lavoro, il 3.5% del personale.";
        assert_eq!(untranslated_numbers(italian, "it", english, "en"), 2);
        assert_eq!(untranslated_numbers(english, "en", italian, "it"), 0);
        // An English translation of a Dutch original that kept "3,5" and "1.200".
        let dutch = "Ongeveer 1.200 werknemers, 3,5 procent van het personeel.";
        let english = "About 1.200 workers, 3,5 percent of the staff.";
        assert_eq!(untranslated_numbers(english, "en", dutch, "nl"), 2);
        assert_eq!(untranslated_numbers(dutch, "nl", english, "en"), 0);
    }

    #[test]
    fn numbers_each_language_writes_its_own_way_are_no_trace() {
        let english = "Some 1,200 workers lost their jobs, 3.5% of the staff.";
        let italian = "Circa 1.200 lavoratori hanno perso il lavoro, il 3,5% del personale.";
        assert_eq!(untranslated_numbers(italian, "it", english, "en"), 0);
        assert_eq!(untranslated_numbers(english, "en", italian, "it"), 0);
        // Spanish has no single convention: "1,200" in Spanish is no trace.
        let spanish = "Unos 1,200 trabajadores perdieron su empleo.";
        assert_eq!(untranslated_numbers(spanish, "es", english, "en"), 0);
        // A number the other text does not have is no trace either.
        let other = "Circa 4,800 lavoratori.";
        assert_eq!(untranslated_numbers(other, "it", english, "en"), 0);
    }
}
