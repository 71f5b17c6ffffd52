//! The Llama forward pass over quantized GGUF weights, keeping the logits of every position.
//!
//! Follows candle-transformers' `quantized_llama` (same tensor names, interleaved rotary
//! embedding as llama.cpp's converter expects for `llama`), with two differences that scoring
//! needs: the forward returns logits for every position, not only the last, and the key/value
//! cache is a value the caller holds (a shared prefix is run once, then each variant's suffix
//! runs as one row of a batch on top of it), so the model itself is immutable and `Sync`.

use candle_core::quantized::gguf_file::{Content, Value};
use candle_core::quantized::{QMatMul, QTensor};
use candle_core::{DType, Device, Module, Tensor, D};
use candle_transformers::quantized_nn::RmsNorm;
use std::io::{Read, Seek};

/// The weights of one transformer block.
struct Block {
    attn_norm: RmsNorm,
    wq: QMatMul,
    wk: QMatMul,
    wv: QMatMul,
    wo: QMatMul,
    ffn_norm: RmsNorm,
    gate: QMatMul,
    down: QMatMul,
    up: QMatMul,
}

/// Keys and values of every block for a run of tokens (batch 1), to continue from.
pub(crate) struct Cache {
    kv: Vec<(Tensor, Tensor)>,
    len: usize,
}

/// A loaded Llama-architecture model.
pub(crate) struct Llama {
    embed: candle_nn::Embedding,
    blocks: Vec<Block>,
    norm: RmsNorm,
    output: QMatMul,
    cos: Tensor,
    sin: Tensor,
    n_head: usize,
    n_kv_head: usize,
    head_dim: usize,
    /// Positions the rotary tables cover.
    pub(crate) max_positions: usize,
}

fn meta_u32(content: &Content, key: &str) -> Result<usize, String> {
    match content.metadata.get(key) {
        Some(v) => v
            .to_u32()
            .map(|n| n as usize)
            .map_err(|_| format!("metadata `{key}` is not an integer")),
        None => Err(format!("metadata `{key}` is missing")),
    }
}

fn meta_f32(content: &Content, key: &str, default: f32) -> Result<f32, String> {
    match content.metadata.get(key) {
        Some(v) => v
            .to_f32()
            .map_err(|_| format!("metadata `{key}` is not a float")),
        None => Ok(default),
    }
}

