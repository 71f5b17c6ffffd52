//! The language data behind spin detection: English word and word-pair counts, and a synonym
//! graph of surface forms.
//!
//! Why counts and not a hand list: a spinner swaps a word for a "synonym" from the wrong sense
//! of a thesaurus entry, so what gives it away is a word standing where real English almost
//! never puts it, next to a synonym that real English puts there all the time. Both halves need
//! real data: Google Books unigram and bigram counts (from PyPI `symspellpy`, MIT) and WordNet
//! 3.0 synsets (Debian `wordnet-base`). `tools/build_spin_data.py` turns them into the one
//! compressed file embedded here; `data/README.md` names the sources and their licences.
//!
//! The build script inflates the file; a run decodes it once, on first use, into hash tables
//! (about 25 MB in memory).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Version of the data layout written by `tools/build_spin_data.py`.
pub(crate) const DATA_FORMAT_VERSION: u32 = 1;

const MAGIC: &[u8; 8] = b"XCSPIN01";

/// `data/spin-en.bin.gz`, decompressed by the build script (`build.rs`): inflating 4.5 MB took
/// a quarter of decoding the model, once per process.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/spin-en.bin"));

/// Index of a word in the [`Model`] vocabulary.
pub(crate) type WordId = u32;

/// English word statistics and the synonym graph, decoded from the embedded data.
#[derive(Debug)]
pub(crate) struct Model {
    words: Vec<Box<str>>,
    index: FxHashMap<Box<str>, WordId>,
    /// Counts, bigrams and the synonym graph, by word id.
    tables: Tables,
}

impl Model {
    /// The model built from the data embedded in this crate, decoded on first use.
    pub(crate) fn embedded() -> Result<&'static Model> {
        static MODEL: OnceLock<Result<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| Model::from_raw(EMBEDDED))
            .as_ref()
            .map_err(Clone::clone)
    }

    fn from_raw(raw: &[u8]) -> Result<Model> {
        let mut r = Reader { raw, pos: 0 };
        if r.take(8, "magic")? != MAGIC {
            return Err(r.corrupt("magic"));
        }
        let version = r.u32("format version")?;
        if version != DATA_FORMAT_VERSION {
            return Err(Error::Version {
                found: version,
                expected: DATA_FORMAT_VERSION,
            });
        }
        let n = r.u32("word count")? as usize;
        let mut words: Vec<Box<str>> = Vec::with_capacity(n.min(raw.len()));
        for _ in 0..n {
            let len = r.take(1, "word length")?[0] as usize;
            let bytes = r.take(len, "word")?;
            let word = std::str::from_utf8(bytes).map_err(|_| r.corrupt("word is not UTF-8"))?;
            words.push(word.into());
        }
        // The word index and the bigram table are the two large builds and need nothing from
        // each other: on a handful of documents this decoding is the run's critical path.
        // Plain scoped threads, not rayon: this runs inside a `OnceLock` initialiser, and a
        // rayon worker waiting here could steal a job that needs the model and block on the
        // lock it is itself initialising.
        let (index, tables) = std::thread::scope(|scope| {
            let index = scope.spawn(|| {
                let mut index = FxHashMap::default();
                index.reserve(words.len());
                for (id, word) in words.iter().enumerate() {
                    index.insert(word.clone(), id as WordId);
                }
                index
            });
            let tables = Tables::read(&mut r, n);
            let index = index
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (index, tables)
        });
        Ok(Model {
            words,
            index,
            tables: tables?,
        })
    }

    /// The id of a lower-case word, if it is in the vocabulary.
    #[inline]
    pub(crate) fn id(&self, word: &str) -> Option<WordId> {
        self.index.get(word).copied()
    }

    /// The word with id `id`.
    #[inline]
    pub(crate) fn word(&self, id: WordId) -> &str {
        &self.words[id as usize]
    }

    /// Surface forms a spinner could have replaced with `id`, most frequent first.
    #[inline]
    pub(crate) fn candidates(&self, id: WordId) -> &[WordId] {
        let i = id as usize;
        let (s, e) = (
            self.tables.cand_offsets[i] as usize,
            self.tables.cand_offsets[i + 1] as usize,
        );
        &self.tables.cand_ids[s..e]
    }

    /// `ln P(w)`, the unigram probability.
    #[inline]
    pub(crate) fn ln_p(&self, w: WordId) -> f32 {
        self.tables.ln_unigram[w as usize] - self.tables.ln_total
    }

    /// Whether the pair `a b` is in the bigram list.
    #[inline]
    pub(crate) fn seen(&self, a: WordId, b: WordId) -> bool {
        self.bigram(a, b).is_some()
    }

    /// `ln count(a b)` if the pair is listed.
    #[inline]
    fn bigram(&self, a: WordId, b: WordId) -> Option<f32> {
        let k = key(a, b);
        let h = bloom_hash(k);
        if self.tables.bigram_bits[h >> 6] & (1 << (h & 63)) == 0 {
            return None;
        }
        self.tables.bigrams.get(&k).copied()
    }

    /// `ln P(b | a)`.
    ///
    /// A listed pair gets its relative frequency. An unlisted pair occurred fewer than
    /// `threshold` times, so its probability is at most `threshold / count(a)`; below that bound
    /// we assume independence, `P(b)`. This is what makes an unlisted pair evidence when, and
    /// only when, the two words are frequent enough that independence predicts they would be
    /// listed ("successful the": expected billions of times, seen under a few million).
    #[inline]
    pub(crate) fn ln_p_next(&self, a: WordId, b: WordId, ln_unseen_share: f32) -> f32 {
        self.ln_p_next_listed(a, b, ln_unseen_share).0
    }
}

