//! Corpus-level entity resolution: one canonical entity per real person, place or organisation,
//! with every spelling the outlets used.
//!
//! What it does: places meet on their gazetteer entry (Kiev, kyiv and Kyiv are GeoNames
//! 703448; Dnieper and Dnipro are the same river), people on transliteration keys (Zelenskiy /
//! Zelenski / Zelensky) with surname-only mentions attached inside their document first
//! (Peskov → Dmitry Peskov) and small misspellings allowed only for long surnames with the same
//! given name (Konashénkov / Konashaekov), organisations on a key that reads "Russia's Defense
//! Ministry", "Russian Ministry of Defense" and "Russian Defense Ministry" alike.
//!
//! Why these rules and not a similarity threshold: the costly error is a false merge (Kherson
//! and Kharkiv, Putin and Peskov look alike to an edit distance), and every rule here is a
//! reason a careful reader would give for "same entity".
//!
//! Example: see [`resolve`].

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crosscheck::text::normalize_word;
use crosscheck::TextRange;

use crate::gazetteer::{gazetteer, name_key};
use crate::lexicon;
use crate::mentions::{strip_possessive, EntityKind, Mention};
use crate::names::{close_surname_pairs, given_compatible, surnames_close, translit_key};

/// One document's input to [`resolve`]: its text and its mentions. Documents are named by
/// their index in the slice passed to [`resolve`] (the `i`-th element is document `i`).
pub type DocMentions<'a> = (&'a str, &'a [Mention]);

/// One real-world entity across the corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id derived from the entity's kind and canonical name (`"e-3f2a…"`).
    pub id: String,
    /// Canonical name: the gazetteer's name for places when an outlet used it, otherwise the
    /// most frequent full spelling.
    pub name: String,
    /// What the entity is.
    pub kind: EntityKind,
    /// Every spelling seen, most frequent first ("Kyiv", "kyiv", "Kiev").
    pub variants: Vec<String>,
    /// Titles and roles given to it anywhere, most frequent first.
    pub roles: Vec<String>,
    /// The gazetteer entry of a place, when it matched one.
    pub place: Option<String>,
    /// Where it is mentioned, in document order.
    pub mentions: Vec<EntityMention>,
}

/// One mention of an [`Entity`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    /// The document: its index in the slice passed to [`resolve`].
    pub document: usize,
    /// Index into that document's mentions (as passed to [`resolve`]).
    pub mention: usize,
    /// The mention's span in that document's text.
    pub span: TextRange,
}

