//! Translations across languages (issue #20) through the whole run: a Spanish translation of
//! an English article pairs with it as `translated`, a Spanish article on the same story in
//! its own words does not, and the five seeds (002 is a machine translation whose Spanish
//! original is not among them) yield no translated pair. The verdicts need the multilingual
//! model: without it (not built, not fetched) the tests check that the report says the stage
//! was skipped and how to enable it.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Report {
    stories: Vec<Story>,
    reuse: Vec<Pair>,
    skipped: Vec<Skipped>,
}

#[derive(Debug, Deserialize)]
struct Story {
    documents: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Pair {
    source: String,
    target: String,
    relation: String,
    extent: String,
    direction: String,
    passages: Vec<serde_json::Value>,
    copied_share: f64,
}

#[derive(Debug, Deserialize)]
struct Skipped {
    location: String,
    reason: String,
}

const ENGLISH: &str = "Fire forces evacuation of ferry in Port Halden

A fire broke out on the passenger ferry Saint Brigid in Port Halden harbour on Monday night, forcing the evacuation of 212 passengers and crew, the harbour authority said.

Firefighters brought the blaze under control after about three hours. Four people were treated in hospital for smoke inhalation, according to the regional health service.

The ship's captain, Tomas Reyes, said the fire started in the engine room. The operator, Bluewave Ferries, said it would pay 150 euros to every passenger and cancel all crossings until Friday.

Investigators from the national maritime agency are expected to arrive on Wednesday.";

const SPANISH: &str = "Un incendio obliga a evacuar un ferry en Port Halden

Un incendio se declaró el lunes por la noche en el ferry de pasajeros Saint Brigid, en el puerto de Port Halden, y obligó a evacuar a 212 pasajeros y tripulantes, informó la autoridad portuaria.

Los bomberos controlaron las llamas tras unas tres horas. Cuatro personas fueron atendidas en el hospital por inhalación de humo, según el servicio regional de salud.

El capitán del barco, Tomas Reyes, dijo que el fuego comenzó en la sala de máquinas. La naviera, Bluewave Ferries, anunció que pagará 150 euros a cada pasajero y cancelará todas las travesías hasta el viernes.

Se espera que los investigadores de la agencia marítima nacional lleguen el miércoles.";

/// The same story in Spanish, told in its own sentences and order.
const SPANISH_OTHER: &str = "Polémica en Port Halden tras el incendio del Saint Brigid

El ministro de Transportes visitó el martes el puerto de Port Halden, donde el ferry Saint Brigid sufrió un incendio que obligó a desalojar a 212 personas.

La naviera Bluewave Ferries defendió a su capitán, Tomas Reyes, y aseguró que la tripulación actuó de forma ejemplar durante la evacuación.

Los sindicatos reclaman desde hace años más inspecciones en los barcos que cubren la ruta, y recuerdan que la compañía ya sufrió una avería grave en 2021.

Los pasajeros afectados podrán reclamar los 150 euros de compensación en las oficinas del puerto a partir del jueves.";

/// A long report with few names: its translation shares almost no word with it.
const ENGLISH_FEW_NAMES: &str = "Drought leaves farmers counting the cost

Months without rain have left wells dry across the southern plains, and many farmers say this harvest will be the worst they can remember.

Wheat that should stand waist high barely reaches the ankle. Cattle are being sold early because there is no grass left to feed them, and prices at the weekly markets have fallen sharply.

Agronomist Lena Varga said the soil had lost most of its moisture by early spring. She advised growers to plant crops that need less water and to share irrigation equipment with their neighbours.

Local banks have agreed to delay loan repayments for a year. Some families are leaving the villages to look for work in the cities, and schools have fewer pupils than last autumn.

The regional government promised emergency payments of 4,800 euros for each affected farm, but farmers complain that the money arrives too slowly and covers only a small part of their losses.";

const SPANISH_FEW_NAMES: &str = "La sequía obliga a los agricultores a hacer cuentas

Meses sin lluvia han dejado secos los pozos de las llanuras del sur, y muchos agricultores dicen que esta cosecha será la peor que recuerdan.

El trigo que debería llegar a la cintura apenas alcanza el tobillo. El ganado se vende antes de tiempo porque no queda pasto para alimentarlo, y los precios en los mercados semanales han caído con fuerza.

La agrónoma Lena Varga explicó que el suelo había perdido casi toda su humedad a comienzos de la primavera. Aconsejó a los productores sembrar cultivos que necesiten menos agua y compartir los equipos de riego con sus vecinos.

Los bancos locales han aceptado aplazar un año el pago de los préstamos. Algunas familias abandonan los pueblos para buscar trabajo en las ciudades, y las escuelas tienen menos alumnos que el otoño pasado.

El gobierno regional prometió ayudas de emergencia de 4,800 euros por cada explotación afectada, pero los agricultores se quejan de que el dinero llega demasiado despacio y cubre solo una pequeña parte de sus pérdidas.";

/// The position in the report's stories of the story holding document `id`.
fn story_of(report: &Report, id: &str) -> Option<usize> {
    report
        .stories
        .iter()
        .position(|s| s.documents.iter().any(|d| d == id))
}

fn analyze(dir: &Path) -> Report {
    serde_json::from_str(&util::analyze_all(&[dir]).0).unwrap()
}

/// The report over `texts`, each written to `NAME.txt` in a folder of its own.
fn analyze_texts(texts: &[(&str, &str)]) -> Report {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in texts {
        std::fs::write(tmp.path().join(format!("{name}.txt")), text).unwrap();
    }
    analyze(tmp.path())
}

#[test]
fn a_translation_pairs_with_its_original_and_the_same_story_in_other_words_does_not() {
    let report = analyze_texts(&[
        ("a-en", ENGLISH),
        ("b-es", SPANISH),
        ("c-es", SPANISH_OTHER),
    ]);
    let translated: Vec<&Pair> = report
        .reuse
        .iter()
        .filter(|p| p.relation == "translated")
        .collect();
    if !util::model_runs() {
        assert!(translated.is_empty());
        let note = report
            .skipped
            .iter()
            .find(|s| s.location == "cross-lingual reuse stage")
            .expect("the report says the cross-lingual stage was skipped");
        assert!(note.reason.contains("models"), "{}", note.reason);
        return;
    }
    assert_eq!(translated.len(), 1, "{:?}", report.reuse);
    let pair = translated[0];
    // No date, no traces: undetermined, ordered by id.
    assert_eq!(
        (pair.source.as_str(), pair.target.as_str()),
        ("a-en", "b-es")
    );
    assert!(pair.passages.len() >= 5, "{:?}", pair.passages);
    assert!(pair.copied_share > 0.8, "{}", pair.copied_share);
    // A whole translation is its original's story, though the two share few words.
    let story_of = |id: &str| story_of(&report, id);
    assert!(story_of("a-en").is_some(), "{:?}", report.stories);
    assert_eq!(story_of("a-en"), story_of("b-es"), "{:?}", report.stories);
    assert!(!report
        .skipped
        .iter()
        .any(|s| s.location == "cross-lingual reuse stage"));
}

/// Stories are grouped by shared words, and a translation shares few with its original (here
/// one name and one figure in a long text): the translated pair still puts the two in one
/// story, and the English article on another subject stays out of it.
#[test]
fn a_whole_translation_is_its_originals_story() {
    let report = analyze_texts(&[
        ("a-en", ENGLISH),
        ("d-en", ENGLISH_FEW_NAMES),
        ("e-es", SPANISH_FEW_NAMES),
    ]);
    let story_of = |id: &str| story_of(&report, id);
    assert_ne!(story_of("a-en"), story_of("d-en"), "{:?}", report.stories);
    if !util::model_runs() {
        // Nothing found, nothing joined: the translation is placed by its words alone.
        assert_ne!(story_of("d-en"), story_of("e-es"), "{:?}", report.stories);
        return;
    }
    assert!(
        report
            .reuse
            .iter()
            .any(|p| p.relation == "translated" && p.extent == "full"),
        "{:?}",
        report.reuse
    );
    assert!(story_of("e-es").is_some(), "{:?}", report.stories);
    assert_eq!(story_of("d-en"), story_of("e-es"), "{:?}", report.stories);
}

#[test]
fn the_seeds_yield_no_translated_pair() {
    let Some(dir) = util::seeds_dir() else { return };
    let report = analyze(&dir);
    let translated: Vec<&Pair> = report
        .reuse
        .iter()
        .filter(|p| p.relation == "translated")
        .collect();
    assert!(translated.is_empty(), "{translated:?}");
    if util::model_runs() {
        // The seeds are all in English: the stage had nothing to verify, and says nothing.
        assert!(!report
            .skipped
            .iter()
            .any(|s| s.location == "cross-lingual reuse stage"));
    }
}

fn files(names: &[&str]) -> Vec<std::path::PathBuf> {
    names
        .iter()
        .map(|n| util::multilingual().join(format!("{n}.txt")))
        .collect()
}

/// The stored translated pairs as `(source id, target id, extent, direction, passages)`.
fn stored_translations(db: &Path) -> Vec<(String, String, String, String, usize)> {
    use crosscheck_store::{DocumentStore, ReuseStore};
    let store = crosscheck_engine::SqliteStore::open(db).unwrap();
    let id = |key| store.document_by_key(key).unwrap().unwrap().id;
    let mut out: Vec<_> = store
        .reuse_pairs()
        .unwrap()
        .into_iter()
        .filter(|p| p.relation == crosscheck_reuse::Relation::Translated)
        .map(|p| {
            (
                id(p.source),
                id(p.target),
                p.extent.as_str().to_owned(),
                p.direction.as_str().to_owned(),
                p.passages.len(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Issue #20 at ingest: documents in several languages ingested in two runs, in either order
/// (or in one), leave in the store the translated pairs `analyze` reports over the same
/// documents. Without the model, the candidates wait and the summary says so and how to
/// enable verification.
#[test]
fn ingesting_in_two_batches_either_order_stores_the_pairs_analyze_reports() {
    const ENGLISH: &[&str] = &["en-bridge", "en-ferry", "en-orchard"];
    const FOREIGN: &[&str] = &["es-ferry", "es-ferry-other", "it-bridge"];
    let report = analyze(&util::multilingual());
    let mut expected: Vec<(String, String, String, String, usize)> = report
        .reuse
        .iter()
        .filter(|p| p.relation == "translated")
        .map(|p| {
            (
                p.source.clone(),
                p.target.clone(),
                p.extent.clone(),
                p.direction.clone(),
                p.passages.len(),
            )
        })
        .collect();
    expected.sort();
    let runs = util::model_runs();
    for (name, batches) in [
        ("one run", vec![[ENGLISH, FOREIGN].concat()]),
        ("English first", vec![ENGLISH.to_vec(), FOREIGN.to_vec()]),
        ("foreign first", vec![FOREIGN.to_vec(), ENGLISH.to_vec()]),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("corpus.db");
        let mut last = None;
        for batch in &batches {
            let inputs = files(batch);
            let inputs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
            last = Some(util::ingest_into(&db, &inputs, Some(2)));
        }
        let summary = last.unwrap();
        let found = stored_translations(&db);
        if !runs {
            assert!(found.is_empty(), "{name}: {found:?}");
            let line = summary.line();
            assert!(
                line.contains("3 candidate translation pairs left unverified"),
                "{name}: {line}"
            );
            let note = summary
                .skipped
                .iter()
                .find(|s| s.location == "cross-lingual reuse stage")
                .expect("the summary says the candidates were not verified");
            assert!(note.reason.contains("models"), "{}", note.reason);
            continue;
        }
        assert_eq!(found, expected, "{name}");
        assert_eq!(expected.len(), 2, "{:?}", report.reuse);
        assert!(!summary
            .skipped
            .iter()
            .any(|s| s.location == "cross-lingual reuse stage"));
    }
}
