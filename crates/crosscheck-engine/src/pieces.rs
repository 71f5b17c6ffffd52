//! The engine in pieces: for front ends that hold records rather than files, or that spread a
//! run over many machines (the Python binding and its Spark job).
//!
//! [`analyze_records`] runs `analyze` over JSON Lines records held in memory. The rest is
//! reuse detection ([`crosscheck_reuse::detect`]) cut where a cluster job shuffles:
//!
//! 1. [`read_record`]: one JSON Lines record, read as `crosscheck analyze` reads that line of
//!    its file ([`RecordDoc`]);
//! 2. [`reuse_fingerprints`]: one document's fingerprints;
//! 3. [`pair_hits`]: the shared-fingerprint hits of every document pair over complete
//!    fingerprint groups (a job partitions postings by fingerprint); hits summed per pair over
//!    all groups and kept by [`is_candidate`] are the candidate pairs;
//! 4. [`compare_records`]: one candidate pair aligned and classified into its report entry
//!    (relation, direction evidence, passages in characters), root still unset, with the
//!    entry it becomes if the corpus pass reverses it and what that pass reads of it;
//! 5. [`settle_cluster`]: the corpus pass over one cluster (connected component) of pairs:
//!    the direction of undetermined pairs from their neighbours;
//! 6. [`corpus_roots`]: the root original of each pair, from every pair's ends and whether
//!    its direction was decided.
//!
//! Documents are named by a `u64` key that orders them as the single-machine run does (input
//! order: file, then line). Every order-dependent rule of detection (which document of a
//! candidate pair is aligned as the first, which document a common fingerprint pairs with the
//! others, which source a root chain follows) reads that order, so the pieces give the pairs,
//! directions and roots `analyze` gives.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono::NaiveDate;
use crosscheck::ingest::{self, IngestOptions};
use crosscheck::TextRange;
use crosscheck::{ContentHash, Document, Metadata};
use crosscheck_reuse::{
    assign_roots, compare, fingerprints, reverse_pair, settle_from_corpus, words, Extent,
    PairStats, PassagePair, Relation, ReuseDoc, ReuseOptions, ReusePair, NO_SITE,
};

pub use crosscheck_reuse::DirectionEvidence;

use crate::analyze::{fill_report, Stages};
use crate::build;
use crate::events::Silent;
use crate::guard::guarded;
use crate::report::{Report, ReuseEntry};

/// The file name [`analyze_records`] reads its records as: a record without an `id` is
/// `records-N` (N counted from 1), and one without a `url` comes from `records:N`.
pub const RECORDS_NAME: &str = "records";

/// A record [`analyze_records`] could not read.
#[derive(Debug, thiserror::Error)]
#[error("record {index}: {reason}")]
pub struct RecordError {
    /// Position of the record in the input, from 0.
    pub index: usize,
    /// Why it was not read.
    pub reason: String,
}

/// Run `stages` over JSON Lines records held in memory (each one JSON object, as a line of a
/// `.jsonl` file) and build the report `crosscheck analyze` builds over a file holding them,
/// in order. Records are read as lines of a file named [`RECORDS_NAME`]. A record that cannot
/// be read is an error naming it, not a skipped input: the caller holds it and can mend it.
pub fn analyze_records(records: &[String], stages: Stages) -> Result<Report, RecordError> {
    let options = IngestOptions::default();
    let path = Path::new(RECORDS_NAME);
    let mut documents: Vec<Document> = Vec::with_capacity(records.len());
    let mut seen: HashSet<ContentHash> = HashSet::new();
    for (index, line) in records.iter().enumerate() {
        let bad = |reason: String| RecordError { index, reason };
        let read = guarded(|| ingest::read_record(line, path, index as u64 + 1, &options))
            .map_err(|message| {
                bad(format!(
                    "internal error (a bug, please report it): {message}"
                ))
            })?;
        match read {
            None => return Err(bad("blank record".into())),
            Some(Err(err)) => return Err(bad(err.kind.to_string())),
            // The same document twice is one document, kept where it first came (as a run
            // over files keeps it).
            Some(Ok(doc)) => {
                if seen.insert(doc.hash.clone()) {
                    documents.push(doc);
                }
            }
        }
    }
    ingest::disambiguate_ids(documents.iter_mut().map(|d| &mut d.id));
    let mut report = Report::new();
    fill_report(&mut report, documents, stages, &Silent);
    Ok(report)
}

