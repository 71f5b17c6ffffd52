//! Language identification: which ISO 639-1 code the body text is in.
//!
//! `whatlang` is fast (trigram profiles, no model files) and good enough on article-length
//! text; a run over millions of pages cannot afford a heavier identifier per document.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

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
        "da",
        &[
            "og", "i", "at", "det", "en", "til", "er", "som", "på", "de", "med", "af", "for",
            "ikke", "der", "var", "har", "den", "vil", "et", "fra", "blev", "efter", "om",
        ],
    ),
    (
        "sv",
        &[
            "och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den",
            "inte", "har", "de", "om", "ett", "var", "från", "efter", "vid", "kan", "sig",
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

/// A lower share that still decides when the winner is far ahead of every other language:
/// business and market copy full of names and figures ("Chrysler Credit Canada Ltd, a
/// subsidiary of Chrysler Corp, ...") runs at 12-25% function words, and a neighbour's
/// list never gets within a third of the right one on prose.
const CLEAR_LEAD_SHARE: f64 = 0.12;
/// How far ahead of the runner-up the winner must be for [`CLEAR_LEAD_SHARE`] to apply.
const CLEAR_LEAD_FACTOR: usize = 3;
/// Fewest words for [`CLEAR_LEAD_SHARE`]: a one-line snippet is left to trigrams.
const CLEAR_LEAD_MIN_WORDS: usize = 12;
/// Fewest function words for any decision: a handful is chance.
const MIN_FUNCTION_WORDS: usize = 4;

/// Each function word with the set of languages (bits, by index into [`FUNCTION_WORDS`])
/// that list it: one lookup per word of the sample instead of a scan of every list.
static LANGUAGES_OF_WORD: LazyLock<FxHashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static str, u16> = FxHashMap::default();
    for (n, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
        for word in *list {
            *map.entry(word).or_default() |= 1 << n;
        }
    }
    map
});

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
    // Both shortcuts below are for Latin-script text: in Cyrillic or Chinese text a few
    // English titles ("The Wall Street Journal") are not the language, and text written
    // without spaces cannot be counted in whitespace tokens.
    let latin = mostly_latin(sample);
    if let Some(code) = by_function_words(sample, latin) {
        return Some(code.to_string());
    }
    // A table of figures ("Shr 43 cts vs 37 cts / Net 2,276,000 vs 1,674,000") has no
    // running text to identify: trigram identification calls most such tables French or
    // Norwegian, so saying nothing is both cheaper and more honest.
    if latin && is_tabular(sample) {
        return None;
    }
    let info = whatlang::detect(sample).filter(whatlang::Info::is_reliable)?;
    let code3 = info.lang().code();
    let language = isolang::Language::from_639_3(code3)?;
    language.to_639_1().map(str::to_string)
}

/// Whether at least 90% of the letters of `sample` are Latin script.
fn mostly_latin(sample: &str) -> bool {
    // Most news is ASCII; checking that is a vectorised scan.
    if sample.is_ascii() {
        return sample.bytes().any(|b| b.is_ascii_alphabetic());
    }
    let (mut letters, mut latin) = (0usize, 0usize);
    for c in sample.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        // Latin letters: ASCII, Latin-1, Latin Extended-A/B and Extended Additional.
        if c.is_ascii_alphabetic()
            || ('\u{c0}'..='\u{24f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c)
        {
            latin += 1;
        }
    }
    letters > 0 && latin * 10 >= letters * 9
}

/// Whether `sample` is mostly figures: at least one token with a digit for every four
/// tokens of letters (a results table's labels, "Shr", "cts", "vs", "mln", are words too).
/// Only asked of text whose function words said nothing, so prose with many figures,
/// which has its function words, never gets here.
fn is_tabular(sample: &str) -> bool {
    let (mut figures, mut words) = (0usize, 0usize);
    for token in sample.split_whitespace().take(400) {
        if token.bytes().any(|b| b.is_ascii_digit()) {
            figures += 1;
        } else if token.chars().any(char::is_alphabetic) {
            words += 1;
        }
    }
    figures > 0 && 4 * figures >= words
}

