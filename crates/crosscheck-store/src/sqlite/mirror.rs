//! An in-memory copy of the reuse index, for runs that link many documents against a small
//! index.
//!
//! Looking a document's fingerprints up in `reuse_fingerprints` is one B-tree descent per
//! fingerprint: most of a bulk ingest's linking time went there. When a call asks about more
//! fingerprints than the index holds postings (an ingest into a new or small database, a
//! first large batch), reading the whole table once and answering from memory is cheaper,
//! and stays cheap for the rest of the run, since the run's own index writes go to the copy
//! as well. A large index and a small batch (a feed adding a few hundred articles to a
//! million) keep the B-tree lookups, which cost nothing up front.
//!
//! The copy answers only while it is exactly what the tables hold: every index write bumps
//! `reuse_index_state.writes` in its own transaction, and the copy remembers the count it
//! matches. A write by any other connection (another ingest on the same file) makes the
//! counts differ; the copy is then dropped and the tables answer, so what a lookup sees is
//! always what was committed when it ran, as the linking protocol requires.

use rustc_hash::FxHashMap;

use crate::keys::DocKey;
use crate::records::{Fingerprints, ReuseCandidate};

/// Load a copy when the index holds at most this many postings per fingerprint asked about:
/// a sequential scan reads a posting several times faster than a lookup finds one.
pub(crate) const LOAD_PER_LOOKUP: i64 = 4;
/// Never hold more postings than this in memory (about 12 bytes each: 240 MB).
pub(crate) const MAX_POSTINGS: i64 = 20_000_000;

/// No next cell.
const END: u32 = u32::MAX;

/// The reuse index as the tables hold it at write count `writes`.
#[derive(Debug, Default)]
pub(crate) struct ReuseMirror {
    /// Fingerprint -> the first cell of its postings in `cells`.
    heads: FxHashMap<u32, u32>,
    /// Postings as linked lists: (document, next cell or [`END`]).
    cells: Vec<(u32, u32)>,
    /// Document -> how many fingerprints it has in the index (`reuse_sizes`).
    sizes: FxHashMap<u32, u32>,
    /// `reuse_index_state.writes` when this copy was last exact.
    pub(crate) writes: i64,
}

impl ReuseMirror {
    /// An empty copy matching write count `writes`.
    pub(crate) fn new(writes: i64) -> ReuseMirror {
        ReuseMirror {
            writes,
            ..ReuseMirror::default()
        }
    }

    /// How many postings the copy holds.
    pub(crate) fn postings(&self) -> usize {
        self.cells.len()
    }

    /// Add one stored posting (as read from the table: no repeats). `None` when a value
    /// does not fit the copy's compact form; the caller then keeps to the tables.
    pub(crate) fn load_posting(&mut self, fp: i64, doc: i64) -> Option<()> {
        let (fp, doc) = (u32::try_from(fp).ok()?, compact(doc)?);
        self.push(fp, doc);
        Some(())
    }

    /// Record one stored index size.
    pub(crate) fn load_size(&mut self, doc: i64, fingerprints: i64) -> Option<()> {
        self.sizes
            .insert(compact(doc)?, u32::try_from(fingerprints).ok()?);
        Some(())
    }

    /// Apply an index write as the tables took it: postings added once per (fingerprint,
    /// document), the size given last kept. `None` when a key does not fit the copy.
    pub(crate) fn apply(&mut self, written: &[Fingerprints]) -> Option<()> {
        for doc in written {
            let key = compact(doc.doc.0)?;
            // A document indexed before (a run that stopped before recording its pairs)
            // may repeat postings it has; a new one cannot.
            let known = self.sizes.contains_key(&key);
            let mut fps = doc.fingerprints.clone();
            fps.sort_unstable();
            fps.dedup();
            for fp in fps {
                if !(known && self.has(fp, key)) {
                    self.push(fp, key);
                }
            }
            self.sizes.insert(key, doc.fingerprints.len() as u32);
        }
        Some(())
    }

