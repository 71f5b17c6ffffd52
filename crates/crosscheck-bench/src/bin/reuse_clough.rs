//! Clough & Stevenson short-answer corpus: reuse relations against the gold grades.
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin reuse_clough [DATA_DIR]
//! ```
//!
//! Reads `DATA_DIR/clough_stevenson` (default `../shared/data`): `file_information.csv` gives
//! each answer's task (a-e) and grade (`cut`, `light`, `heavy`, `non`); `orig_task?.txt` are
//! the five Wikipedia source texts. Files that are not valid UTF-8 are read as Latin-1.
//!
//! For each task it runs `crosscheck_reuse::detect` (default options, no dates) on the
//! source plus every answer to that task, and tabulates gold grade against the relation of
//! the (source, answer) pair (`none` when no pair is reported), with the issue's mapping
//! (cut = verbatim or edited, light = edited or spun, heavy = paraphrased, non = none) and
//! how often the source text was picked as the source. It also runs `compare` on every
//! (source, answer) pair directly, which skips candidate generation, to tell candidate
//! misses from verdict misses; counts the pairs reported between two answers of one task
//! (written independently by different students, so any pair is a false pair, though two
//! answers cut from the same source do share its text); and runs `detect` on all 100 texts
//! at once to count pairs across tasks.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use crosscheck_bench::data_dir;
use crosscheck_reuse::{
    align, compare, detect, words, PairStats, ReuseDoc, ReuseOptions, ReusePair,
};

const GRADES: [&str; 4] = ["cut", "light", "heavy", "non"];
const RELATIONS: [&str; 6] = [
    "verbatim",
    "edited",
    "spun",
    "paraphrased",
    "translated",
    "none",
];

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

/// Whether the relation agrees with the grade under the issue's mapping.
fn agrees(grade: &str, relation: &str) -> bool {
    matches!(
        (grade, relation),
        ("cut", "verbatim" | "edited")
            | ("light", "edited" | "spun")
            | ("heavy", "paraphrased")
            | ("non", "none")
    )
}

struct Answer {
    file: String,
    task: String,
    grade: String,
    text: String,
}

/// Confusion counts: grade -> relation -> count.
type Confusion = BTreeMap<String, BTreeMap<String, usize>>;

fn print_confusion(title: &str, confusion: &Confusion, picked: Option<(usize, usize)>) {
    println!("\n{title}\n");
    println!(
        "| gold \\ crosscheck | {} | agrees |",
        RELATIONS.join(" | ")
    );
    println!("|---|{}---|", "---|".repeat(RELATIONS.len()));
    let (mut agree_all, mut total_all) = (0, 0);
    for grade in GRADES {
        let row = confusion.get(grade).cloned().unwrap_or_default();
        let total: usize = row.values().sum();
        let agree: usize = row
            .iter()
            .filter(|(r, _)| agrees(grade, r))
            .map(|(_, n)| n)
            .sum();
        agree_all += agree;
        total_all += total;
        let cells: Vec<String> = RELATIONS
            .iter()
            .map(|r| row.get(*r).copied().unwrap_or(0).to_string())
            .collect();
        println!("| {grade} | {} | {agree}/{total} |", cells.join(" | "));
    }
    println!("\nagreement with the mapping: {agree_all}/{total_all}");
    let reuse_hit: usize = GRADES[..3]
        .iter()
        .map(|g| {
            confusion
                .get(*g)
                .map(|row| {
                    row.iter()
                        .filter(|(r, _)| r.as_str() != "none")
                        .map(|(_, n)| n)
                        .sum::<usize>()
                })
                .unwrap_or(0)
        })
        .sum();
    let reuse_total: usize = GRADES[..3]
        .iter()
        .map(|g| confusion.get(*g).map(|r| r.values().sum()).unwrap_or(0))
        .sum();
    let non_flagged: usize = confusion
        .get("non")
        .map(|row| {
            row.iter()
                .filter(|(r, _)| r.as_str() != "none")
                .map(|(_, n)| n)
                .sum()
        })
        .unwrap_or(0);
    let non_total: usize = confusion.get("non").map(|r| r.values().sum()).unwrap_or(0);
    println!(
        "reuse found (any relation) for cut/light/heavy: {reuse_hit}/{reuse_total}; non answers flagged: {non_flagged}/{non_total}"
    );
    if let Some((right, found)) = picked {
        println!("source text picked as the source: {right}/{found} of the pairs found");
    }
}

