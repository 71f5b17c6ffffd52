//! The translation stage's logic with a stand-in embedder: a word-for-word dictionary into
//! English, then a hashed bag of words. It tests our candidates, alignment, verdict and
//! direction, not a model (the engine's tests run the real one when it is fetched).

use chrono::NaiveDate;

use super::*;

/// Spanish → English, just the words of the fixtures.
const DICTIONARY: &[(&str, &str)] = &[
    ("un", "a"),
    ("una", "a"),
    ("incendio", "fire"),
    ("estalló", "broke"),
    ("en", "in"),
    ("el", "the"),
    ("la", "the"),
    ("los", "the"),
    ("las", "the"),
    ("ferry", "ferry"),
    ("puerto", "harbour"),
    ("de", "of"),
    ("lunes", "monday"),
    ("noche", "night"),
    ("obligando", "forcing"),
    ("evacuación", "evacuation"),
    ("pasajeros", "passengers"),
    ("y", "and"),
    ("tripulantes", "crew"),
    ("dijo", "said"),
    ("autoridad", "authority"),
    ("portuaria", "harbour"),
    ("bomberos", "firefighters"),
    ("controlaron", "controlled"),
    ("llamas", "blaze"),
    ("tras", "after"),
    ("unas", "about"),
    ("tres", "three"),
    ("horas", "hours"),
    ("cuatro", "four"),
    ("personas", "people"),
    ("fueron", "were"),
    ("atendidas", "treated"),
    ("hospital", "hospital"),
    ("por", "for"),
    ("humo", "smoke"),
    ("según", "according"),
    ("servicio", "service"),
    ("regional", "regional"),
    ("salud", "health"),
    ("capitán", "captain"),
    ("barco", "ship"),
    ("investigará", "investigate"),
    ("causa", "cause"),
    ("empresa", "company"),
    ("pagará", "pay"),
    ("euros", "euros"),
    ("cada", "each"),
    ("pasajero", "passenger"),
    ("ministro", "minister"),
    ("visitó", "visited"),
    ("martes", "tuesday"),
    ("prometió", "promised"),
    ("nuevas", "new"),
    ("normas", "rules"),
    ("seguridad", "safety"),
    ("para", "for"),
    ("todos", "all"),
    ("ferris", "ferries"),
    ("sindicato", "union"),
    ("pidió", "demanded"),
    ("más", "more"),
    ("inspecciones", "inspections"),
    ("puertos", "harbours"),
    ("del", "of"),
    ("país", "country"),
    ("desde", "since"),
    ("que", "would"),
    ("a", "to"),
];

struct Dictionary;

impl SentenceEmbedder for Dictionary {
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedFailure> {
        Ok(sentences
            .iter()
            .map(|s| {
                let mut v = vec![0.0f32; 512];
                for w in s
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    let lower = w.to_lowercase();
                    let word = DICTIONARY
                        .iter()
                        .find(|(es, _)| *es == lower)
                        .map_or(lower.as_str(), |(_, en)| en);
                    let h = word.bytes().fold(1469598103934665603u64, |h, b| {
                        (h ^ u64::from(b)).wrapping_mul(1099511628211)
                    });
                    v[(h % 512) as usize] += 1.0;
                }
                let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
                v.iter().map(|x| x / n).collect()
            })
            .collect())
    }
}

struct Broken;

impl SentenceEmbedder for Broken {
    fn embed(&self, _: &[&str]) -> Result<Vec<Vec<f32>>, EmbedFailure> {
        Err(EmbedFailure("no model".into()))
    }
}

const ENGLISH: &str = "A fire broke out in the ferry Saint Brigid in Port Halden harbour on Monday night, forcing the evacuation of 212 passengers and crew, the harbour authority said. \
Firefighters controlled the blaze after about three hours. \
Four people were treated in hospital for smoke, according to the regional health service. \
The captain of the ship Tomas Reyes said the company Bluewave would investigate the cause. \
Bluewave said it would pay 150 euros to each passenger.";

const SPANISH: &str = "Un incendio estalló en el ferry Saint Brigid en el puerto de Port Halden el lunes por la noche, obligando a la evacuación de 212 pasajeros y tripulantes, dijo la autoridad portuaria. \
Los bomberos controlaron las llamas tras unas tres horas. \
Cuatro personas fueron atendidas en el hospital por humo, según el servicio regional de salud. \
El capitán del barco Tomas Reyes dijo que la empresa Bluewave investigará la causa. \
Bluewave dijo que pagará 150 euros a cada pasajero.";

/// The same story in Spanish, told with its own sentences.
const SPANISH_OTHER: &str = "El ministro visitó el martes el puerto de Port Halden, donde el ferry Saint Brigid sufrió un incendio. \
El ministro prometió nuevas normas de seguridad para todos los ferris desde 2025. \
Bluewave, la empresa del barco, dijo que Tomas Reyes sigue al mando. \
El sindicato pidió más inspecciones en los puertos del país tras la evacuación de 212 personas. \
Según la autoridad portuaria, 150 pasajeros esperan aún sus euros.";

