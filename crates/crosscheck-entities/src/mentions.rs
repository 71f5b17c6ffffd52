//! Named mentions in one document: people, places, organisations, with their titles and roles.
//!
//! What it does: finds runs of capitalised words, splits titles and roles off the name
//! ("Russian President | Vladimir Putin", "Kremlin spokesman | Dmitry Peskov"), and decides a
//! kind from the gazetteers (places, given names), organisation head words, and context cues
//! (a speech verb after a bare surname, "in" before an unknown name, an appositive role).
//!
//! Why rules: no NER model loads offline here, and news prose is regular enough around the
//! names that matter for attribution (speakers come with titles, roles and speech verbs) that
//! capitalisation plus context plus a real gazetteer gets the speakers and places right.
//!
//! Example: see [`mentions`].

use serde::{Deserialize, Serialize};

use crosscheck::text::{normalize_word, tokens, TokenKind};
use crosscheck::TextRange;

use crate::gazetteer::{gazetteer, name_key, PlaceKind};
use crate::lexicon;

/// What a named entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person ("Dmitry Peskov").
    Person,
    /// A place: city, country, region, river ("Kherson", "Dnipro River").
    Place,
    /// An organisation: ministry, outlet, party, channel ("Russian Defense Ministry").
    Organization,
    /// A name of some other sort, or one whose kind the rules could not decide.
    Other,
}

impl EntityKind {
    /// The report's spelling: `"person"`, `"place"`, `"organization"`, `"other"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
            EntityKind::Other => "other",
        }
    }
}

/// One named mention in a document's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The name's bytes in the text: titles, roles and a possessive `'s` are left out.
    pub span: TextRange,
    /// The name as written ("Konashénkov", "Dnipro River", "kyiv").
    pub name: String,
    /// What the name is.
    pub kind: EntityKind,
    /// Titles and roles given with the name, in text order ("Lieutenant General",
    /// "Kremlin spokesman", "head of Mykolaiv region military administration").
    pub roles: Vec<String>,
    /// The gazetteer entry a place name matched (`geonames:703448`, `river:dnipro`,
    /// `region:geonames:706448` for "Kherson region"); `None` for other kinds.
    pub place: Option<String>,
}

/// Find the named mentions in `text`, in text order, never overlapping.
///
/// ```
/// use crosscheck_entities::{mentions, EntityKind};
///
/// let text = "Kremlin spokesman Dmitry Peskov said Kherson remains Russian. Kots added more.";
/// let found = mentions(text);
/// let peskov = found.iter().find(|m| m.name == "Dmitry Peskov").unwrap();
/// assert_eq!(peskov.kind, EntityKind::Person);
/// assert_eq!(peskov.roles, ["Kremlin spokesman"]);
/// assert!(found.iter().any(|m| m.name == "Kherson" && m.kind == EntityKind::Place));
/// assert!(found.iter().any(|m| m.name == "Kots" && m.kind == EntityKind::Person));
/// ```
pub fn mentions(text: &str) -> Vec<Mention> {
    let toks = Toks::new(text);
    // (mention, weak): a weak mention is a lone capitalised word at a sentence start, kept
    // only when the document names a person with that surname elsewhere.
    let mut found: Vec<(Mention, bool)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some(run) = toks.run_at(i) {
            let next = run.end;
            if let Some(m) = classify(&toks, run) {
                let weak = m.kind == EntityKind::Other
                    && !m.name.contains(' ')
                    && toks
                        .toks
                        .iter()
                        .find(|t| t.range.start() == m.span.start())
                        .is_some_and(|t| t.sentence_start);
                found.push((m, weak));
            }
            i = next.max(i + 1);
        } else {
            if let Some(m) = lowercase_place(&toks, i) {
                found.push((m, false));
            }
            i += 1;
        }
    }
    // "Surovikin, who had warned …" at a sentence start, "Surovikin’s claim": the surname of a
    // person named elsewhere in the document is that person.
    let surnames: std::collections::HashSet<String> = found
        .iter()
        .filter(|(m, weak)| !weak && m.kind == EntityKind::Person)
        .filter_map(|(m, _)| m.name.split_whitespace().last().map(normalize_word))
        .collect();
    found
        .into_iter()
        .filter_map(|(mut m, weak)| {
            let single = !m.name.contains(' ');
            let place_cue = m.kind == EntityKind::Place
                && toks
                    .toks
                    .iter()
                    .position(|t| t.range.start() == m.span.start())
                    .is_some_and(|k| prev_is_place_preposition(&toks, k));
            if single
                && matches!(m.kind, EntityKind::Other | EntityKind::Place)
                && !place_cue
                && surnames.contains(&normalize_word(&m.name))
            {
                m.place = None;
                m.kind = EntityKind::Person;
                return Some(m);
            }
            (!weak).then_some(m)
        })
        .collect()
}

