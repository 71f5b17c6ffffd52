//! The compiled gazetteer's byte layout: written by the crate's build script (`build.rs`, which
//! includes this file by path), read by [`super`]. One file, so writer and reader cannot
//! disagree on an offset.
//!
//! All integers are little-endian. The table is, in order:
//!
//! | section | size | what |
//! |---|---|---|
//! | header | [`HEADER_LEN`] | [`MAGIC`], then five `u32`: places, names, ids, given names, string bytes |
//! | places | places × [`PLACE_LEN`] | population `u64`, id offset `u32`, name offset `u32`, id length `u16`, name length `u16`, [`PlaceKind`] code `u8`, 3 bytes padding |
//! | names | names × [`NAME_LEN`] | hash of the name's key `u64`, place index `u32` with [`PRIMARY_BIT`] set for a preferred name; sorted by hash, then place |
//! | buckets | ([`BUCKETS`] + 1) × `u32` | where the names whose hash has each top [`BUCKET_BITS`] bits start |
//! | ids | ids × `u32` | for each distinct id, the last place given it; sorted by id |
//! | given | given × [`GIVEN_LEN`] | hash of the normalised given name `u64`, [`Gender`] code `u8`; sorted by hash |
//! | strings | string bytes | ids and preferred names, UTF-8 |

/// First bytes of the table; the last byte is the layout's version.
pub const MAGIC: &[u8; 8] = b"ccgazet\x01";
/// Bytes of the header: the magic and five counts.
pub const HEADER_LEN: usize = 8 + 5 * 4;
/// Bytes of one place record.
pub const PLACE_LEN: usize = 24;
/// Bytes of one name record.
pub const NAME_LEN: usize = 12;
/// Bytes of one given-name record.
pub const GIVEN_LEN: usize = 9;
/// Set in a name record's place index when the name is the place's preferred one.
pub const PRIMARY_BIT: u32 = 1 << 31;
/// Top bits of a name hash that pick its bucket: a lookup bisects a handful of names, not all.
pub const BUCKET_BITS: u32 = 16;
/// How many buckets there are.
pub const BUCKETS: usize = 1 << BUCKET_BITS;

/// The hash under which a name's key (or a normalised given name) is kept.
pub fn name_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// The bucket of a name hash.
pub fn bucket_of(hash: u64) -> usize {
    (hash >> (64 - BUCKET_BITS)) as usize
}

/// What sort of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// A populated place.
    City,
    /// A country.
    Country,
    /// A river (hand supplement).
    River,
    /// A sea (hand supplement).
    Sea,
    /// A region (hand supplement).
    Region,
}

impl PlaceKind {
    /// The kind's byte in the table.
    // Written by the build script; the crate itself only reads.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn code(self) -> u8 {
        match self {
            PlaceKind::City => 0,
            PlaceKind::Country => 1,
            PlaceKind::River => 2,
            PlaceKind::Sea => 3,
            PlaceKind::Region => 4,
        }
    }

    /// The kind a table byte stands for.
    pub fn from_code(code: u8) -> PlaceKind {
        match code {
            1 => PlaceKind::Country,
            2 => PlaceKind::River,
            3 => PlaceKind::Sea,
            4 => PlaceKind::Region,
            _ => PlaceKind::City,
        }
    }
}

/// The gender a given name usually has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    /// Usually a man's name.
    Male,
    /// Usually a woman's name.
    Female,
    /// Given to both, or not known.
    Unknown,
}

impl Gender {
    /// The gender's byte in the table.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn code(self) -> u8 {
        match self {
            Gender::Male => 0,
            Gender::Female => 1,
            Gender::Unknown => 2,
        }
    }

    /// The gender a table byte stands for.
    pub fn from_code(code: u8) -> Gender {
        match code {
            0 => Gender::Male,
            1 => Gender::Female,
            _ => Gender::Unknown,
        }
    }
}
