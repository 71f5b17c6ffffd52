//! Language identification: which ISO 639-1 code the body text is in.
//!
//! `whatlang` is fast (trigram profiles, no model files) and good enough on article-length
//! text; a run over millions of pages cannot afford a heavier identifier per document.

/// How much of the text to look at: more adds time, not accuracy, on news bodies.
const SAMPLE_BYTES: usize = 4096;

/// The ISO 639-1 code of `text`'s language, or `None` when it cannot be told.
pub(crate) fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    let code3 = info.lang().code();
    let language = isolang::Language::from_639_3(code3)?;
    language.to_639_1().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

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
