//! From source words to a speaker: names, pronouns, roles and statement nouns resolved to
//! named mentions.
//!
//! What it decides: in text order (so that a pronoun sees earlier speakers), which mention a
//! quote's source words stand for: the name itself; "he"/"she" the nearest earlier person of
//! that gender outside quotes; "the ministry", "the channel" the nearest fitting organisation;
//! "the statement" an earlier speaker; an unnamed source introduced before its name the name
//! that follows; a continuation the speaker of the quote it continues.

use super::*;

/// A name without the titles before it ("Senators Ana Ramirez" → "Ana Ramirez").
pub(super) fn strip_title(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let keep = words
        .iter()
        .position(|w| {
            let n = normalize_word(w.trim_end_matches('.'));
            !(lexicon::is_rank(&n) || n.strip_suffix('s').is_some_and(lexicon::is_rank))
        })
        .unwrap_or(0);
    words[keep..].join(" ")
}

pub(super) fn strip_article(s: &str) -> String {
    for a in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest.to_string();
        }
    }
    s.to_string()
}

impl Ctx<'_> {
    /// Turn source words into speakers, in text order (so pronouns see earlier speakers).
    pub(super) fn resolve_all(&self, found: &mut [Found]) {
        for i in 0..found.len() {
            if let Some(c) = found[i].continues {
                if found[i].cue.is_none() {
                    found[i].speaker = found[c].speaker.clone();
                    found[i].cue = found[c].cue;
                    continue;
                }
            }
            let Some((a, b)) = found[i].source.filter(|(a, b)| a < b) else {
                continue;
            };
            let mut speaker = self.resolve(a, b, i, found);
            // "Ana Reyes said that she …": the pronoun stands for the reporting subject,
            // not for the nearest earlier name.
            if let Some((oa, ob)) = found[i].antecedent.filter(|(oa, ob)| oa < ob) {
                let outer = self
                    .resolve(oa, ob, i, found)
                    .filter(|o| o.mention.is_some() && o.kind == EntityKind::Person);
                if let (Some(sp), Some(o)) = (speaker.as_mut(), outer) {
                    sp.name = o.name;
                    sp.kind = o.kind;
                    sp.mention = o.mention;
                    sp.coordinated = o.coordinated;
                }
            }
            found[i].speaker = speaker;
        }
        // A quote over paragraphs attributed at its end: the earlier parts take its speaker.
        for i in (0..found.len()).rev() {
            if let Some(c) = found[i].continues {
                if found[c].speaker.is_none() && found[i].speaker.is_some() {
                    found[c].speaker = found[i].speaker.clone();
                    found[c].cue = found[i].cue;
                }
            }
        }
        // Cataphora: "A local Ukrainian official … told CNN …" then “…,” said Yuriy
        // Sobolevskyi: an unnamed source takes the next named speaker introduced right after.
        for i in 0..found.len() {
            let unnamed = found[i]
                .speaker
                .as_ref()
                .is_some_and(|s| s.mention.is_none() && self.indefinite(s.source));
            if !unnamed {
                continue;
            }
            let seg = &self.segments[i];
            let next = (i + 1..found.len())
                .take_while(|&j| self.segments[j].paragraph <= seg.paragraph + 2)
                .find_map(|j| {
                    found[j]
                        .speaker
                        .as_ref()
                        .filter(|s| s.mention.is_some())
                        .cloned()
                });
            // "A regional official told the outlet …" then "The official, Maksym Kozytsky,": a
            // person named next with the same role word.
            let next = next.or_else(|| {
                let source = found[i].speaker.as_ref()?.source;
                let head = source
                    .slice(self.text)
                    .split_whitespace()
                    .last()
                    .map(normalize_word)?;
                let (_, pend) = self.paragraph_bounds(seg);
                self.mentions
                    .iter()
                    .enumerate()
                    .find(|(_, m)| {
                        m.kind == EntityKind::Person
                            && m.span.start() > seg.close
                            && m.span.start() < pend
                            && m.roles
                                .iter()
                                .any(|r| normalize_word(r).split_whitespace().any(|w| w == head))
                    })
                    .map(|(k, m)| Speaker {
                        name: m.name.clone(),
                        kind: m.kind,
                        source,
                        mention: Some(k),
                        coordinated: Vec::new(),
                    })
            });
            if let Some(sp) = next {
                let first_seen = sp
                    .mention
                    .and_then(|m| self.first_mention_of(m))
                    .is_some_and(|first| first >= seg.close);
                if first_seen {
                    let source = found[i].speaker.as_ref().map_or(sp.source, |s| s.source);
                    found[i].speaker = Some(Speaker { source, ..sp });
                }
            }
        }
    }

    pub(super) fn indefinite(&self, source: TextRange) -> bool {
        let words: Vec<String> = source
            .slice(self.text)
            .split_whitespace()
            .map(normalize_word)
            .collect();
        matches!(
            words.first().map(String::as_str),
            Some("a" | "an" | "another" | "one")
        )
    }

    /// Byte offset of the first mention with the same name key as mention `m`.
    pub(super) fn first_mention_of(&self, m: usize) -> Option<usize> {
        let target = self.mentions.get(m)?;
        let last = last_word(&target.name);
        self.mentions
            .iter()
            .filter(|x| x.kind == target.kind && last_word(&x.name) == last)
            .map(|x| x.span.start())
            .min()
    }

    /// Resolve source tokens `[a, b)` of quote `i` to a speaker.
    pub(super) fn resolve(&self, a: usize, b: usize, i: usize, found: &[Found]) -> Option<Speaker> {
        let source = self.span(a, b);
        // A named mention inside the source words: prefer a person, then an organisation.
        let inside: Vec<usize> = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.span.start() >= source.start() && m.span.end() <= source.end())
            .map(|(k, _)| k)
            .collect();
        // "Ramirez and Holloway wrote": two people named as one subject both speak.
        if let Some(sp) = self.coordinated_speakers(&inside, source) {
            return Some(sp);
        }
        // The head of the phrase speaks, not a name that modifies it: "Whitfield campaign
        // chairman Robert Delaney", "Harmon’s press secretary, Mark Ellison", "a spokeswoman
        // for Harmon Properties, Julia Kessler". Of two heads a person beats the organisation
        // they work for ("Peter Lindqvist, CBS News").
        let heads: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&k| self.is_phrase_head(k, a, b))
            .collect();
        let head_pick = heads
            .iter()
            .copied()
            .find(|&k| self.mentions[k].kind == EntityKind::Person)
            .or_else(|| {
                heads.iter().copied().find(|&k| {
                    matches!(
                        self.mentions[k].kind,
                        EntityKind::Organization | EntityKind::Other
                    )
                })
            });
        // With no named head, a person's name that modifies a role ("a Harmon spokesman") is
        // not the speaker: the role phrase is.
        let person_modifier = |k: usize| {
            let m = &self.mentions[k];
            m.kind == EntityKind::Person && {
                let (_, mb) = self.tok_range(m.span.start(), m.span.end());
                // Role words right after the name: "Harmon spokesman", "Harmon campaign
                // chairman", not "Cruz is the only contender".
                self.toks.toks[mb.min(b)..b]
                    .iter()
                    .take(3)
                    .take_while(|t| {
                        t.word
                            && !t.cap
                            && (lexicon::is_role_noun(&t.norm)
                                || lexicon::is_role_modifier(&t.norm))
                    })
                    .any(|t| lexicon::is_role_noun(&t.norm))
            }
        };
        let pick = head_pick
            .or_else(|| {
                inside
                    .iter()
                    .copied()
                    .find(|&k| self.mentions[k].kind == EntityKind::Person && !person_modifier(k))
            })
            .or_else(|| {
                inside.iter().copied().find(|&k| {
                    matches!(
                        self.mentions[k].kind,
                        EntityKind::Organization | EntityKind::Other
                    )
                })
            });
        let words: Vec<&Tok<'_>> = self.toks.toks[a..b].iter().filter(|t| t.word).collect();
        let head = words.last().map(|t| t.norm.clone()).unwrap_or_default();
        let plural_np = words.len() > 1
            && head.ends_with('s')
            && !lexicon::is_known_org(&head)
            && pick.is_some_and(|k| self.mentions[k].kind != EntityKind::Person);
        if let Some(k) = pick.filter(|_| !plural_np) {
            // "Kyiv officials" is not Kyiv; a possessive org before a role noun is a role
            // ("the ministry's spokesman") unless the mention ends the phrase.
            let m = &self.mentions[k];
            let ends_phrase = m.span.end() + 3 >= source.end();
            if m.kind == EntityKind::Person || ends_phrase {
                return Some(Speaker {
                    name: m.name.clone(),
                    kind: m.kind,
                    source,
                    mention: Some(k),
                    coordinated: Vec::new(),
                });
            }
        }
        let quote_start = self.segments[i].open;
        if words.len() == 1 {
            let w = words[0].norm.as_str();
            match w {
                "he" | "she" | "i" => {
                    let gender = match w {
                        "he" => Some(Gender::Male),
                        "she" => Some(Gender::Female),
                        _ => None,
                    };
                    // No earlier name fits ("my mother … she says", a narrator's "I"): the
                    // quote still has a speaker, known only as the pronoun.
                    let Some(k) =
                        self.antecedent_person(source.start().min(quote_start), gender, i, found)
                    else {
                        return Some(Speaker {
                            name: source.slice(self.text).to_string(),
                            kind: EntityKind::Person,
                            source,
                            mention: None,
                            coordinated: Vec::new(),
                        });
                    };
                    return Some(self.speaker_from(k, source));
                }
                "it" | "they" | "we" => {
                    if let Some(k) =
                        self.previous_speaker(i, found, |m| m.kind == EntityKind::Organization)
                    {
                        return Some(self.speaker_from(k, source));
                    }
                    if w == "it" {
                        let k = self.nearest_mention(source.start(), |m| {
                            m.kind == EntityKind::Organization
                        })?;
                        return Some(self.speaker_from(k, source));
                    }
                }
                "who" => {
                    let k =
                        self.nearest_mention(source.start(), |m| m.kind == EntityKind::Person)?;
                    return Some(self.speaker_from(k, source));
                }
                // "the Associated Press report, which notes": the phrase before the comma.
                "which" if a >= 2 && self.tok(a - 1).text == "," => {
                    let mut head = self.clause_start(a.saturating_sub(8), a - 1);
                    // From its last determiner: "linked to the county report, which".
                    if let Some(d) = (head..a - 1).rev().find(|&j| {
                        matches!(
                            self.tok(j).norm.as_str(),
                            "the" | "a" | "an" | "its" | "his" | "her" | "their"
                        )
                    }) {
                        head = d;
                    }
                    if head < a - 1 {
                        if let Some(k) = self.mention_covering(head, a - 1) {
                            return Some(self.speaker_from(k, source));
                        }
                        return Some(Speaker {
                            name: strip_article(self.span(head, a - 1).slice(self.text)),
                            kind: EntityKind::Other,
                            source,
                            mention: None,
                            coordinated: Vec::new(),
                        });
                    }
                    return None;
                }
                "which" | "that" => return None,
                _ => {}
            }
        }
        let name = source.slice(self.text).to_string();
        // A definite description: "the ministry", "the statement", "the channel".
        let definite = words
            .first()
            .is_some_and(|t| matches!(t.norm.as_str(), "the" | "its" | "his" | "her" | "their"));
        if definite && words.len() <= 5 {
            if lexicon::is_statement_noun(&head) {
                if let Some(k) = self.previous_speaker(i, found, |_| true) {
                    return Some(self.speaker_from(k, source));
                }
            }
            if let Some(k) = self.nearest_mention(source.start(), |m| {
                let name = normalize_word(&m.name);
                name.split_whitespace().any(|w| w == head)
                    || m.roles
                        .iter()
                        .any(|r| normalize_word(r).split_whitespace().any(|w| w == head))
            }) {
                return Some(self.speaker_from(k, source));
            }
            if !lexicon::is_role_noun(&head) && !head.ends_with('s') {
                if let Some(k) =
                    self.previous_speaker(i, found, |m| m.kind == EntityKind::Organization)
                {
                    return Some(self.speaker_from(k, source));
                }
            }
        }
        let kind = if words.iter().any(|t| {
            matches!(
                t.norm.as_str(),
                "ministry"
                    | "channel"
                    | "agency"
                    | "newspaper"
                    | "government"
                    | "statement"
                    | "office"
                    | "campaign"
                    | "committee"
                    | "website"
                    | "report"
            )
        }) {
            EntityKind::Organization
        } else if words.iter().any(|t| lexicon::is_role_noun(&t.norm)) {
            EntityKind::Person
        } else {
            EntityKind::Other
        };
        Some(Speaker {
            name: strip_article(&name),
            kind,
            source,
            mention: None,
            coordinated: Vec::new(),
        })
    }

    /// Whether mention `k` heads the source phrase in tokens `[a, b)`: it ends the phrase or
    /// stands before a comma, parenthesis, dash or conjunction, is no possessive ("Harmon’s
    /// press secretary") and no object of a preposition ("a spokeswoman for Harmon
    /// Properties").
    pub(super) fn is_phrase_head(&self, k: usize, a: usize, b: usize) -> bool {
        let m = &self.mentions[k];
        let (ma, mb) = self.tok_range(m.span.start(), m.span.end());
        if ma < a || mb > b || ma >= mb {
            return false;
        }
        let possessive = self.text[m.span.end()..].starts_with(['’', '\'']);
        let ends = mb == b
            || matches!(
                self.tok(mb).text,
                "," | "(" | ")" | "—" | "–" | "-" | ";" | ":"
            )
            || matches!(
                self.tok(mb).norm.as_str(),
                "and" | "or" | "himself" | "herself"
            );
        let object = ma > a
            && matches!(
                self.tok(ma - 1).norm.as_str(),
                "of" | "for" | "at" | "with" | "from" | "in" | "by" | "to" | "on" | "about"
            );
        !possessive && ends && !object
    }

    /// Two or more people named as one subject ("Ramirez and Holloway", "Sens. Ana Ramirez and
    /// Tom Holloway"): one speaker whose name joins theirs, with each mention kept in
    /// [`Speaker::coordinated`]. A report holds one speaker per quote, so the pair is not
    /// resolved to either person's entity.
    pub(super) fn coordinated_speakers(
        &self,
        inside: &[usize],
        source: TextRange,
    ) -> Option<Speaker> {
        let names: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&k| {
                matches!(
                    self.mentions[k].kind,
                    EntityKind::Person | EntityKind::Other
                )
            })
            .collect();
        if names.len() < 2
            || !names
                .iter()
                .any(|&k| self.mentions[k].kind == EntityKind::Person)
        {
            return None;
        }
        // Consecutive names joined by "and" (a list: commas, then "and"), with nothing else
        // between; a name after a preposition ("a spokeswoman for Harmon Properties, Julia
        // Kessler") is no conjunct.
        let object = |k: usize| {
            let (ma, _) =
                self.tok_range(self.mentions[k].span.start(), self.mentions[k].span.end());
            ma > 0
                && matches!(
                    self.tok(ma - 1).norm.as_str(),
                    "of" | "for" | "at" | "with" | "from" | "in" | "by" | "to" | "on" | "about"
                )
        };
        let mut best: Vec<usize> = Vec::new();
        let mut chain: Vec<usize> = Vec::new();
        let mut joined = false;
        for &k in &names {
            let link = chain.last().map(|&p: &usize| {
                self.text[self.mentions[p].span.end()..self.mentions[k].span.start()].trim()
            });
            match link {
                Some("and" | "&" | ", and") => {
                    chain.push(k);
                    joined = true;
                }
                Some(",") if !joined => chain.push(k),
                _ => {
                    chain = if object(k) { Vec::new() } else { vec![k] };
                    joined = false;
                }
            }
            if joined && chain.len() > best.len() {
                best = chain.clone();
            }
        }
        let chain = best;
        if chain.len() < 2
            || !chain
                .iter()
                .any(|&k| self.mentions[k].kind == EntityKind::Person)
        {
            return None;
        }
        // The names are the subject itself, not words inside a clause ("her to fend off both
        // Ramirez and Holloway"): only titles, role words and determiners before them, and the
        // last one heads the phrase.
        let (a, b) = self.tok_range(source.start(), source.end());
        let (first, _) = self.tok_range(
            self.mentions[chain[0]].span.start(),
            self.mentions[chain[0]].span.end(),
        );
        let lead_ok = self.toks.toks[a..first].iter().all(|t| {
            !t.word
                || t.cap
                || matches!(t.norm.as_str(), "the" | "a" | "an")
                || lexicon::is_role_noun(&t.norm)
                || lexicon::is_role_modifier(&t.norm)
                || lexicon::is_rank(&t.norm)
        });
        if !lead_ok || !self.is_phrase_head(chain[chain.len() - 1], a, b) {
            return None;
        }
        let names: Vec<String> = chain
            .iter()
            .map(|&k| strip_title(&self.mentions[k].name))
            .collect();
        let name = match names.as_slice() {
            [x, y] => format!("{x} and {y}"),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => return None,
        };
        Some(Speaker {
            name,
            kind: EntityKind::Person,
            source,
            mention: None,
            coordinated: chain,
        })
    }

    pub(super) fn speaker_from(&self, k: usize, source: TextRange) -> Speaker {
        let m = &self.mentions[k];
        Speaker {
            name: m.name.clone(),
            kind: m.kind,
            source,
            mention: Some(k),
            coordinated: Vec::new(),
        }
    }

    /// The speaker of an earlier quote (within three paragraphs) whose mention passes `want`.
    pub(super) fn previous_speaker(
        &self,
        i: usize,
        found: &[Found],
        want: impl Fn(&Mention) -> bool,
    ) -> Option<usize> {
        let para = self.segments[i].paragraph;
        (0..i)
            .rev()
            .take_while(|&j| self.segments[j].paragraph + 3 >= para)
            .find_map(|j| {
                found[j]
                    .speaker
                    .as_ref()
                    .and_then(|s| s.mention)
                    .filter(|&k| want(&self.mentions[k]))
            })
    }

    /// The nearest mention before byte `before` that passes `want`, outside quotes.
    pub(super) fn nearest_mention(
        &self,
        before: usize,
        want: impl Fn(&Mention) -> bool,
    ) -> Option<usize> {
        self.mentions
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, m)| m.span.end() <= before && !self.inside_quote(m.span.start()))
            .find(|(_, m)| want(m))
            .map(|(k, _)| k)
    }

    pub(super) fn inside_quote(&self, at: usize) -> bool {
        self.segments
            .iter()
            .any(|s| s.content.start() <= at && at < s.content.end())
    }

    /// The person a "he"/"she" before byte `before` refers to: the nearest earlier person
    /// mention of a compatible gender, outside quotes.
    pub(super) fn antecedent_person(
        &self,
        before: usize,
        gender: Option<Gender>,
        _i: usize,
        _found: &[Found],
    ) -> Option<usize> {
        self.nearest_mention(before, |m| {
            m.kind == EntityKind::Person
                && gender.is_none_or(|g| {
                    self.gender_of(m)
                        .is_none_or(|mg| mg == g || mg == Gender::Unknown)
                })
        })
    }

    /// The gender of a person mention from its given name, or from a fuller mention of the
    /// same surname in the document.
    pub(super) fn gender_of(&self, m: &Mention) -> Option<Gender> {
        let g = gazetteer();
        let words: Vec<&str> = m.name.split_whitespace().collect();
        if words.len() >= 2 {
            return g.given_name(&normalize_word(words[0]));
        }
        let last = last_word(&m.name);
        self.mentions
            .iter()
            .filter(|x| {
                x.kind == EntityKind::Person
                    && x.name.split_whitespace().count() >= 2
                    && last_word(&x.name) == last
            })
            .find_map(|x| {
                x.name
                    .split_whitespace()
                    .next()
                    .and_then(|f| g.given_name(&normalize_word(f)))
            })
    }
}
