//! Tests on a tiny model the tests write themselves (random weights, two layers, a vocabulary
//! of a few pieces), so the parser, tokenizer and encoder run in every build.

use rustc_hash::FxHashMap;

use crate::format::write::{image, Raw};
use crate::format::{Config, Vocab, BLOCK, DTYPE_F32, DTYPE_Q4_0};
use crate::{E5Model, EmbedError, Prefix};

/// A small deterministic generator (xorshift), so the weights are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn float(&mut self) -> f32 {
        (self.next() % 2000) as f32 / 1000.0 - 1.0
    }
}

fn config() -> Config {
    Config {
        hidden: 64,
        layers: 2,
        heads: 4,
        ffn: 128,
        vocab_rows: 40,
        max_positions: 24,
        type_vocab: 2,
        eps: 1e-12,
    }
}

fn vocab() -> Vocab {
    let mut pieces: Vec<String> = [
        "<s>",
        "<pad>",
        "</s>",
        "<unk>",
        "▁",
        "▁query",
        ":",
        "▁passage",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for w in [
        "▁the", "▁bank", "▁el", "▁banco", "▁rates", "▁tipos", "s", "a", "e", "o",
    ] {
        pieces.push(w.to_owned());
    }
    let scores = (0..pieces.len()).map(|i| -(i as f32) / 4.0).collect();
    let mut normalise = FxHashMap::default();
    normalise.insert('\t', vec![' ']);
    Vocab {
        pieces,
        scores,
        bos: 0,
        eos: 2,
        pad: 1,
        unk: 3,
        normalise,
    }
}

fn f32s(name: &str, values: usize, rng: &mut Rng, around: f32, spread: f32) -> Raw {
    let data = (0..values)
        .flat_map(|_| (around + spread * rng.float()).to_le_bytes())
        .collect();
    Raw {
        name: name.to_owned(),
        dtype: DTYPE_F32,
        values,
        data,
    }
}

fn q4(name: &str, values: usize, rng: &mut Rng) -> Raw {
    let mut data = Vec::with_capacity(values / BLOCK * 18);
    for _ in 0..values / BLOCK {
        // Scale 2^-4 as f16 bits, then 16 bytes of random nibbles.
        data.extend_from_slice(&0x2C00u16.to_le_bytes());
        data.extend((0..16).map(|_| rng.next() as u8));
    }
    Raw {
        name: name.to_owned(),
        dtype: DTYPE_Q4_0,
        values,
        data,
    }
}

fn tiny_model_bytes() -> Vec<u8> {
    let c = config();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (h, f) = (c.hidden, c.ffn);
    let mut t = vec![
        q4("emb.word", c.vocab_rows * h, &mut rng),
        f32s("emb.pos", c.max_positions * h, &mut rng, 0.0, 0.1),
        f32s("emb.type", c.type_vocab * h, &mut rng, 0.0, 0.1),
        f32s("emb.ln.w", h, &mut rng, 1.0, 0.1),
        f32s("emb.ln.b", h, &mut rng, 0.0, 0.1),
    ];
    for l in 0..c.layers {
        for (name, rows, cols) in [
            ("q", h, h),
            ("k", h, h),
            ("v", h, h),
            ("ao", h, h),
            ("fi", f, h),
            ("fo", h, f),
        ] {
            t.push(q4(&format!("l{l}.{name}.w"), rows * cols, &mut rng));
            t.push(f32s(&format!("l{l}.{name}.b"), rows, &mut rng, 0.0, 0.1));
        }
        for name in ["aln", "oln"] {
            t.push(f32s(&format!("l{l}.{name}.w"), h, &mut rng, 1.0, 0.1));
            t.push(f32s(&format!("l{l}.{name}.b"), h, &mut rng, 0.0, 0.1));
        }
    }
    image(&c, &vocab(), &t)
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn a_written_model_loads_from_a_file_and_embeds_unit_vectors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("tiny-e5.bin");
    std::fs::write(&path, tiny_model_bytes()).expect("write");
    let model = E5Model::load(&path).expect("tiny model loads");
    assert_eq!(model.dim(), 64);
    let v = model
        .embed(&["the bank", "el banco", "the bank"], Prefix::Query)
        .expect("embeds");
    assert_eq!(v.len(), 3);
    for x in &v {
        assert_eq!(x.len(), 64);
        assert!((cosine(x, x) - 1.0).abs() < 1e-4);
    }
    assert!((cosine(&v[0], &v[2]) - 1.0).abs() < 1e-5);
    assert!(cosine(&v[0], &v[1]) < 0.9999);
}

#[test]
fn padding_in_a_batch_changes_no_vector() {
    let model = E5Model::from_bytes(&tiny_model_bytes()).expect("loads");
    let texts = ["the", "the bank rates tipos el banco", "bank"];
    let batched = model.embed(&texts, Prefix::Passage).expect("embeds");
    for (text, v) in texts.iter().zip(&batched) {
        let alone = model.embed(&[text], Prefix::Passage).expect("embeds");
        assert!(cosine(v, &alone[0]) > 0.99999, "{text}");
    }
}

#[test]
fn token_ids_carry_the_prefix_the_specials_and_fit_the_model() {
    let model = E5Model::from_bytes(&tiny_model_bytes()).expect("loads");
    // <s> ▁query : ▁the ▁bank </s>
    assert_eq!(
        model.token_ids("the bank", Prefix::Query),
        vec![0, 5, 6, 8, 9, 2]
    );
    assert_eq!(model.token_ids("the", Prefix::Passage), vec![0, 7, 6, 8, 2]);
    let long = "the bank ".repeat(100);
    let ids = model.token_ids(&long, Prefix::Query);
    assert_eq!(ids.len(), 24);
    assert_eq!(ids.last(), Some(&2));
    assert_eq!(
        model
            .embed(&[long.as_str()], Prefix::Query)
            .expect("embeds")[0]
            .len(),
        64
    );
    assert!(model.embed(&[], Prefix::Query).expect("empty").is_empty());
}

#[test]
fn a_bad_file_is_an_error_not_a_panic() {
    let bytes = tiny_model_bytes();
    for cut in [0, 3, 40, 200, bytes.len() / 2, bytes.len() - 1] {
        let err = E5Model::from_bytes(&bytes[..cut]).expect_err("truncated file");
        assert!(
            matches!(err, EmbedError::Format { .. }),
            "cut at {cut}: {err}"
        );
    }
    let mut wrong = bytes.clone();
    wrong[0] = b'X';
    assert!(E5Model::from_bytes(&wrong).is_err());
    // Hidden size 63 cannot split into heads or blocks.
    let mut odd = bytes;
    odd[8..12].copy_from_slice(&63i32.to_le_bytes());
    assert!(E5Model::from_bytes(&odd).is_err());
    let missing = E5Model::load("no such model file.bin".as_ref()).expect_err("missing");
    assert!(matches!(missing, EmbedError::Io { .. }));
}
