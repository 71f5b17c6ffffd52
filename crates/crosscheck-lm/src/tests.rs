//! Tests on a tiny random-weight GGUF file the tests write themselves, plus one on the real
//! model when it has been fetched.

use super::*;
use candle_core::quantized::gguf_file::Value;
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::DType;
use std::path::PathBuf;

const WIDTH: usize = 64;
const FFN: usize = 96;

/// Writes a two-block Llama with random weights and a byte-level vocabulary of 260 tokens.
fn tiny_gguf(dir: &Path, arch: &str) -> PathBuf {
    let dev = Device::Cpu;
    let mut tokens = vec!["<|endoftext|>".to_string()];
    let mut alphabet: Vec<char> = tokenizers::pre_tokenizers::byte_level::ByteLevel::alphabet()
        .into_iter()
        .collect();
    alphabet.sort_unstable();
    tokens.extend(alphabet.iter().map(char::to_string));
    tokens.extend(["th", "the", "Ġt"].map(String::from));
    let merges = ["t h", "th e", "Ġ t"]
        .map(|m| Value::String(m.into()))
        .to_vec();
    let vocab = tokens.len();
    let strings = |v: &[String]| Value::Array(v.iter().map(|s| Value::String(s.clone())).collect());
    let metadata: Vec<(&str, Value)> = vec![
        ("general.architecture", Value::String(arch.into())),
        ("llama.attention.head_count", Value::U32(2)),
        ("llama.attention.head_count_kv", Value::U32(1)),
        ("llama.block_count", Value::U32(2)),
        ("llama.embedding_length", Value::U32(WIDTH as u32)),
        ("llama.rope.dimension_count", Value::U32(32)),
        ("llama.attention.layer_norm_rms_epsilon", Value::F32(1e-5)),
        ("llama.rope.freq_base", Value::F32(10_000.0)),
        ("tokenizer.ggml.model", Value::String("gpt2".into())),
        ("tokenizer.ggml.tokens", strings(&tokens)),
        ("tokenizer.ggml.merges", Value::Array(merges)),
    ];
    let random = |shape: (usize, usize), dtype| {
        let t = Tensor::randn(0f32, 0.2, shape, &dev).unwrap();
        QTensor::quantize(&t, dtype).unwrap()
    };
    let ones = |n: usize| {
        QTensor::quantize(&Tensor::ones(n, DType::F32, &dev).unwrap(), GgmlDType::F32).unwrap()
    };
    let mut tensors: Vec<(String, QTensor)> = vec![
        (
            "token_embd.weight".into(),
            random((vocab, WIDTH), GgmlDType::Q8_0),
        ),
        ("output_norm.weight".into(), ones(WIDTH)),
    ];
    for b in 0..2 {
        let q4 = GgmlDType::Q4_1;
        tensors.push((format!("blk.{b}.attn_q.weight"), random((WIDTH, WIDTH), q4)));
        tensors.push((format!("blk.{b}.attn_k.weight"), random((32, WIDTH), q4)));
        tensors.push((format!("blk.{b}.attn_v.weight"), random((32, WIDTH), q4)));
        tensors.push((
            format!("blk.{b}.attn_output.weight"),
            random((WIDTH, WIDTH), q4),
        ));
        tensors.push((format!("blk.{b}.ffn_gate.weight"), random((FFN, WIDTH), q4)));
        tensors.push((format!("blk.{b}.ffn_up.weight"), random((FFN, WIDTH), q4)));
        tensors.push((format!("blk.{b}.ffn_down.weight"), random((WIDTH, FFN), q4)));
        tensors.push((format!("blk.{b}.attn_norm.weight"), ones(WIDTH)));
        tensors.push((format!("blk.{b}.ffn_norm.weight"), ones(WIDTH)));
    }
    let path = dir.join("tiny.gguf");
    let mut file = std::fs::File::create(&path).unwrap();
    let meta: Vec<(&str, &Value)> = metadata.iter().map(|(k, v)| (*k, v)).collect();
    let tens: Vec<(&str, &QTensor)> = tensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
    gguf_file::write(&mut file, &meta, &tens).unwrap();
    path
}

