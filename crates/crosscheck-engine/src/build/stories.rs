//! Stories joined across languages by the translations reuse found.
//!
//! Stories are grouped by shared terms, and a translation shares almost none with its
//! original (names and figures at most), so the two land in stories of their own. A whole
//! article found translated is the same story as its original by definition, so after reuse
//! has run their stories become one. A translated excerpt inside a longer article (a
//! `partial` pair) joins nothing: the longer article may be about something else.

use std::collections::HashMap;

use crosscheck_reuse::{Extent, Relation};

use crate::report::{ReuseEntry, Story};

/// Merge the stories of `stories` that hold the two sides of a whole translation in
/// `reuse`. A merged story lists its documents in `order` (the run's document ids in input
/// order) and keeps the title of its largest part (the earliest of equals); stories stay in
/// order of their first document and are numbered again `s1`, `s2`, … in that order, as the
/// fact stage numbers them. Stories no translation links are left as they are, apart from
/// their number.
pub(crate) fn join_translated_stories(
    stories: &mut Vec<Story>,
    reuse: &[ReuseEntry],
    order: &[&str],
) {
    let story_of: HashMap<&str, usize> = stories
        .iter()
        .enumerate()
        .flat_map(|(n, s)| s.documents.iter().map(move |d| (d.as_str(), n)))
        .collect();
    let mut parent: Vec<usize> = (0..stories.len()).collect();
    let mut joined = false;
    for entry in reuse {
        if entry.relation != Relation::Translated || entry.extent != Extent::Full {
            continue;
        }
        let (Some(&a), Some(&b)) = (
            story_of.get(entry.source.as_str()),
            story_of.get(entry.target.as_str()),
        ) else {
            continue;
        };
        let (a, b) = (root(&mut parent, a), root(&mut parent, b));
        if a != b {
            // The earlier story heads the union, so the result does not depend on the
            // order of the pairs.
            parent[a.max(b)] = a.min(b);
            joined = true;
        }
    }
    if !joined {
        return;
    }
    let position: HashMap<&str, usize> = order.iter().enumerate().map(|(n, &d)| (d, n)).collect();
    let mut parts: Vec<Vec<Story>> = (0..stories.len()).map(|_| Vec::new()).collect();
    for (n, story) in std::mem::take(stories).into_iter().enumerate() {
        let head = root(&mut parent, n);
        parts[head].push(story);
    }
    let mut merged: Vec<Story> = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|parts| {
            let largest = parts
                .iter()
                .enumerate()
                .max_by_key(|(n, s)| (s.documents.len(), std::cmp::Reverse(*n)))
                .map_or(0, |(n, _)| n);
            let title = parts[largest].title.clone();
            let mut documents: Vec<String> = parts.into_iter().flat_map(|s| s.documents).collect();
            // A document the run does not list goes last, in id order: none should.
            documents.sort_by_cached_key(|d| {
                (
                    position.get(d.as_str()).copied().unwrap_or(usize::MAX),
                    d.clone(),
                )
            });
            Story {
                id: String::new(),
                title,
                documents,
            }
        })
        .collect();
    merged.sort_by_key(|s| {
        s.documents
            .first()
            .and_then(|d| position.get(d.as_str()).copied())
            .unwrap_or(usize::MAX)
    });
    for (n, story) in merged.iter_mut().enumerate() {
        story.id = format!("s{}", n + 1);
    }
    *stories = merged;
}

/// The head of `n`'s union, halving the path on the way.
fn root(parent: &mut [usize], mut n: usize) -> usize {
    while parent[n] != n {
        parent[n] = parent[parent[n]];
        n = parent[n];
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::DirectionEvidence;

    fn story(id: &str, title: &str, documents: &[&str]) -> Story {
        Story {
            id: id.into(),
            title: title.into(),
            documents: documents.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn pair(source: &str, target: &str, relation: Relation, extent: Extent) -> ReuseEntry {
        ReuseEntry {
            source: source.into(),
            target: target.into(),
            relation,
            similarity: 0.9,
            passages: Vec::new(),
            substitutions: Vec::new(),
            extent,
            direction: DirectionEvidence::Undetermined,
            root: source.into(),
            copied_share: 1.0,
        }
    }

    /// Each story as (id, title, documents).
    fn view(stories: &[Story]) -> Vec<(&str, &str, Vec<&str>)> {
        stories
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.title.as_str(),
                    s.documents.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_whole_translation_joins_its_originals_story() {
        let order = ["en1", "en2", "es1", "en3", "it1"];
        let mut stories = vec![
            story("s1", "Fire at the harbour", &["en1", "en2"]),
            story("s2", "Incendio en el puerto", &["es1"]),
            story("s3", "Mayor elected", &["en3"]),
            story("s4", "Sindaco eletto", &["it1"]),
        ];
        let reuse = [
            pair("en2", "es1", Relation::Translated, Extent::Full),
            pair("en3", "it1", Relation::Translated, Extent::Full),
        ];
        join_translated_stories(&mut stories, &reuse, &order);
        assert_eq!(
            view(&stories),
            vec![
                ("s1", "Fire at the harbour", vec!["en1", "en2", "es1"]),
                ("s2", "Mayor elected", vec!["en3", "it1"]),
            ]
        );
    }

    #[test]
    fn excerpts_and_other_reuse_join_nothing() {
        let order = ["a", "b", "c"];
        let before = vec![
            story("s1", "One", &["a"]),
            story("s2", "Two", &["b"]),
            story("s3", "Three", &["c"]),
        ];
        let mut stories = before.clone();
        let reuse = [
            pair("a", "b", Relation::Translated, Extent::Partial),
            pair("b", "c", Relation::Verbatim, Extent::Full),
            pair("a", "c", Relation::Edited, Extent::Full),
        ];
        join_translated_stories(&mut stories, &reuse, &order);
        assert_eq!(view(&stories), view(&before));
    }

    #[test]
    fn chains_of_translations_make_one_story_whatever_the_pair_order() {
        let order = ["nl", "en", "es", "it"];
        let make = || {
            vec![
                story("s1", "Dutch", &["nl"]),
                story("s2", "English", &["en"]),
                story("s3", "Spanish", &["es"]),
                story("s4", "Italian", &["it"]),
            ]
        };
        let mut reuse = vec![
            pair("en", "es", Relation::Translated, Extent::Full),
            pair("es", "it", Relation::Translated, Extent::Full),
            pair("en", "nl", Relation::Translated, Extent::Full),
        ];
        let mut first = make();
        join_translated_stories(&mut first, &reuse, &order);
        reuse.reverse();
        let mut second = make();
        join_translated_stories(&mut second, &reuse, &order);
        assert_eq!(view(&first), view(&second));
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].id, "s1");
        assert_eq!(first[0].documents, ["nl", "en", "es", "it"]);
        // All parts have one document: the earliest story's title stands.
        assert_eq!(first[0].title, "Dutch");
    }
}
