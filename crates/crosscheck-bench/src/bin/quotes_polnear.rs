//! Direct quotes and their speakers on PolNeAR (US election news with gold attributions).
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin quotes_polnear [DATA_DIR] [--split dev|train] [--misses N]
//! ```
//!
//! Reads `DATA_DIR/polnear/data/{split}/text/*.txt` and `.../attributions/*.ann` (brat standoff:
//! `Source`, `Cue`, `Content` spans, possibly discontinuous, tied by `E` lines). Articles
//! annotated by several people use the first annotation file in name order.
//!
//! Gold direct quotes: every stretch between quote marks (curly or straight, paired within a
//! paragraph; an unclosed mark runs to the paragraph end) that lies inside a gold `Content`
//! span. Its gold speaker is that attribution's `Source` span. Stretches in quote marks that no
//! annotator attributed (titles, scare quotes, and some real quotes the annotators missed) are
//! not gold, so a quote found there counts against precision.
//!
//! - **exact**: predicted quote span equals the gold stretch (both trimmed of white space and
//!   surrounding punctuation);
//! - **overlap**: the two share at least half of the longer one's characters;
//! - **speaker accuracy**: over overlap-matched quotes whose gold attribution has a source, the
//!   predicted source words overlap the gold `Source` span, or the predicted speaker's last
//!   name occurs in it. Where an annotator swapped the labels of an inverted attribution
//!   (`Source` on the verb "said", `Cue` on the name right after it), the name is the gold
//!   source.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use anyhow::{Context, Result};

/// A half-open range of char offsets.
type Span = (usize, usize);

#[derive(Default)]
struct Ann {
    /// id -> (kind, byte-free char spans)
    spans: HashMap<String, (String, Vec<(usize, usize)>)>,
    /// (content spans, source spans)
    attributions: Vec<(Vec<Span>, Vec<Span>)>,
}

/// Speech verbs an annotator may have marked as the `Source` with the name as the `Cue`.
const SWAPPED_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "added",
    "adds",
    "told",
    "wrote",
    "writes",
    "explained",
    "noted",
    "continued",
    "replied",
];

/// Whether an attribution's `Source` and `Cue` labels were swapped: the source is one speech
/// verb and the cue right after it is a capitalised name ("said Hester" annotated with "said"
/// as the source and "Hester" as the cue). The speaker is then the cue span.
fn labels_swapped(text: &[char], source: &[Span], cue: &[Span]) -> bool {
    let ([(s0, s1)], [(c0, c1)]) = (source, cue) else {
        return false;
    };
    let (Some(src), Some(between), Some(cue)) =
        (text.get(*s0..*s1), text.get(*s1..*c0), text.get(*c0..*c1))
    else {
        return false;
    };
    let src: String = src.iter().collect();
    SWAPPED_VERBS.contains(&src.trim())
        && between.iter().all(|c| c.is_whitespace())
        && cue.first().is_some_and(|c| c.is_uppercase())
}

fn parse_ann(raw: &str, text: &[char]) -> Ann {
    let mut ann = Ann::default();
    let mut events = Vec::new();
    for line in raw.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(body)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') && id[1..].chars().all(|c| c.is_ascii_digit()) {
            let Some((kind, ranges)) = body.split_once(' ') else {
                continue;
            };
            let spans: Vec<(usize, usize)> = ranges
                .split(';')
                .filter_map(|r| {
                    let mut it = r.split_whitespace();
                    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
                })
                .collect();
            ann.spans.insert(id.to_string(), (kind.to_string(), spans));
        } else if id.starts_with('E') {
            events.push(body.to_string());
        }
    }
    for e in events {
        let mut content = Vec::new();
        let mut source = Vec::new();
        let mut cue = Vec::new();
        for part in e.split_whitespace() {
            let Some((role, id)) = part.split_once(':') else {
                continue;
            };
            let spans = ann.spans.get(id).map(|s| s.1.clone()).unwrap_or_default();
            match role {
                "Content" => content = spans,
                "Source" => source = spans,
                "Cue" => cue = spans,
                _ => {}
            }
        }
        if labels_swapped(text, &source, &cue) {
            source = cue;
        }
        if !content.is_empty() {
            ann.attributions.push((content, source));
        }
    }
    ann
}

