//! The embedded gazetteers: places with alternate names, and given names with gender.
//!
//! Why embedded: exonyms (Kiev/Kyiv, Kharkov/Kharkiv) are not linked by any edit distance, and no
//! NER model loads offline here, so a real list of places with their alternate names is what
//! tells "Kharkov" is "Kharkiv" and "Kherson" is not. The files are built by
//! `tools/entities/build_data.py` from registry packages (see `data/README.md`) and decoded once
//! per process on first use.

use std::io::Read;
use std::sync::OnceLock;

use crosscheck::text::normalize_word;
use rustc_hash::FxHashMap as HashMap;

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
    /// (hash of a normalised name, place index, whether it is the place's preferred name),
    /// sorted by hash and index, so that a name's places are one run. Hashes rather than a
    /// map of strings: building 600,000 string keys was most of a small run's time.
    names: Vec<(u64, u32, bool)>,
    /// Where each run of `names` with the same top [`BUCKET_BITS`] hash bits starts (one more
    /// entry than buckets): a lookup bisects a handful of entries, not all 600,000.
    buckets: Vec<u32>,
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

/// Top bits of a name hash that pick its bucket (see `Gazetteer::buckets`).
const BUCKET_BITS: u32 = 16;

/// The hash under which a normalised name is kept.
fn name_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// A place name as the gazetteer keeps it: (hash of its key, place, preferred, words), or
/// `None` for a name with no letters or digits.
fn keyed(name: &str, idx: u32, primary: bool) -> Option<(u64, u32, bool, usize)> {
    let key = name_key(name);
    (!key.is_empty()).then(|| (name_hash(&key), idx, primary, key.split(' ').count()))
}

/// The given-name list: normalised name -> usual gender.
fn load_given_names() -> HashMap<String, Gender> {
    let mut given = HashMap::with_capacity_and_hasher(42_000, Default::default());
    for line in gunzip(GIVEN_NAMES_GZ).lines() {
        let Some((name, gender)) = line.split_once('\t') else {
            continue;
        };
        let gender = match gender {
            "M" => Gender::Male,
            "F" => Gender::Female,
            _ => Gender::Unknown,
        };
        given.insert(normalize_word(name), gender);
    }
    given
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
        // Plain scoped threads, not rayon: this runs inside a `OnceLock` initialiser, and a
        // rayon worker waiting here could steal a job that needs the gazetteer and block on
        // the lock it is itself initialising.
        let (places_text, given) = std::thread::scope(|scope| {
            let given = scope.spawn(load_given_names);
            let places = gunzip(PLACES_GZ);
            (places, given.join().unwrap_or_default())
        });
        let mut g = Gazetteer {
            places: Vec::with_capacity(70_000),
            names: Vec::new(),
            buckets: Vec::new(),
            given,
            by_id: HashMap::with_capacity_and_hasher(70_000, Default::default()),
            max_words: 1,
        };
        // Rows in file order fix the place indices; their names are keyed in parallel.
        let rows: Vec<(&str, PlaceKind, u64, &str, &str)> = places_text
            .lines()
            .filter_map(|line| {
                let mut f = line.split('\t');
                let (Some(id), Some(kind), Some(pop), Some(_cc), Some(name), alts) =
                    (f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
                else {
                    return None;
                };
                let kind = if kind == "country" {
                    PlaceKind::Country
                } else {
                    PlaceKind::City
                };
                Some((id, kind, pop.parse().unwrap_or(0), name, alts.unwrap_or("")))
            })
            .collect();
        let mut countries: HashMap<String, u32> = HashMap::default();
        for &(id, kind, population, name, _) in &rows {
            let idx = g.push(format!("geonames:{id}"), kind, population, name);
            if kind == PlaceKind::Country {
                countries.insert(name_key(name), idx);
            }
        }
        let key_rows = |from: usize, rows: &[(&str, PlaceKind, u64, &str, &str)]| {
            let mut names: Vec<(u64, u32, bool, usize)> = Vec::new();
            for (n, &(_, _, _, name, alts)) in rows.iter().enumerate() {
                let idx = (from + n) as u32;
                names.extend(keyed(name, idx, true));
                for alt in alts.split('|').filter(|a| !a.is_empty()) {
                    names.extend(keyed(alt, idx, false));
                }
            }
            names
        };
        let half = rows.len() / 2;
        let mut names = std::thread::scope(|scope| {
            let second = scope.spawn(|| key_rows(half, &rows[half..]));
            let mut names = key_rows(0, &rows[..half]);
            names.extend(second.join().unwrap_or_default());
            names
        });
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
                _ => {
                    let idx = g.push(id.to_string(), kind, 0, name);
                    names.extend(keyed(name, idx, true));
                    idx
                }
            };
            for alt in alts.unwrap_or("").split('|').filter(|a| !a.is_empty()) {
                names.extend(keyed(alt, idx, true));
            }
        }
        g.max_words = names.iter().map(|n| n.3).max().unwrap_or(1).max(1);
        // Stable: of one name given twice for a place, the first flag stands.
        names.sort_by_key(|&(hash, idx, _, _)| (hash, idx));
        names.dedup_by_key(|&mut (hash, idx, _, _)| (hash, idx));
        g.names = names.into_iter().map(|(h, i, p, _)| (h, i, p)).collect();
        g.buckets = (0..=1usize << BUCKET_BITS)
            .map(|b| {
                let at = g
                    .names
                    .partition_point(|n| ((n.0 >> (64 - BUCKET_BITS)) as usize) < b);
                u32::try_from(at).unwrap_or(u32::MAX)
            })
            .collect();
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
        idx
    }

    /// The place a normalised name most likely means: a preferred name beats an alternate
    /// one, countries beat cities, then the larger population wins. With `feature` (the name
    /// came as "the Dnipro" or "Dnipro River"), rivers, seas and regions come first.
    pub fn place(&self, key: &str, feature: bool) -> Option<&Place> {
        let hash = name_hash(key);
        let bucket = (hash >> (64 - BUCKET_BITS)) as usize;
        let (lo, hi) = match (self.buckets.get(bucket), self.buckets.get(bucket + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            _ => (0, self.names.len()),
        };
        let run = self.names.get(lo..hi).unwrap_or(&[]);
        let from = run.partition_point(|n| n.0 < hash);
        run[from..]
            .iter()
            .take_while(|n| n.0 == hash)
            .map(|&(_, idx, primary)| (idx, primary))
            .max_by_key(|&(idx, primary)| {
                let p = &self.places[idx as usize];
                let rank = match (p.kind, feature) {
                    (PlaceKind::River | PlaceKind::Sea | PlaceKind::Region, true) => 3,
                    (PlaceKind::Country, _) => 2,
                    (PlaceKind::City, _) => 1,
                    _ => 0,
                };
                (primary, rank, p.population, std::cmp::Reverse(idx))
            })
            .map(|(idx, _)| &self.places[idx as usize])
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