fn doc<'a>(id: &'a str, text: &'a str, published: Option<NaiveDate>) -> ReuseDoc<'a> {
    ReuseDoc {
        id,
        text,
        published,
        site: None,
    }
}

fn info(language: &str) -> LanguageInfo<'_> {
    LanguageInfo {
        language: Some(language),
        translation_traces: false,
    }
}

#[test]
fn a_translation_pairs_and_the_same_story_in_its_own_words_does_not() {
    let docs = [
        doc("en", ENGLISH, None),
        doc("es", SPANISH, None),
        doc("es-other", SPANISH_OTHER, None),
    ];
    let langs = [info("en"), info("es"), info("es")];
    let found = find_translations(&docs, &langs, Some(&Dictionary));
    assert_eq!(found.status, TranslationStatus::Ran);
    assert!(
        found.candidates >= 2,
        "the other story shares names and numbers: {found:?}"
    );
    assert_eq!(found.pairs.len(), 1, "{:?}", found.pairs);
    let pair = &found.pairs[0];
    assert_eq!(pair.relation, Relation::Translated);
    assert_eq!(
        (pair.source, pair.target),
        (0, 1),
        "undetermined: ordered by id"
    );
    assert_eq!(pair.direction, DirectionEvidence::Undetermined);
    assert_eq!(pair.extent, Extent::Full);
    assert_eq!(
        pair.passages.len(),
        5,
        "{:?}",
        pair.passages
            .iter()
            .map(|p| p.target.slice(SPANISH))
            .collect::<Vec<_>>()
    );
    // Each passage pairs a sentence with its translation.
    let first = &pair.passages[0];
    assert!(first.source.slice(ENGLISH).starts_with("A fire broke out"));
    assert!(first.target.slice(SPANISH).starts_with("Un incendio"));
}

#[test]
fn the_earlier_date_then_translation_traces_decide_the_original() {
    let day = |d| NaiveDate::from_ymd_opt(2024, 5, d);
    let docs = [doc("a-en", ENGLISH, day(3)), doc("b-es", SPANISH, day(2))];
    let langs = [info("en"), info("es")];
    let found = find_translations(&docs, &langs, Some(&Dictionary));
    let pair = &found.pairs[0];
    assert_eq!(
        (pair.source, pair.target, pair.direction),
        (1, 0, DirectionEvidence::PublicationDate)
    );
    assert!(pair.passages[0]
        .source
        .slice(SPANISH)
        .starts_with("Un incendio"));

    let docs = [doc("a-es", SPANISH, None), doc("b-en", ENGLISH, None)];
    let langs = [
        info("es"),
        LanguageInfo {
            language: Some("en"),
            translation_traces: true,
        },
    ];
    let pair = &find_translations(&docs, &langs, Some(&Dictionary)).pairs[0];
    assert_eq!(
        (pair.source, pair.target, pair.direction),
        (0, 1, DirectionEvidence::TranslationTraces)
    );
}

#[test]
fn a_translation_that_kept_the_originals_numbers_is_the_translation() {
    // The original writes "1,212"; the translation kept it as it was. The stand-in embedder
    // reads the Spanish words; the stage reads only the language codes.
    let english = ENGLISH.replace("212 passengers", "1,212 passengers");
    let translation = SPANISH.replace("212 pasajeros", "1,212 pasajeros");
    // First in id order, so only the traces can make it the target.
    let docs = [
        doc("a-translation", &translation, None),
        doc("b-original", &english, None),
    ];
    // Italian writes a thousand two hundred and twelve "1.212": "1,212" is English.
    let pair = &find_translations(&docs, &[info("it"), info("en")], Some(&Dictionary)).pairs[0];
    assert_eq!(
        (pair.source, pair.target, pair.direction),
        (1, 0, DirectionEvidence::TranslationTraces)
    );
    // Spanish writes it either way (Spain "1.212", Mexico "1,212"): no trace, no verdict.
    let pair = &find_translations(&docs, &[info("es"), info("en")], Some(&Dictionary)).pairs[0];
    assert_eq!(pair.direction, DirectionEvidence::Undetermined);
}

#[test]
fn a_translated_excerpt_inside_a_longer_article_is_a_partial_pair() {
    let longer = format!("{SPANISH_OTHER}\n\n{SPANISH}");
    let docs = [doc("en", ENGLISH, None), doc("es", &longer, None)];
    let found = find_translations(&docs, &[info("en"), info("es")], Some(&Dictionary));
    assert_eq!(found.pairs.len(), 1, "{found:?}");
    let pair = &found.pairs[0];
    assert_eq!(pair.extent, Extent::Partial);
    assert!(pair
        .passages
        .iter()
        .all(|p| p.target.start() >= SPANISH_OTHER.len()));
}

