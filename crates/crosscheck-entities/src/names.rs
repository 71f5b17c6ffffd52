//! Name keys: where transliteration variants, diacritics and casing meet.
//!
//! Why: outlets spell one person many ways (Zelenskiy, Zelensky, Zelenski, Zelenskyy; Sergei and
//! Sergey; Dmitry and Dmitri). These differ in a handful of transliteration endings that a key can
//! fold exactly, so folding is preferred to a loose edit distance, which would also join
//! different people (Putin and Peskov share letters; Kherson and Kharkiv too).

use std::collections::HashMap;

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
    let (la, lb) = (a.chars().count(), b.chars().count());
    let len = la.min(lb);
    // Cheap refusals first: the edit distance is the cost here.
    if len < 5 || la.abs_diff(lb) > 2 || a.chars().next() != b.chars().next() {
        return false;
    }
    let d = edit_distance(a, b);
    (len >= 8 && d <= 2) || d <= 1
}

/// Pairs `(i, j)`, `i < j`, of distinct `surnames` that [`surnames_close`] accepts, without
/// comparing every pair: two words within edit distance k become one string after deleting at
/// most k characters from each, so close surnames share a deletion variant (one deletion for
/// names of five to seven letters, up to two from eight). Sorted, each pair once.
pub(crate) fn close_surname_pairs(surnames: &[&str]) -> Vec<(usize, usize)> {
    let mut by_variant: HashMap<String, Vec<usize>> = HashMap::new();
    for (n, name) in surnames.iter().enumerate() {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < 5 {
            continue;
        }
        let mut variants: Vec<String> = vec![(*name).to_string()];
        for i in 0..chars.len() {
            let one: Vec<char> = [&chars[..i], &chars[i + 1..]].concat();
            if chars.len() >= 8 {
                for j in i..one.len() {
                    variants.push([&one[..j], &one[j + 1..]].concat().into_iter().collect());
                }
            }
            variants.push(one.into_iter().collect());
        }
        variants.sort_unstable();
        variants.dedup();
        for v in variants {
            by_variant.entry(v).or_default().push(n);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for names in by_variant.values() {
        for (k, &a) in names.iter().enumerate() {
            for &b in &names[k + 1..] {
                pairs.push((a.min(b), a.max(b)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs.retain(|&(a, b)| surnames_close(surnames[a], surnames[b]));
    pairs
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

    /// The deletion-variant index finds exactly the pairs that comparing all pairs finds.
    #[test]
    fn close_surname_pairs_match_all_pairs() {
        let names = [
            "zelensky",
            "zelenskiy",
            "zelenskyy",
            "zelenskij",
            "peskov",
            "peskow",
            "pesko",
            "shoigu",
            "shoygu",
            "surovikin",
            "surovikine",
            "kots",
            "kotz",
            "konashenkov",
            "konashenko",
            "konashenkova",
            "smith",
            "smyth",
            "smithe",
            "abcdefgh",
            "abdcefgh",
        ];
        let mut expected = Vec::new();
        for a in 0..names.len() {
            for b in a + 1..names.len() {
                if surnames_close(names[a], names[b]) {
                    expected.push((a, b));
                }
            }
        }
        assert!(expected.len() > 8, "{expected:?}");
        assert_eq!(close_surname_pairs(&names), expected);
    }

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