/// A token with what the rules need to know about it.
#[derive(Debug)]
pub(crate) struct Tok<'a> {
    pub range: TextRange,
    pub text: &'a str,
    /// Normalised form (lowercase, folded), possessive `'s` removed.
    pub norm: String,
    pub word: bool,
    pub cap: bool,
    /// Ends in a possessive `'s` / `’s`.
    pub possessive: bool,
    /// First word of a sentence, paragraph, or quotation.
    pub sentence_start: bool,
    /// A line break separates it from the previous token.
    pub newline_before: bool,
}

/// The tokens of one text.
pub(crate) struct Toks<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
}

/// A candidate name: tokens `start..end` (exclusive).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Run {
    pub start: usize,
    pub end: usize,
}

const PLACE_SUFFIXES: &[&str] = &[
    "river",
    "region",
    "oblast",
    "province",
    "square",
    "bridge",
    "district",
    "street",
    "avenue",
    "raion",
    "county",
    "island",
    "islands",
    "lake",
    "bay",
    "gulf",
    "strait",
    "peninsula",
    "valley",
    "mountains",
    "mountain",
    "airport",
    "station",
    "port",
    "park",
    "sea",
    "ocean",
    "canal",
    "dam",
    "reservoir",
    "highway",
    "road",
    "boulevard",
    "plaza",
    "city",
];

const CONNECTORS: &[&str] = &[
    "of", "for", "de", "da", "van", "von", "bin", "al", "del", "der", "du", "ibn", "la", "le",
];

fn is_place_suffix(w: &str) -> bool {
    PLACE_SUFFIXES.contains(&w)
}