/// Resolve the mentions of many documents into entities.
///
/// ```
/// use crosscheck_entities::{mentions, resolve, EntityKind};
///
/// let a = "Kremlin spokesman Dmitry Peskov spoke in Kiev. Peskov said more.";
/// let b = "Dmitri Peskov, the Kremlin spokesman, said troops left Kyiv and Kharkov, not Kherson.";
/// let (ma, mb) = (mentions(a), mentions(b));
/// let entities = resolve(&[(a, &ma), (b, &mb)]);
/// let peskov = entities.iter().find(|e| e.name == "Dmitry Peskov").unwrap();
/// assert_eq!(peskov.variants, ["Dmitry Peskov", "Dmitri Peskov", "Peskov"]);
/// let kyiv = entities.iter().find(|e| e.name == "Kyiv").unwrap();
/// assert_eq!(kyiv.kind, EntityKind::Place);
/// assert!(kyiv.variants.contains(&"Kiev".to_string()));
/// assert!(entities.iter().any(|e| e.name == "Kherson"));
/// ```
pub fn resolve(docs: &[DocMentions<'_>]) -> Vec<Entity> {
    let mut nodes: Vec<Node> = Vec::new();
    for (d, (text, ms)) in docs.iter().enumerate() {
        for (k, m) in ms.iter().enumerate() {
            nodes.push(Node::new(d, k, m, text));
        }
    }
    let mut uf = UnionFind::new(nodes.len());

    // 1. Exact keys: gazetteer places, organisation keys, other names, full person names.
    let mut by_key: BTreeMap<(u8, String), usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        let Some(key) = n.exact_key() else {
            continue;
        };
        match by_key.get(&key) {
            Some(&j) => uf.union(i, j),
            None => {
                by_key.insert(key, i);
            }
        }
    }

    // 2. Inside a document: a surname alone is the person named in full nearest before it
    //    (or after it, when it comes first); an unqualified organisation is the qualified one.
    // Each document's nodes, in node order, found once (not by a scan per document).
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for (i, n) in nodes.iter().enumerate() {
        if let Some(list) = by_doc.get_mut(n.doc) {
            list.push(i);
        }
    }
    for idx in &by_doc {
        for &i in idx {
            let n = &nodes[i];
            if n.kind == EntityKind::Person && n.given.is_none() {
                let full = idx
                    .iter()
                    .copied()
                    .filter(|&j| {
                        let f = &nodes[j];
                        f.kind == EntityKind::Person
                            && f.given.is_some()
                            && surnames_close(&f.surname, &n.surname)
                    })
                    .min_by_key(|&j| {
                        let f = &nodes[j];
                        let before = f.start <= n.start;
                        (!before, f.start.abs_diff(n.start))
                    });
                // Failing a surname, a family name written first ("Kim" for "Kim Jong Un"),
                // when only one person in the document has it.
                let full = full.or_else(|| {
                    let firsts: Vec<usize> = idx
                        .iter()
                        .copied()
                        .filter(|&j| {
                            nodes[j].kind == EntityKind::Person
                                && nodes[j].given.is_some()
                                && nodes[j].first == n.surname
                        })
                        .collect();
                    let distinct: std::collections::BTreeSet<&str> =
                        firsts.iter().map(|&j| nodes[j].surname.as_str()).collect();
                    (distinct.len() == 1).then(|| firsts[0])
                });
                if let Some(j) = full {
                    uf.union(i, j);
                }
            }
            if n.kind == EntityKind::Organization && n.org_qualifier.is_none() {
                let quals: Vec<usize> = idx
                    .iter()
                    .copied()
                    .filter(|&j| {
                        nodes[j].kind == EntityKind::Organization
                            && nodes[j].org_qualifier.is_some()
                            && nodes[j].org_rest == n.org_rest
                    })
                    .collect();
                let distinct: std::collections::BTreeSet<&Option<String>> =
                    quals.iter().map(|&j| &nodes[j].org_qualifier).collect();
                if distinct.len() == 1 {
                    uf.union(i, quals[0]);
                }
            }
        }
    }

    // 3. Across documents: full names with close surnames and compatible given names. Step 1
    //    already joined equal names, so one node per distinct (given, surname) suffices, and
    //    close surnames share their first letter.
    let mut distinct: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if let (EntityKind::Person, Some(g)) = (n.kind, &n.given) {
            distinct.entry((n.surname.clone(), g.clone())).or_insert(i);
        }
    }
    let mut by_surname: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in distinct.values() {
        by_surname
            .entry(nodes[i].surname.as_str())
            .or_default()
            .push(i);
    }
    let join_compatible = |uf: &mut UnionFind, xs: &[usize], ys: &[usize]| {
        for &a in xs {
            for &b in ys {
                if let (Some(gx), Some(gy)) = (&nodes[a].given, &nodes[b].given) {
                    if a != b && given_compatible(gx, gy) {
                        uf.union(a, b);
                    }
                }
            }
        }
    };
    for same in by_surname.values() {
        join_compatible(&mut uf, same, same);
    }
    // Different surnames are compared only when they share a deletion variant (see
    // `names::close_surname_pairs`), not every pair with the same initial: that grew with the
    // square of the corpus.
    let surnames: Vec<&str> = by_surname.keys().copied().collect();
    for (a, b) in close_surname_pairs(&surnames) {
        join_compatible(&mut uf, &by_surname[surnames[a]], &by_surname[surnames[b]]);
    }

    // 4. Surname-only clusters with no full name in their document: the one person of that
    //    surname named in full elsewhere, or one named far more often than the others (Donald
    //    Trump against Melania Trump). Cluster facts are taken once, before any union here.
    let roots: Vec<usize> = (0..nodes.len()).map(|i| uf.find(i)).collect();
    let mut size: HashMap<usize, usize> = HashMap::new();
    let mut has_full: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut full_by_surname: BTreeMap<&str, std::collections::BTreeSet<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        *size.entry(roots[i]).or_default() += 1;
        if n.kind == EntityKind::Person && n.given.is_some() {
            has_full.insert(roots[i]);
            full_by_surname
                .entry(n.surname.as_str())
                .or_default()
                .insert(roots[i]);
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if n.kind != EntityKind::Person || n.given.is_some() || has_full.contains(&roots[i]) {
            continue;
        }
        let Some(candidates) = full_by_surname.get(n.surname.as_str()) else {
            continue;
        };
        let mut ranked: Vec<(usize, usize)> = candidates
            .iter()
            .map(|&r| (size.get(&r).copied().unwrap_or(0), r))
            .collect();
        ranked.sort_by(|a, b| b.cmp(a));
        let pick = match ranked.as_slice() {
            [(_, r)] => Some(*r),
            [(c1, r), (c2, _), ..] if *c1 >= 3 * *c2 => Some(*r),
            _ => None,
        };
        if let Some(r) = pick {
            uf.union(i, r);
        }
    }

    // 5. Organisations without a qualifier across documents: the one qualified organisation
    //    with the same rest, if there is exactly one.
    let mut qualified: HashMap<String, std::collections::BTreeSet<Option<String>>> = HashMap::new();
    let mut first_qualified: HashMap<(String, Option<String>), usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.kind == EntityKind::Organization && n.org_qualifier.is_some() {
            qualified
                .entry(n.org_rest.clone())
                .or_default()
                .insert(n.org_qualifier.clone());
            first_qualified
                .entry((n.org_rest.clone(), n.org_qualifier.clone()))
                .or_insert(i);
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if n.kind == EntityKind::Organization && n.org_qualifier.is_none() {
            if let Some(qs) = qualified.get(&n.org_rest) {
                if qs.len() == 1 {
                    if let Some(&j) = qs
                        .iter()
                        .next()
                        .and_then(|q| first_qualified.get(&(n.org_rest.clone(), q.clone())))
                    {
                        uf.union(i, j);
                    }
                }
            }
        }
    }

    // 6. A region named after its city ("the Kharkov region") is the place of that name
    //    ("Kharkiv") when no document of the set names both: outlets that say only "Kharkiv"
    //    and only "Kharkov region" are naming one area, while a document that uses both
    //    ("Kherson" and "the Kherson region") tells the reader they differ.
    let mut told_apart: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for idx in &by_doc {
        let mut plain: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut region: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for &i in idx {
            match nodes[i].place.as_deref() {
                Some(p) => match p.strip_prefix("region:") {
                    Some(base) => region.insert(base),
                    None => plain.insert(p),
                },
                None => false,
            };
        }
        told_apart.extend(plain.intersection(&region));
    }
    let mut first_plain: HashMap<&str, usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if let Some(place) = n.place.as_deref() {
            if !place.starts_with("region:") {
                first_plain.entry(place).or_insert(i);
            }
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        let Some(base) = n.place.as_deref().and_then(|p| p.strip_prefix("region:")) else {
            continue;
        };
        if told_apart.contains(base) {
            continue;
        }
        if let Some(&j) = first_plain.get(base) {
            uf.union(i, j);
        }
    }

    build_entities(docs, &nodes, &mut uf)
}