/// log2 of the number of bits in the bigram filter (1 MiB).
const BLOOM_BITS: u32 = 23;

impl Model {
    /// [`Model::ln_p_next`], and whether the pair is listed.
    #[inline]
    pub(crate) fn ln_p_next_listed(
        &self,
        a: WordId,
        b: WordId,
        ln_unseen_share: f32,
    ) -> (f32, bool) {
        let ln_ca = self.tables.ln_unigram[a as usize] + self.tables.ln_scale;
        match self.bigram(a, b) {
            Some(ln_c) => (ln_c - ln_ca, true),
            None => (
                self.ln_p(b)
                    .min(ln_unseen_share + self.tables.ln_threshold - ln_ca),
                false,
            ),
        }
    }
}

#[inline]
fn bloom_hash(k: u64) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BLOOM_BITS)) as usize
}

#[inline]
fn key(a: WordId, b: WordId) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn dequantize(q: u16) -> f32 {
    f32::from(q) / 1000.0
}

/// Everything in the data after the words: counts, bigrams and the synonym graph.
#[derive(Debug)]
struct Tables {
    /// Natural log of each word's unigram count.
    ln_unigram: Vec<f32>,
    /// Natural log of each listed bigram's count, keyed by `(a << 32) | b`.
    bigrams: FxHashMap<u64, f32>,
    /// One bit per hash of a listed bigram: most lookups are of unlisted pairs, and this
    /// answers them from a table that stays in cache.
    bigram_bits: Vec<u64>,
    /// `ln(total unigram count)`.
    ln_total: f32,
    /// `ln(smallest listed bigram count)`: every unlisted pair occurs fewer times than this.
    ln_threshold: f32,
    /// `ln(k)` where bigram counts are `k` times the scale of unigram counts.
    ln_scale: f32,
    cand_offsets: Vec<u32>,
    cand_ids: Vec<WordId>,
}

