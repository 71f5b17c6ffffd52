//! Translation traces: spellings that only another language's press would write.
//!
//! What it does: finds names transliterated the way a Spanish or Portuguese newsroom writes
//! them ("Konashénkov": a stress accent English transliteration never uses), and credit lines
//! of wire agencies that serve another language ("With EFE and Reuters", a calque of "Con EFE
//! y Reuters").
//!
//! Why so narrow: translated and paraphrased text reads like ordinary English, so style is no
//! evidence at all. A trace is worth reporting only when it points at a concrete span that
//! English-language reporting would not produce; when in doubt, report nothing.

use crosscheck::TextRange;

use crate::Evidence;

/// Stress-accented vowels that Spanish and Portuguese transliteration adds to Slavic names.
const STRESS_ACCENTS: &[char] = &['á', 'é', 'í', 'ó', 'ú'];

/// Wire agencies whose main service is not in English.
const NON_ENGLISH_AGENCIES: &[(&str, &str)] = &[
    ("EFE", "Spanish"),
    ("Europa Press", "Spanish"),
    ("Notimex", "Spanish"),
    ("ANSA", "Italian"),
    ("Agência Brasil", "Portuguese"),
    ("Lusa", "Portuguese"),
];

/// Find translation evidence in `text`.
pub(crate) fn evidence(text: &str) -> Vec<Evidence> {
    let mut out = Vec::new();
    accented_slavic_names(text, &mut out);
    agency_credits(text, &mut out);
    out.sort_by_key(|e| e.range);
    out
}

fn accented_slavic_names(text: &str, out: &mut Vec<Evidence>) {
    for (start, word) in words(text) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if !first.is_uppercase() || !word.chars().any(|c| STRESS_ACCENTS.contains(&c)) {
            continue;
        }
        let folded = crosscheck::text::fold_diacritics(word).to_lowercase();
        if !looks_slavic(&folded) {
            continue;
        }
        out.push(Evidence {
            range: TextRange::new(start, start + word.len()),
            kind: crate::EvidenceKind::Translation,
            note: format!(
                "\u{201c}{word}\u{201d}: a stress accent on a transliterated Slavic name, as \
                 Spanish-language reporting writes it; English transliteration has none"
            ),
        });
    }
}

/// A Latin-script rendering of a Russian, Ukrainian or Belarusian name: their transliteration
/// digraphs and surname endings.
fn looks_slavic(folded: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ov", "ova", "ev", "eva", "enko", "sky", "ski", "skiy", "skyi", "vich", "uk", "chuk",
        "yan", "shvili", "oy", "ey", "iy",
    ];
    const DIGRAPHS: &[&str] = &["kh", "zh", "shch", "ts", "yu", "ya"];
    folded.len() >= 5
        && (ENDINGS.iter().any(|e| folded.ends_with(e))
            || DIGRAPHS.iter().any(|d| folded.contains(d)))
}

fn agency_credits(text: &str, out: &mut Vec<Evidence>) {
    for line_range in crosscheck::text::paragraphs(text) {
        let line = line_range.slice(text);
        // A credit line is short and names its sources: "With EFE and Reuters", "(EFE)".
        if line.len() > 60 {
            continue;
        }
        for &(agency, language) in NON_ENGLISH_AGENCIES {
            let Some(pos) = find_word(line, agency) else {
                continue;
            };
            let credit = line.starts_with("With ") || line.starts_with('(') || line == agency;
            if !credit {
                continue;
            }
            let start = line_range.start() + pos;
            out.push(Evidence {
                range: TextRange::new(start, start + agency.len()),
                kind: crate::EvidenceKind::Translation,
                note: format!(
                    "credit line names {agency}, a {language}-language wire agency: the text \
                     was likely written in {language} first"
                ),
            });
        }
    }
}

/// Byte offset of `needle` in `hay` as a whole word.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let s = from + p;
        let e = s + needle.len();
        let before = hay[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = hay[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return Some(s);
        }
        from = e;
    }
    None
}

/// `(byte offset, word)` for each run of letters.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_alphabetic() {
                break;
            }
            iter.next();
        }
        let &(start, _) = iter.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = iter.peek() {
            if !c.is_alphabetic() {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        Some((start, &text[start..end]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_transliteration_is_evidence() {
        let text = "The spokesman, Igor Konashénkov, spoke.\n\nWith EFE and Reuters";
        let ev = evidence(text);
        let spans: Vec<&str> = ev.iter().map(|e| e.range.slice(text)).collect();
        assert_eq!(spans, ["Konashénkov", "EFE"]);
    }

    #[test]
    fn english_reporting_is_not() {
        let text = "Igor Konashenkov spoke at the café in José's town.\nWith Reuters and AP";
        assert!(evidence(text).is_empty());
    }
}
