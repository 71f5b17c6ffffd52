//! Place claims: where something is or moved, as a place or a direction ("moved to the left
//! bank of the Dnieper", "90 miles north of Kyiv").
//!
//! What it decides: which place words make a claim, their relation (in, to, from, near), the
//! landmark a side or bank refers to (the river named after it, or the river the document names
//! most), and the compass direction a bank means.

use super::*;

impl<'a> Extractor<'a> {
    /// The river the document names most (for "the left bank" without "of the ...").
    pub(super) fn dominant_river(&self) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (i, t) in self.p.toks.iter().enumerate() {
            if !t.is_word() || !t.cap {
                continue;
            }
            let next_is_river = self.p.toks.get(i + 1).is_some_and(|n| n.norm == "river");
            let term = self.normalizer.term(&t.base, true).unwrap_or_default();
            if next_is_river || lexicon::river_flow(&term).is_some() {
                match counts.iter_mut().find(|(n, _)| *n == term) {
                    Some((_, c)) => *c += 1,
                    None => counts.push((term, 1)),
                }
            }
        }
        counts.into_iter().max_by_key(|(_, c)| *c).map(|(n, _)| n)
    }

    pub(super) fn places(
        &self,
        document: usize,
        si: usize,
        sent: Range<usize>,
        out: &mut Vec<Claim>,
    ) {
        let toks = &self.p.toks;
        let mut k = sent.start;
        while k < sent.end {
            let t = &toks[k];
            let w = t.norm.as_str();
            // "(the) left/right/eastern bank (of the X)".
            if matches!(w, "bank" | "banks") && k > sent.start {
                let side_tok = k - 1;
                let sw = toks[side_tok].norm.as_str();
                let side_word = match sw {
                    "left" | "right" => Some(sw),
                    _ => lexicon::compass(sw).map(|_| sw),
                };
                if let Some(side_word) = side_word {
                    let landmark = self
                        .landmark_after(k + 1, sent.end)
                        .or_else(|| self.river.clone());
                    let side =
                        match side_word {
                            "left" | "right" => landmark
                                .as_deref()
                                .and_then(lexicon::river_flow)
                                .map(|flow| {
                                    if side_word == "left" {
                                        flow.left_of()
                                    } else {
                                        flow.left_of().opposite()
                                    }
                                }),
                            other => lexicon::compass(other),
                        };
                    let relation = self.relation_before(side_tok, sent.start);
                    let span = side_tok..k + 1;
                    if let Some(c) = self.place_claim(
                        document,
                        si,
                        sent.clone(),
                        span,
                        format!("{side_word} bank"),
                        side,
                        landmark,
                        relation,
                        true,
                    ) {
                        out.push(c);
                    }
                }
                k += 1;
                continue;
            }
            // "east of the Dnipro", "to the east".
            if let Some(c) =
                lexicon::compass(w).filter(|_| matches!(w, "north" | "south" | "east" | "west"))
            {
                let of = k + 1 < sent.end && toks[k + 1].norm == "of";
                let to_the = k >= sent.start + 2
                    && toks[k - 1].norm == "the"
                    && matches!(toks[k - 2].norm.as_str(), "to" | "toward" | "towards");
                if of {
                    let landmark = self.landmark_after(k + 2, sent.end);
                    if landmark.is_some() {
                        let relation = self.relation_before(k, sent.start);
                        let is_river = landmark.as_deref().and_then(lexicon::river_flow).is_some()
                            || self.next_words_have_river(k + 2, sent.end);
                        let span = k..(k + 2);
                        if let Some(claim) = self.place_claim(
                            document,
                            si,
                            sent.clone(),
                            span,
                            w.to_string(),
                            Some(c),
                            landmark,
                            relation,
                            is_river,
                        ) {
                            out.push(claim);
                        }
                    }
                } else if to_the {
                    let span = (k - 2)..(k + 1);
                    if let Some(claim) = self.place_claim(
                        document,
                        si,
                        sent.clone(),
                        span,
                        w.to_string(),
                        Some(c),
                        None,
                        PlaceRelation::To,
                        false,
                    ) {
                        out.push(claim);
                    }
                }
            }
            k += 1;
        }
    }

    pub(super) fn next_words_have_river(&self, k: usize, end: usize) -> bool {
        (k..end.min(k + 4)).any(|i| self.tok(i).norm == "river")
    }

    /// "of the Dnieper River" / "of the Dnipro" after a side word: the landmark's term.
    pub(super) fn landmark_after(&self, k: usize, end: usize) -> Option<String> {
        let toks = &self.p.toks;
        let mut i = k;
        if i < end && toks[i].norm == "of" {
            i += 1;
        } else if k == end || toks[k].norm != "the" {
            return None;
        }
        while i < end && matches!(toks[i].norm.as_str(), "the" | "a") {
            i += 1;
        }
        // The first capitalised word; skip "River" and "city" suffixes.
        let t = toks.get(i).filter(|t| i < end && t.is_word() && t.cap)?;
        self.normalizer.term(&t.base, true)
    }

    pub(super) fn relation_before(&self, k: usize, start: usize) -> PlaceRelation {
        let from = k.saturating_sub(6).max(start);
        for i in (from..k).rev() {
            match self.tok(i).norm.as_str() {
                "to" | "toward" | "towards" | "onto" | "into" => return PlaceRelation::To,
                "from" | "off" | "leaving" | "left" | "leave" => return PlaceRelation::From,
                "on" | "at" | "in" | "along" | "of" => return PlaceRelation::At,
                _ => {}
            }
        }
        PlaceRelation::At
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn place_claim(
        &self,
        document: usize,
        si: usize,
        sent: Range<usize>,
        span: Range<usize>,
        written: String,
        side: Option<Compass>,
        landmark: Option<String>,
        relation: PlaceRelation,
        across_river: bool,
    ) -> Option<Claim> {
        let event = self.find_event(si, span.clone(), Attach::Either)?;
        if event.statement {
            return None;
        }
        let movement = event.class == "withdraw" || event.class == "cross";
        let destination = match (
            movement && (across_river || relation != PlaceRelation::From),
            relation,
            side,
        ) {
            (true, PlaceRelation::To, Some(s)) => Some(s),
            (true, PlaceRelation::From, Some(s)) if across_river => Some(s.opposite()),
            _ => None,
        };
        if side.is_none()
            && destination.is_none()
            && !matches!(written.as_str(), "left bank" | "right bank")
        {
            return None;
        }
        let head = if movement {
            "withdraw".to_string()
        } else {
            event.class.clone()
        };
        let mut subject = self.subject(sent, span.clone(), Some(&event), head);
        if let Some(l) = &landmark {
            if !subject.terms.contains(l) {
                subject.terms.push(l.clone());
                subject.terms.sort();
            }
        }
        let value = ClaimValue::Place(PlaceValue {
            written,
            side,
            landmark,
            relation,
            destination,
        });
        Some(self.claim(
            document,
            si,
            span,
            ClaimKind::Place,
            subject,
            value,
            Some(&event),
            false,
        ))
    }
}
