//! The embedded gazetteers: places with alternate names, and given names with gender.
//!
//! Why embedded: exonyms (Kiev/Kyiv, Kharkov/Kharkiv) are not linked by any edit distance, and no
//! NER model loads offline here, so a real list of places with their alternate names is what
//! tells "Kharkov" is "Kharkiv" and "Kherson" is not. The files are built by
//! `tools/entities/build_data.py` from registry packages (see `data/README.md`); the crate's
//! build script keys, sorts and buckets them into one table ([`layout`]) that is compiled in,
//! so a lookup reads it where it lies and no run decodes the lists first.

mod layout;

use std::sync::OnceLock;

pub(crate) use crosscheck_fold::name_key;
pub(crate) use layout::{Gender, PlaceKind};

use layout::{name_hash, BUCKETS, GIVEN_LEN, HEADER_LEN, NAME_LEN, PLACE_LEN, PRIMARY_BIT};

/// The table `build.rs` compiles from `data/`.
static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// One gazetteer place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    /// Stable id: `geonames:703448`, or `river:dnipro` for the hand supplement.
    pub id: &'static str,
    pub kind: PlaceKind,
    pub population: u64,
    /// The preferred name ("Kyiv").
    pub name: &'static str,
}

/// Places by normalised name, and given names: views into [`TABLE`].
pub(crate) struct Gazetteer {
    places: &'static [u8],
    /// Name records sorted by hash, then place: a name's places are one run.
    names: &'static [u8],
    /// Where the names of each hash bucket start (one more entry than buckets).
    buckets: &'static [u8],
    ids: &'static [u8],
    given: &'static [u8],
    strings: &'static str,
}

/// The process-wide gazetteer.
pub(crate) fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    // The table is made by our own build script and checked by tests; were it ever unreadable,
    // names would go unrecognised rather than take the process down.
    GAZETTEER.get_or_init(|| Gazetteer::open(TABLE).unwrap_or_else(Gazetteer::empty))
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

fn u16_at(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..at + 2)
        .and_then(|b| b.try_into().ok())
        .map_or(0, |b| u16::from_le_bytes(b) as usize)
}

/// The first index of `range` that `before` is false for, all those it is true for coming
/// first (a slice's `partition_point`, over records read in place).
fn first_not_before(range: std::ops::Range<usize>, before: impl Fn(usize) -> bool) -> usize {
    let (mut from, mut to) = (range.start, range.end);
    while from < to {
        let mid = from + (to - from) / 2;
        if before(mid) {
            from = mid + 1;
        } else {
            to = mid;
        }
    }
    from
}

/// Why a table cannot be read.
#[derive(Debug)]
struct Unreadable;

