//! Language identification: which ISO 639-1 code the body text is in.
//!
//! `whatlang` is fast (trigram profiles, no model files) and good enough on article-length
//! text; a run over millions of pages cannot afford a heavier identifier per document.

/// How much of the text to look at: more adds time, not accuracy, on news bodies.
const SAMPLE_BYTES: usize = 4096;

/// Function words of the commonest Latin-script news languages: so frequent in their own
/// language and so rare as words of the others that a text made of them in a high share is
/// that language without further ado.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with", "he",
            "as", "by", "at", "from", "his", "this", "have", "has", "had", "are", "were", "be",
            "been", "which", "said", "their", "they", "will", "would", "an", "its", "not", "but",
            "after", "who", "or", "we",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "con",
            "para", "se", "su", "al", "es", "lo", "como", "pero", "sus", "ha", "fue",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "de", "des", "du", "et", "en", "un", "une", "que", "qui", "dans",
            "pour", "sur", "au", "aux", "est", "par", "pas", "il", "ne", "se", "avec",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "den", "dem", "des", "ein", "eine", "ist", "von", "mit",
            "sich", "auf", "für", "nicht", "im", "zu", "auch", "es", "wie", "bei", "aus", "wird",
        ],
    ),
    (
        "it",
        &[
            "il", "la", "di", "che", "e", "del", "della", "le", "per", "un", "una", "con", "non",
            "sono", "nel", "alla", "gli", "dei", "da", "si", "ha", "anche", "come", "più",
        ],
    ),
    (
        "pt",
        &[
            "o", "a", "os", "as", "de", "do", "da", "dos", "das", "que", "e", "em", "um", "uma",
            "para", "com", "não", "no", "na", "por", "se", "foi", "mais", "ao",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "zijn", "voor", "met",
            "die", "niet", "aan", "er", "ook", "als", "bij", "wordt", "naar", "om", "werd",
        ],
    ),
];

/// Share of one language's function words above which a sample is taken as that language.
/// Clean news prose runs at 35-50% in its own language; a neighbour's list, which shares a
/// few words ("de", "la", "in"), gets far less.
const FUNCTION_SHARE: f64 = 0.28;

/// The ISO 639-1 code of `text`'s language, or `None` when it cannot be told.
///
/// English, most of any news crawl, is recognised by a function-word count in a fraction of
/// the time trigram identification takes (which costs a fixed ~150 µs a document and was half
/// of ingest's time); everything else goes to `whatlang`.
pub(crate) fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if let Some(code) = by_function_words(sample) {
        return Some(code.to_string());
    }
    let info = whatlang::detect(sample)?;
    let code3 = info.lang().code();
    let language = isolang::Language::from_639_3(code3)?;
    language.to_639_1().map(str::to_string)
}

/// The language whose function words make up most of `sample`, if one clearly does.
fn by_function_words(sample: &str) -> Option<&'static str> {
    let mut counts = [0usize; FUNCTION_WORDS.len()];
    let mut words = 0usize;
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(200)
    {
        words += 1;
        if word.len() > 6 {
            continue;
        }
        let lower = word.to_lowercase();
        for (n, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            if list.contains(&lower.as_str()) {
                counts[n] += 1;
            }
        }
    }
    if words < 20 {
        return None;
    }
    let mut ranked: Vec<(usize, usize)> = counts.iter().copied().enumerate().collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    let (best, best_count) = ranked[0];
    let second = ranked.get(1).map_or(0, |r| r.1);
    (best_count as f64 >= FUNCTION_SHARE * words as f64 && best_count >= 2 * second)
        .then_some(FUNCTION_WORDS[best].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_do_not_make_other_languages_english() {
        for text in [
            "El ejército ruso completó la retirada de sus tropas en el norte de la región de Jersón, según confirmó el viernes el portavoz del Ministerio de Defensa ruso, Igor Konashénkov, en un comunicado.",
            "Die russische Armee hat den Rückzug ihrer Truppen aus dem Norden der Region Cherson abgeschlossen, wie der Sprecher des Verteidigungsministeriums am Freitag in Moskau mitteilte.",
            "L'armée russe a achevé le retrait de ses troupes du nord de la région de Kherson, a confirmé vendredi le porte-parole du ministère russe de la Défense, Igor Konachenkov, dans un communiqué.",
        ] {
            assert_ne!(by_function_words(text), Some("en"), "{text}");
            assert_ne!(detect(text).as_deref(), Some("en"));
        }
        let expected = ["es", "de", "fr"];
        for (text, code) in [
            "El ejército ruso completó la retirada de sus tropas en el norte de la región de Jersón, según confirmó el viernes el portavoz del Ministerio de Defensa ruso, Igor Konashénkov, en un comunicado que se publicó por la mañana y que fue leído en la televisión.",
            "Die russische Armee hat den Rückzug ihrer Truppen aus dem Norden der Region Cherson abgeschlossen, wie der Sprecher des Verteidigungsministeriums am Freitag in Moskau mitteilte, und die Truppen sind nun auf dem anderen Ufer des Flusses, wie es in der Mitteilung hieß.",
            "L'armée russe a achevé le retrait de ses troupes du nord de la région de Kherson, a confirmé vendredi le porte-parole du ministère russe de la Défense, Igor Konachenkov, dans un communiqué qui a été lu à la télévision et publié sur le site du ministère.",
        ]
        .iter()
        .zip(expected)
        {
            assert_eq!(detect(text).as_deref(), Some(code), "{text}");
        }
        assert_eq!(by_function_words("The Russian Army completed the withdrawal of its troops in the north of the annexed Kherson region, as confirmed on Friday by the spokesman for the Russian Ministry of Defense, who said that all of the forces had been moved."), Some("en"));
    }

    #[test]
    fn english_and_spanish() {
        assert_eq!(
            detect("Russia withdrew troops and civilian administrators from towns along the Dnipro River.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("El ejército ruso completó la retirada de sus tropas en el norte de la región de Jersón.").as_deref(),
            Some("es")
        );
    }
}