fn build_entities(docs: &[DocMentions<'_>], nodes: &[Node], uf: &mut UnionFind) -> Vec<Entity> {
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        clusters.entry(uf.find(i)).or_default().push(i);
    }
    let mut out: Vec<(usize, usize, Entity)> = Vec::new();
    for members in clusters.into_values() {
        let first = &nodes[members[0]];
        let kind = first.kind;
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut first_seen: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut role_counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut place = None;
        for &i in &members {
            let m = &docs[nodes[i].doc].1[nodes[i].mention];
            *counts.entry(m.name.as_str()).or_default() += 1;
            let at = (nodes[i].doc, nodes[i].start);
            let seen = first_seen.entry(m.name.as_str()).or_insert(at);
            *seen = (*seen).min(at);
            for r in &m.roles {
                *role_counts.entry(r.as_str()).or_default() += 1;
            }
            // A region joined to its city (step 6) is named after the city.
            let is_region =
                |p: &Option<String>| p.as_deref().is_some_and(|p| p.starts_with("region:"));
            if place.is_none() || (is_region(&place) && m.place.is_some() && !is_region(&m.place)) {
                place.clone_from(&m.place);
            }
        }
        let mut variants: Vec<(&str, usize)> = counts.into_iter().collect();
        // Most frequent first; then full names before short ones; then first seen.
        variants.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(
                    b.0.split_whitespace()
                        .count()
                        .cmp(&a.0.split_whitespace().count()),
                )
                .then(first_seen.get(a.0).cmp(&first_seen.get(b.0)))
        });
        // "Kharkov region" is named after the gazetteer's "Kharkiv".
        let gazetteer_name = place
            .as_deref()
            .and_then(|p| match p.strip_prefix("region:") {
                Some(city) => gazetteer().name_of(city).map(|n| format!("{n} region")),
                None => gazetteer().name_of(p),
            });
        let name = canonical_name(kind, &variants, gazetteer_name.as_deref());
        let mut roles: Vec<(&str, usize)> = role_counts.into_iter().collect();
        roles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut mentions: Vec<EntityMention> = members
            .iter()
            .map(|&i| EntityMention {
                document: nodes[i].doc,
                mention: nodes[i].mention,
                span: docs[nodes[i].doc].1[nodes[i].mention].span,
            })
            .collect();
        let order: Vec<(usize, usize)> = members
            .iter()
            .map(|&i| (nodes[i].doc, nodes[i].start))
            .collect();
        let firstpos = order.iter().min().copied().unwrap_or((0, 0));
        mentions.sort_by_key(|m| (m.document, m.span.start()));
        out.push((
            firstpos.0,
            firstpos.1,
            Entity {
                id: String::new(),
                name,
                kind,
                variants: variants.into_iter().map(|(v, _)| v.to_string()).collect(),
                roles: roles.into_iter().map(|(r, _)| r.to_string()).collect(),
                place,
                mentions,
            },
        ));
    }
    out.sort_by_key(|a| (a.0, a.1));
    let mut seen: HashMap<String, usize> = HashMap::new();
    out.into_iter()
        .map(|(_, _, mut e)| {
            let base = format!(
                "e-{:016x}",
                xxhash_rust::xxh3::xxh3_64(
                    format!("{}\u{0}{}", e.kind.as_str(), name_key(&e.name)).as_bytes()
                )
            );
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            e.id = if *n == 1 { base } else { format!("{base}-{n}") };
            e
        })
        .collect()
}