fn main() -> Result<()> {
    let root = data_dir().join("clough_stevenson");
    let info = read_text(&root.join("file_information.csv"))?;
    let mut answers = Vec::new();
    for line in info.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if cols.len() < 3 || cols[0].starts_with("orig") {
            continue;
        }
        answers.push(Answer {
            file: cols[0].to_string(),
            task: cols[1].to_string(),
            grade: cols[2].to_string(),
            text: read_text(&root.join(cols[0]))?,
        });
    }
    let tasks = ["a", "b", "c", "d", "e"];
    let mut sources = BTreeMap::new();
    for t in tasks {
        sources.insert(t, read_text(&root.join(format!("orig_task{t}.txt")))?);
    }
    let options = ReuseOptions::default();

    let mut confusion: Confusion = BTreeMap::new();
    let mut confusion_pairwise: Confusion = BTreeMap::new();
    let (mut picked_right, mut picked_found) = (0, 0);
    // (source text named source, answer named source) per direction evidence.
    let mut by_evidence: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let (mut pw_right, mut pw_found) = (0, 0);
    // Answer-answer pairs by the grades of the two answers.
    let mut answer_pairs: BTreeMap<String, usize> = BTreeMap::new();
    let mut answer_pair_examples: Vec<String> = Vec::new();
    let mut details: Vec<String> = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    let started = std::time::Instant::now();
    for t in tasks {
        let members: Vec<&Answer> = answers.iter().filter(|a| a.task == t).collect();
        let source_id = format!("orig_task{t}");
        let mut docs = vec![ReuseDoc {
            id: &source_id,
            text: &sources[t],
            published: None,
            site: None,
        }];
        docs.extend(members.iter().map(|a| ReuseDoc {
            id: &a.file,
            text: &a.text,
            published: None,
            site: None,
        }));
        let pairs = detect(&docs, &options);
        let with_source = |i: usize| -> Option<&ReusePair> {
            pairs
                .iter()
                .find(|p| (p.source == 0 && p.target == i) || (p.source == i && p.target == 0))
        };
        let all_words: Vec<_> = docs.iter().map(|d| words(d.text)).collect();
        for (k, a) in members.iter().enumerate() {
            let i = k + 1;
            let rel = with_source(i).map_or("none", |p| p.relation.as_str());
            *confusion
                .entry(a.grade.clone())
                .or_default()
                .entry(rel.to_string())
                .or_default() += 1;
            if let Some(p) = with_source(i) {
                picked_found += 1;
                let tally = by_evidence.entry(p.direction.as_str()).or_default();
                if p.source == 0 {
                    picked_right += 1;
                    tally.0 += 1;
                } else {
                    tally.1 += 1;
                }
                details.push(format!(
                    "{} ({}) -> {} {:?} sim {:.2}, source coverage {:.2}, target coverage {:.2}, equal {:.2}, direction {:?}{}",
                    a.file,
                    a.grade,
                    rel,
                    p.extent,
                    p.similarity,
                    p.stats.source_coverage(),
                    p.stats.target_coverage(),
                    p.stats.equal_share(),
                    p.direction,
                    if p.source == 0 { "" } else { " (REVERSED)" }
                ));
            } else {
                details.push(format!("{} ({}) -> none", a.file, a.grade));
            }
            let direct = compare(&docs, &all_words[0], &all_words[i], 0, i, &options);
            if direct.is_none() && a.grade != "non" {
                let al = align(&all_words[0], &all_words[i], &options.align);
                let st = PairStats::new(&al, all_words[0].len(), all_words[i].len());
                misses.push(format!(
                    "{} ({}): {} passages, aligned {}/{} source and {}/{} answer words, equal share {:.2}, one-to-one swaps {}",
                    a.file,
                    a.grade,
                    st.passages,
                    st.aligned_source,
                    st.source_words,
                    st.aligned_target,
                    st.target_words,
                    st.equal_share(),
                    st.one_to_one
                ));
            }
            let rel = direct.as_ref().map_or("none", |p| p.relation.as_str());
            *confusion_pairwise
                .entry(a.grade.clone())
                .or_default()
                .entry(rel.to_string())
                .or_default() += 1;
            if let Some(p) = direct {
                pw_found += 1;
                if p.source == 0 {
                    pw_right += 1;
                }
            }
        }
        for p in pairs.iter().filter(|p| p.source != 0 && p.target != 0) {
            let (ga, gb) = (&members[p.source - 1].grade, &members[p.target - 1].grade);
            let mut key = [ga.as_str(), gb.as_str()];
            key.sort_by_key(|g| GRADES.iter().position(|x| x == g));
            *answer_pairs.entry(key.join("-")).or_default() += 1;
            answer_pair_examples.push(format!(
                "{} ({ga}) -> {} ({gb}): {} sim {:.2}",
                members[p.source - 1].file,
                members[p.target - 1].file,
                p.relation.as_str(),
                p.similarity
            ));
        }
    }
    let secs = started.elapsed().as_secs_f64();

    println!(
        "{} answers (5 tasks), one `detect` run per task: {:.3} s in all",
        answers.len(),
        secs
    );
    print_confusion(
        "Relation of (source text, answer) reported by `detect`:",
        &confusion,
        Some((picked_right, picked_found)),
    );
    println!("\nDirection by evidence (no dates; `undetermined` falls back to id order):\n");
    println!("| evidence | source text named source | answer named source |");
    println!("|---|---|---|");
    for (evidence, (right, wrong)) in &by_evidence {
        println!("| {evidence} | {right} | {wrong} |");
    }
    print_confusion(
        "Same with `compare` on every (source text, answer) pair (no candidate stage):",
        &confusion_pairwise,
        Some((pw_right, pw_found)),
    );
    let total: usize = answer_pairs.values().sum();
    println!("\nPairs reported between two answers of one task: {total}");
    for (k, n) in &answer_pairs {
        println!("- grades {k}: {n}");
    }

    // Everything at once: pairs across tasks are false.
    let mut all_docs: Vec<ReuseDoc<'_>> = Vec::new();
    let mut task_of: Vec<&str> = Vec::new();
    let ids: Vec<String> = tasks.iter().map(|t| format!("orig_task{t}")).collect();
    for (t, id) in tasks.iter().zip(&ids) {
        all_docs.push(ReuseDoc {
            id,
            text: &sources[t],
            published: None,
            site: None,
        });
        task_of.push(t);
    }
    for a in &answers {
        all_docs.push(ReuseDoc {
            id: &a.file,
            text: &a.text,
            published: None,
            site: None,
        });
        task_of.push(&a.task);
    }
    let pairs = detect(&all_docs, &options);
    let cross = pairs
        .iter()
        .filter(|p| task_of[p.source] != task_of[p.target])
        .count();
    println!(
        "\n`detect` on all {} texts at once: {} pairs, {cross} of them across tasks",
        all_docs.len(),
        pairs.len()
    );

    if std::env::var_os("CLOUGH_DETAILS").is_some() {
        println!("\nPer answer:");
        for d in &details {
            println!("- {d}");
        }
        println!("\nReusing answers `compare` rejects, with their token alignment:");
        for d in &misses {
            println!("- {d}");
        }
        println!("\nAnswer-answer pairs:");
        for d in &answer_pair_examples {
            println!("- {d}");
        }
    }
    Ok(())
}