/// A document as the reuse pieces need it, read from one record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDoc {
    /// Report id (before ids are made unique across the run; see [`unique_ids`]).
    pub id: String,
    /// Content hash, hex: equal for the same document read twice.
    pub hash: String,
    /// Clean text; spans index into it.
    pub text: String,
    /// Publication date, if known.
    pub published: Option<NaiveDate>,
    /// Outlet, else URL host, if known.
    pub site: Option<String>,
}

/// Why a record was skipped, as a run over its file reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedRecord {
    /// File and line.
    pub location: String,
    /// Why.
    pub reason: String,
}

/// Read line `line_no` (from 1) of the JSON Lines file `file` as `crosscheck analyze` reads it:
/// `None` for a blank line (skipped silently), else the document or why it was skipped.
pub fn read_record(
    line: &str,
    file: &str,
    line_no: u64,
) -> Option<Result<RecordDoc, SkippedRecord>> {
    let path = Path::new(file);
    let read = match guarded(|| ingest::read_record(line, path, line_no, &IngestOptions::default()))
    {
        Ok(read) => read?,
        Err(message) => {
            return Some(Err(SkippedRecord {
                location: format!("{file}:{line_no}"),
                reason: format!("internal error (a bug, please report it): {message}"),
            }))
        }
    };
    Some(match read {
        Ok(doc) => Ok(RecordDoc {
            site: doc.site().map(|s| s.into_owned()),
            published: doc.meta.published.as_ref().map(|p| p.value),
            id: doc.id,
            hash: doc.hash.as_str().to_string(),
            text: doc.text,
        }),
        Err(err) => Err(SkippedRecord {
            location: err.location.to_string(),
            reason: err.kind.to_string(),
        }),
    })
}

/// Make `ids`, in input order, unique as a run does: a repeated id gets `-2`, `-3`, ...
pub fn unique_ids(ids: &mut [String]) {
    ingest::disambiguate_ids(ids.iter_mut());
}

/// A number for a site, equal for equal sites: what [`pair_hits`] needs to know of them.
pub fn site_key(site: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    site.hash(&mut hasher);
    hasher.finish()
}

/// The reuse fingerprints of a document's clean text (sorted, distinct).
pub fn reuse_fingerprints(text: &str) -> Vec<u32> {
    fingerprints(&words(text))
}

/// One fingerprint of one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    /// The fingerprint.
    pub fingerprint: u32,
    /// The document's key (input order).
    pub doc: u64,
    /// The document's [`site_key`], if its site is known.
    pub site: Option<u64>,
}

