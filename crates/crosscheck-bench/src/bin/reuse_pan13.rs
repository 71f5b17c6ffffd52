//! PAN-13 text alignment (no obfuscation): `crosscheck_reuse::align` scored with plagdet.
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin reuse_pan13 [DATA_DIR] [--misses N]
//! ```
//!
//! Reads `DATA_DIR/pan13_textalign_noobf` (default `../shared/data`): the pairs listed in
//! `02-no-obfuscation/pairs`, suspicious texts in `susp/`, source texts in
//! `final_txt_files/`, and the truth XML of each pair (`<feature name="plagiarism"
//! this_offset this_length source_offset source_length>`). For every pair it runs
//! `align(words(source), words(suspicious))` on the raw file texts and scores the passages as
//! detections with the PAN measures (Potthast et al., 2010): macro character precision and
//! recall over detections and cases (a case or detection counts its characters in both
//! documents), granularity, and plagdet = F1 / log2(1 + granularity).
//!
//! Two corrections make the score about the aligner and not about the files:
//!
//! * **Whitespace-tolerant characters.** Characters are counted without whitespace: a span
//!   is the set of non-whitespace characters it covers. The aligner's passages run from the
//!   first word to the last word, so a case's leading space or line break is not a miss.
//! * **Re-anchored truth.** The text files here are not the original corpus files: they are
//!   pure ASCII with whitespace runs collapsed, so characters before a case were removed and
//!   the truth offsets (into the originals) point past the case, by a few characters for most
//!   cases and by up to some thousands in documents full of markup whitespace. Each case is
//!   re-anchored to the files: the exact common substrings (of non-whitespace text, 32
//!   characters or more) of the two documents are chained into regions, and each case takes
//!   the region whose start lies at or before its truth offsets (both documents, 64
//!   characters of slack) and closest to them, with a length of 30-110% of the truth length.
//!   Cases with no such region keep their truth offsets. The table also gives the score
//!   against the raw truth offsets.
//!
//! `--misses N` prints the N cases with the lowest recall and the N detections with the
//! lowest precision (re-anchored truth, all passages) with their text.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use crosscheck_reuse::{align, words, AlignParams};

/// A half-open interval of compact (non-whitespace) character indices.
type Interval = (usize, usize);

/// A text with its whitespace-free view.
struct Doc {
    text: String,
    /// Non-whitespace characters before each char index (len = chars + 1).
    compact_before: Vec<usize>,
    /// Char index of each byte offset (len = bytes + 1).
    char_of_byte: Vec<usize>,
    /// The non-whitespace characters, in order.
    compact: Vec<char>,
    /// Char index of each compact character.
    compact_at: Vec<usize>,
}

impl Doc {
    fn new(text: String) -> Doc {
        let mut compact_before = Vec::with_capacity(text.len() + 1);
        let mut char_of_byte = vec![0; text.len() + 1];
        let mut compact = Vec::new();
        let mut compact_at = Vec::new();
        let mut n = 0;
        for (ci, (bi, c)) in text.char_indices().enumerate() {
            compact_before.push(n);
            char_of_byte[bi..bi + c.len_utf8()].fill(ci);
            if !c.is_whitespace() {
                compact.push(c);
                compact_at.push(ci);
                n += 1;
            }
        }
        let chars = compact_before.len();
        compact_before.push(n);
        char_of_byte[text.len()] = chars;
        Doc {
            text,
            compact_before,
            char_of_byte,
            compact,
            compact_at,
        }
    }

    fn chars(&self) -> usize {
        self.compact_before.len() - 1
    }

    /// Compact interval of a char span (clamped to the text).
    fn compact_of_chars(&self, start: usize, end: usize) -> Interval {
        let n = self.chars();
        (
            self.compact_before[start.min(n)],
            self.compact_before[end.min(n)],
        )
    }

    fn compact_of_bytes(&self, start: usize, end: usize) -> Interval {
        self.compact_of_chars(self.char_of_byte[start], self.char_of_byte[end])
    }