impl Llama {
    /// Reads the weights; `Err` is a message the caller attaches to the file's path.
    pub(crate) fn from_gguf<R: Read + Seek>(
        content: &Content,
        reader: &mut R,
        max_positions: usize,
    ) -> Result<Self, String> {
        match content.metadata.get("general.architecture") {
            Some(Value::String(a)) if a == "llama" => {}
            Some(Value::String(a)) => return Err(format!("architecture `{a}` is not `llama`")),
            _ => return Err("metadata `general.architecture` is missing".into()),
        }
        let n_head = meta_u32(content, "llama.attention.head_count")?;
        let n_kv_head = meta_u32(content, "llama.attention.head_count_kv")?;
        let n_block = meta_u32(content, "llama.block_count")?;
        let n_embd = meta_u32(content, "llama.embedding_length")?;
        let rope_dim = meta_u32(content, "llama.rope.dimension_count")?;
        let eps = f64::from(meta_f32(
            content,
            "llama.attention.layer_norm_rms_epsilon",
            1e-5,
        )?);
        let freq_base = meta_f32(content, "llama.rope.freq_base", 10_000.0)?;
        if n_head == 0 || n_kv_head == 0 || n_embd % n_head != 0 || n_head % n_kv_head != 0 {
            return Err(format!(
                "{n_head} heads, {n_kv_head} key/value heads and width {n_embd} do not divide"
            ));
        }
        let head_dim = n_embd / n_head;
        if rope_dim != head_dim || head_dim % 2 != 0 {
            return Err(format!(
                "rotary width {rope_dim} is not the head width {head_dim}"
            ));
        }
        if n_block > 1024 {
            return Err(format!("{n_block} blocks is not a small model"));
        }
        let dev = Device::Cpu;
        let mut tensor = |name: &str| {
            content
                .tensor(reader, name, &dev)
                .map_err(|e| format!("tensor `{name}`: {e}"))
        };
        let embed_q = tensor("token_embd.weight")?;
        let embed = embed_q.dequantize(&dev).map_err(|e| e.to_string())?;
        let norm =
            RmsNorm::from_qtensor(tensor("output_norm.weight")?, eps).map_err(|e| e.to_string())?;
        // Small Llamas (SmolLM2 among them) tie the output projection to the embedding.
        let output = match content.tensor_infos.contains_key("output.weight") {
            true => tensor("output.weight")?,
            false => embed_q,
        };
        let output = matmul(output).map_err(|e| e.to_string())?;
        let mut blocks = Vec::with_capacity(n_block);
        for i in 0..n_block {
            let mut q = |part: &str| {
                tensor(&format!("blk.{i}.{part}.weight"))
                    .and_then(|t| matmul(t).map_err(|e| e.to_string()))
            };
            let (wq, wk, wv, wo) = (q("attn_q")?, q("attn_k")?, q("attn_v")?, q("attn_output")?);
            let (gate, down, up) = (q("ffn_gate")?, q("ffn_down")?, q("ffn_up")?);
            let mut n = |part: &str| {
                tensor(&format!("blk.{i}.{part}.weight"))
                    .and_then(|t| RmsNorm::from_qtensor(t, eps).map_err(|e| e.to_string()))
            };
            let (attn_norm, ffn_norm) = (n("attn_norm")?, n("ffn_norm")?);
            blocks.push(Block {
                attn_norm,
                wq,
                wk,
                wv,
                wo,
                ffn_norm,
                gate,
                down,
                up,
            });
        }
        let (cos, sin) =
            rotary_tables(head_dim, freq_base, max_positions, &dev).map_err(|e| e.to_string())?;
        Ok(Self {
            embed: candle_nn::Embedding::new(embed, n_embd),
            blocks,
            norm,
            output,
            cos,
            sin,
            n_head,
            n_kv_head,
            head_dim,
            max_positions,
        })
    }

    /// Runs `tokens` (shape `(batch, len)`) after the cached prefix, if any (its batch is 1 and
    /// is shared by every row). Returns log-probabilities `(batch, len, vocab)` and, when
    /// `keep` is set, the cache of prefix + these tokens (meaningful for batch 1).
    pub(crate) fn forward(
        &self,
        tokens: &Tensor,
        prefix: Option<&Cache>,
        keep: bool,
    ) -> candle_core::Result<(Tensor, Option<Cache>)> {
        let (batch, len) = tokens.dims2()?;
        let past = prefix.map_or(0, |c| c.len);
        if past + len > self.max_positions {
            candle_core::bail!(
                "{} positions past the {} the model covers",
                past + len,
                self.max_positions
            );
        }
        let mask = causal_mask(len, past, tokens.device())?;
        let cos = self.cos.narrow(0, past, len)?;
        let sin = self.sin.narrow(0, past, len)?;
        let mut x = self.embed.forward(tokens)?;
        let mut kept = Vec::with_capacity(if keep { self.blocks.len() } else { 0 });
        for (i, block) in self.blocks.iter().enumerate() {
            let h = block.attn_norm.forward(&x)?;
            let q = self.heads(&block.wq.forward(&h)?, batch, len, self.n_head)?;
            let k = self.heads(&block.wk.forward(&h)?, batch, len, self.n_kv_head)?;
            let v = self.heads(&block.wv.forward(&h)?, batch, len, self.n_kv_head)?;
            let q = candle_nn::rotary_emb::rope_i(&q, &cos, &sin)?;
            let k = candle_nn::rotary_emb::rope_i(&k, &cos, &sin)?;
            let (k, v) = match prefix {
                Some(cache) => {
                    let (pk, pv) = &cache.kv[i];
                    let shape = (batch, self.n_kv_head, cache.len, self.head_dim);
                    let pk = pk.broadcast_as(shape)?.contiguous()?;
                    let pv = pv.broadcast_as(shape)?.contiguous()?;
                    (Tensor::cat(&[&pk, &k], 2)?, Tensor::cat(&[&pv, &v], 2)?)
                }
                None => (k, v),
            };
            if keep {
                kept.push((k.clone(), v.clone()));
            }
            let rep = self.n_head / self.n_kv_head;
            let k = candle_transformers::utils::repeat_kv(k, rep)?;
            let v = candle_transformers::utils::repeat_kv(v, rep)?.contiguous()?;
            let att = (q.matmul(&k.t()?)? / (self.head_dim as f64).sqrt())?;
            let att = match &mask {
                Some(m) => att.broadcast_add(m)?,
                None => att,
            };
            let att = candle_nn::ops::softmax_last_dim(&att)?;
            let y = att.matmul(&v)?.transpose(1, 2)?.reshape((batch, len, ()))?;
            x = (block.wo.forward(&y)? + &x)?;
            let h = block.ffn_norm.forward(&x)?;
            let ff = (candle_nn::ops::silu(&block.gate.forward(&h)?)? * block.up.forward(&h)?)?;
            x = (block.down.forward(&ff)? + &x)?;
        }
        let logits = self.output.forward(&self.norm.forward(&x)?)?;
        let log_probs = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
        let cache = keep.then(|| Cache {
            kv: kept,
            len: past + len,
        });
        Ok((log_probs, cache))
    }