impl<'a> Toks<'a> {
    pub fn new(text: &'a str) -> Toks<'a> {
        let raw = tokens(text);
        let mut toks: Vec<Tok<'a>> = Vec::with_capacity(raw.len());
        for (idx, t) in raw.iter().enumerate() {
            let s = t.range.slice(text);
            let word = t.kind != TokenKind::Punct;
            let (core, possessive) = strip_possessive(s);
            let first = core.chars().next().unwrap_or(' ');
            let cap = word && first.is_uppercase();
            let gap_start = if idx == 0 {
                0
            } else {
                raw[idx - 1].range.end()
            };
            let gap = &text[gap_start..t.range.start()];
            let newline_before = idx == 0 || gap.contains('\n');
            let sentence_start = newline_before
                || toks.last().is_some_and(|p| {
                    sentence_breaker(p, toks.len().checked_sub(2).map(|j| &toks[j]))
                });
            toks.push(Tok {
                range: t.range,
                text: s,
                norm: normalize_word(core),
                word,
                cap,
                possessive,
                sentence_start,
                newline_before,
            });
        }
        Toks { text, toks }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Whether tokens `a` and `a + 1` are separated by spaces only (no line break).
    fn joined_by_space(&self, a: usize) -> bool {
        let (Some(x), Some(y)) = (self.toks.get(a), self.toks.get(a + 1)) else {
            return false;
        };
        let gap = &self.text[x.range.end()..y.range.start()];
        !gap.contains('\n') && gap.len() <= 3
    }

    fn adjacent(&self, a: usize) -> bool {
        matches!((self.toks.get(a), self.toks.get(a + 1)), (Some(x), Some(y)) if x.range.end() == y.range.start())
    }

    /// The capitalised run starting at token `i`, if one does.
    pub fn run_at(&self, i: usize) -> Option<Run> {
        let t = &self.toks[i];
        if !t.cap {
            return None;
        }
        let mut end = i + 1;
        let mut last_word = i;
        if t.possessive {
            return Some(Run { start: i, end });
        }
        loop {
            let prev = &self.toks[last_word];
            // A title abbreviation or an initial keeps its period inside the run.
            if end < self.len()
                && self.toks[end].text == "."
                && self.adjacent(last_word)
                && (lexicon::is_title_abbreviation(&prev.norm)
                    || (prev.text.chars().count() == 1 && prev.cap))
                && self.joined_by_space(end)
                && self.toks.get(end + 1).is_some_and(|n| n.cap)
            {
                end += 1;
                last_word = end;
                end += 1;
                if self.toks[last_word].possessive {
                    break;
                }
                continue;
            }
            // Hyphenated names: Jong-un, Al-Assad.
            if end + 1 < self.len()
                && matches!(self.toks[end].text, "-" | "‐")
                && self.adjacent(last_word)
                && self.adjacent(end)
                && self.toks[end + 1].word
            {
                last_word = end + 1;
                end += 2;
                if self.toks[last_word].possessive {
                    break;
                }
                continue;
            }
            if !self.joined_by_space(last_word) || end >= self.len() {
                break;
            }
            let next = &self.toks[end];
            if next.cap && next.word && !lexicon::is_stopword(&next.norm) {
                last_word = end;
                end += 1;
                if next.possessive {
                    break;
                }
                continue;
            }
            // "Office of the President", "Ministry of Defense", "Ludwig van Beethoven".
            if CONNECTORS.contains(&next.norm.as_str()) && next.word {
                let allowed = match next.norm.as_str() {
                    "of" | "for" => {
                        lexicon::is_org_head(&prev.norm)
                            || is_place_suffix(&prev.norm)
                            || matches!(
                                prev.norm.as_str(),
                                "secretary"
                                    | "minister"
                                    | "republic"
                                    | "kingdom"
                                    | "sea"
                                    | "gulf"
                                    | "bay"
                                    | "isle"
                                    | "duke"
                                    | "prince"
                                    | "state"
                                    | "states"
                                    | "united"
                                    | "city"
                                    | "university"
                                    | "bank"
                                    | "department"
                                    | "museum"
                                    | "church"
                                    | "court"
                            )
                    }
                    _ => true,
                };
                let mut k = end + 1;
                if allowed
                    && self.toks.get(k).is_some_and(|t| t.norm == "the")
                    && self.joined_by_space(end)
                {
                    k += 1;
                }
                if allowed
                    && self.joined_by_space(k - 1)
                    && self.toks.get(k).is_some_and(|t| t.cap && t.word)
                {
                    last_word = k;
                    end = k + 1;
                    if self.toks[k].possessive {
                        break;
                    }
                    continue;
                }
            }
            break;
        }
        Some(Run {
            start: i,
            end: last_word + 1,
        })
    }

    /// Byte range of tokens `a..b`, with a final possessive cut off.
    pub fn span(&self, a: usize, b: usize) -> TextRange {
        let start = self.toks[a].range.start();
        let last = &self.toks[b - 1];
        let end = if last.possessive {
            last.range.start() + strip_possessive(last.text).0.len()
        } else {
            last.range.end()
        };
        TextRange::new(start, end)
    }

    /// The word token before `i`, skipping nothing.
    pub fn prev_word(&self, i: usize) -> Option<&Tok<'a>> {
        i.checked_sub(1).and_then(|j| self.toks.get(j))
    }
}

fn sentence_breaker(prev: &Tok<'_>, before: Option<&Tok<'_>>) -> bool {
    match prev.text {
        "." => !before.is_some_and(|b| {
            lexicon::is_title_abbreviation(&b.norm) || (b.cap && b.text.chars().count() == 1)
        }),
        "!" | "?" | ":" | "“" | "\"" | "‘" | "(" | "—" | "–" | "…" | "[" | ";" => true,
        _ => false,
    }
}

/// `("Russia", true)` for `"Russia’s"`; names ending in s' are left alone.
pub(crate) fn strip_possessive(s: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’S", "'S"] {
        if let Some(core) = s.strip_suffix(suffix) {
            if !core.is_empty() {
                return (core, true);
            }
        }
    }
    (s, false)
}