impl Tables {
    /// Read the tables of a vocabulary of `n` words, to the end of the data.
    fn read(r: &mut Reader<'_>, n: usize) -> Result<Tables> {
        let ln_unigram = (0..n)
            .map(|_| r.u16("unigram count").map(dequantize))
            .collect::<Result<Vec<f32>>>()?;
        let total = r.f64("total")?;
        let threshold = r.f64("threshold")?;
        let scale = r.f64("scale")?;
        let nb = r.u32("bigram count")? as usize;
        let left = r.u32s(nb, "bigram left")?;
        let right = r.u32s(nb, "bigram right")?;
        let mut bigrams = FxHashMap::default();
        bigrams.reserve(nb);
        let mut bigram_bits = vec![0u64; 1 << (BLOOM_BITS - 6)];
        for i in 0..nb {
            let c = dequantize(r.u16("bigram count")?);
            if left[i] as usize >= n || right[i] as usize >= n {
                return Err(r.corrupt("bigram word id out of range"));
            }
            let k = key(left[i], right[i]);
            bigrams.insert(k, c);
            let h = bloom_hash(k);
            bigram_bits[h >> 6] |= 1 << (h & 63);
        }
        let cand_offsets = r.u32s(n + 1, "candidate offsets")?;
        let total_cands = cand_offsets.last().copied().unwrap_or(0) as usize;
        let cand_ids = r.u32s(total_cands, "candidates")?;
        if cand_offsets.windows(2).any(|w| w[0] > w[1]) || cand_ids.iter().any(|&c| c as usize >= n)
        {
            return Err(r.corrupt("candidate table out of range"));
        }
        if r.pos != r.raw.len() {
            return Err(r.corrupt("trailing bytes"));
        }
        Ok(Tables {
            ln_unigram,
            bigrams,
            bigram_bits,
            ln_total: total.ln() as f32,
            ln_threshold: threshold.ln() as f32,
            ln_scale: scale.ln() as f32,
            cand_offsets,
            cand_ids,
        })
    }
}

struct Reader<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn corrupt(&self, reason: &'static str) -> Error {
        Error::Corrupt {
            offset: self.pos,
            reason,
        }
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.raw.len());
        let Some(end) = end else {
            return Err(self.corrupt(what));
        };
        let out = &self.raw[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u16(&mut self, what: &'static str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &'static str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f64(&mut self, what: &'static str) -> Result<f64> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }

    fn u32s(&mut self, n: usize, what: &'static str) -> Result<Vec<u32>> {
        let bytes = self.take(n.checked_mul(4).ok_or(self.corrupt(what))?, what)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads_and_links_element_symbols() {
        let m = Model::embedded().expect("embedded data");
        let at = m.id("at").expect("at");
        let astatine = m.id("astatine").expect("astatine");
        assert!(m.candidates(astatine).contains(&at));
        let successful = m.id("successful").expect("successful");
        assert!(m.candidates(successful).contains(&m.id("in").expect("in")));
        assert!(m.seen(m.id("in").expect("in"), m.id("the").expect("the")));
    }

    #[test]
    fn us_spellings_share_the_bigrams_of_their_uk_twins() {
        // The source lists file every bigram under the UK spelling; without the twins,
        // American copy ("the center", "city center") reads as unlisted pairs.
        let m = Model::embedded().expect("embedded data");
        let id = |w: &str| m.id(w).expect(w);
        for (us, uk, left) in [("center", "centre", "the"), ("center", "centre", "city")] {
            assert!(m.seen(id(left), id(uk)), "{left} {uk}");
            assert!(m.seen(id(left), id(us)), "{left} {us}");
        }
        assert!(m.seen(id("of"), id("color")));
    }

    #[test]
    fn corrupt_data_is_an_error_not_a_panic() {
        assert!(matches!(
            Model::from_raw(&EMBEDDED[..EMBEDDED.len() - 1]),
            Err(Error::Corrupt { .. })
        ));
        assert!(matches!(
            Model::from_raw(b"XCSPIN01\x01\0\0\0\xff\xff\xff\x00"),
            Err(Error::Corrupt { .. })
        ));
    }
}
