//! Language identification: which ISO 639-1 code the body text is in.
//!
//! `whatlang` is fast (trigram profiles, no model files) and good enough on article-length
//! text; a run over millions of pages cannot afford a heavier identifier per document.

/// How much of the text to look at: more adds time, not accuracy, on news bodies.
const SAMPLE_BYTES: usize = 4096;

/// English function words: so frequent in English and so rare as words elsewhere that a text
/// made of them in a high share is English without further ado.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "was", "on", "with", "he",
    "as", "by", "at", "from", "his", "this", "have", "has", "had", "are", "were", "be", "been",
    "which", "said", "their", "they", "will", "would", "an", "its", "not", "but", "after", "who",
    "or", "we",
];

/// Share of function words above which a sample is taken as English outright. Clean English
/// news runs at 40-50%; other Latin-script languages stay far below (their own "a", "in",
/// "on" are too few).
const ENGLISH_SHARE: f64 = 0.30;

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
    if looks_english(sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(sample)?;
    let code3 = info.lang().code();
    let language = isolang::Language::from_639_3(code3)?;
    language.to_639_1().map(str::to_string)
}

fn looks_english(sample: &str) -> bool {
    let (mut words, mut function) = (0usize, 0usize);
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(200)
    {
        words += 1;
        if word.len() <= 5
            && ENGLISH_FUNCTION_WORDS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(word))
        {
            function += 1;
        }
    }
    words >= 20 && function as f64 >= ENGLISH_SHARE * words as f64
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
            assert!(!looks_english(text), "{text}");
            assert_ne!(detect(text).as_deref(), Some("en"));
        }
        assert!(looks_english("The Russian Army completed the withdrawal of its troops in the north of the annexed Kherson region, as confirmed on Friday by the spokesman for the Russian Ministry of Defense, who said that all of the forces had been moved."));
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
