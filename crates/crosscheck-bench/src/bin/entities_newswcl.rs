//! Entity resolution across outlets on NewsWCL50 (10 events × 5 US outlets, gold coreference).
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin entities_newswcl [DATA_DIR] [--errors N]
//! ```
//!
//! Reads `DATA_DIR/newswcl50/output_data/NewsWCL50.conll` (tab-separated: document, sentence,
//! token, word, coreference labels such as `(0_USA_Trump_ACTOR` … `0_USA_Trump_ACTOR)`, several
//! joined by `|`; a `\n` word ends a paragraph). Each document's text is its words joined by
//! spaces; each event's five documents go through `mentions` and one `resolve` call.
//!
//! Every predicted person mention is aligned to the smallest gold mention of an `ACTOR` chain
//! (one individual; `ACTOR-I` chains are groups such as "Trump's lawyers") that contains it
//! (place mentions: `COUNTRY` chains); unaligned mentions are left out. Gold chains also join
//! metonyms (Pyongyang for North Korea, Washington for the United States), which no name
//! resolution should merge, so place recall is a lower bound. Over pairs of aligned mentions:
//! - **merge precision**: of the pairs put in one entity, the share whose gold chains agree;
//! - **merge recall**: of the pairs whose gold chains agree, the share put in one entity.
//!
//! Rows: all pairs; pairs from different outlets; pairs from different outlets whose names are
//! spelled differently (the case resolution exists for: "Kim Jong Un" / "Kim Jong-un" / "Kim").
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, Result};
use crosscheck_entities::{mentions, resolve, EntityKind, Mention};

struct Doc {
    id: String,
    text: String,
    /// gold mentions: (char start, char end, chain) — byte offsets (text is ASCII-ish, but we
    /// keep bytes throughout).
    gold: Vec<(usize, usize, String)>,
}

fn parse(conll: &str) -> Vec<Doc> {
    let mut docs: Vec<Doc> = Vec::new();
    let mut open: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for line in conll.lines() {
        if line.starts_with("#begin") {
            let id = line
                .split_whitespace()
                .nth(2)
                .unwrap_or("")
                .trim_end_matches(';')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            docs.push(Doc {
                id,
                text: String::new(),
                gold: Vec::new(),
            });
            open.clear();
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            continue;
        }
        let Some(doc) = docs.last_mut() else {
            continue;
        };
        let word = f[3];
        if word == "\\n" {
            doc.text.push_str("\n\n");
            continue;
        }
        // Undo the tokenisation: no space before closing punctuation or after a hyphen.
        let glue_left = matches!(
            word,
            "," | "." | ":" | ";" | "?" | "!" | ")" | "'s" | "n't" | "’s" | "-" | "%"
        ) || word.starts_with('\'');
        if !doc.text.is_empty()
            && !doc.text.ends_with('\n')
            && !glue_left
            && !doc.text.ends_with(['-', '('])
        {
            doc.text.push(' ');
        }
        let start = doc.text.len();
        doc.text.push_str(word);
        let end = doc.text.len();
        for label in f[4]
            .split('|')
            .map(str::trim)
            .filter(|l| *l != "-" && !l.is_empty())
        {
            let opens = label.starts_with('(');
            let closes = label.ends_with(')');
            let name = label
                .trim_start_matches('(')
                .trim_end_matches(')')
                .to_string();
            if opens {
                open.entry(name.clone()).or_default().push(start);
            }
            if closes {
                if let Some(s) = open.get_mut(&name).and_then(Vec::pop) {
                    doc.gold.push((s, end, name));
                }
            }
        }
    }
    docs
}

fn chain_kind(chain: &str) -> &str {
    chain.rsplit('_').next().unwrap_or("")
}

#[derive(Default, Clone, Copy)]
struct Pairs {
    predicted_same: usize,
    correct: usize,
    gold_same: usize,
    found: usize,
}