    /// Text of a compact interval, for printing.
    fn excerpt(&self, iv: Interval, max: usize) -> String {
        if iv.0 >= iv.1 || iv.0 >= self.compact_at.len() {
            return String::new();
        }
        let from = self.compact_at[iv.0];
        let to = self.compact_at[(iv.1 - 1).min(self.compact_at.len() - 1)] + 1;
        let s: String = self.text.chars().skip(from).take(to - from).collect();
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.chars().count() > max {
            let head: String = s.chars().take(max / 2).collect();
            let tail: String = s
                .chars()
                .rev()
                .take(max / 2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("{head} [...] {tail}")
        } else {
            s
        }
    }
}

/// A truth case or a detection: a compact interval in the suspicious and in the source text.
#[derive(Clone, Copy, Debug)]
struct Span2 {
    pair: usize,
    susp: Interval,
    src: Interval,
}

impl Span2 {
    fn size(&self) -> usize {
        (self.susp.1 - self.susp.0) + (self.src.1 - self.src.0)
    }
}

fn overlap(a: Interval, b: Interval) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// PAN's "detection r detects case s": same pair, overlapping in both documents.
fn detects(r: &Span2, s: &Span2) -> bool {
    r.pair == s.pair && overlap(r.susp, s.susp) > 0 && overlap(r.src, s.src) > 0
}

/// Size of the union of intervals intersected with `within`.
fn covered(within: Interval, parts: &mut [Interval]) -> usize {
    let mut clipped: Vec<Interval> = parts
        .iter()
        .map(|p| (p.0.max(within.0), p.1.min(within.1)))
        .filter(|p| p.0 < p.1)
        .collect();
    clipped.sort_unstable();
    let mut total = 0;
    let mut cur: Option<Interval> = None;
    for p in clipped {
        match cur {
            Some(c) if p.0 <= c.1 => cur = Some((c.0, c.1.max(p.1))),
            Some(c) => {
                total += c.1 - c.0;
                cur = Some(p);
            }
            None => cur = Some(p),
        }
    }
    if let Some(c) = cur {
        total += c.1 - c.0;
    }
    total
}

/// Per-case recall and per-detection precision, and the PAN scores.
struct Scores {
    precision: f64,
    recall: f64,
    granularity: f64,
    plagdet: f64,
    case_recall: Vec<f64>,
    detection_precision: Vec<f64>,
    detected_cases: usize,
}

fn score(cases: &[Span2], detections: &[Span2]) -> Scores {
    let mut by_pair_d: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, d) in detections.iter().enumerate() {
        by_pair_d.entry(d.pair).or_default().push(i);
    }
    let mut by_pair_c: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in cases.iter().enumerate() {
        by_pair_c.entry(c.pair).or_default().push(i);
    }
    let mut case_recall = Vec::with_capacity(cases.len());
    let mut gran_sum = 0usize;
    let mut detected_cases = 0usize;
    for s in cases {
        let rs: Vec<&Span2> = by_pair_d
            .get(&s.pair)
            .map(|v| {
                v.iter()
                    .map(|&i| &detections[i])
                    .filter(|r| detects(r, s))
                    .collect()
            })
            .unwrap_or_default();
        let mut susp: Vec<Interval> = rs.iter().map(|r| r.susp).collect();
        let mut src: Vec<Interval> = rs.iter().map(|r| r.src).collect();
        let hit = covered(s.susp, &mut susp) + covered(s.src, &mut src);
        case_recall.push(hit as f64 / s.size().max(1) as f64);
        if !rs.is_empty() {
            detected_cases += 1;
            gran_sum += rs.len();
        }
    }
    let mut detection_precision = Vec::with_capacity(detections.len());
    for r in detections {
        let ss: Vec<&Span2> = by_pair_c
            .get(&r.pair)
            .map(|v| {
                v.iter()
                    .map(|&i| &cases[i])
                    .filter(|s| detects(r, s))
                    .collect()
            })
            .unwrap_or_default();
        let mut susp: Vec<Interval> = ss.iter().map(|s| s.susp).collect();
        let mut src: Vec<Interval> = ss.iter().map(|s| s.src).collect();
        let hit = covered(r.susp, &mut susp) + covered(r.src, &mut src);
        detection_precision.push(hit as f64 / r.size().max(1) as f64);
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let precision = mean(&detection_precision);
    let recall = mean(&case_recall);
    let granularity = if detected_cases == 0 {
        1.0
    } else {
        gran_sum as f64 / detected_cases as f64
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        granularity,
        plagdet: f1 / (1.0 + granularity).log2(),
        case_recall,
        detection_precision,
        detected_cases,
    }
}

/// One truth case as the XML gives it (char offsets into the original files).
#[derive(Clone, Copy, Debug)]
struct RawCase {
    this_offset: usize,
    this_length: usize,
    source_offset: usize,
    source_length: usize,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')?;
    Some(tag[at..at + end].to_string())
}

fn read_truth(path: &Path) -> Result<Vec<RawCase>> {
    let xml =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for tag in xml.split("<feature").skip(1) {
        let tag = tag.split("/>").next().unwrap_or(tag);
        if attr(tag, "name").as_deref() != Some("plagiarism") {
            continue;
        }
        let num = |n: &str| -> Result<usize> {
            attr(tag, n)
                .with_context(|| format!("{}: no {n}", path.display()))?
                .parse::<usize>()
                .with_context(|| format!("{}: bad {n}", path.display()))
        };
        out.push(RawCase {
            this_offset: num("this_offset")?,
            this_length: num("this_length")?,
            source_offset: num("source_offset")?,
            source_length: num("source_length")?,
        });
    }
    Ok(out)
}

/// Regions of exact common text (compact coordinates): `(susp, src)` interval pairs.
fn common_regions(susp: &[char], src: &[char]) -> Vec<(Interval, Interval)> {
    const K: usize = 32;
    if susp.len() < K || src.len() < K {
        return Vec::new();
    }
    let mut index: HashMap<&[char], Vec<usize>> = HashMap::new();
    for j in 0..=src.len() - K {
        let e = index.entry(&src[j..j + K]).or_default();
        if e.len() < 8 {
            e.push(j);
        }
    }
    // Maximal exact matches, each found once (skip seeds inside one already found on the
    // same diagonal).
    let mut mems: Vec<(Interval, Interval)> = Vec::new();
    let mut covered_until: HashMap<isize, usize> = HashMap::new();
    for i in 0..=susp.len() - K {
        let Some(js) = index.get(&susp[i..i + K]) else {
            continue;
        };
        for &j in js {
            let diag = i as isize - j as isize;
            if covered_until.get(&diag).is_some_and(|&u| i < u) {
                continue;
            }
            let (mut a, mut b) = (i, j);
            while a > 0 && b > 0 && susp[a - 1] == src[b - 1] {
                a -= 1;
                b -= 1;
            }
            let (mut e, mut f) = (i + K, j + K);
            while e < susp.len() && f < src.len() && susp[e] == src[f] {
                e += 1;
                f += 1;
            }
            covered_until.insert(diag, e);
            mems.push(((a, e), (b, f)));
        }
    }
    mems.sort_unstable();
    // Chain matches that continue each other (a few garbled characters between them).
    let mut regions: Vec<(Interval, Interval)> = Vec::new();
    for m in mems {
        if let Some(last) = regions.last_mut() {
            let gap_s = m.0 .0 as isize - last.0 .1 as isize;
            let gap_r = m.1 .0 as isize - last.1 .1 as isize;
            if (-8..=48).contains(&gap_s) && (-8..=48).contains(&gap_r) {
                last.0 .1 = last.0 .1.max(m.0 .1);
                last.1 .1 = last.1 .1.max(m.1 .1);
                continue;
            }
        }
        regions.push(m);
    }
    regions
}

/// Re-anchor truth cases to the files (see the module docs). Returns the cases and how many
/// kept their raw offsets.
fn anchor(cases: &[RawCase], susp: &Doc, src: &Doc, pair: usize) -> (Vec<Span2>, usize) {
    const SLACK: usize = 64;
    let regions = common_regions(&susp.compact, &src.compact);
    let mut used = vec![false; regions.len()];
    let mut out = Vec::new();
    let mut unanchored = 0;
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by_key(|&i| cases[i].this_offset);
    for i in order {
        let c = cases[i];
        let g_susp = susp.compact_of_chars(c.this_offset, c.this_offset + c.this_length);
        let g_src = src.compact_of_chars(c.source_offset, c.source_offset + c.source_length);
        let best = regions
            .iter()
            .enumerate()
            .filter(|(n, _)| !used[*n])
            .filter(|(_, (s, r))| s.0 <= g_susp.0 + SLACK && r.0 <= g_src.0 + SLACK)
            .filter(|(_, (s, _))| {
                let len = (s.1 - s.0) as f64;
                len >= 0.3 * c.this_length as f64 && len <= 1.1 * c.this_length as f64
            })
            .min_by_key(|(_, (s, r))| g_susp.0.abs_diff(s.0) + g_src.0.abs_diff(r.0));
        match best {
            Some((n, &(s, r))) => {
                used[n] = true;
                out.push(Span2 {
                    pair,
                    susp: s,
                    src: r,
                });
            }
            None => {
                unanchored += 1;
                out.push(Span2 {
                    pair,
                    susp: g_susp,
                    src: g_src,
                });
            }
        }
    }
    (out, unanchored)
}

struct Pair {
    susp_name: String,
    src_name: String,
    susp: Doc,
    src: Doc,
    truth: Vec<RawCase>,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut data = std::path::PathBuf::from("../shared/data");
    let mut misses = 0usize;
    while let Some(a) = args.next() {
        if a == "--misses" {
            misses = args.next().context("--misses N")?.parse()?;
        } else {
            data = a.into();
        }
    }
    let root = data.join("pan13_textalign_noobf");
    let set = root.join("02-no-obfuscation");
    let list = std::fs::read_to_string(set.join("pairs"))
        .with_context(|| format!("reading {}", set.join("pairs").display()))?;
    let mut pairs = Vec::new();
    for line in list.lines().filter(|l| !l.trim().is_empty()) {
        let mut it = line.split_whitespace();
        let (Some(s), Some(r)) = (it.next(), it.next()) else {
            bail!("bad pairs line {line:?}");
        };
        let read = |p: std::path::PathBuf| -> Result<String> {
            let bytes = std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        };
        let xml = set.join(format!(
            "{}-{}.xml",
            s.trim_end_matches(".txt"),
            r.trim_end_matches(".txt")
        ));
        pairs.push(Pair {
            susp_name: s.to_string(),
            src_name: r.to_string(),
            susp: Doc::new(read(root.join("susp").join(s))?),
            src: Doc::new(read(root.join("final_txt_files").join(r))?),
            truth: read_truth(&xml)?,
        });
    }

