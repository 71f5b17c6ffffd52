//! The embedded gazetteers: places with alternate names, and given names with gender.
//!
//! Why embedded: exonyms (Kiev/Kyiv, Kharkov/Kharkiv) are not linked by any edit distance, and no
//! NER model loads offline here, so a real list of places with their alternate names is what
//! tells "Kharkov" is "Kharkiv" and "Kherson" is not. The files are built by
//! `tools/entities/build_data.py` from registry packages (see `data/README.md`) and decoded once
//! per process on first use.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use crosscheck::text::normalize_word;

static PLACES_GZ: &[u8] = include_bytes!("../data/places.tsv.gz");
static PLACES_EXTRA: &str = include_str!("../data/places_extra.tsv");
static GIVEN_NAMES_GZ: &[u8] = include_bytes!("../data/given_names.txt.gz");

/// What sort of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlaceKind {
    City,
    Country,
    River,
    Sea,
    Region,
}

/// One gazetteer place.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    /// Stable id: `geonames:703448`, or `river:dnipro` for the hand supplement.
    pub id: String,
    pub kind: PlaceKind,
    pub population: u64,
    /// The preferred name ("Kyiv").
    pub name: String,
}

/// The gender a given name usually has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

/// Places by normalised name, and given names.
pub(crate) struct Gazetteer {
    places: Vec<Place>,
    /// Normalised name -> (place index, whether it is the place's preferred name).
    by_name: HashMap<String, Vec<(u32, bool)>>,
    given: HashMap<String, Gender>,
    by_id: HashMap<String, u32>,
    /// The longest name, in words.
    pub max_words: usize,
}

/// The process-wide gazetteer, decoded on first use.
pub(crate) fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(Gazetteer::load)
}

/// The key under which names meet: lowercase, diacritics folded, every run of characters
/// other than letters, digits and apostrophes turned into one space.
pub(crate) fn name_key(name: &str) -> String {
    let folded = normalize_word(name);
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '\'' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    // The data is compiled in and checked by tests; a decode failure leaves the list empty
    // rather than taking the process down.
    if flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .is_err()
    {
        out.clear();
    }
    out
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let mut g = Gazetteer {
            places: Vec::with_capacity(70_000),
            by_name: HashMap::with_capacity(600_000),
            given: HashMap::with_capacity(42_000),
            by_id: HashMap::with_capacity(70_000),
            max_words: 1,
        };
        let mut countries: HashMap<String, u32> = HashMap::new();
        for line in gunzip(PLACES_GZ).lines() {
            let mut f = line.split('\t');
            let (Some(id), Some(kind), Some(pop), Some(_cc), Some(name), alts) =
                (f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let kind = if kind == "country" {
                PlaceKind::Country
            } else {
                PlaceKind::City
            };
            let idx = g.push(
                format!("geonames:{id}"),
                kind,
                pop.parse().unwrap_or(0),
                name,
            );
            if kind == PlaceKind::Country {
                countries.insert(name_key(name), idx);
            }
            for alt in alts.unwrap_or("").split('|').filter(|a| !a.is_empty()) {
                g.add_name(alt, idx, false);
            }
        }
        for line in PLACES_EXTRA.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(id), Some(kind), Some(name), alts) = (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let kind = match kind {
                "river" => PlaceKind::River,
                "sea" => PlaceKind::Sea,
                "country" => PlaceKind::Country,
                _ => PlaceKind::Region,
            };
            let idx = match countries.get(&name_key(name)) {
                Some(&existing) if kind == PlaceKind::Country => existing,
                _ => g.push(id.to_string(), kind, 0, name),
            };
            for alt in alts.unwrap_or("").split('|').filter(|a| !a.is_empty()) {
                g.add_name(alt, idx, true);
            }
        }
        for line in gunzip(GIVEN_NAMES_GZ).lines() {
            let Some((name, gender)) = line.split_once('\t') else {
                continue;
            };
            let gender = match gender {
                "M" => Gender::Male,
                "F" => Gender::Female,
                _ => Gender::Unknown,
            };
            g.given.insert(normalize_word(name), gender);
        }
        g
    }

    fn push(&mut self, id: String, kind: PlaceKind, population: u64, name: &str) -> u32 {
        let idx = self.places.len() as u32;
        self.by_id.insert(id.clone(), idx);
        self.places.push(Place {
            id,
            kind,
            population,
            name: name.to_string(),
        });
        self.add_name(name, idx, true);
        idx
    }

    fn add_name(&mut self, name: &str, idx: u32, primary: bool) {
        let key = name_key(name);
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(key.split(' ').count());
        let entry = self.by_name.entry(key).or_default();
        if !entry.iter().any(|&(i, _)| i == idx) {
            entry.push((idx, primary));
        }
    }

    /// The place a normalised name most likely means: a preferred name beats an alternate
    /// one, countries beat cities, then the larger population wins. With `feature` (the name
    /// came as "the Dnipro" or "Dnipro River"), rivers, seas and regions come first.
    pub fn place(&self, key: &str, feature: bool) -> Option<&Place> {
        let candidates = self.by_name.get(key)?;
        candidates
            .iter()
            .max_by_key(|&&(idx, primary)| {
                let p = &self.places[idx as usize];
                let rank = match (p.kind, feature) {
                    (PlaceKind::River | PlaceKind::Sea | PlaceKind::Region, true) => 3,
                    (PlaceKind::Country, _) => 2,
                    (PlaceKind::City, _) => 1,
                    _ => 0,
                };
                (primary, rank, p.population, std::cmp::Reverse(idx))
            })
            .map(|&(idx, _)| &self.places[idx as usize])
    }

    /// The preferred name of the place with id `id` ("Kyiv" for `geonames:703448`).
    pub fn name_of(&self, id: &str) -> Option<String> {
        self.by_id
            .get(id)
            .map(|&i| self.places[i as usize].name.clone())
    }

    /// The gender of a given name (normalised), or `None` when it is not a known given name.
    pub fn given_name(&self, key: &str) -> Option<Gender> {
        self.given.get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exonyms_meet_in_one_place() {
        let g = gazetteer();
        let kyiv = g.place("kyiv", false).map(|p| p.id.clone());
        assert!(kyiv.is_some());
        assert_eq!(g.place("kiev", false).map(|p| p.id.clone()), kyiv);
        assert_eq!(
            g.place("kharkov", false).map(|p| p.id.clone()),
            g.place("kharkiv", false).map(|p| p.id.clone())
        );
        assert_ne!(
            g.place("kherson", false).map(|p| p.id.clone()),
            g.place("kharkiv", false).map(|p| p.id.clone())
        );
        assert_eq!(
            g.place("dnieper", true).map(|p| p.id.as_str()),
            Some("river:dnipro")
        );
        assert_eq!(
            g.place("russian federation", false)
                .map(|p| p.name.as_str()),
            Some("Russia")
        );
        assert_eq!(g.given_name("dmitry"), Some(Gender::Male));
        assert_eq!(g.given_name("hillary"), Some(Gender::Female));
    }

    #[test]
    fn keys_fold_case_marks_and_punctuation() {
        assert_eq!(name_key("Konashénkov"), "konashenkov");
        assert_eq!(name_key("U.S."), "u s");
        assert_eq!(name_key("Kryvyi  Rih"), "kryvyi rih");
    }
}