fn canonical_name(
    kind: EntityKind,
    variants: &[(&str, usize)],
    gazetteer_name: Option<&str>,
) -> String {
    if let Some(g) = gazetteer_name {
        // The gazetteer's spelling, when an outlet used it.
        if variants.iter().any(|(v, _)| *v == g) {
            return g.to_string();
        }
    }
    // `variants` is already in preference order.
    let capitalised = |v: &str| v.chars().next().is_some_and(char::is_uppercase);
    let pick = match kind {
        EntityKind::Person => variants
            .iter()
            .find(|(v, _)| v.split_whitespace().count() >= 2),
        _ => variants.iter().find(|(v, _)| capitalised(v)),
    };
    pick.or(variants.first())
        .map_or_else(String::new, |(v, _)| (*v).to_string())
}

/// What resolution needs to know about one mention.
struct Node {
    doc: usize,
    mention: usize,
    start: usize,
    kind: EntityKind,
    place: Option<String>,
    /// Person: transliteration key of the first name word, when there are two or more.
    given: Option<String>,
    /// Person: transliteration key of the last name word.
    surname: String,
    /// Person: transliteration key of the first name word ("Kim" of "Kim Jong Un", whose
    /// family name comes first).
    first: String,
    /// Organisation: a country adjective from the name or a possessive before it.
    org_qualifier: Option<String>,
    /// Organisation: the rest of the name, normalised ("defense ministry").
    org_rest: String,
    /// Everything else: the folded name.
    key: String,
}

impl Node {
    fn new(doc: usize, mention: usize, m: &Mention, text: &str) -> Node {
        // "Kim Jong-un" and "Kim Jong Un" have the same words.
        let words: Vec<&str> = m
            .name
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        let mut node = Node {
            doc,
            mention,
            start: m.span.start(),
            kind: m.kind,
            place: m.place.clone(),
            given: None,
            surname: String::new(),
            first: String::new(),
            org_qualifier: None,
            org_rest: String::new(),
            key: name_key(&m.name),
        };
        match m.kind {
            EntityKind::Person => {
                // Drop initials and suffixes when picking the surname.
                let clean: Vec<&str> = words
                    .iter()
                    .copied()
                    .filter(|w| {
                        let n = normalize_word(w.trim_end_matches('.'));
                        !matches!(n.as_str(), "jr" | "sr" | "ii" | "iii" | "iv")
                            && n.chars().count() > 1
                    })
                    .collect();
                node.surname = clean.last().map_or_else(String::new, |w| translit_key(w));
                node.first = clean.first().map_or_else(String::new, |w| translit_key(w));
                if clean.len() >= 2 {
                    node.given = Some(translit_key(clean[0]));
                }
            }
            EntityKind::Organization => {
                let before = text[..m.span.start()].trim_end();
                let possessive_country = before
                    .rsplit(char::is_whitespace)
                    .next()
                    .map(strip_possessive)
                    .filter(|(_, p)| *p)
                    .and_then(|(w, _)| lexicon::country_adjective(&normalize_word(w)));
                let (qualifier, rest) = org_key(&m.name);
                node.org_qualifier = qualifier.or(possessive_country.map(str::to_string));
                node.org_rest = rest;
            }
            _ => {}
        }
        node
    }