    // Align every pair (timed: words + align, file reading excluded).
    let params = AlignParams::default();
    let started = Instant::now();
    let alignments: Vec<_> = pairs
        .iter()
        .map(|p| {
            let ws = words(&p.src.text);
            let wt = words(&p.susp.text);
            align(&ws, &wt, &params)
        })
        .collect();
    let secs = started.elapsed().as_secs_f64();

    let mut det_all = Vec::new();
    let mut det_unquoted = Vec::new();
    // (words on the shorter side, equal share) of each passage in `det_all`, for the what-if
    // filters below.
    let mut det_shape: Vec<(usize, f64)> = Vec::new();
    for (n, (p, a)) in pairs.iter().zip(&alignments).enumerate() {
        for passage in &a.passages {
            let len = passage.source_words.len().min(passage.target_words.len());
            let longest = passage.source_words.len().max(passage.target_words.len());
            det_shape.push((len, passage.equal as f64 / longest.max(1) as f64));
            let d = Span2 {
                pair: n,
                susp: p
                    .susp
                    .compact_of_bytes(passage.target.start(), passage.target.end()),
                src: p
                    .src
                    .compact_of_bytes(passage.source.start(), passage.source.end()),
            };
            det_all.push(d);
            if !passage.quoted {
                det_unquoted.push(d);
            }
        }
    }
    let mut cases_anchored = Vec::new();
    let mut cases_raw = Vec::new();
    let mut unanchored = 0;
    for (n, p) in pairs.iter().enumerate() {
        let (c, u) = anchor(&p.truth, &p.susp, &p.src, n);
        cases_anchored.extend(c);
        unanchored += u;
        for c in &p.truth {
            cases_raw.push(Span2 {
                pair: n,
                susp: p
                    .susp
                    .compact_of_chars(c.this_offset, c.this_offset + c.this_length),
                src: p
                    .src
                    .compact_of_chars(c.source_offset, c.source_offset + c.source_length),
            });
        }
    }