/// The log-likelihood of one text by a single forward pass over all of it (no prefix cache,
/// no batching): what the batched path must agree with.
fn plain_score(lm: &LanguageModel, text: &str) -> f32 {
    let mut ids = vec![lm.bpe.start];
    ids.extend(lm.tokenize(text).unwrap());
    let input = Tensor::new(ids.as_slice(), &Device::Cpu)
        .unwrap()
        .unsqueeze(0)
        .unwrap();
    let (lp, _) = lm.model.forward(&input, None, false).unwrap();
    let lp: Vec<Vec<f32>> = lp.squeeze(0).unwrap().to_vec2().unwrap();
    ids.windows(2)
        .enumerate()
        .map(|(i, w)| lp[i][w[1] as usize])
        .sum()
}

#[test]
fn tokenizer_applies_merges_and_splits_words() {
    let dir = tempfile::tempdir().unwrap();
    let lm = LanguageModel::load(&tiny_gguf(dir.path(), "llama")).unwrap();
    let ids = lm.tokenize("the tea").unwrap();
    let name = |i: u32| lm.bpe_token(i);
    let names: Vec<String> = ids.into_iter().map(name).collect();
    assert_eq!(names, ["the", "Ġt", "e", "a"]);
}

#[test]
fn batched_variants_score_as_one_text_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let lm = LanguageModel::load(&tiny_gguf(dir.path(), "llama")).unwrap();
    let variants = [
        "the tea was hot",
        "the tea was cold and old",
        "the cat was hot",
        "th",
        "",
        "the tea was hot!",
        "another text entirely",
        "the tea is 12 degrees",
        "the tea was hot, said the man",
        "the tea was",
    ];
    // Rows sharing a prefix ("the tea was"), so the prefix cache path runs with several rows.
    let related = [
        "the tea was hot",
        "the tea was cold and old",
        "the tea was hot!",
    ];
    for (text, score) in related.iter().zip(lm.log_likelihoods(&related).unwrap()) {
        let plain = plain_score(&lm, text);
        assert!(
            (plain - score).abs() < 1e-3,
            "{text:?}: shared {score} vs plain {plain}"
        );
    }
    let together = lm.log_likelihoods(&variants).unwrap();
    assert_eq!(together.len(), variants.len());
    for (text, score) in variants.iter().zip(&together) {
        let plain = plain_score(&lm, text);
        let alone = lm.log_likelihoods(&[text]).unwrap()[0];
        assert!(
            (plain - score).abs() < 1e-3,
            "{text:?}: batch {score} vs plain {plain}"
        );
        assert!(
            (plain - alone).abs() < 1e-3,
            "{text:?}: alone {alone} vs plain {plain}"
        );
        if text.is_empty() {
            assert_eq!(*score, 0.0);
        } else {
            assert!(score.is_finite() && *score < 0.0, "{text:?}: {score}");
        }
    }
}

#[test]
fn token_log_probs_add_up_to_the_text_and_name_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let lm = LanguageModel::load(&tiny_gguf(dir.path(), "llama")).unwrap();
    let text = "the tea was hot";
    let tokens = lm.token_log_probs(text).unwrap();
    let ranges: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
    // "the" is one merged token; " tea" is "Ġt" (its space left out of the range), "e", "a".
    assert_eq!(&ranges[..4], ["the", "t", "e", "a"]);
    let sum: f32 = tokens.iter().map(|t| t.log_prob).sum();
    let plain = plain_score(&lm, text);
    assert!((sum - plain).abs() < 1e-3, "{sum} vs {plain}");
    assert!(lm.token_log_probs("").unwrap().is_empty());
}

