//! Candidate features: the fingerprints two related documents are likely to share.
//!
//! Whole-document MinHash misses spun copies (a quarter of the words replaced) and excerpts (a
//! small part of a long page). Both keep their *skeleton*: the function words spinners cannot
//! look up, the numbers and the names. crosscheck fingerprints k-grams of that skeleton,
//! thinned by winnowing (Schleimer et al., 2003) so that any shared run of at least
//! `window + k - 1` skeleton words guarantees a shared fingerprint, with a fraction of the
//! postings of plain shingling.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::words::{Word, WordClass};

/// Skeleton words per fingerprinted k-gram.
pub const SKELETON_K: usize = 4;
/// Winnowing window, in k-grams.
pub const WINNOW_WINDOW: usize = 5;

/// A document's fingerprints, sorted and deduplicated. 32 bits each: collisions only add
/// candidates, which alignment then rejects, and halve the index's memory.
pub fn fingerprints(words: &[Word]) -> Vec<u32> {
    let skeleton: Vec<u64> = words
        .iter()
        .filter(|w| w.class != WordClass::Other)
        .map(|w| w.key)
        .collect();
    let mut out = winnow(
        &kgram_hashes(&skeleton, SKELETON_K, 0x5eed_0001),
        WINNOW_WINDOW,
    );
    // Names and numbers alone survive paraphrase, which rewrites the function words too.
    let names: Vec<u64> = words
        .iter()
        .filter(|w| matches!(w.class, WordClass::Name | WordClass::Number))
        .map(|w| w.key)
        .collect();
    out.extend(winnow(&kgram_hashes(&names, 3, 0x5eed_0002), WINNOW_WINDOW));
    out.sort_unstable();
    out.dedup();
    out
}

fn kgram_hashes(keys: &[u64], k: usize, seed: u64) -> Vec<u64> {
    if keys.len() < k {
        return Vec::new();
    }
    let mut buf = Vec::with_capacity(k * 8);
    keys.windows(k)
        .map(|gram| {
            buf.clear();
            gram.iter()
                .for_each(|key| buf.extend_from_slice(&key.to_le_bytes()));
            xxh3_64_with_seed(&buf, seed)
        })
        .collect()
}

/// Winnowing: the minimum hash of every window of `window` consecutive hashes (rightmost on
/// ties), each selected position once. Short inputs keep their minimum.
fn winnow(hashes: &[u64], window: usize) -> Vec<u32> {
    if hashes.is_empty() {
        return Vec::new();
    }
    if hashes.len() <= window {
        return hashes
            .iter()
            .min()
            .map(|&h| vec![h as u32])
            .unwrap_or_default();
    }
    let mut out = Vec::with_capacity(2 * hashes.len() / (window + 1) + 1);
    let mut last_pick = usize::MAX;
    for start in 0..=hashes.len() - window {
        let mut pick = start;
        for i in start..start + window {
            if hashes[i] <= hashes[pick] {
                pick = i;
            }
        }
        if pick != last_pick {
            out.push(hashes[pick] as u32);
            last_pick = pick;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::words;

    #[test]
    fn spun_copy_keeps_fingerprints() {
        let original = "The order came at a meeting in Moscow between Defense Minister Sergei Shoigu and the commander of Russian forces in Ukraine, Gen. Sergei Surovikin, as Ukrainian forces approach the city from two directions.";
        let spun = "The bid came astatine a gathering successful Moscow betwixt Defense Minister Sergei Shoigu and the commandant of Russian forces successful Ukraine, Gen. Sergei Surovikin, arsenic Ukrainian forces attack the metropolis from 2 directions.";
        let a = fingerprints(&words(original));
        let b = fingerprints(&words(spun));
        let shared = a.iter().filter(|f| b.binary_search(f).is_ok()).count();
        assert!(shared >= 2, "shared {shared} of {} / {}", a.len(), b.len());
    }

    #[test]
    fn winnowing_guarantee() {
        let hashes: Vec<u64> = (0..100u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let picked = winnow(&hashes, 5);
        // Every window of 5 contains a picked hash.
        for window in hashes.windows(5) {
            assert!(window.iter().any(|h| picked.contains(&(*h as u32))));
        }
        assert!(picked.len() < hashes.len() / 2);
    }
}
