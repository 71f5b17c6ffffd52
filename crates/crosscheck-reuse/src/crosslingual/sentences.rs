//! Verification: do two texts' sentences line up as a translation's do?
//!
//! A translation keeps the order of its source's sentences and each of its sentences is
//! closer to the one it translates than to any other; an article on the same story in another
//! language says similar things in its own order, and its nearest sentences are near several
//! others too. So: take each sentence's best match in the other text, keep the matches that are
//! mutual and clear a similarity floor, keep the longest chain of them in the same order in
//! both texts (a weighted longest increasing subsequence), and judge the chain by how much of
//! a text it covers, how long its runs are, and its margin: how far each aligned pair stands
//! above the next best candidate for either sentence (one cosine threshold alone does not
//! separate a translation from a close paraphrase on the same story).

/// The numbers an alignment is judged by, and the aligned sentence pairs.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SentenceAlignment {
    /// Aligned `(sentence of a, sentence of b, cosine)`, in order in both texts.
    pub pairs: Vec<(usize, usize, f32)>,
    /// Mean cosine of the aligned pairs.
    pub mean_cosine: f32,
    /// Mean margin of the aligned pairs over the best other candidate of either sentence.
    pub mean_margin: f32,
    /// Longest run of aligned pairs that follow each other in both texts (a skipped
    /// sentence on either side allowed).
    pub longest_run: usize,
}

/// Thresholds of the verdict.
#[derive(Clone, Debug)]
pub(crate) struct Verdict {
    /// Lowest cosine of an aligned pair.
    pub floor: f32,
    /// Fewest aligned sentences.
    pub min_sentences: usize,
    /// Share of the smaller text's sentences aligned that makes a pair by itself...
    pub min_share: f64,
    /// ...or, for an excerpt inside a longer text, a run of this many sentences in a row.
    pub min_run: usize,
    /// Lowest mean cosine of the aligned pairs.
    pub min_mean_cosine: f32,
    /// Lowest mean margin.
    pub min_mean_margin: f32,
}

impl Default for Verdict {
    fn default() -> Verdict {
        Verdict {
            floor: 0.80,
            min_sentences: 3,
            min_share: 0.5,
            min_run: 3,
            min_mean_cosine: 0.86,
            min_mean_margin: 0.025,
        }
    }
}

/// Dot product of two unit vectors.
pub(crate) fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Aligns the sentences of two texts from their embeddings (unit vectors).
pub(crate) fn align_sentences(a: &[Vec<f32>], b: &[Vec<f32>], floor: f32) -> SentenceAlignment {
    let (na, nb) = (a.len(), b.len());
    if na == 0 || nb == 0 {
        return SentenceAlignment::default();
    }
    let sim: Vec<f32> = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| cosine(x, y)))
        .collect();
    let at = |i: usize, j: usize| sim[i * nb + j];
    // Best and second best per row and per column.
    let mut row_best = vec![(usize::MAX, f32::NEG_INFINITY, f32::NEG_INFINITY); na];
    let mut col_best = vec![(usize::MAX, f32::NEG_INFINITY, f32::NEG_INFINITY); nb];
    fn keep(slot: &mut (usize, f32, f32), other: usize, s: f32) {
        if s > slot.1 {
            *slot = (other, s, slot.1);
        } else if s > slot.2 {
            slot.2 = s;
        }
    }
    for (i, row) in row_best.iter_mut().enumerate() {
        for (j, col) in col_best.iter_mut().enumerate() {
            let s = at(i, j);
            keep(row, j, s);
            keep(col, i, s);
        }
    }
    // Mutual best matches above the floor, in order of a.
    let mutual: Vec<(usize, usize, f32, f32)> = (0..na)
        .filter_map(|i| {
            let (j, s, second_row) = row_best[i];
            if j == usize::MAX || s < floor || col_best[j].0 != i {
                return None;
            }
            let second = second_row.max(col_best[j].2);
            let margin = if second.is_finite() { s - second } else { s };
            Some((i, j, s, margin))
        })
        .collect();
    // Longest chain increasing in b, weighted by cosine.
    let k = mutual.len();
    let mut best = vec![0.0f32; k];
    let mut prev = vec![usize::MAX; k];
    for x in 0..k {
        best[x] = mutual[x].2;
        for y in 0..x {
            if mutual[y].1 < mutual[x].1 && best[y] + mutual[x].2 > best[x] {
                best[x] = best[y] + mutual[x].2;
                prev[x] = y;
            }
        }
    }
    let Some(mut end) = (0..k).max_by(|&x, &y| best[x].total_cmp(&best[y])) else {
        return SentenceAlignment::default();
    };
    let mut chain = Vec::new();
    loop {
        chain.push(mutual[end]);
        if prev[end] == usize::MAX {
            break;
        }
        end = prev[end];
    }
    chain.reverse();
    let n = chain.len() as f32;
    let mut longest_run = 1;
    let mut run = 1;
    for w in chain.windows(2) {
        if w[1].0 - w[0].0 <= 2 && w[1].1 - w[0].1 <= 2 {
            run += 1;
            longest_run = longest_run.max(run);
        } else {
            run = 1;
        }
    }
    SentenceAlignment {
        mean_cosine: chain.iter().map(|c| c.2).sum::<f32>() / n,
        mean_margin: chain.iter().map(|c| c.3).sum::<f32>() / n,
        pairs: chain.iter().map(|&(i, j, s, _)| (i, j, s)).collect(),
        longest_run,
    }
}