    fn exact_key(&self) -> Option<(u8, String)> {
        match self.kind {
            EntityKind::Place => Some((
                0,
                self.place
                    .clone()
                    .unwrap_or_else(|| format!("name:{}", fold_translit(&self.key))),
            )),
            EntityKind::Organization => Some((
                1,
                format!(
                    "{}|{}",
                    self.org_qualifier.as_deref().unwrap_or(""),
                    self.org_rest
                ),
            )),
            EntityKind::Person => self
                .given
                .as_ref()
                .map(|g| (2, format!("{g} {}", self.surname))),
            EntityKind::Other => Some((3, self.key.clone())),
        }
    }
}

fn fold_translit(key: &str) -> String {
    key.split(' ')
        .map(translit_key)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `("russian", "defense ministry")` for "Russian Ministry of Defense"; no qualifier when the
/// name has no country adjective.
fn org_key(name: &str) -> (Option<String>, String) {
    let mut words: Vec<String> = name
        .split_whitespace()
        .map(|w| normalize_word(strip_possessive(w).0))
        .map(|w| match w.as_str() {
            "defence" => "defense".to_string(),
            _ => w,
        })
        .filter(|w| !matches!(w.as_str(), "the"))
        .collect();
    let mut qualifier = None;
    if let Some(first) = words.first() {
        if lexicon::is_demonym(first) {
            qualifier = Some(first.clone());
            words.remove(0);
        } else if let Some(adj) = lexicon::country_adjective(first) {
            if words.len() > 1 {
                qualifier = Some(adj.to_string());
                words.remove(0);
            }
        }
    }
    // "ministry of defense" -> "defense ministry"
    if let Some(pos) = words.iter().position(|w| w == "of") {
        if pos == 1 && words.len() > 2 {
            let head = words[0].clone();
            let mut rest: Vec<String> = words[2..].to_vec();
            if let Some(q) = rest.first().filter(|w| lexicon::is_demonym(w)).cloned() {
                qualifier.get_or_insert(q);
                rest.remove(0);
            }
            words = rest;
            words.push(head);
        }
    }
    (qualifier, words.join(" "))
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index stays root: deterministic whatever the order of unions.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_keys() {
        assert_eq!(
            org_key("Russian Ministry of Defense"),
            (Some("russian".into()), "defense ministry".into())
        );
        assert_eq!(
            org_key("Russian Defense Ministry"),
            (Some("russian".into()), "defense ministry".into())
        );
        assert_eq!(
            org_key("Defense Ministry"),
            (None, "defense ministry".into())
        );
    }

    fn entities_of(texts: &[&str]) -> Vec<Entity> {
        let ms: Vec<Vec<Mention>> = texts.iter().map(|t| crate::mentions(t)).collect();
        let docs: Vec<DocMentions<'_>> = texts
            .iter()
            .zip(&ms)
            .map(|(t, m)| (*t, m.as_slice()))
            .collect();
        resolve(&docs)
    }

    #[test]
    fn a_region_named_only_by_its_city_elsewhere_is_that_place() {
        let es = entities_of(&[
            "Ukrainian forces swept through Kharkiv in September.",
            "In September, Russian troops withdrew early from the eastern Kharkov region.",
        ]);
        let kharkiv: Vec<&Entity> = es.iter().filter(|e| e.kind == EntityKind::Place).collect();
        assert_eq!(kharkiv.len(), 1, "{kharkiv:?}");
        assert_eq!(kharkiv[0].name, "Kharkiv");
        assert!(kharkiv[0].variants.contains(&"Kharkov region".to_string()));
        assert!(!kharkiv[0]
            .place
            .as_deref()
            .unwrap_or("")
            .starts_with("region:"));
    }

    #[test]
    fn a_document_naming_city_and_region_keeps_them_apart() {
        let es = entities_of(&[
            "Troops left Kherson, and the Kherson region west of the river was retaken.",
            "Kherson celebrated on Friday.",
        ]);
        let places: Vec<&str> = es
            .iter()
            .filter(|e| e.kind == EntityKind::Place)
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(places.len(), 2, "{places:?}");
    }
}
