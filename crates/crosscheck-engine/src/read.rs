//! Reading: find the input files, read them in parallel, commit documents to the store in
//! batches, count what happened. Shared by [`crate::analyze`] and [`crate::ingest`].
//!
//! Readers run on a rayon pool and send items down a bounded channel to this thread, the only
//! writer; so memory stays flat however large the corpus (at most the channel and one batch
//! in flight) and SQLite sees a single writer. Order does not depend on thread count: every
//! item carries its file index and position, and anything order-sensitive sorts by them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use crosscheck::ingest::{self, ErrorKind, IngestError, IngestOptions, InputFile, Location};
use crosscheck::Document;
use crosscheck_store::{Batch, CorpusStore, FileMark};

use crate::error::{EngineError, Result, StoreContext};
use crate::events::Events;
use crate::guard::guarded;
use crate::summary::{RunSummary, SkippedInput};

/// Documents per transaction: large enough to amortise the commit, small enough that an
/// interruption loses little work.
const BATCH_DOCUMENTS: usize = 1000;
/// Commit at least this often, so a slow trickle of documents is still durable.
const BATCH_INTERVAL: Duration = Duration::from_secs(2);

/// What to read, and how.
#[derive(Clone, Debug, Default)]
pub struct ReadConfig {
    /// Files and folders as given (folders are read recursively).
    pub inputs: Vec<PathBuf>,
    /// Reader limits.
    pub options: IngestOptions,
    /// Worker threads (default: one per core). Results do not depend on the count.
    pub threads: Option<usize>,
}

/// How one reading pass runs (set by the command, not by the user).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadPlan {
    /// Skip files the store says were fully ingested (same path, size, mtime).
    pub skip_done: bool,
    /// What of each document the run hands back for a report.
    pub keep: Keep,
}

/// What of each document read a run keeps for its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Nothing: the store has it all (`ingest`).
    Nothing,
    /// Each document's content hash and id, in input order: a report too large for memory
    /// reads the documents back from the store.
    Refs,
    /// The documents themselves, in input order.
    Documents,
    /// The documents while their texts total at most this many bytes; past that, every
    /// document kept so far and all later ones as [`Keep::Refs`].
    DocumentsWithin(usize),
}

/// A document of the run, by the key the store knows it under.
#[derive(Clone, Debug)]
pub(crate) struct DocRef {
    /// Content hash: the store's key.
    pub hash: crosscheck::ContentHash,
    /// Report id (made unique within the run).
    pub id: String,
}

/// What a run keeps of its documents, each with its (file, position) for input order.
#[derive(Default)]
struct Kept {
    documents: Vec<(usize, u64, Document)>,
    refs: Vec<(usize, u64, DocRef)>,
}

/// The first 128 bits of a content hash: collision-free in practice, and a quarter of the
/// memory of the hex string, for a set that holds one entry per document of the run.
fn hash_key(hash: &crosscheck::ContentHash) -> u128 {
    let hex = hash.as_str();
    u128::from_str_radix(hex.get(..32).unwrap_or(hex), 16).unwrap_or_default()
}

/// Documents read by a run, in input order, for the report.
pub(crate) struct ReadOutput {
    /// Counts and problems.
    pub summary: RunSummary,
    /// Documents (with [`Keep::Documents`]), in input order, duplicates within the input
    /// removed.
    pub documents: Vec<Document>,
    /// References to the same documents (with [`Keep::Refs`]).
    pub refs: Vec<DocRef>,
    /// The problems themselves, in input order.
    pub problems: Vec<IngestError>,
}

/// Documents a reader sends to the writer in one message: one wake-up of the writer per
/// this many documents rather than per document.
const ITEMS_PER_MESSAGE: usize = 32;

/// One document (or problem) read, with its position in its file.
struct ReadItem {
    seq: u64,
    item: ingest::Item,
}

enum Message {
    /// Documents read from `file`, in order.
    Items { file: usize, items: Vec<ReadItem> },
    FileDone {
        file: usize,
        documents: u64,
        problems: u64,
    },
}