#[test]
fn without_two_languages_or_an_embedder_nothing_is_claimed() {
    let docs = [doc("en", ENGLISH, None), doc("es", SPANISH, None)];
    let one = find_translations(&docs, &[info("en"), info("en")], Some(&Dictionary));
    assert_eq!(
        (one.status, one.candidates),
        (TranslationStatus::OneLanguage, 0)
    );
    let none = find_translations(&docs, &[info("en"), info("es")], None);
    assert_eq!(none.status, TranslationStatus::NoEmbedder);
    assert_eq!(none.candidates, 1);
    assert!(none.pairs.is_empty());
    assert_eq!(
        translation_candidates(&docs, &[info("en"), info("es")]),
        vec![(0, 1)]
    );
    let broken = find_translations(&docs, &[info("en"), info("es")], Some(&Broken));
    assert_eq!(
        broken.status,
        TranslationStatus::Failed(EmbedFailure("no model".into()))
    );
    assert!(broken.pairs.is_empty());
}

#[test]
fn a_copy_in_the_same_words_is_no_translation_whatever_the_languages_say() {
    // Language detection can be wrong on one of two copies; the words tell.
    let docs = [doc("en", ENGLISH, None), doc("copy", ENGLISH, None)];
    let found = find_translations(&docs, &[info("en"), info("fr")], Some(&Dictionary));
    assert_eq!(found.status, TranslationStatus::Ran);
    assert!(found.pairs.is_empty(), "{:?}", found.pairs);
}

#[test]
fn verifying_given_candidates_judges_as_finding_them_does() {
    let docs = [
        doc("en", ENGLISH, None),
        doc("es", SPANISH, None),
        doc("es-other", SPANISH_OTHER, None),
    ];
    let langs = [info("en"), info("es"), info("es")];
    let found = find_translations(&docs, &langs, Some(&Dictionary));
    let given: Vec<(usize, usize)> = found.checked.iter().map(|c| (c.b, c.a)).collect();
    let verified = verify_translations(&docs, &langs, &given, &Dictionary);
    assert_eq!(verified.status, TranslationStatus::Ran);
    assert_eq!(verified.pairs, found.pairs);
    assert_eq!(verified.checked.len(), found.checked.len());
    // Nothing to verify, nothing embedded; a failing embedder is said.
    let none = verify_translations(&docs, &langs, &[(1, 1)], &Dictionary);
    assert_eq!(
        (none.status, none.sentences_embedded),
        (TranslationStatus::NoCandidates, 0)
    );
    let broken = verify_translations(&docs, &langs, &[(0, 1)], &Broken);
    assert!(matches!(broken.status, TranslationStatus::Failed(_)));
    assert!(broken.pairs.is_empty());
}

#[test]
fn progress_counts_the_candidates_judged_and_only_when_they_are_verified() {
    let docs = [
        doc("en", ENGLISH, None),
        doc("es", SPANISH, None),
        doc("es-other", SPANISH_OTHER, None),
    ];
    let langs = [info("en"), info("es"), info("es")];
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |done: u64, total: u64| seen.lock().unwrap().push((done, total));
    let found = find_translations_with_progress(&docs, &langs, Some(&Dictionary), &record);
    let total = found.candidates as u64;
    assert!(total >= 2, "{found:?}");
    let calls = std::mem::take(&mut *seen.lock().unwrap());
    let expected: Vec<(u64, u64)> = (0..=total).map(|done| (done, total)).collect();
    assert_eq!(calls, expected);
    // The same pairs as without progress.
    assert_eq!(
        found.pairs,
        find_translations(&docs, &langs, Some(&Dictionary)).pairs
    );
    // Nothing verified, nothing said; a failing embedder stops at the start.
    find_translations_with_progress(&docs, &langs, None, &record);
    find_translations_with_progress(&docs, &[info("en"); 3], Some(&Dictionary), &record);
    assert!(seen.lock().unwrap().is_empty());
    find_translations_with_progress(&docs, &langs, Some(&Broken), &record);
    assert_eq!(*seen.lock().unwrap(), vec![(0, total)]);
}

#[test]
fn anchor_keys_follow_the_anchors_and_order_counts_the_longest_chain() {
    // Spellings that fold alike get one key, in order of first mention.
    assert_eq!(
        anchor_keys("Officials said Zelenskyy paid 1,500 to Acme."),
        anchor_keys("Dijeron que Zelenski pagó 1.500 a Acme.")
    );
    assert_eq!(anchor_keys("It rained.").len(), 0);
    let keys = anchor_keys("Then Acme met Borland and Acme left.");
    assert_eq!(keys.len(), 2, "each anchor once");
    assert_ne!(keys[0], keys[1]);
    // Shared anchors as (position in one, position in the other).
    assert_eq!(ordered_anchor_count(&mut []), 0);
    assert_eq!(ordered_anchor_count(&mut [(0, 0), (1, 1), (2, 2)]), 3);
    assert_eq!(ordered_anchor_count(&mut [(2, 0), (1, 1), (0, 2)]), 1);
    assert_eq!(
        ordered_anchor_count(&mut [(3, 4), (0, 1), (1, 0), (2, 3)]),
        3,
        "the chain 0→1, 2→3, 3→4"
    );
}