    /// [`crate::ReuseStore::reuse_candidates`] answered from the copy: the documents sharing
    /// at least `min_shared` of `fingerprints` (a repeated one counting each time), ignoring
    /// any fingerprint held by more than `max_documents`, in key order.
    pub(crate) fn candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> Vec<ReuseCandidate> {
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        let mut docs: Vec<u32> = Vec::new();
        for fp in fingerprints {
            docs.clear();
            let mut cell = self.heads.get(fp).copied().unwrap_or(END);
            while cell != END && docs.len() <= max_documents {
                let (doc, next) = self.cells[cell as usize];
                docs.push(doc);
                cell = next;
            }
            if docs.len() > max_documents {
                continue;
            }
            for &doc in &docs {
                *counts.entry(doc).or_default() += 1;
            }
        }
        let mut found: Vec<ReuseCandidate> = counts
            .into_iter()
            .filter(|&(_, shared)| shared >= min_shared)
            .map(|(doc, shared)| ReuseCandidate {
                doc: DocKey(i64::from(doc)),
                shared,
                fingerprints: self.sizes.get(&doc).copied().unwrap_or(0),
            })
            .collect();
        found.sort_unstable_by_key(|c| c.doc);
        found
    }

    fn has(&self, fp: u32, doc: u32) -> bool {
        let mut cell = self.heads.get(&fp).copied().unwrap_or(END);
        while cell != END {
            let (held, next) = self.cells[cell as usize];
            if held == doc {
                return true;
            }
            cell = next;
        }
        false
    }

    fn push(&mut self, fp: u32, doc: u32) {
        let at = self.cells.len() as u32;
        let next = self.heads.insert(fp, at).unwrap_or(END);
        self.cells.push((doc, next));
    }
}

/// A document key in the copy's 32 bits (keys are row numbers: a store past four billion
/// documents keeps to the tables).
fn compact(doc: i64) -> Option<u32> {
    u32::try_from(doc).ok().filter(|&d| d != END)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(doc: i64, shared: u32, fingerprints: u32) -> ReuseCandidate {
        ReuseCandidate {
            doc: DocKey(doc),
            shared,
            fingerprints,
        }
    }

    #[test]
    fn answers_as_the_tables_do() {
        let mut mirror = ReuseMirror::new(0);
        mirror
            .apply(&[
                Fingerprints {
                    doc: DocKey(1),
                    fingerprints: vec![1, 2, 3, u32::MAX],
                },
                Fingerprints {
                    doc: DocKey(2),
                    fingerprints: vec![2, 3, 4, 4],
                },
                Fingerprints {
                    doc: DocKey(3),
                    fingerprints: vec![3, 5],
                },
            ])
            .unwrap();
        assert_eq!(
            mirror.candidates(&[2, 3, u32::MAX], 1, 10),
            [c(1, 3, 4), c(2, 2, 4), c(3, 1, 2)]
        );
        // Held by 3 documents: past a limit of 2.
        assert_eq!(mirror.candidates(&[2, 3], 1, 2), [c(1, 1, 4), c(2, 1, 4)]);
        assert_eq!(mirror.candidates(&[5, 5], 2, 10), [c(3, 2, 2)]);
        // Indexed again: postings once each, the last size.
        mirror
            .apply(&[Fingerprints {
                doc: DocKey(3),
                fingerprints: vec![5, 6, 7],
            }])
            .unwrap();
        assert_eq!(mirror.postings(), 4 + 3 + 2 + 2);
        assert_eq!(mirror.candidates(&[5, 6], 1, 10), [c(3, 2, 3)]);
    }

    #[test]
    fn keys_past_32_bits_are_refused() {
        let mut mirror = ReuseMirror::new(0);
        assert!(mirror.load_posting(1, i64::from(u32::MAX) + 1).is_none());
        assert!(mirror.load_posting(-1, 1).is_none());
        assert!(mirror
            .apply(&[Fingerprints {
                doc: DocKey(i64::from(u32::MAX)),
                fingerprints: vec![1],
            }])
            .is_none());
    }
}