/// Read `config.inputs` into `store`. Stops taking new files once `cancel` is set; what was
/// read is committed.
pub(crate) fn read_inputs<S: CorpusStore>(
    config: &ReadConfig,
    plan: ReadPlan,
    store: &mut S,
    events: &dyn Events,
    cancel: &AtomicBool,
) -> Result<ReadOutput> {
    let started = Instant::now();
    let (files, walk_errors) = ingest::discover(&config.inputs);
    let mut summary = RunSummary::default();
    let mut problems: Vec<(usize, u64, IngestError)> = Vec::new();
    for err in walk_errors {
        problems.push((usize::MAX, 0, err));
    }

    let mut to_read: Vec<(usize, InputFile)> = Vec::new();
    for (index, file) in files.into_iter().enumerate() {
        let path = file.path.display().to_string();
        if plan.skip_done
            && store
                .file_is_done(&path, file.size, file.modified)
                .context("looking up an input file")?
        {
            summary.files_already_done += 1;
            continue;
        }
        to_read.push((index, file));
    }
    let total_bytes: u64 = to_read.iter().map(|(_, f)| f.size).sum();
    events.reading(to_read.len() as u64, total_bytes);
    // Paths the walk could not open (a dangling link, a folder without permission) are
    // skipped inputs like any other, and said so.
    for (_, _, err) in &problems {
        events.skipped(err);
    }
    let marks: Vec<FileMark> = to_read
        .iter()
        .map(|(_, f)| FileMark {
            path: f.path.display().to_string(),
            size: f.size,
            modified: f.modified,
            documents: 0,
            problems: 0,
        })
        .collect();
    let index_of: std::collections::HashMap<usize, usize> = to_read
        .iter()
        .enumerate()
        .map(|(i, (fi, _))| (*fi, i))
        .collect();

    let (sender, receiver) = sync_channel::<Message>(64);
    let pool = {
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = config.threads {
            builder = builder.num_threads(n.max(1));
        }
        builder.build().map_err(EngineError::Threads)?
    };
    let options = config.options.clone();
    let mut batch = Batch::default();
    let mut batch_keys: Vec<(usize, u64)> = Vec::new();
    let mut kept = Kept::default();
    let (mut keep, mut kept_bytes) = (plan.keep, 0usize);
    // Content hash -> the input position of the copy kept. Files are read in parallel, so a
    // later copy can arrive first; `earlier` then remembers the first copy in input order
    // (position and id), which the report uses, so that it does not depend on thread timing.
    let mut seen_in_run: std::collections::HashMap<u128, (usize, u64)> =
        std::collections::HashMap::new();
    let mut earlier: std::collections::HashMap<u128, (usize, u64, String)> =
        std::collections::HashMap::new();
    let mut last_commit = Instant::now();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            use rayon::prelude::*;
            pool.install(|| {
                to_read
                    .par_iter()
                    .for_each_with(sender, |sender, (file_index, file)| {
                        if cancel.load(Ordering::Relaxed) {
                            return;
                        }
                        let mut seq = 0u64;
                        let (mut documents, mut problems) = (0u64, 0u64);
                        let mut pending: Vec<ReadItem> = Vec::with_capacity(ITEMS_PER_MESSAGE);
                        // A panic inside a reader (a bug an input found) ends this file, not
                        // the run: what was read stays, the rest is reported skipped.
                        let read = guarded(|| {
                        ingest::read_file(file, &options, &mut |item| {
                            if item.is_ok() {
                                documents += 1;
                            } else {
                                problems += 1;
                            }
                            pending.push(ReadItem { seq, item });
                            seq += 1;
                            if pending.len() >= ITEMS_PER_MESSAGE {
                                let items = std::mem::replace(
                                    &mut pending,
                                    Vec::with_capacity(ITEMS_PER_MESSAGE),
                                );
                                let _ = sender.send(Message::Items {
                                    file: *file_index,
                                    items,
                                });
                            }
                        });
                        });
                        if let Err(message) = read {
                            problems += 1;
                            let kind = ErrorKind::BadRecord(format!(
                                "reading stopped after {seq} records by an internal error (a bug, please report it): {message}"
                            ));
                            pending.push(ReadItem {
                                seq,
                                item: Err(IngestError::new(Location::file(&file.path), kind)),
                            });
                        }
                        if !pending.is_empty() {
                            let _ = sender.send(Message::Items {
                                file: *file_index,
                                items: pending,
                            });
                        }
                        let _ = sender.send(Message::FileDone {
                            file: *file_index,
                            documents,
                            problems,
                        });
                    });
            });
        });

        let mut commit = |batch: &mut Batch,
                          batch_keys: &mut Vec<(usize, u64)>,
                          summary: &mut RunSummary,
                          kept: &mut Kept|
         -> Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let outcome = store.commit(batch).context("writing to the database")?;
            for (is_new, (doc, key)) in outcome
                .is_new()
                .zip(batch.documents.drain(..).zip(batch_keys.drain(..)))
            {
                if is_new {
                    summary.new += 1;
                } else {
                    summary.already_stored += 1;
                }
                if let Keep::DocumentsWithin(limit) = keep {
                    kept_bytes += doc.text.len();
                    if kept_bytes > limit {
                        keep = Keep::Refs;
                        kept.refs
                            .extend(kept.documents.drain(..).map(|(file, seq, doc)| {
                                let reference = DocRef {
                                    hash: doc.hash,
                                    id: doc.id,
                                };
                                (file, seq, reference)
                            }));
                    }
                }
                match keep {
                    Keep::Nothing => {}
                    Keep::Refs => kept.refs.push((
                        key.0,
                        key.1,
                        DocRef {
                            hash: doc.hash,
                            id: doc.id,
                        },
                    )),
                    Keep::Documents | Keep::DocumentsWithin(_) => {
                        kept.documents.push((key.0, key.1, doc))
                    }
                }
            }
            batch.clear();
            Ok(())
        };

        for message in receiver {
            match message {
                Message::Items { file, items } => {
                    for ReadItem { seq, item } in items {
                        match item {
                            Ok(doc) => {
                                summary.documents += 1;
                                let key = hash_key(&doc.hash);
                                if let Some(&kept_at) = seen_in_run.get(&key) {
                                    summary.duplicates_in_input += 1;
                                    let first =
                                        earlier.get(&key).map_or(kept_at, |&(f, q, _)| (f, q));
                                    if (file, seq) < first {
                                        earlier.insert(key, (file, seq, doc.id));
                                    }
                                    continue;
                                }
                                seen_in_run.insert(key, (file, seq));
                                batch.documents.push(doc);
                                batch_keys.push((file, seq));
                            }
                            Err(err) => {
                                events.skipped(&err);
                                problems.push((file, seq, err));
                            }
                        }
                    }
                }
                Message::FileDone {
                    file,
                    documents,
                    problems: file_problems,
                } => {
                    summary.files += 1;
                    let mark_index = index_of[&file];
                    let mut mark = marks[mark_index].clone();
                    mark.documents = documents;
                    mark.problems = file_problems;
                    summary.bytes += mark.size;
                    events.file_read(mark.size);
                    // A file interrupted mid-read is not done; only completed files get a mark.
                    if !cancel.load(Ordering::Relaxed) {
                        batch.completed_files.push(mark);
                    }
                }
            }
            if batch.documents.len() >= BATCH_DOCUMENTS || last_commit.elapsed() >= BATCH_INTERVAL {
                commit(&mut batch, &mut batch_keys, &mut summary, &mut kept)?;
                last_commit = Instant::now();
            }
        }
        commit(&mut batch, &mut batch_keys, &mut summary, &mut kept)?;
        reader.join().map_err(|_| EngineError::ReaderPanicked)?;
        Ok(())
    })?;
    events.reading_done();

    summary.interrupted = cancel.load(Ordering::Relaxed);
    problems.sort_by_key(|(file, seq, _)| (*file, *seq));
    summary.skipped = problems
        .iter()
        .map(|(_, _, e)| SkippedInput::from(e))
        .collect();
    for (file, seq, doc) in &mut kept.documents {
        if let Some((f, q, id)) = earlier.get(&hash_key(&doc.hash)) {
            (*file, *seq) = (*f, *q);
            doc.id.clone_from(id);
        }
    }
    for (file, seq, reference) in &mut kept.refs {
        if let Some((f, q, id)) = earlier.get(&hash_key(&reference.hash)) {
            (*file, *seq) = (*f, *q);
            reference.id.clone_from(id);
        }
    }
    kept.documents.sort_by_key(|(file, seq, _)| (*file, *seq));
    let mut documents: Vec<Document> = kept.documents.into_iter().map(|(_, _, d)| d).collect();
    ingest::disambiguate_ids(documents.iter_mut().map(|d| &mut d.id));
    kept.refs.sort_by_key(|(file, seq, _)| (*file, *seq));
    let mut refs: Vec<DocRef> = kept.refs.into_iter().map(|(_, _, r)| r).collect();
    ingest::disambiguate_ids(refs.iter_mut().map(|r| &mut r.id));
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(ReadOutput {
        summary,
        documents,
        refs,
        problems: problems.into_iter().map(|(_, _, e)| e).collect(),
    })
}