    println!(
        "{} pairs, {} cases ({} re-anchored, {} kept raw offsets), {} passages ({} inside shared quotes)\n",
        pairs.len(),
        cases_anchored.len(),
        cases_anchored.len() - unanchored,
        unanchored,
        det_all.len(),
        det_all.len() - det_unquoted.len()
    );
    println!("| truth offsets | passages | precision | recall | granularity | plagdet | cases detected | pairs/s |");
    println!("|---|---|---|---|---|---|---|---|");
    let rows = [
        ("re-anchored", "all", &cases_anchored, &det_all),
        (
            "re-anchored",
            "shared quotes excluded",
            &cases_anchored,
            &det_unquoted,
        ),
        ("raw (as in the XML)", "all", &cases_raw, &det_all),
    ];
    for (truth, passages, cases, dets) in rows {
        let s = score(cases, dets);
        println!(
            "| {truth} | {passages} | {:.3} | {:.3} | {:.3} | {:.3} | {}/{} | {:.0} |",
            s.precision,
            s.recall,
            s.granularity,
            s.plagdet,
            s.detected_cases,
            cases.len(),
            pairs.len() as f64 / secs
        );
    }
    println!(
        "\nalign: {:.2} s for {} pairs ({:.1} MB of text), one thread",
        secs,
        pairs.len(),
        pairs
            .iter()
            .map(|p| p.susp.text.len() + p.src.text.len())
            .sum::<usize>() as f64
            / 1e6
    );