impl Verdict {
    /// Whether an alignment of texts of `na` and `nb` sentences shows a translation.
    pub(crate) fn is_translation(&self, al: &SentenceAlignment, na: usize, nb: usize) -> bool {
        let aligned = al.pairs.len();
        let smaller = na.min(nb).max(1);
        // A text of fewer sentences than the minimum must be aligned whole.
        if aligned < self.min_sentences.min(smaller) {
            return false;
        }
        let share = aligned as f64 / smaller as f64;
        (share >= self.min_share || al.longest_run >= self.min_run)
            && al.mean_cosine >= self.min_mean_cosine
            && al.mean_margin >= self.min_mean_margin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    /// Sentence `i` of a topic: a shared topic direction plus its own direction.
    fn sentence(topic: usize, own: usize, topic_weight: f32) -> Vec<f32> {
        let mut v = vec![0.0; 64];
        v[topic] = topic_weight;
        v[8 + own] = 1.0;
        unit(&v)
    }

    #[test]
    fn a_translation_aligns_in_order_with_a_margin() {
        let a: Vec<Vec<f32>> = (0..6).map(|i| sentence(0, i, 0.5)).collect();
        // The translation: the same sentences, slightly moved.
        let b: Vec<Vec<f32>> = (0..6)
            .map(|i| {
                let mut v = sentence(0, i, 0.5);
                v[40 + i] = 0.2;
                unit(&v)
            })
            .collect();
        let al = align_sentences(&a, &b, 0.8);
        assert_eq!(
            al.pairs.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
            (0..6).map(|i| (i, i)).collect::<Vec<_>>()
        );
        assert_eq!(al.longest_run, 6);
        assert!(Verdict::default().is_translation(&al, 6, 6), "{al:?}");
    }

    #[test]
    fn same_topic_sentences_in_another_order_do_not_make_a_translation() {
        let a: Vec<Vec<f32>> = (0..6).map(|i| sentence(0, i, 2.0)).collect();
        // The same topic, its own sentences: near everything alike, nothing clearly matched.
        let b: Vec<Vec<f32>> = (0..6).map(|i| sentence(0, 20 + i, 2.0)).collect();
        let al = align_sentences(&a, &b, 0.8);
        assert!(!Verdict::default().is_translation(&al, 6, 6), "{al:?}");
    }

    #[test]
    fn an_excerpt_inside_a_longer_text_aligns_as_a_run() {
        let a: Vec<Vec<f32>> = (0..4).map(|i| sentence(0, i, 0.3)).collect();
        let mut b: Vec<Vec<f32>> = (0..10).map(|i| sentence(1, 20 + i, 0.3)).collect();
        b[3..7].clone_from_slice(&a);
        let al = align_sentences(&a, &b, 0.8);
        assert_eq!(al.pairs.len(), 4);
        assert_eq!(al.pairs[0].1, 3);
        assert!(Verdict::default().is_translation(&al, 4, 10));
        assert_eq!(align_sentences(&[], &b, 0.8), SentenceAlignment::default());
    }
}