/// Quote-mark stretches of `text` as char ranges of their content, paired within paragraphs.
fn stretches(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, bool)> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            if let Some((s, _)) = open.take() {
                out.push((s, i));
            }
            continue;
        }
        match (open, c) {
            (None, '“') => open = Some((i + 1, false)),
            (None, '"') => open = Some((i + 1, true)),
            (Some((s, false)), '”') | (Some((s, true)), '"') => {
                out.push((s, i));
                open = None;
            }
            (Some((_, false)), '“') => open = Some((i + 1, false)),
            _ => {}
        }
    }
    if let Some((s, _)) = open {
        out.push((s, chars.len()));
    }
    out
}

/// Trim white space and punctuation at both ends of a char range.
fn trim(chars: &[char], (mut s, mut e): (usize, usize)) -> (usize, usize) {
    while s < e && !chars[s].is_alphanumeric() {
        s += 1;
    }
    while e > s && !chars[e - 1].is_alphanumeric() {
        e -= 1;
    }
    (s, e)
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[derive(Default)]
struct Tally {
    gold: usize,
    predicted: usize,
    exact: usize,
    overlap: usize,
    with_source: usize,
    speaker_ok: usize,
    ungold_stretches: usize,
}

fn main() -> Result<()> {
    let data = crosscheck_bench::data_dir();
    let args: Vec<String> = std::env::args().collect();
    let split = args
        .iter()
        .position(|a| a == "--split")
        .and_then(|i| args.get(i + 1))
        .map_or("dev", String::as_str)
        .to_string();
    let misses: usize = args
        .iter()
        .position(|a| a == "--misses")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let root = data.join("polnear/data").join(&split);
    let mut anns: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("attributions")).context("polnear attributions")? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".ann") {
            let article = stem.rsplit_once('_').map_or(stem, |(a, _)| a).to_string();
            let current = anns.entry(article).or_insert_with(|| name.clone());
            if name < *current {
                *current = name;
            }
        }
    }
    // Decode the embedded gazetteers once, outside the timed part.
    let _warm_up = crosscheck_entities::mentions("Kyiv");
    let mut tally = Tally::default();
    let mut shown = 0;
    let mut bytes = 0usize;
    let mut elapsed = 0f64;
    for (article, ann_name) in &anns {
        let Ok(text) = std::fs::read_to_string(root.join("text").join(format!("{article}.txt")))
        else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        let ann = parse_ann(
            &std::fs::read_to_string(root.join("attributions").join(ann_name))?,
            &chars,
        );
        // byte -> char offsets
        let mut char_of = vec![0usize; text.len() + 1];
        for (ci, (bi, ch)) in text.char_indices().enumerate() {
            for k in 0..ch.len_utf8() {
                char_of[bi + k] = ci;
            }
        }
        char_of[text.len()] = chars.len();

        let mut gold: Vec<(Span, Vec<Span>)> = Vec::new();
        for st in stretches(&chars) {
            let t = trim(&chars, st);
            if t.1 <= t.0 {
                continue;
            }
            let len = t.1 - t.0;
            let hit = ann.attributions.iter().find(|(content, _)| {
                content.iter().map(|&c| overlap(c, t)).sum::<usize>() * 10 >= len * 9
            });
            match hit {
                Some((_, source)) => gold.push((t, source.clone())),
                None => tally.ungold_stretches += 1,
            }
        }

        let start = Instant::now();
        let ms = crosscheck_entities::mentions(&text);
        let qs = crosscheck_entities::quotes(&text, &ms);
        elapsed += start.elapsed().as_secs_f64();
        bytes += text.len();

        let predicted: Vec<(Span, Option<Span>, String)> = qs
            .iter()
            .map(|q| {
                let span = trim(&chars, (char_of[q.span.start()], char_of[q.span.end()]));
                let src = q
                    .speaker
                    .as_ref()
                    .map(|s| (char_of[s.source.start()], char_of[s.source.end()]));
                let name = q
                    .speaker
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| match q.cue {
                        Some(c) => format!("(no speaker; cue {:?})", c.slice(&text)),
                        None => String::new(),
                    });
                (span, src, name)
            })
            .collect();
        tally.gold += gold.len();
        tally.predicted += predicted.len();
        let mut used = vec![false; predicted.len()];
        for (g, source) in &gold {
            let best = predicted
                .iter()
                .enumerate()
                .filter(|(k, _)| !used[*k])
                .map(|(k, p)| (k, overlap(p.0, *g)))
                .max_by_key(|&(_, o)| o);
            let longer = |p: (usize, usize)| (p.1 - p.0).max(g.1 - g.0);
            match best {
                Some((k, o)) if o * 2 >= longer(predicted[k].0) && o > 0 => {
                    used[k] = true;
                    tally.overlap += 1;
                    if predicted[k].0 == *g {
                        tally.exact += 1;
                    }
                    if !source.is_empty() {
                        tally.with_source += 1;
                        let gold_src: String = source
                            .iter()
                            .map(|&(a, b)| chars[a..b].iter().collect::<String>())
                            .collect::<Vec<_>>()
                            .join(" ");
                        let last = predicted[k]
                            .2
                            .split_whitespace()
                            .rfind(|_| !predicted[k].2.starts_with('('))
                            .unwrap_or("")
                            .to_lowercase();
                        let ok = predicted[k]
                            .1
                            .is_some_and(|p| source.iter().any(|&s| overlap(p, s) > 0))
                            || (!last.is_empty()
                                && gold_src
                                    .to_lowercase()
                                    .split(|c: char| !c.is_alphanumeric())
                                    .any(|w| w == last));
                        if ok {
                            tally.speaker_ok += 1;
                        } else if shown < misses {
                            shown += 1;
                            // The quote in ⟦⟧, the predicted source in ⟨⟩, the gold
                            // source in ⟪⟫.
                            let (from, to) =
                                (g.0.saturating_sub(200), (g.1 + 120).min(chars.len()));
                            let mut ctx = String::new();
                            for (j, &c) in chars.iter().enumerate().take(to).skip(from) {
                                if predicted[k].1.is_some_and(|p| p.0 == j) {
                                    ctx.push('⟨');
                                }
                                if source.iter().any(|s| s.0 == j) {
                                    ctx.push('⟪');
                                }
                                if j == g.0 {
                                    ctx.push('⟦');
                                }
                                ctx.push(c);
                                if j + 1 == g.1 {
                                    ctx.push('⟧');
                                }
                                if source.iter().any(|s| s.1 == j + 1) {
                                    ctx.push('⟫');
                                }
                                if predicted[k].1.is_some_and(|p| p.1 == j + 1) {
                                    ctx.push('⟩');
                                }
                            }
                            println!(
                                "SPEAKER {article}: gold {gold_src:?} got {:?} / {:?}\n    {}",
                                predicted[k].2,
                                predicted[k]
                                    .1
                                    .map(|p| chars[p.0..p.1].iter().collect::<String>()),
                                ctx.replace('\n', " ¶ ")
                            );
                        }
                    }
                }
                _ => {
                    if shown < misses {
                        shown += 1;
                        let ctx: String = chars
                            [g.0.saturating_sub(100)..(g.1 + 60).min(chars.len())]
                            .iter()
                            .collect();
                        println!("MISSED {article}: {}", ctx.replace('\n', " ¶ "));
                    }
                }
            }
        }
        for (k, p) in predicted.iter().enumerate() {
            if !used[k] && shown < misses {
                shown += 1;
                let ctx: String = chars[p.0 .0.saturating_sub(100)..(p.0 .1 + 60).min(chars.len())]
                    .iter()
                    .collect();
                println!("EXTRA {article}: [{}] {}", p.2, ctx.replace('\n', " ¶ "));
            }
        }
    }
    let f1 = |tp: usize| {
        let p = tp as f64 / tally.predicted.max(1) as f64;
        let r = tp as f64 / tally.gold.max(1) as f64;
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    };
    println!("PolNeAR {split}: {} articles, {} gold direct quotes, {} predicted, {} quote-mark stretches outside any gold attribution", anns.len(), tally.gold, tally.predicted, tally.ungold_stretches);
    println!("| match | precision | recall | F1 |");
    println!("|---|---|---|---|");
    for (name, tp) in [("exact", tally.exact), ("overlap", tally.overlap)] {
        let (p, r, f) = f1(tp);
        println!("| {name} | {p:.3} | {r:.3} | {f:.3} |");
    }
    println!(
        "speaker accuracy: {:.3} ({} of {} matched quotes with a gold source)",
        tally.speaker_ok as f64 / tally.with_source.max(1) as f64,
        tally.speaker_ok,
        tally.with_source
    );
    println!(
        "speed: {:.2} MB/s (mentions + quotes, one thread)",
        bytes as f64 / 1e6 / elapsed.max(1e-9)
    );
    Ok(())
}