    /// `(batch, len, heads * head_dim)` → `(batch, heads, len, head_dim)`, contiguous.
    fn heads(
        &self,
        x: &Tensor,
        batch: usize,
        len: usize,
        heads: usize,
    ) -> candle_core::Result<Tensor> {
        x.reshape((batch, len, heads, self.head_dim))?
            .transpose(1, 2)?
            .contiguous()
    }
}

/// A matrix product over `weight`, dequantized to 32-bit floats. Measured on SmolLM2 (Q4_1)
/// on 2 x86 cores: candle has no vectorised Q4_1 kernel (about 150 s per 1,000 words), Q8_0
/// takes about 30 s and f32 about 8 s (BENCHMARKS.md). The price is memory: about 650 MB
/// for the 135M-parameter model instead of 100 MB.
fn matmul(weight: QTensor) -> candle_core::Result<QMatMul> {
    let dev = weight.device();
    Ok(QMatMul::Tensor(weight.dequantize(&dev)?))
}

/// Cosine and sine tables of the rotary embedding, `(positions, head_dim / 2)`.
fn rotary_tables(
    head_dim: usize,
    freq_base: f32,
    positions: usize,
    dev: &Device,
) -> candle_core::Result<(Tensor, Tensor)> {
    let theta: Vec<f32> = (0..head_dim)
        .step_by(2)
        .map(|i| 1.0 / freq_base.powf(i as f32 / head_dim as f32))
        .collect();
    let theta = Tensor::new(theta.as_slice(), dev)?.reshape((1, head_dim / 2))?;
    let pos = Tensor::arange(0u32, positions as u32, dev)?
        .to_dtype(DType::F32)?
        .reshape((positions, 1))?;
    let angles = pos.matmul(&theta)?;
    Ok((angles.cos()?, angles.sin()?))
}

/// Additive mask `(len, past + len)`: row `i` sees the prefix and tokens up to `i`.
fn causal_mask(len: usize, past: usize, dev: &Device) -> candle_core::Result<Option<Tensor>> {
    if len <= 1 {
        return Ok(None);
    }
    let width = past + len;
    let values: Vec<f32> = (0..len)
        .flat_map(|i| (0..width).map(move |j| if j > past + i { f32::NEG_INFINITY } else { 0.0 }))
        .collect();
    Tensor::from_vec(values, (len, width), dev).map(Some)
}