/// For `postings` that hold every posting of each fingerprint they hold (in any order): each
/// document pair `(a, b)`, `a < b`, with the number of those fingerprints it shares, sorted.
/// A fingerprint in at most `max_fingerprint_documents` documents pairs all of them; in more,
/// up to `max_star_documents`, it pairs the first (by key) with each other one, unless all are
/// pages of one site; in more still, it is a stock phrase and pairs nothing. The rules and
/// defaults of [`crosscheck_reuse::candidate_pairs_from_postings`], which a test holds this to.
pub fn pair_hits(mut postings: Vec<Posting>) -> Vec<(u64, u64, u32)> {
    let options = ReuseOptions::default();
    postings.sort_unstable();
    let mut hits: Vec<(u64, u64)> = Vec::new();
    for group in postings.chunk_by(|x, y| x.fingerprint == y.fingerprint) {
        if group.len() >= 2 && group.len() <= options.max_fingerprint_documents {
            for (x, first) in group.iter().enumerate() {
                hits.extend(
                    group[x + 1..]
                        .iter()
                        .filter(|p| p.doc != first.doc)
                        .map(|p| (first.doc, p.doc)),
                );
            }
        } else if group.len() <= options.max_star_documents {
            let first = group[0];
            let one_site = first.site.is_some() && group.iter().all(|p| p.site == first.site);
            if !one_site {
                hits.extend(
                    group
                        .iter()
                        .filter(|p| p.doc != first.doc)
                        .map(|p| (first.doc, p.doc)),
                );
            }
        }
    }
    hits.sort_unstable();
    hits.chunk_by(|x, y| x == y)
        .map(|same| (same[0].0, same[0].1, same.len() as u32))
        .collect()
}

/// Whether two documents with `a_fingerprints` and `b_fingerprints` fingerprints that share
/// `hits` of them are a candidate pair ([`ReuseOptions::min_shared_for`]).
pub fn is_candidate(hits: u32, a_fingerprints: u32, b_fingerprints: u32) -> bool {
    let smaller = a_fingerprints.min(b_fingerprints) as usize;
    hits >= ReuseOptions::default().min_shared_for(smaller)
}

/// One document of a candidate pair.
#[derive(Clone, Copy, Debug)]
pub struct PairSide<'a> {
    /// Report id.
    pub id: &'a str,
    /// Clean text.
    pub text: &'a str,
    /// Publication date, if known.
    pub published: Option<NaiveDate>,
    /// Outlet, else URL host, if known.
    pub site: Option<&'a str>,
}

/// What the corpus pass ([`settle_cluster`]) reads of a derived pair besides its documents.
#[derive(Clone, Debug, PartialEq)]
pub struct PairFacts {
    /// What decided the direction so far.
    pub direction: DirectionEvidence,
    /// Passages as byte spans: source start, source end, target start, target end.
    pub passages: Vec<[usize; 4]>,
    /// Words of the source and of the target.
    pub words: [usize; 2],
    /// Aligned words of the source and of the target.
    pub aligned: [usize; 2],
}

/// A derived pair as [`compare_records`] finds it.
#[derive(Clone, Debug)]
pub struct Compared {
    /// Whether `a` is the source.
    pub a_is_source: bool,
    /// The report entry, its `root` the source.
    pub entry: ReuseEntry,
    /// The entry if the corpus pass reverses the pair (direction `copied_whole`).
    pub reversed: ReuseEntry,
    /// What the corpus pass reads.
    pub facts: PairFacts,
}

/// Align and classify one candidate pair, `a` before `b` in input order. `None` when it is not
/// reuse.
pub fn compare_records(a: PairSide<'_>, b: PairSide<'_>) -> Option<Compared> {
    let docs = [a, b].map(|d| ReuseDoc {
        id: d.id,
        text: d.text,
        published: d.published,
        site: d.site,
    });
    let (a_words, b_words) = (words(a.text), words(b.text));
    let pair = compare(&docs, &a_words, &b_words, 0, 1, &ReuseOptions::default())?;
    // The report builder wants documents; only the id and text are read.
    let documents = [a, b].map(|d| Document {
        id: d.id.to_string(),
        source: String::new(),
        hash: ContentHash::from_hex(""),
        meta: Metadata::default(),
        text: d.text.to_string(),
        credits: Vec::new(),
        extra: serde_json::Map::new(),
    });
    let mut turned = pair.clone();
    reverse_pair(&mut turned);
    turned.direction = DirectionEvidence::CopiedWhole;
    let mut entries = build::reuse_entries(&documents, &[pair.clone(), turned]).into_iter();
    let (entry, reversed) = (entries.next()?, entries.next()?);
    let facts = PairFacts {
        direction: pair.direction,
        passages: pair
            .passages
            .iter()
            .map(|p| {
                [
                    p.source.start(),
                    p.source.end(),
                    p.target.start(),
                    p.target.end(),
                ]
            })
            .collect(),
        words: [pair.stats.source_words, pair.stats.target_words],
        aligned: [pair.stats.aligned_source, pair.stats.aligned_target],
    };
    Some(Compared {
        a_is_source: pair.source == 0,
        entry,
        reversed,
        facts,
    })
}