/// Lowercase spellings of big cities ("kyiv hails Moscow's move"): only cities of a million
/// people or more whose name is no English word, so "nice" or "reading" never match.
fn lowercase_place(toks: &Toks<'_>, i: usize) -> Option<Mention> {
    let t = &toks.toks[i];
    if !t.word || t.cap || t.norm.chars().count() < 4 || lexicon::is_stopword(&t.norm) {
        return None;
    }
    let place = gazetteer().place(&t.norm, false)?;
    if place.population < 1_000_000
        || name_key(place.name) != t.norm && place.kind != PlaceKind::City
    {
        return None;
    }
    let span = toks.span(i, i + 1);
    Some(Mention {
        span,
        name: span.slice(toks.text).to_string(),
        kind: EntityKind::Place,
        roles: Vec::new(),
        place: Some(place.id.to_string()),
    })
}

/// Whether a token is a title or role word that may precede a name inside a run.
fn is_title_word(t: &Tok<'_>) -> bool {
    lexicon::is_rank(&t.norm)
        || lexicon::is_role_modifier(&t.norm)
        || lexicon::is_demonym(&t.norm)
        || (lexicon::is_role_noun(&t.norm) && !lexicon::is_org_head(&t.norm))
        || t.text == "."
}

fn classify(toks: &Toks<'_>, run: Run) -> Option<Mention> {
    let text = toks.text;
    let mut start = run.start;
    let end = run.end;
    // Leading function words capitalised by position ("The Kremlin", "After Moscow").
    while start < end && (lexicon::is_stopword(&toks.toks[start].norm) || !toks.toks[start].word) {
        start += 1;
    }
    if start >= end {
        return None;
    }
    let all: Vec<&Tok<'_>> = toks.toks[start..end].iter().collect();
    let words: Vec<&str> = all
        .iter()
        .filter(|t| t.word)
        .map(|t| t.norm.as_str())
        .collect();
    if words
        .iter()
        .all(|w| lexicon::is_demonym(w) || lexicon::is_stopword(w))
    {
        return None;
    }
    let first = &toks.toks[start];
    let prev = start.checked_sub(1).map(|j| &toks.toks[j]);
    let after_the = prev.is_some_and(|p| p.norm == "the");
    let next_tok = toks.toks.get(end);
    let next_lower_suffix = next_tok
        .filter(|n| n.word && !n.cap && is_place_suffix(&n.norm) && toks.joined_by_space(end - 1))
        .map(|n| n.norm.clone());

    // Person with titles inside the run: "Russian President Vladimir Putin".
    let mut name_start = end;
    while name_start > start {
        let t = &toks.toks[name_start - 1];
        if is_title_word(t)
            || lexicon::is_org_head(&t.norm)
            || (t.possessive && name_start - 1 > start)
        {
            break;
        }
        name_start -= 1;
    }
    if name_start > start && name_start < end {
        let prefix = &toks.toks[start..name_start];
        let has_rank = prefix.iter().any(|t| {
            lexicon::is_rank(&t.norm)
                || (lexicon::is_role_noun(&t.norm) && !lexicon::is_org_head(&t.norm))
        });
        let name_key_str = name_key(toks.span(name_start, end).slice(text));
        let is_place = gazetteer().place(&name_key_str, false).is_some()
            && gazetteer()
                .given_name(&toks.toks[name_start].norm)
                .is_none();
        if has_rank && !is_place && !lexicon::is_known_org(&name_key_str) {
            let lead = lead_roles(toks, start);
            let mut inner = split_rank(toks.span(start, name_start).slice(text).trim_end());
            let mut roles = Vec::new();
            for r in lead {
                let only_possessive = r.split_whitespace().all(|w| strip_possessive(w).1);
                match inner.first_mut() {
                    Some(first) if only_possessive => *first = format!("{r} {first}"),
                    _ => roles.push(r),
                }
            }
            roles.append(&mut inner);
            let span = toks.span(name_start, end);
            roles.extend(trailing_role(toks, end));
            return Some(Mention {
                span,
                name: span.slice(text).to_string(),
                kind: EntityKind::Person,
                roles,
                place: None,
            });
        }
    }

    // Strip leading demonyms and titles that did not precede a name ("Russian Telegram").
    let mut s = start;
    while s < end - 1 && (lexicon::is_demonym(&toks.toks[s].norm)) && !is_org_run(toks, start, end)
    {
        s += 1;
    }
    let span = toks.span(s, end);
    let surface = span.slice(text);
    let key = name_key(surface);
    let g = gazetteer();

    // Places: gazetteer names, "X River", "X region", "Freedom Square".
    let last_norm = toks.toks[end - 1].norm.as_str();
    if end - s >= 2 && is_place_suffix(last_norm) {
        let base = name_key(toks.span(s, end - 1).slice(text));
        let feature = matches!(last_norm, "river" | "sea" | "lake");
        let place = g
            .place(&base, feature)
            .and_then(|p| suffix_place_id(p.id, last_norm));
        return Some(place_mention(span, text, place));
    }
    if let Some(suffix) = next_lower_suffix {
        let base = key.clone();
        let feature = matches!(suffix.as_str(), "river" | "sea" | "lake");
        if suffix == "city" {
            let place = g.place(&base, false).map(|p| p.id.to_string());
            return Some(place_mention(span, text, place));
        }
        let place = g
            .place(&base, feature)
            .and_then(|p| suffix_place_id(p.id, &suffix));
        let full = TextRange::new(span.start(), toks.toks[end].range.end());
        return Some(place_mention(full, text, place));
    }
    let org_run = is_org_run(toks, s, end)
        && g.place(&key, false)
            .is_none_or(|p| p.kind == PlaceKind::City && p.population < 1_000_000);
    if !org_run {
        if let Some(place) = g.place(&key, after_the) {
            let given = g.given_name(&toks.toks[s].norm).is_some() && end - s >= 2;
            let person_cue = followed_by_speech(toks, end) && place.population < 100_000;
            // A small town's name alone at a sentence start is more often a surname.
            let lone_start = first.sentence_start
                && place.population < 50_000
                && end - s == 1
                && !prev_is_place_preposition(toks, s);
            if !(given || person_cue || lone_start) {
                return Some(place_mention(span, text, Some(place.id.to_string())));
            }
        }
    }

    // Organisations: head words, well-known names, acronyms.
    let acronym = end - s == 1
        && surface.chars().count() >= 2
        && surface
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit());
    if org_run || lexicon::is_known_org(&key) || acronym {
        return Some(Mention {
            span,
            name: surface.to_string(),
            kind: EntityKind::Organization,
            roles: appositive_roles(toks, s, end),
            place: None,
        });
    }

    // People: a known given name first, or a role or a speech verb around the name.
    let given = g.given_name(&toks.toks[s].norm).is_some();
    let roles = appositive_roles(toks, s, end);
    let role_kind = roles.first().map(|r| role_kind(r));
    let mut lead = lead_roles(toks, s);
    let speech = followed_by_speech(toks, end);
    let single = end - s == 1;
    if role_kind == Some(EntityKind::Organization)
        || (lead
            .last()
            .is_some_and(|r| role_kind_of_lead(r) == EntityKind::Organization))
    {
        lead.extend(roles);
        return Some(Mention {
            span,
            name: surface.to_string(),
            kind: EntityKind::Organization,
            roles: lead,
            place: None,
        });
    }
    let person = (given && (!single || speech || !first.sentence_start))
        || role_kind == Some(EntityKind::Person)
        || !lead.is_empty()
        || speech;
    if person {
        lead.extend(roles);
        return Some(Mention {
            span,
            name: surface.to_string(),
            kind: EntityKind::Person,
            roles: lead,
            place: None,
        });
    }
    if prev_is_place_preposition(toks, s) && !first.sentence_start {
        return Some(place_mention(span, text, None));
    }
    // A lone capitalised word at a sentence start is most often just a capitalised word.
    if first.sentence_start && single {
        return Some(Mention {
            span,
            name: surface.to_string(),
            kind: EntityKind::Other,
            roles: Vec::new(),
            place: None,
        });
    }
    if words
        .iter()
        .all(|w| lexicon::is_rank(w) || lexicon::is_role_modifier(w) || lexicon::is_role_noun(w))
    {
        return None;
    }
    Some(Mention {
        span,
        name: surface.to_string(),
        kind: EntityKind::Other,
        roles: Vec::new(),
        place: None,
    })
}