    println!(
        "\nWhat-if (re-anchored truth): passages kept only above a length or equal-word share"
    );
    println!("(a filter the aligner does not apply today):\n");
    println!("| passages kept | passages | precision | recall | granularity | plagdet |");
    println!("|---|---|---|---|---|---|");
    let filters: [(&str, usize, f64); 5] = [
        ("all", 0, 0.0),
        (">= 15 words", 15, 0.0),
        ("equal share >= 0.5", 0, 0.5),
        ("equal share >= 0.7", 0, 0.7),
        (">= 15 words and equal share >= 0.5", 15, 0.5),
    ];
    for (name, min_len, min_equal) in filters {
        let kept: Vec<Span2> = det_all
            .iter()
            .zip(&det_shape)
            .filter(|(_, &(len, eq))| len >= min_len && eq >= min_equal)
            .map(|(d, _)| *d)
            .collect();
        let s = score(&cases_anchored, &kept);
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            kept.len(),
            s.precision,
            s.recall,
            s.granularity,
            s.plagdet
        );
    }

    if misses > 0 {
        let s = score(&cases_anchored, &det_all);
        let zero: Vec<usize> = (0..det_all.len())
            .filter(|&i| s.detection_precision[i] < 0.01)
            .collect();
        let short = zero.iter().filter(|&&i| det_shape[i].0 < 15).count();
        let low_eq = zero.iter().filter(|&&i| det_shape[i].1 < 0.5).count();
        println!(
            "\n{} passages overlap no case: {short} of them under 15 words, {low_eq} with under half their words equal",
            zero.len()
        );
        let buckets = [0.0, 0.5, 0.9, 0.99, 1.0001];
        println!("\ncase recall histogram (re-anchored, all passages):");
        for w in buckets.windows(2) {
            let n = s
                .case_recall
                .iter()
                .filter(|&&r| r >= w[0] && r < w[1])
                .count();
            println!("  [{:.2}, {:.2}): {n}", w[0], w[1].min(1.0));
        }
        let mut worst: Vec<usize> = (0..cases_anchored.len()).collect();
        worst.sort_by(|&a, &b| s.case_recall[a].total_cmp(&s.case_recall[b]));
        println!("\nlowest-recall cases:");
        for &i in worst.iter().take(misses) {
            let c = &cases_anchored[i];
            let p = &pairs[c.pair];
            let dets: Vec<String> = det_all
                .iter()
                .filter(|d| d.pair == c.pair)
                .map(|d| format!("susp {:?} src {:?}", d.susp, d.src))
                .collect();
            println!(
                "- {} / {}: recall {:.2}, case susp {:?} src {:?} ({} chars); passages in pair: [{}]\n  case text: {}",
                p.susp_name,
                p.src_name,
                s.case_recall[i],
                c.susp,
                c.src,
                c.size() / 2,
                dets.join("; "),
                p.susp.excerpt(c.susp, 240)
            );
        }
        let mut worst: Vec<usize> = (0..det_all.len()).collect();
        worst.sort_by(|&a, &b| s.detection_precision[a].total_cmp(&s.detection_precision[b]));
        println!("\nlowest-precision passages:");
        for &i in worst.iter().take(misses) {
            let d = &det_all[i];
            let p = &pairs[d.pair];
            println!(
                "- {} / {}: precision {:.2}, {} words, equal share {:.2}, susp {:?} src {:?}\n  susp text: {}\n  src text: {}",
                p.susp_name,
                p.src_name,
                s.detection_precision[i],
                det_shape[i].0,
                det_shape[i].1,
                d.susp,
                d.src,
                p.susp.excerpt(d.susp, 200),
                p.src.excerpt(d.src, 200)
            );
        }
    }
    direction_table(&pairs);
    Ok(())
}