/// One pair of a cluster, for [`settle_cluster`].
#[derive(Clone, Debug)]
pub struct ClusterPair {
    /// Source document key.
    pub source: u64,
    /// Target document key.
    pub target: u64,
    /// The source's [`site_key`], if its site is known.
    pub source_site: Option<u64>,
    /// The target's [`site_key`], if its site is known.
    pub target_site: Option<u64>,
    /// What [`compare_records`] found.
    pub facts: PairFacts,
}

/// The corpus pass of reuse detection ([`crosscheck_reuse::settle_from_corpus`]) over the
/// pairs of whole clusters: for each pair, in the order given, whether it turns round (its
/// target is the source) and its direction evidence after the pass. A pair's neighbours are
/// the other pairs of its two documents, all in its cluster, so clusters settle apart.
pub fn settle_cluster(pairs: &[ClusterPair]) -> Vec<(bool, DirectionEvidence)> {
    let mut keys: Vec<u64> = pairs.iter().flat_map(|p| [p.source, p.target]).collect();
    keys.sort_unstable();
    keys.dedup();
    let index = |key: u64| keys.binary_search(&key).unwrap_or(0);
    let mut site_of: Vec<Option<u64>> = vec![None; keys.len()];
    for p in pairs {
        site_of[index(p.source)] = p.source_site;
        site_of[index(p.target)] = p.target_site;
    }
    let mut numbers: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    let sites: Vec<u32> = site_of
        .iter()
        .map(|site| match site {
            Some(key) => {
                let next = numbers.len() as u32;
                *numbers.entry(*key).or_insert(next)
            }
            None => NO_SITE,
        })
        .collect();
    let mut full: Vec<ReusePair> = pairs
        .iter()
        .map(|p| ReusePair {
            source: index(p.source),
            target: index(p.target),
            relation: Relation::Verbatim,
            extent: Extent::Full,
            similarity: 0.0,
            passages: p
                .facts
                .passages
                .iter()
                .map(|&[s0, s1, t0, t1]| PassagePair {
                    source: TextRange::new(s0, s1),
                    target: TextRange::new(t0, t1),
                })
                .collect(),
            substitutions: Vec::new(),
            direction: p.facts.direction,
            root: index(p.source),
            stats: PairStats {
                source_words: p.facts.words[0],
                target_words: p.facts.words[1],
                aligned_source: p.facts.aligned[0],
                aligned_target: p.facts.aligned[1],
                ..PairStats::default()
            },
        })
        .collect();
    let reversed: rustc_hash::FxHashSet<usize> =
        settle_from_corpus(&mut full, &sites).into_iter().collect();
    full.iter()
        .enumerate()
        .map(|(i, p)| (reversed.contains(&i), p.direction))
        .collect()
}

/// The direction evidence the report names `name` (`publication_date`, `undetermined`, ...).
pub fn direction_named(name: &str) -> Option<DirectionEvidence> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

