//! A synthetic news feed with known copies, made in the test (no data from outside): originals
//! of random sentences over a small vocabulary, verbatim copies under another site's head and
//! tail, edited copies (a paragraph cut, words changed) and excerpts inside unrelated text,
//! plus unrelated articles. Deterministic for a seed.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// One generated article and, for a copy, the id of its original.
pub struct Article {
    pub id: String,
    pub outlet: String,
    pub published: String,
    pub text: String,
    pub original: Option<String>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FUNCTION: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "was", "for", "on", "that", "with", "by", "it", "at",
    "from", "as", "is", "after", "before", "their", "has", "had", "were", "would", "which",
];
const SYLLABLES: &[&str] = &[
    "bra", "mel", "tos", "kin", "dor", "vel", "pan", "rit", "lo", "sem", "gar", "fen", "ul", "mar",
    "ost", "qua", "rin", "tel", "vos", "zim",
];
const SITES: &[&str] = &[
    "Harbor Daily",
    "Valley Post",
    "Metro Wire",
    "Coast Times",
    "River Herald",
    "Plains Courier",
];

fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}

fn sentence(rng: &mut Rng) -> String {
    let len = 12 + rng.below(14);
    let mut words: Vec<String> = Vec::with_capacity(len);
    for _ in 0..len {
        let roll = rng.below(100);
        words.push(if roll < 45 {
            FUNCTION[rng.below(FUNCTION.len())].to_string()
        } else if roll < 88 {
            word(rng)
        } else if roll < 95 {
            let mut name = word(rng);
            name[..1].make_ascii_uppercase();
            name
        } else {
            (rng.below(9000) + 10).to_string()
        });
    }
    words[0][..1].make_ascii_uppercase();
    format!("{}.", words.join(" "))
}

fn paragraphs(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| (0..3).map(|_| sentence(rng)).collect::<Vec<_>>().join(" "))
        .collect()
}

/// `originals` originals, each with one copy of a kind taken in turn (verbatim, edited,
/// excerpt), and `unrelated` articles nothing copies; in an order where every copy comes
/// after its original. Ids are `o…`, `c…` and `u…`.
pub fn feed(originals: usize, unrelated: usize, seed: u64) -> Vec<Article> {
    let mut rng = Rng(seed.max(1));
    let mut out = Vec::new();
    let mut copies = Vec::new();
    let day = |n: usize| format!("2024-{:02}-{:02}", 1 + n / 28 % 12, 1 + n % 28);
    for i in 0..originals {
        let site = SITES[i % SITES.len()];
        let body = paragraphs(&mut rng, 4);
        let id = format!("o{i:05}");
        out.push(Article {
            id: id.clone(),
            outlet: site.to_string(),
            published: day(i),
            text: body.join("\n\n"),
            original: None,
        });
        let other = SITES[(i + 1 + rng.below(SITES.len() - 1)) % SITES.len()];
        let text = match i % 3 {
            0 => format!(
                "From the {other} newsroom.\n\n{}\n\nShare this story. Read more at {other}.",
                body.join("\n\n")
            ),
            1 => {
                let mut edited: Vec<String> = body.clone();
                edited.remove(rng.below(edited.len()));
                let mut text = edited.join("\n\n");
                for _ in 0..4 {
                    let from = word(&mut rng);
                    let _ = write!(text, " {from}");
                }
                text
            }
            _ => {
                let mut host = paragraphs(&mut rng, 4);
                let at = rng.below(body.len() - 1);
                host.insert(2, body[at..at + 2].join(" "));
                host.join("\n\n")
            }
        };
        copies.push(Article {
            id: format!("c{i:05}"),
            outlet: other.to_string(),
            published: day(i + 3),
            text,
            original: Some(id),
        });
    }
    for i in 0..unrelated {
        out.push(Article {
            id: format!("u{i:05}"),
            outlet: SITES[i % SITES.len()].to_string(),
            published: day(i),
            text: paragraphs(&mut rng, 3).join("\n\n"),
            original: None,
        });
    }
    out.extend(copies);
    out
}

/// Write `articles` as one JSON Lines file.
pub fn write_jsonl<'a>(path: &Path, articles: impl IntoIterator<Item = &'a Article>) {
    let mut out = String::new();
    for a in articles {
        let record = serde_json::json!({
            "id": a.id, "outlet": a.outlet, "published": a.published, "text": a.text,
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("write the feed");
}