/// Who copied whom with no dates: `detect` on each (source, suspicious) pair, ids in both
/// orders so that the fallback order by id says nothing, and how often the source document
/// comes out as the source, by the evidence that decided it.
fn direction_table(pairs: &[Pair]) {
    let mut counts: std::collections::BTreeMap<&'static str, (usize, usize)> = Default::default();
    let mut found = 0usize;
    for p in pairs {
        for (src_id, susp_id) in [("a", "b"), ("b", "a")] {
            let docs = [
                crosscheck_reuse::ReuseDoc {
                    id: src_id,
                    text: &p.src.text,
                    published: None,
                    site: None,
                },
                crosscheck_reuse::ReuseDoc {
                    id: susp_id,
                    text: &p.susp.text,
                    published: None,
                    site: None,
                },
            ];
            let Some(pair) =
                crosscheck_reuse::detect(&docs, &crosscheck_reuse::ReuseOptions::default())
                    .into_iter()
                    .next()
            else {
                continue;
            };
            found += 1;
            let entry = counts.entry(pair.direction.as_str()).or_default();
            if pair.source == 0 {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
    }
    println!(
        "\nDirection without dates: `detect` on each pair, run twice with the ids swapped \
         ({found} runs found the pair, of {}):\n",
        pairs.len() * 2
    );
    println!("| evidence | source document named source | suspicious document named source |");
    println!("|---|---|---|");
    for (evidence, (right, wrong)) in counts {
        println!("| {evidence} | {right} | {wrong} |");
    }
}