/// The root original of each pair `(source, target, direction)` (document keys) of the whole
/// corpus, in the order given: [`crosscheck_reuse::assign_roots`] itself, over keys mapped to
/// indices in the same order. It reads only each pair's ends and whether its direction was
/// decided, three numbers a pair, so a cluster job gathers them in one place: the rule looks
/// at whole clusters and, where sources run in a cycle, at a corpus-wide count.
pub fn corpus_roots(pairs: &[(u64, u64, DirectionEvidence)]) -> Vec<u64> {
    let mut keys: Vec<u64> = pairs.iter().flat_map(|p| [p.0, p.1]).collect();
    keys.sort_unstable();
    keys.dedup();
    let index = |key: u64| keys.binary_search(&key).unwrap_or(0);
    let mut full: Vec<ReusePair> = pairs
        .iter()
        .map(|&(source, target, direction)| ReusePair {
            source: index(source),
            target: index(target),
            relation: Relation::Verbatim,
            extent: Extent::Full,
            similarity: 0.0,
            passages: Vec::new(),
            substitutions: Vec::new(),
            direction,
            root: index(source),
            stats: PairStats::default(),
        })
        .collect();
    assign_roots(&mut full);
    full.iter()
        .map(|p| keys.get(p.root).copied().unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_reuse::{candidate_pairs, site_numbers};

    fn record(id: &str, outlet: &str, text: &str) -> String {
        serde_json::json!({"id": id, "outlet": outlet, "text": text}).to_string()
    }

    const STORY: &str = "Fire crews fought a blaze at the harbour warehouse for six hours on \
        Tuesday night, the city fire service said, after flames were first seen on the roof \
        shortly after nine. Nobody was hurt, but two hundred tonnes of grain stored inside were \
        lost and the quay stays closed while engineers check the structure for damage. The port \
        authority said ferries to the islands would sail from the north pier until Friday.";

    #[test]
    fn a_bad_record_is_named_by_its_index() {
        let records = vec![record("a", "Wire", STORY), "{\"id\": \"b\"}".to_string()];
        let err = analyze_records(&records, Stages::all()).unwrap_err();
        assert_eq!(err.index, 1);
        assert!(err.to_string().starts_with("record 1: "), "{err}");
        let err = analyze_records(&["[1]".to_string()], Stages::all()).unwrap_err();
        assert_eq!(err.index, 0);
    }

    #[test]
    fn records_give_the_pairs_of_the_pieces() {
        let records = vec![
            record("wire", "Wire", STORY),
            record("copy", "Farm", &format!("{STORY} Share this story.")),
            record("other", "Other", "A completely different text about the weather in the hills, where it rained all week and the rivers rose."),
        ];
        let only_reuse = Stages {
            reuse: true,
            rewrite: false,
            quotes: false,
            facts: false,
            models: false,
        };
        let report = analyze_records(&records, only_reuse).unwrap();
        assert_eq!(report.reuse.len(), 1);
        let docs: Vec<RecordDoc> = records
            .iter()
            .enumerate()
            .map(|(n, r)| read_record(r, RECORDS_NAME, n as u64 + 1).unwrap().unwrap())
            .collect();
        fn side(d: &RecordDoc) -> PairSide<'_> {
            PairSide {
                id: &d.id,
                text: &d.text,
                published: d.published,
                site: d.site.as_deref(),
            }
        }
        let found = compare_records(side(&docs[0]), side(&docs[1])).unwrap();
        assert_eq!(found.a_is_source, report.reuse[0].source == "wire");
        assert_eq!(
            serde_json::to_value(&found.entry).unwrap(),
            serde_json::to_value(&report.reuse[0]).unwrap()
        );
        assert_eq!(found.reversed.source, found.entry.target);
        assert_eq!(
            direction_named("copied_whole"),
            Some(DirectionEvidence::CopiedWhole)
        );
        assert!(compare_records(side(&docs[0]), side(&docs[2])).is_none());
        assert!(read_record("  ", RECORDS_NAME, 9).is_none());
        let skipped = read_record("{\"id\": 3}", "in.jsonl", 4)
            .unwrap()
            .unwrap_err();
        assert_eq!(skipped.location, "in.jsonl:4");
    }

    /// Postings split by fingerprint into parts, hits summed over parts and filtered: the
    /// candidate pairs of the reuse stage, on a corpus with common and one-site fingerprints.
    #[test]
    fn pair_hits_over_parts_give_the_candidate_pairs() {
        let mut texts: Vec<(String, Option<&str>)> = Vec::new();
        let boiler = "Read more from the Daily Ledger, all rights reserved, subscribe today for more news from the valley.";
        let common = "The minister said on Tuesday that the figures would be published in the coming weeks, according to a statement.";
        for n in 0..140 {
            let body = format!(
                "{} {n} {} Story number {n} is about the town of Place{n} and its {n} residents who met {} times. {}",
                if n % 2 == 0 { boiler } else { "" },
                if n < 80 { common } else { "" },
                n * 7,
                if n % 10 == 1 { STORY } else { "" },
            );
            let site = match n % 4 {
                0 | 2 => Some("Daily Ledger"),
                1 => Some("Other"),
                _ => None,
            };
            texts.push((body, site));
        }
        let fps: Vec<Vec<u32>> = texts.iter().map(|(t, _)| reuse_fingerprints(t)).collect();
        let refs: Vec<&[u32]> = fps.iter().map(Vec::as_slice).collect();
        let sites = site_numbers(texts.iter().map(|(_, s)| *s));
        let options = ReuseOptions {
            max_fingerprint_documents: 50,
            ..ReuseOptions::default()
        };
        let want = candidate_pairs(&refs, &sites, &options);
        // Keys that keep input order but are not indices.
        let key = |n: usize| (n as u64) * 1000 + 7;
        let mut parts: Vec<Vec<Posting>> = vec![Vec::new(); 3];
        for (n, doc_fps) in fps.iter().enumerate() {
            for &fp in doc_fps {
                parts[fp as usize % 3].push(Posting {
                    fingerprint: fp,
                    doc: key(n),
                    site: texts[n].1.map(site_key),
                });
            }
        }
        let mut total: std::collections::BTreeMap<(u64, u64), u32> = Default::default();
        for part in parts {
            for (a, b, hits) in pair_hits(part) {
                *total.entry((a, b)).or_default() += hits;
            }
        }
        let got: Vec<(usize, usize)> = total
            .into_iter()
            .filter(|&((a, b), hits)| {
                let (a, b) = (((a - 7) / 1000) as usize, ((b - 7) / 1000) as usize);
                is_candidate(hits, fps[a].len() as u32, fps[b].len() as u32)
            })
            .map(|((a, b), _)| (((a - 7) / 1000) as usize, ((b - 7) / 1000) as usize))
            .collect();
        assert!(!want.is_empty());
        assert_eq!(got, want);
    }

    /// Keys far apart and out of order give the roots `assign_roots` gives on indices.
    #[test]
    fn corpus_roots_are_assign_roots_on_keys() {
        use DirectionEvidence::{RewriteTraces, Undetermined};
        let pairs = [
            (20_000, 10_000, RewriteTraces),
            (30_000, 20_000, RewriteTraces),
            (5, 10_000, Undetermined),
            (10_000, 1 << 45, RewriteTraces),
            (7, 8, Undetermined),
        ];
        let on_indices: Vec<(u64, u64, DirectionEvidence)> = pairs
            .iter()
            .map(|&(s, t, d)| {
                let rank = |k: u64| {
                    [5, 7, 8, 10_000, 20_000, 30_000, 1 << 45]
                        .iter()
                        .position(|&x| x == k)
                        .unwrap() as u64
                };
                (rank(s), rank(t), d)
            })
            .collect();
        let keys = [5u64, 7, 8, 10_000, 20_000, 30_000, 1 << 45];
        let by_index: Vec<u64> = corpus_roots(&on_indices)
            .into_iter()
            .map(|i| keys[i as usize])
            .collect();
        let roots = corpus_roots(&pairs);
        assert_eq!(roots, by_index);
        assert_eq!(roots[0], roots[2]);
        assert!(roots.iter().all(|r| keys.contains(r)));
    }
}