fn suffix_place_id(id: &str, suffix: &str) -> Option<String> {
    match suffix {
        "region" | "oblast" | "province" | "raion" => Some(format!("region:{id}")),
        "river" | "sea" | "lake" => Some(id.to_string()),
        _ => None,
    }
}

fn place_mention(span: TextRange, text: &str, place: Option<String>) -> Mention {
    Mention {
        span,
        name: span.slice(text).to_string(),
        kind: EntityKind::Place,
        roles: Vec::new(),
        place,
    }
}

fn is_org_run(toks: &Toks<'_>, s: usize, end: usize) -> bool {
    toks.toks[s..end].iter().enumerate().any(|(k, t)| {
        t.word
            && lexicon::is_org_head(&t.norm)
            && (k > 0
                || end - s == 1
                || matches!(t.norm.as_str(), "kremlin" | "pentagon")
                || toks
                    .toks
                    .get(s + 1)
                    .is_some_and(|n| matches!(n.norm.as_str(), "of" | "for")))
    })
}

fn prev_is_place_preposition(toks: &Toks<'_>, s: usize) -> bool {
    toks.prev_word(s).is_some_and(|p| {
        matches!(
            p.norm.as_str(),
            "in" | "near"
                | "outside"
                | "across"
                | "towards"
                | "toward"
                | "into"
                | "from"
                | "visited"
        )
    })
}