impl Gazetteer {
    /// A view of `table`, with every section's bounds checked once.
    fn open(table: &'static [u8]) -> Result<Gazetteer, Unreadable> {
        if table.get(..layout::MAGIC.len()) != Some(&layout::MAGIC[..]) {
            return Err(Unreadable);
        }
        let field = |i: usize| u32_at(table, layout::MAGIC.len() + 4 * i) as usize;
        let (places, names, ids, given, strings) =
            (field(0), field(1), field(2), field(3), field(4));
        let mut rest = table.get(HEADER_LEN..).ok_or(Unreadable)?;
        let mut take = |len: usize| -> Result<&'static [u8], Unreadable> {
            let (section, after) = rest.split_at_checked(len).ok_or(Unreadable)?;
            rest = after;
            Ok(section)
        };
        let gazetteer = Gazetteer {
            places: take(places * PLACE_LEN)?,
            names: take(names * NAME_LEN)?,
            buckets: take((BUCKETS + 1) * 4)?,
            ids: take(ids * 4)?,
            given: take(given * GIVEN_LEN)?,
            strings: std::str::from_utf8(take(strings)?).map_err(|_| Unreadable)?,
        };
        // Bytes past the last section mean the counts do not describe this table.
        if !rest.is_empty() {
            return Err(Unreadable);
        }
        Ok(gazetteer)
    }

    /// A gazetteer that knows no name.
    fn empty(_: Unreadable) -> Gazetteer {
        Gazetteer {
            places: &[],
            names: &[],
            buckets: &[],
            ids: &[],
            given: &[],
            strings: "",
        }
    }

    fn place_count(&self) -> usize {
        self.places.len() / PLACE_LEN
    }

    /// The place at index `idx`.
    fn place_at(&self, idx: usize) -> Place {
        let at = idx * PLACE_LEN;
        let text = |offset: usize, len: usize| {
            let from = u32_at(self.places, at + offset) as usize;
            self.strings
                .get(from..from + u16_at(self.places, at + len))
                .unwrap_or("")
        };
        Place {
            id: text(8, 16),
            kind: PlaceKind::from_code(self.places.get(at + 20).copied().unwrap_or(0)),
            population: u64_at(self.places, at),
            name: text(12, 18),
        }
    }

    /// The place a normalised name most likely means: a preferred name beats an alternate
    /// one, countries beat cities, then the larger population wins. With `feature` (the name
    /// came as "the Dnipro" or "Dnipro River"), rivers, seas and regions come first.
    pub fn place(&self, key: &str, feature: bool) -> Option<Place> {
        let hash = name_hash(key);
        let bucket = layout::bucket_of(hash);
        let lo = u32_at(self.buckets, bucket * 4) as usize;
        let hi = (u32_at(self.buckets, (bucket + 1) * 4) as usize).min(self.names.len() / NAME_LEN);
        let hash_at = |i: usize| u64_at(self.names, i * NAME_LEN);
        let from = first_not_before(lo..hi.max(lo), |i| hash_at(i) < hash);
        (from..hi)
            .take_while(|&i| hash_at(i) == hash)
            .map(|i| {
                let packed = u32_at(self.names, i * NAME_LEN + 8);
                (packed & !PRIMARY_BIT, packed & PRIMARY_BIT != 0)
            })
            .filter(|&(idx, _)| (idx as usize) < self.place_count())
            .max_by_key(|&(idx, primary)| {
                let p = self.place_at(idx as usize);
                let rank = match (p.kind, feature) {
                    (PlaceKind::River | PlaceKind::Sea | PlaceKind::Region, true) => 3,
                    (PlaceKind::Country, _) => 2,
                    (PlaceKind::City, _) => 1,
                    _ => 0,
                };
                (primary, rank, p.population, std::cmp::Reverse(idx))
            })
            .map(|(idx, _)| self.place_at(idx as usize))
    }

    /// The preferred name of the place with id `id` ("Kyiv" for `geonames:703448`).
    pub fn name_of(&self, id: &str) -> Option<String> {
        let idx_at = |i: usize| u32_at(self.ids, i * 4) as usize;
        let count = self.ids.len() / 4;
        let from = first_not_before(0..count, |i| self.place_at(idx_at(i)).id < id);
        (from < count)
            .then(|| self.place_at(idx_at(from)))
            .filter(|p| p.id == id)
            .map(|p| p.name.to_string())
    }

    /// The gender of a given name (normalised), or `None` when it is not a known given name.
    pub fn given_name(&self, key: &str) -> Option<Gender> {
        let hash = name_hash(key);
        let count = self.given.len() / GIVEN_LEN;
        let hash_at = |i: usize| u64_at(self.given, i * GIVEN_LEN);
        let from = first_not_before(0..count, |i| hash_at(i) < hash);
        (from < count && hash_at(from) == hash)
            .then(|| Gender::from_code(self.given.get(from * GIVEN_LEN + 8).copied().unwrap_or(2)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exonyms_meet_in_one_place() {
        let g = gazetteer();
        let kyiv = g.place("kyiv", false).map(|p| p.id);
        assert!(kyiv.is_some());
        assert_eq!(g.place("kiev", false).map(|p| p.id), kyiv);
        assert_eq!(
            g.place("kharkov", false).map(|p| p.id),
            g.place("kharkiv", false).map(|p| p.id)
        );
        assert_ne!(
            g.place("kherson", false).map(|p| p.id),
            g.place("kharkiv", false).map(|p| p.id)
        );
        assert_eq!(g.place("dnieper", true).map(|p| p.id), Some("river:dnipro"));
        assert_eq!(
            g.place("russian federation", false).map(|p| p.name),
            Some("Russia")
        );
        assert_eq!(g.given_name("dmitry"), Some(Gender::Male));
        assert_eq!(g.given_name("hillary"), Some(Gender::Female));
    }

    #[test]
    fn the_compiled_table_opens_whole() {
        let g = Gazetteer::open(TABLE).expect("the table the build script wrote");
        assert!(g.place_count() > 60_000, "{} places", g.place_count());
        assert!(g.given.len() / GIVEN_LEN > 30_000);
        // Every id leads back to a place whose own id it is, and its names lead to a place.
        for idx in (0..g.place_count()).step_by(97) {
            let place = g.place_at(idx);
            assert_eq!(
                g.name_of(place.id).as_deref(),
                Some(place.name),
                "{}",
                place.id
            );
            assert!(
                g.place(&name_key(place.name), false).is_some(),
                "{}",
                place.name
            );
        }
        assert_eq!(g.name_of("geonames:no-such-place"), None);
        assert!(g.place("no such place anywhere", false).is_none());
    }

    #[test]
    fn codes_read_back_as_written() {
        use PlaceKind::*;
        for kind in [City, Country, River, Sea, Region] {
            assert_eq!(PlaceKind::from_code(kind.code()), kind);
        }
        for gender in [Gender::Male, Gender::Female, Gender::Unknown] {
            assert_eq!(Gender::from_code(gender.code()), gender);
        }
    }

    #[test]
    fn a_damaged_table_is_refused_not_read() {
        assert!(Gazetteer::open(&TABLE[..TABLE.len() - 1]).is_err());
        assert!(Gazetteer::open(&TABLE[1..]).is_err());
        let longer: &'static [u8] = [TABLE, b"x"].concat().leak();
        assert!(Gazetteer::open(longer).is_err());
        assert!(Gazetteer::open(&[]).is_err());
        let g = Gazetteer::empty(Unreadable);
        assert!(g.place("kyiv", false).is_none() && g.given_name("dmitry").is_none());
    }
}