#[test]
fn token_log_probs_read_a_long_text_in_stretches() {
    let dir = tempfile::tempdir().unwrap();
    let lm = LanguageModel::load(&tiny_gguf(dir.path(), "llama")).unwrap();
    let long = "the tea was hot. ".repeat(MAX_TOKENS / 4);
    let n = lm.tokenize(&long).unwrap().len();
    assert!(n > MAX_TOKENS + CARRIED_TOKENS, "{n}");
    let tokens = lm.token_log_probs(&long).unwrap();
    assert_eq!(tokens.len(), n);
    assert!(tokens
        .iter()
        .all(|t| t.log_prob.is_finite() && t.log_prob <= 0.0));
    assert!(tokens
        .windows(2)
        .all(|w| w[0].range.end <= w[1].range.start));
    // The first stretch is the text's own beginning, read as a whole.
    let head: String = long.chars().take(40).collect();
    let alone = lm.token_log_probs(&head).unwrap();
    for (a, b) in alone.iter().zip(&tokens).take(alone.len() - 1) {
        assert_eq!(a.range, b.range);
        assert!((a.log_prob - b.log_prob).abs() < 1e-3);
    }
}

#[test]
fn too_long_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lm = LanguageModel::load(&tiny_gguf(dir.path(), "llama")).unwrap();
    let long = "a ".repeat(MAX_TOKENS + 5);
    let err = lm.log_likelihoods(&[long.as_str()]).unwrap_err();
    assert!(matches!(err, LmError::TooLong { .. }), "{err}");
}

#[test]
fn bad_files_are_errors_that_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.gguf");
    let err = LanguageModel::load(&missing).unwrap_err();
    assert!(matches!(err, LmError::Io { .. }) && err.to_string().contains("absent.gguf"));

    let garbage = dir.path().join("garbage.gguf");
    std::fs::write(&garbage, b"not a model at all, just words").unwrap();
    let err = LanguageModel::load(&garbage).unwrap_err();
    assert!(matches!(err, LmError::Format { .. }) && err.to_string().contains("garbage.gguf"));

    let good = tiny_gguf(dir.path(), "llama");
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.gguf");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = LanguageModel::load(&cut).unwrap_err();
    assert!(err.to_string().contains("cut.gguf"), "{err}");

    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let gpt = tiny_gguf(&other, "gpt2");
    let err = LanguageModel::load(&gpt).unwrap_err();
    assert!(err.to_string().contains("architecture"), "{err}");
}

/// Where `crosscheck models fetch` puts the file (the order `crosscheck-models` searches,
/// repeated here because a model crate imports nothing of the workspace).
fn fetched_model() -> Option<PathBuf> {
    const FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";
    let dir = match std::env::var_os("CROSSCHECK_MODELS") {
        Some(d) => PathBuf::from(d),
        None => match std::env::var_os("XDG_DATA_HOME") {
            Some(d) => PathBuf::from(d).join("crosscheck/models"),
            None => PathBuf::from(std::env::var_os("HOME")?).join(".local/share/crosscheck/models"),
        },
    };
    let path = dir.join(FILE);
    path.is_file().then_some(path)
}

#[test]
fn real_model_prefers_the_original_word() {
    let Some(path) = fetched_model() else {
        eprintln!("skipping: model not fetched (run crosscheck models fetch)");
        return;
    };
    let lm = LanguageModel::load(&path).unwrap();
    assert_eq!(lm.tokenize("Hello world").unwrap().len(), 2);
    let ll = lm
        .log_likelihoods(&[
            "In the present circumstances the supplies cannot be fully delivered.",
            "In the present circumstances the supplies cannot beryllium fully delivered.",
        ])
        .unwrap();
    assert!(ll[0] - ll[1] > 3.0, "{ll:?}");
    // The swapped word is the one the model finds most out of place (its tokens summed).
    let text = "In the present circumstances the supplies cannot beryllium fully delivered.";
    let tokens = lm.token_log_probs(text).unwrap();
    // Tokens that touch make one word.
    let mut words: Vec<(std::ops::Range<usize>, f32)> = Vec::new();
    for t in &tokens {
        match words.last_mut() {
            Some((r, lp)) if r.end == t.range.start => {
                r.end = t.range.end;
                *lp += t.log_prob;
            }
            _ => words.push((t.range.clone(), t.log_prob)),
        }
    }
    let worst = words.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    assert_eq!(&text[worst.0.clone()], "beryllium", "{words:?}");
}