/// Whether a speech verb follows the run (skipping a few adverbs): "Kots added", "Peskov
/// also said".
pub(crate) fn followed_by_speech(toks: &Toks<'_>, end: usize) -> bool {
    for t in toks.toks.iter().skip(end).take(3) {
        if !t.word {
            return false;
        }
        if lexicon::is_strong_speech_verb(&t.norm) {
            return true;
        }
        if !lexicon::SPEECH_ADVERBS.contains(&t.norm.as_str()) {
            return false;
        }
    }
    false
}

/// A role phrase's kind from its head noun: "channel" → organisation, "adviser" → person.
fn role_kind(role: &str) -> EntityKind {
    let words: Vec<String> = role.split_whitespace().map(normalize_word).collect();
    let head = words.iter().enumerate().find_map(|(k, w)| {
        let noun_follows = words.get(k + 1).is_some_and(|n| lexicon::is_role_noun(n));
        (lexicon::is_role_noun(w) && !(lexicon::is_role_modifier(w) && noun_follows))
            .then_some(w.clone())
    });
    match head.as_deref() {
        Some(
            "channel" | "outlet" | "agency" | "ministry" | "newspaper" | "tabloid" | "broadcaster"
            | "network" | "website" | "portal" | "group" | "committee" | "company" | "firm"
            | "organization" | "organisation" | "party" | "office" | "army" | "military"
            | "service" | "administration" | "government" | "department" | "council" | "court",
        ) => EntityKind::Organization,
        Some(_) => EntityKind::Person,
        None => EntityKind::Other,
    }
}

fn role_kind_of_lead(role: &str) -> EntityKind {
    let last = role
        .split_whitespace()
        .last()
        .map(normalize_word)
        .unwrap_or_default();
    if matches!(
        last.as_str(),
        "channel"
            | "outlet"
            | "agency"
            | "newspaper"
            | "tabloid"
            | "broadcaster"
            | "network"
            | "website"
            | "portal"
    ) {
        EntityKind::Organization
    } else {
        EntityKind::Person
    }
}

