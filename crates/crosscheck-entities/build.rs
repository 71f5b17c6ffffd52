//! Compiles the gazetteer into the table the crate embeds (layout: `src/gazetteer/layout.rs`).
//!
//! Why at build time: keying, hashing and sorting 285,000 place names and 42,000 given names
//! took about 0.15 s of every process that met a name, most of the wall time of analysing five
//! articles. Done here, a run reads the table where it lies. The keys come from
//! `crosscheck-fold`, the functions a run folds its own words with, so the two cannot drift.

// A build script talks to cargo on standard output.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;
use std::error::Error;
use std::io::Read;
use std::path::PathBuf;

use crosscheck_fold::{name_key, normalize_word};

#[allow(dead_code)]
#[path = "src/gazetteer/layout.rs"]
mod layout;

use layout::{Gender, PlaceKind};

const PLACES: &str = "data/places.tsv.gz";
const PLACES_EXTRA: &str = "data/places_extra.tsv";
const GIVEN_NAMES: &str = "data/given_names.txt.gz";

/// One place as the table keeps it.
struct Place {
    id: String,
    kind: PlaceKind,
    population: u64,
    name: String,
}

/// A keyed name: (hash of its key, place, preferred).
type Name = (u64, u32, bool);

fn main() -> Result<(), Box<dyn Error>> {
    for input in [PLACES, PLACES_EXTRA, GIVEN_NAMES, "src/gazetteer/layout.rs"] {
        println!("cargo:rerun-if-changed={input}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let table = compile()?;
    std::fs::write(out.join("gazetteer.bin"), table)?;
    Ok(())
}

fn gunzip(path: &str) -> Result<String, Box<dyn Error>> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .map_err(|e| format!("{path}: {e}"))?;
    Ok(text)
}

/// A place name keyed, or `None` for a name with no letters or digits.
fn keyed(name: &str, idx: u32, primary: bool) -> Option<Name> {
    let key = name_key(name);
    (!key.is_empty()).then(|| (layout::name_hash(&key), idx, primary))
}

fn compile() -> Result<Vec<u8>, Box<dyn Error>> {
    let mut places: Vec<Place> = Vec::with_capacity(70_000);
    let mut names: Vec<Name> = Vec::new();
    let mut countries: HashMap<String, u32> = HashMap::new();
    let push = |places: &mut Vec<Place>, id: String, kind, population, name: &str| {
        let idx = places.len() as u32;
        places.push(Place {
            id,
            kind,
            population,
            name: name.to_string(),
        });
        idx
    };

    // GeoNames rows, in file order: id, kind, population, country code, name, alternate names.
    for line in gunzip(PLACES)?.lines() {
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
        let idx = push(
            &mut places,
            format!("geonames:{id}"),
            kind,
            pop.parse().unwrap_or(0),
            name,
        );
        if kind == PlaceKind::Country {
            countries.insert(name_key(name), idx);
        }
        names.extend(keyed(name, idx, true));
        for alt in alts.unwrap_or("").split('|').filter(|a| !a.is_empty()) {
            names.extend(keyed(alt, idx, false));
        }
    }

    // The hand supplement: rivers, seas, regions, and more names for known countries.
    let extra =
        std::fs::read_to_string(PLACES_EXTRA).map_err(|e| format!("{PLACES_EXTRA}: {e}"))?;
    for line in extra.lines() {
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
                let idx = push(&mut places, id.to_string(), kind, 0, name);
                names.extend(keyed(name, idx, true));
                idx
            }
        };
        for alt in alts.unwrap_or("").split('|').filter(|a| !a.is_empty()) {
            names.extend(keyed(alt, idx, true));
        }
    }

    // Stable: of one name given twice for a place, the first flag stands.
    names.sort_by_key(|&(hash, idx, _)| (hash, idx));
    names.dedup_by_key(|&mut (hash, idx, _)| (hash, idx));

    // An id given twice names its last place, as a map filled in file order would.
    let mut by_id: HashMap<&str, u32> = HashMap::new();
    for (idx, place) in places.iter().enumerate() {
        by_id.insert(&place.id, idx as u32);
    }
    let mut ids: Vec<(&str, u32)> = by_id.into_iter().collect();
    ids.sort_unstable();

    // Given names: normalised name -> usual gender, a later line overriding an earlier one.
    let mut given: HashMap<String, Gender> = HashMap::new();
    for line in gunzip(GIVEN_NAMES)?.lines() {
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
    let mut given: Vec<(u64, Gender)> = given
        .iter()
        .map(|(name, &gender)| (layout::name_hash(name), gender))
        .collect();
    given.sort_unstable_by_key(|&(hash, gender)| (hash, gender.code()));
    given.dedup_by_key(|g| g.0);

    write(&places, &names, &ids, &given)
}

fn count(n: usize) -> Result<[u8; 4], Box<dyn Error>> {
    Ok(u32::try_from(n)?.to_le_bytes())
}

fn write(
    places: &[Place],
    names: &[Name],
    ids: &[(&str, u32)],
    given: &[(u64, Gender)],
) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut strings = String::new();
    let mut place_records = Vec::with_capacity(places.len() * layout::PLACE_LEN);
    for place in places {
        let id_at = count(strings.len())?;
        strings.push_str(&place.id);
        let name_at = count(strings.len())?;
        strings.push_str(&place.name);
        place_records.extend(place.population.to_le_bytes());
        place_records.extend(id_at);
        place_records.extend(name_at);
        place_records.extend(u16::try_from(place.id.len())?.to_le_bytes());
        place_records.extend(u16::try_from(place.name.len())?.to_le_bytes());
        place_records.extend([place.kind.code(), 0, 0, 0]);
    }

    let mut table = Vec::new();
    table.extend(layout::MAGIC);
    for n in [
        places.len(),
        names.len(),
        ids.len(),
        given.len(),
        strings.len(),
    ] {
        table.extend(count(n)?);
    }
    table.extend(place_records);
    for &(hash, idx, primary) in names {
        table.extend(hash.to_le_bytes());
        let flag = if primary { layout::PRIMARY_BIT } else { 0 };
        table.extend((idx | flag).to_le_bytes());
    }
    for bucket in 0..=layout::BUCKETS {
        let at = names.partition_point(|n| layout::bucket_of(n.0) < bucket);
        table.extend(count(at)?);
    }
    for &(_, idx) in ids {
        table.extend(idx.to_le_bytes());
    }
    for &(hash, gender) in given {
        table.extend(hash.to_le_bytes());
        table.push(gender.code());
    }
    table.extend(strings.as_bytes());
    Ok(table)
}