fn main() -> Result<()> {
    let data = crosscheck_bench::data_dir();
    let args: Vec<String> = std::env::args().collect();
    let errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let path = data.join("newswcl50/output_data/NewsWCL50.conll");
    let conll =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let docs = parse(&conll);
    let mut by_event: BTreeMap<String, Vec<&Doc>> = BTreeMap::new();
    for d in &docs {
        let event = d.id.split('_').next().unwrap_or("").to_string();
        by_event.entry(event).or_default().push(d);
    }
    // rows: persons all / cross / cross+spelled differently; places all / cross
    let mut rows = [Pairs::default(); 5];
    let mut shown = 0;
    let mut entity_count = 0usize;
    let mut aligned_total = 0usize;
    // Decode the embedded gazetteers once, outside the timed part.
    let _warm_up = mentions("Kyiv");
    let start = Instant::now();
    for (event, ds) in &by_event {
        let ms: Vec<Vec<Mention>> = ds.iter().map(|d| mentions(&d.text)).collect();
        let input: Vec<(&str, &[Mention])> = ds
            .iter()
            .zip(&ms)
            .map(|(d, m)| (d.text.as_str(), m.as_slice()))
            .collect();
        let entities = resolve(&input);
        entity_count += entities.len();
        // (doc, mention) -> entity index
        let mut entity_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (k, e) in entities.iter().enumerate() {
            for m in &e.mentions {
                entity_of.insert((m.document, m.mention), k);
            }
        }
        // aligned: (doc, name, entity, gold chain, is_person)
        let mut aligned: Vec<(usize, String, usize, String, bool)> = Vec::new();
        for (d, doc) in ds.iter().enumerate() {
            for (k, m) in ms[d].iter().enumerate() {
                let person = match m.kind {
                    EntityKind::Person => true,
                    EntityKind::Place => false,
                    _ => continue,
                };
                let want = |c: &str| {
                    let kind = chain_kind(c);
                    if person {
                        kind == "ACTOR"
                    } else {
                        kind == "COUNTRY"
                    }
                };
                let gold = doc
                    .gold
                    .iter()
                    .filter(|(s, e, c)| *s <= m.span.start() && m.span.end() <= *e && want(c))
                    .min_by_key(|(s, e, _)| e - s);
                if let (Some((_, _, chain)), Some(&ent)) = (gold, entity_of.get(&(d, k))) {
                    aligned.push((d, m.name.to_lowercase(), ent, chain.clone(), person));
                }
            }
        }
        aligned_total += aligned.len();
        for a in 0..aligned.len() {
            for b in a + 1..aligned.len() {
                let (x, y) = (&aligned[a], &aligned[b]);
                if x.4 != y.4 {
                    continue;
                }
                let same_pred = x.2 == y.2;
                let same_gold = x.3 == y.3;
                let cross = x.0 != y.0;
                let spelled = x.1 != y.1;
                let rows_for: Vec<usize> = if x.4 {
                    let mut r = vec![0];
                    if cross {
                        r.push(1);
                        if spelled {
                            r.push(2);
                        }
                    }
                    r
                } else if cross {
                    vec![3, 4]
                } else {
                    vec![3]
                };
                for r in rows_for {
                    let p = &mut rows[r];
                    if same_pred {
                        p.predicted_same += 1;
                        if same_gold {
                            p.correct += 1;
                        }
                    }
                    if same_gold {
                        p.gold_same += 1;
                        if same_pred {
                            p.found += 1;
                        }
                    }
                }
                if same_pred && !same_gold && cross && shown < errors {
                    shown += 1;
                    println!(
                        "FALSE MERGE {event}: {:?} ({}) ~ {:?} ({})",
                        x.1, x.3, y.1, y.3
                    );
                }
                if !same_pred && same_gold && cross && spelled && shown < errors {
                    shown += 1;
                    println!("MISSED {event}: {:?} ~ {:?} ({})", x.1, y.1, x.3);
                }
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "NewsWCL50: {} documents, {} events, {} aligned mentions, {} entities, {:.1} s",
        docs.len(),
        by_event.len(),
        aligned_total,
        entity_count,
        elapsed
    );
    println!("| pairs | merged | merge precision | merge recall |");
    println!("|---|---|---|---|");
    let names = [
        "people, all pairs",
        "people, different outlets",
        "people, different outlets, spelled differently",
        "places (countries), all pairs",
        "places (countries), different outlets",
    ];
    for (name, p) in names.iter().zip(rows) {
        println!(
            "| {name} | {} | {:.3} | {:.3} |",
            p.predicted_same,
            p.correct as f64 / p.predicted_same.max(1) as f64,
            p.found as f64 / p.gold_same.max(1) as f64
        );
    }
    Ok(())
}