/// "Kremlin Defense Ministry Spokesman Lieutenant General" → ["Kremlin Defense Ministry
/// Spokesman", "Lieutenant General"]: a trailing rank stands apart from the position.
fn split_rank(prefix: &str) -> Vec<String> {
    const HONORIFIC: &[&str] = &[
        "gen",
        "gen.",
        "general",
        "lieutenant",
        "lt",
        "lt.",
        "col",
        "col.",
        "colonel",
        "maj",
        "maj.",
        "major",
        "capt",
        "capt.",
        "captain",
        "sgt",
        "sgt.",
        "adm",
        "adm.",
        "admiral",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "gov",
        "gov.",
        "rev",
        "rev.",
        "sir",
        "brig",
        "brig.",
        "marshal",
        "field",
    ];
    let words: Vec<&str> = prefix.split_whitespace().collect();
    let mut k = words.len();
    while k > 0 && HONORIFIC.contains(&words[k - 1].to_lowercase().as_str()) {
        k -= 1;
    }
    // "Secretary General", "Attorney General": the rank word belongs to the office.
    if k > 0 && k < words.len() && words[k..].len() == 1 && words[k].eq_ignore_ascii_case("general")
    {
        k = words.len();
    }
    let mut out = Vec::new();
    if k > 0 {
        out.push(words[..k].join(" "));
    }
    if k < words.len() {
        out.push(words[k..].join(" "));
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Lowercase role words right before a name: "Kremlin spokesman", "senior presidential
/// adviser", "Ukraine's" before "Foreign Minister".
fn lead_roles(toks: &Toks<'_>, start: usize) -> Vec<String> {
    let mut k = start;
    let mut has_noun = false;
    while k > 0 && start - k < 6 {
        let t = &toks.toks[k - 1];
        if !t.word || !toks.joined_by_space(k - 1) {
            break;
        }
        let ok = lexicon::is_role_noun(&t.norm)
            || lexicon::is_role_modifier(&t.norm)
            || lexicon::is_rank(&t.norm)
            || lexicon::is_demonym(&t.norm)
            || (t.cap
                && (t.possessive
                    || lexicon::is_known_org(&t.norm)
                    || lexicon::is_org_head(&t.norm)));
        if !ok || lexicon::is_stopword(&t.norm) && !lexicon::is_role_modifier(&t.norm) {
            break;
        }
        if lexicon::is_role_noun(&t.norm) || lexicon::is_rank(&t.norm) {
            has_noun = true;
        }
        k -= 1;
    }
    // Inside a run the title was already split off; here only the words before the run.
    if k < start && (has_noun || start < toks.len() && is_title_word(&toks.toks[start])) {
        let span = TextRange::new(toks.toks[k].range.start(), toks.toks[start - 1].range.end());
        let phrase = span.slice(toks.text).to_string();
        if has_noun || toks.toks[k..start].iter().any(|t| t.possessive) {
            return vec![phrase];
        }
    }
    Vec::new()
}

/// Roles given in apposition: "NAME, a reporter for ...," or "the commander of ..., NAME,".
fn appositive_roles(toks: &Toks<'_>, s: usize, end: usize) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = leading_appositive(toks, s) {
        out.push(r);
    }
    out.extend(trailing_role(toks, end));
    out
}

fn trailing_role(toks: &Toks<'_>, end: usize) -> Option<String> {
    let comma = toks.toks.get(end)?;
    if comma.text != "," {
        return None;
    }
    let mut k = end + 1;
    if toks
        .toks
        .get(k)
        .is_some_and(|t| matches!(t.norm.as_str(), "a" | "an" | "the"))
    {
        k += 1;
    }
    let phrase_start = k;
    // Modifiers, then a role noun within the first few words.
    let mut noun_at = None;
    while k < toks.len() && k - phrase_start < 5 {
        let t = &toks.toks[k];
        if !t.word {
            break;
        }
        if lexicon::is_role_noun(&t.norm) {
            noun_at = Some(k);
            break;
        }
        if !(lexicon::is_role_modifier(&t.norm)
            || lexicon::is_demonym(&t.norm)
            || (t.cap && !lexicon::is_stopword(&t.norm))
            || t.possessive)
        {
            break;
        }
        k += 1;
    }
    noun_at?;
    let mut stop = phrase_start;
    let mut j = phrase_start;
    let mut closed = false;
    while j < toks.len() && j - phrase_start < 24 {
        let t = &toks.toks[j];
        if matches!(
            t.text,
            "," | "." | ";" | ":" | ")" | "“" | "”" | "\"" | "—" | "–"
        ) && !(t.text == "." && j > 0 && lexicon::is_title_abbreviation(&toks.toks[j - 1].norm))
        {
            closed = true;
            break;
        }
        if t.newline_before && j > phrase_start {
            closed = true;
            break;
        }
        if t.word && (lexicon::is_strong_speech_verb(&t.norm) && j > phrase_start + 1 && !t.cap) {
            break;
        }
        stop = j + 1;
        j += 1;
    }
    if stop <= phrase_start || !(closed || j >= toks.len()) {
        return None;
    }
    let span = TextRange::new(
        toks.toks[phrase_start].range.start(),
        toks.toks[stop - 1].range.end(),
    );
    Some(span.slice(toks.text).to_string())
}

/// "the spokesman for the Russian Presidency, NAME": the role ends at the comma before the
/// name and starts at an article followed by role words.
fn leading_appositive(toks: &Toks<'_>, s: usize) -> Option<String> {
    let comma = s.checked_sub(1)?;
    if toks.toks[comma].text != "," {
        return None;
    }
    // The clause before the comma, back to the previous comma or sentence start.
    let mut k = comma;
    while k > 0 && comma - k < 24 {
        let t = &toks.toks[k - 1];
        if matches!(t.text, "," | "." | ";" | ":" | "“" | "”" | "\"" | "(" | ")") {
            break;
        }
        k -= 1;
        if toks.toks[k].sentence_start {
            break;
        }
    }
    if toks.toks.get(k).is_some_and(|t| t.norm == "according") {
        return None;
    }
    // First article followed by (modifiers and) a role noun.
    for a in k..comma {
        let t = &toks.toks[a];
        if !matches!(t.norm.as_str(), "the" | "a" | "an") {
            continue;
        }
        let mut j = a + 1;
        while j < comma && j - a <= 4 {
            let w = &toks.toks[j];
            if lexicon::is_role_noun(&w.norm)
                && !(w.cap && lexicon::is_org_head(&w.norm))
                && !(lexicon::is_role_modifier(&w.norm)
                    && toks
                        .toks
                        .get(j + 1)
                        .is_some_and(|n| lexicon::is_role_noun(&n.norm)))
            {
                let span = TextRange::new(
                    toks.toks[a + 1].range.start(),
                    toks.toks[comma - 1].range.end(),
                );
                return Some(span.slice(toks.text).to_string());
            }
            if !(lexicon::is_role_modifier(&w.norm) || lexicon::is_demonym(&w.norm) || w.cap) {
                break;
            }
            j += 1;
        }
        break;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(ms: &'a [Mention], name: &str) -> &'a Mention {
        ms.iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no mention {name:?} in {ms:#?}"))
    }

    #[test]
    fn titles_and_roles_are_attributes() {
        let text = "What they're saying: \"Not a single piece,\" Kremlin Defense Ministry Spokesman Lieutenant General Igor Konashaekov said in a statement.";
        let ms = mentions(text);
        let m = find(&ms, "Igor Konashaekov");
        assert_eq!(m.kind, EntityKind::Person);
        assert_eq!(
            m.roles,
            ["Kremlin Defense Ministry Spokesman", "Lieutenant General"]
        );
    }

    #[test]
    fn appositive_roles() {
        let text = "“There are a lot of mines,” Vitaliy Kim, head of Mykolaiv region military administration, said on Telegram.";
        let ms = mentions(text);
        let m = find(&ms, "Vitaliy Kim");
        assert_eq!(m.roles, ["head of Mykolaiv region military administration"]);
        assert_eq!(find(&ms, "Mykolaiv region").kind, EntityKind::Place);
        let text = "For his part, the commander of the Russian forces in Ukraine, Sergey Surovikin, accepted that.";
        let ms = mentions(text);
        assert_eq!(
            find(&ms, "Sergey Surovikin").roles,
            ["commander of the Russian forces in Ukraine"]
        );
    }

    #[test]
    fn places_and_orgs() {
        let text = "Russia’s Defense Ministry said troops crossed the Dnieper. kyiv hails the move, and Kiev waits in the Kharkov region.";
        let ms = mentions(text);
        assert_eq!(find(&ms, "Russia").kind, EntityKind::Place);
        assert_eq!(find(&ms, "Defense Ministry").kind, EntityKind::Organization);
        assert_eq!(find(&ms, "Dnieper").place.as_deref(), Some("river:dnipro"));
        assert_eq!(find(&ms, "kyiv").place, find(&ms, "Kiev").place);
        assert_eq!(find(&ms, "Kharkov region").kind, EntityKind::Place);
    }
}

#[cfg(test)]
mod entity_kind_serde {
    use super::EntityKind;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [
            EntityKind::Person,
            EntityKind::Place,
            EntityKind::Organization,
            EntityKind::Other,
        ] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(serde_json::from_value::<EntityKind>(value).unwrap(), x);
        }
    }
}
