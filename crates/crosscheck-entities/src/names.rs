//! Name keys: where transliteration variants, diacritics and casing meet.
//!
//! Why: outlets spell one person many ways (Zelenskiy, Zelensky, Zelenski, Zelenskyy; Sergei and
//! Sergey; Dmitry and Dmitri). These differ in a handful of transliteration endings that a key can
//! fold exactly, so folding is preferred to a loose edit distance, which would also join
//! different people (Putin and Peskov share letters; Kherson and Kharkiv too).

use crosscheck::text::normalize_word;

/// The transliteration key of one name word: lowercase, diacritics folded, Slavic ending
/// variants folded (`-iy`, `-ii`, `-yy`, `-yi`, `-i` after a consonant → `-y`; `-ei` → `-ey`).
pub(crate) fn translit_key(word: &str) -> String {
    let mut w: String = normalize_word(word)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    for (from, to) in [
        ("iy", "y"),
        ("ii", "y"),
        ("yy", "y"),
        ("yi", "y"),
        ("ij", "y"),
        ("ei", "ey"),
    ] {
        if w.len() > from.len() + 2 && w.ends_with(from) {
            w.truncate(w.len() - from.len());
            w.push_str(to);
            return w;
        }
    }
    if w.len() > 3 && w.ends_with('i') {
        let before = w[..w.len() - 1].chars().last().unwrap_or('a');
        if !"aeiouy".contains(before) {
            w.truncate(w.len() - 1);
            w.push('y');
        }
    }
    w
}

/// Levenshtein distance between two short strings, in chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether two surname keys are one name misspelled: equal, or within a small edit distance
/// for long names (Konashenkov / Konashaekov), never for short ones (Kim / Kime).
pub(crate) fn surnames_close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let len = a.chars().count().min(b.chars().count());
    let first_same = a.chars().next() == b.chars().next();
    let d = edit_distance(a, b);
    first_same && ((len >= 8 && d <= 2) || (len >= 5 && d <= 1))
}

/// Whether two given-name keys can be the same person's: equal, an initial, or one a prefix of
/// the other ("Alex" / "Alexander").
pub(crate) fn given_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    (short.len() == 1 && long.starts_with(short))
        || (short.len() >= 3 && long.starts_with(short))
        || (short.len() >= 5 && edit_distance(a, b) <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_meet() {
        for v in [
            "Zelenskiy",
            "Zelensky",
            "Zelenski",
            "Zelenskyy",
            "Zelenskyi",
        ] {
            assert_eq!(translit_key(v), "zelensky", "{v}");
        }
        assert_eq!(translit_key("Sergei"), translit_key("Sergey"));
        assert_eq!(translit_key("Dmitri"), translit_key("Dmitry"));
        assert_eq!(translit_key("Konashénkov"), "konashenkov");
        assert_ne!(translit_key("Dmytro"), translit_key("Dmitry"));
    }

    #[test]
    fn misspellings_but_not_lookalikes() {
        assert!(surnames_close("konashenkov", "konashaekov"));
        assert!(!surnames_close("putin", "peskov"));
        assert!(!surnames_close("kherson", "kharkiv"));
        assert!(!surnames_close("kim", "kime"));
        assert!(!surnames_close("shoigu", "surovikin"));
    }
}