/// The language whose function words make up most of `sample`, if one clearly does.
fn by_function_words(sample: &str, latin: bool) -> Option<&'static str> {
    const _: () = assert!(
        FUNCTION_WORDS.len() <= 16,
        "language sets are bits of a u16"
    );
    let mut counts = [0usize; FUNCTION_WORDS.len()];
    let mut words = 0usize;
    // Function words are short: lower-case them in a stack buffer, not a new String each.
    let mut buffer = [0u8; 8];
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(200)
    {
        words += 1;
        if word.len() > 6 {
            continue;
        }
        let languages = if word.is_ascii() {
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower)
                .ok()
                .and_then(|w| LANGUAGES_OF_WORD.get(w))
        } else {
            LANGUAGES_OF_WORD.get(word.to_lowercase().as_str())
        };
        if let Some(&languages) = languages {
            for (n, count) in counts.iter_mut().enumerate() {
                if languages & (1 << n) != 0 {
                    *count += 1;
                }
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.iter().copied().enumerate().collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    let (best, best_count) = ranked[0];
    let second = ranked.get(1).map_or(0, |r| r.1);
    if best_count < MIN_FUNCTION_WORDS {
        return None;
    }
    let share = best_count as f64 / words as f64;
    let prose = latin && words >= 20 && share >= FUNCTION_SHARE && best_count >= 2 * second;
    let clear_lead = latin
        && words >= CLEAR_LEAD_MIN_WORDS
        && share >= CLEAR_LEAD_SHARE
        && best_count >= CLEAR_LEAD_FACTOR * second.max(1);
    (prose || clear_lead).then_some(FUNCTION_WORDS[best].0)
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
            assert_ne!(by_function_words(text, true), Some("en"), "{text}");
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
        assert_eq!(by_function_words("The Russian Army completed the withdrawal of its troops in the north of the annexed Kherson region, as confirmed on Friday by the spokesman for the Russian Ministry of Defense, who said that all of the forces had been moved.", true), Some("en"));
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

    #[test]
    fn business_copy_is_english_by_a_clear_lead() {
        let text = "Northgate Bond Rating Service said it placed Harbour Credit Canada Ltd, a \
            subsidiary of Harbour Corp, on creditwatch until financial details concerning the \
            proposed acquisition of Western Motors Corp are finalized. The creditwatch affects \
            Harbour Credit Canada's short term notes.";
        assert_eq!(by_function_words(text, true), Some("en"));
        // German with the words English shares ("in", "an", "was", "will") stays German.
        let german = "Was die Regierung in Berlin an Hilfe für die Ukraine plant, will der \
            Kanzler am Freitag in einer Rede erklären, sagte ein Sprecher des Amtes.";
        assert_ne!(by_function_words(german, true), Some("en"));
        // A table of figures has too few words to tell.
        assert_eq!(
            by_function_words("Shr 43 cts vs 37 cts\nNet 2,276,000 vs 1,674,000", true),
            None
        );
    }

    #[test]
    fn tables_of_figures_have_no_language() {
        let table = "Shr 43 cts vs 37 cts\n    Net 2,276,000 vs 1,674,000\n    Revs 32.6 mln vs \
            24.4 mln\n    Year\n    Shr 90 cts vs 69 cts\n    Net 4,508,000 vs 3,096,000";
        assert_eq!(detect(table), None);
        // Prose with a few figures is still prose.
        assert_eq!(
            detect("El ejército ruso completó la retirada de 30.000 soldados en el norte de la región de Jersón el 11 de noviembre.").as_deref(),
            Some("es")
        );
    }

    #[test]
    fn english_words_in_other_languages_do_not_make_them_english() {
        for text in [
            "Газета The New York Times сообщила в пятницу, что правительство США готовит новые санкции против компаний из России и Китая.",
            "《纽约时报》（The New York Times）周五报道，美国政府计划对多家中国和俄罗斯公司实施新的制裁，相关措施将于下个月正式生效。",
            "Statsministeren sagde i dag, at regeringen vil have en ny plan for klimaet klar til efteråret, og at partierne skal mødes for at forhandle om den i næste uge.",
            "Han sagde, at regeringen ikke vil have en ny plan for klimaet i år.",
        ] {
            assert_ne!(detect(text).as_deref(), Some("en"), "{text}");
        }
        // Text without spaces is not a table because a paragraph has a date in it.
        assert_eq!(
            detect("東京電力は11日、福島第一原発の処理水の放出を再開したと発表した。").as_deref(),
            Some("ja")
        );
    }
}
