//! Number claims: a quantity with its unit and what it counts.
//!
//! What it decides: which tokens are a number (digits, number words, scales such as "million",
//! percentages, currencies), its value and rounding granularity ("9,500" is 9,450-9,550), its
//! qualifier ("about", "more than", a range), the counted noun phrase after it, and which
//! numbers are not counts at all (clock times, codes, ages, scores, "one of four"). "The only
//! X" is a count of one when X is a checkable thing.

use super::*;

/// Words after "the only" that make no checkable claim ("the only way").
pub(super) fn vague_head(word: &str) -> bool {
    matches!(
        word,
        "way"
            | "one"
            | "thing"
            | "things"
            | "time"
            | "option"
            | "reason"
            | "person"
            | "choice"
            | "hope"
            | "question"
            | "answer"
            | "problem"
            | "difference"
            | "place"
            | "people"
    )
}

impl<'a> Extractor<'a> {
    pub(super) fn numbers(
        &self,
        document: usize,
        si: usize,
        sent: Range<usize>,
        out: &mut Vec<Claim>,
    ) {
        let toks = &self.p.toks;
        let mut i = sent.start;
        while i < sent.end {
            if self.in_time[i] {
                i += 1;
                continue;
            }
            // "the only regional capital": a count of one.
            if toks[i].norm == "the"
                && i + 1 < sent.end
                && matches!(toks[i + 1].norm.as_str(), "only" | "lone" | "sole")
            {
                if let Some(claim) = self.only_claim(document, si, i, sent.clone()) {
                    out.push(claim);
                }
                i += 2;
                continue;
            }
            match self.quantity_at(i, sent.clone()) {
                Some((q, span, value_end)) => {
                    let next = span.end;
                    if let Some(claim) =
                        self.number_claim(document, si, q, span, value_end, sent.clone())
                    {
                        out.push(claim);
                    }
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
    }

    pub(super) fn parse_number(tok: &Tok) -> Option<(f64, f64)> {
        // Returns (value, rounding granularity).
        if tok.is_number() {
            let s = tok.norm.as_str();
            if !s
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            {
                return None;
            }
            let clean: String = s.chars().filter(|c| *c != ',').collect();
            let v: f64 = clean.parse().ok()?;
            let g = match clean.split_once('.') {
                Some((_, dec)) => 10f64.powi(-(dec.len() as i32)),
                None => {
                    let zeros = clean.bytes().rev().take_while(|b| *b == b'0').count();
                    if v >= 100.0 && zeros > 0 && zeros < clean.len() {
                        10f64.powi(zeros as i32)
                    } else {
                        1.0
                    }
                }
            };
            return Some((v, g));
        }
        let v = lexicon::number_word(&tok.norm)?;
        if v < 2.0 {
            return None;
        }
        Some((v, 1.0))
    }

    /// The number at token `k` with its rounding granularity: digits (".20" included) or a
    /// number word from two up.
    pub(super) fn number_at(&self, k: usize) -> Option<(f64, f64)> {
        let toks = &self.p.toks;
        let t = toks.get(k)?;
        // ".20": a decimal point the tokeniser split off.
        if t.is_number()
            && k > 0
            && toks[k - 1].norm == "."
            && !t.space_before
            && (k < 2 || toks[k - 1].space_before)
            && t.norm.bytes().all(|b| b.is_ascii_digit())
        {
            let v: f64 = format!("0.{}", t.norm).parse().ok()?;
            return Some((v, 10f64.powi(-(t.norm.len() as i32))));
        }
        Self::parse_number(t)
    }

    /// A scale word at `k` ("million", or "-million" as in "$70-million"): its multiplier and
    /// the tokens it takes.
    pub(super) fn scale_at(&self, k: usize, end: usize) -> Option<(f64, usize)> {
        let toks = &self.p.toks;
        let w = |i: usize| (i < end).then(|| toks[i].norm.as_str());
        if let Some(s) = w(k).and_then(lexicon::scale_word) {
            return Some((s, 1));
        }
        if w(k) == Some("-") {
            if let Some(s) = w(k + 1).and_then(lexicon::scale_word) {
                return Some((s, 2));
            }
        }
        None
    }

    /// A percent sign or word at `k`, and the tokens it takes.
    pub(super) fn percent_at(&self, k: usize, end: usize) -> Option<usize> {
        let toks = &self.p.toks;
        let w = |i: usize| (i < end).then(|| toks[i].norm.as_str());
        match (w(k), w(k + 1)) {
            (Some("%" | "percent" | "pct"), _) => Some(1),
            (Some("per"), Some("cent")) => Some(2),
            _ => None,
        }
    }

    /// A currency before token `k` ("$", "US$", "A$", "€"): its unit and the first token.
    pub(super) fn currency_before(&self, k: usize, start: usize) -> Option<(String, usize)> {
        let toks = &self.p.toks;
        if k == start || k == 0 {
            return None;
        }
        let sym = toks[k - 1].norm.as_str();
        let unit = match sym {
            "$" | "us$" => "usd",
            "€" => "eur",
            "£" => "gbp",
            _ => return None,
        };
        // "US$", "A$", "C$" written as two tokens.
        if sym == "$" && k >= start + 2 && !toks[k - 1].space_before {
            match toks[k - 2].norm.as_str() {
                "us" => return Some(("usd".to_string(), k - 2)),
                "a" => return Some(("aud".to_string(), k - 2)),
                "c" => return Some(("cad".to_string(), k - 2)),
                _ => {}
            }
        }
        Some((unit.to_string(), k - 1))
    }

    /// A quantity starting at token `i`: the value, the span of its tokens (qualifier and
    /// counted phrase included) and the end of the number part (where the counted phrase starts).
    pub(super) fn quantity_at(
        &self,
        i: usize,
        sent: Range<usize>,
    ) -> Option<(Quantity, Range<usize>, usize)> {
        let toks = &self.p.toks;
        let (mut value, mut gran) = self.number_at(i)?;
        let next = |k: usize| (k < sent.end).then(|| toks[k].norm.as_str());
        let prev = |k: usize| (k > sent.start).then(|| toks[k - 1].norm.as_str());
        // Not counts: clock times, codes, ages, parts of a count ("the other two"), the count
        // of "one of four" (the second number is).
        if matches!(
            next(i + 1),
            Some(":" | "a.m" | "p.m" | "am" | "pm" | "o'clock")
        ) || matches!(prev(i), Some("no" | "#" | "g")) && !toks[i].space_before
            || matches!(
                prev(i),
                Some("other" | "another" | "remaining" | "additional" | "further" | "extra" | "(")
            )
            || next(i + 1) == Some("-")
                && matches!(next(i + 2), Some("year" | "years" | "day" | "month"))
            || next(i + 1) == Some("of") && self.number_at(i + 2).is_some()
        {
            return None;
        }
        // Scores and tallies: "23 to 8", "3-1".
        let is_joiner =
            |k: usize| k < sent.end && matches!(toks[k].norm.as_str(), "to" | "-" | "–");
        if is_joiner(i + 1) && self.number_at(i + 2).is_some_and(|(o, _)| o < value) {
            return None;
        }
        if i >= sent.start + 2
            && is_joiner(i - 1)
            && self.number_at(i - 2).is_some_and(|(o, _)| o > value)
        {
            return None;
        }
        let (mut unit, start) = match self.currency_before(i, sent.start) {
            Some((u, s)) => (Some(u), s),
            None => (None, i),
        };
        let mut j = i + 1;
        if let Some((scale, n)) = self.scale_at(j, sent.end) {
            value *= scale;
            gran *= scale;
            j += n;
        }
        if let Some(n) = self.percent_at(j, sent.end) {
            unit = Some("%".to_string());
            j += n;
        }
        // Ranges: "7 to 8", "80,000-100,000", "between $100 and $150", "1 percent to 3 percent".
        let mut high = None;
        let between = start > sent.start && toks[start - 1].norm == "between";
        let joined = matches!(next(j), Some("to" | "-" | "–")) || between && next(j) == Some("and");
        if joined {
            let mut k = j + 1;
            while k < sent.end
                && k <= j + 2
                && matches!(toks[k].norm.as_str(), "$" | "us" | "us$" | "€" | "£")
            {
                k += 1;
            }
            if let Some((mut h, _)) = self.number_at(k) {
                let mut e = k + 1;
                if let Some((scale, n)) = self.scale_at(e, sent.end) {
                    h *= scale;
                    e += n;
                    // "1 to 2 million": the scale belongs to both ends.
                    if j == i + 1 {
                        value *= scale;
                    }
                }
                if let Some(n) = self.percent_at(e, sent.end) {
                    unit = Some("%".to_string());
                    e += n;
                }
                if h >= value {
                    high = Some(h);
                    j = e;
                }
            }
        }
        let qualifier_start = if between { start - 1 } else { start };
        let (approx, qstart) = self.qualifier_before(qualifier_start, sent.start);
        let approx = if high.is_some() {
            Approx::Range
        } else {
            approx
        };
        // What is counted.
        let (counted_range, head_tok) = self.counted_after(j, sent.clone(), unit.is_some());
        let counted = counted_range
            .clone()
            .map(|r| self.p.span(r).slice(self.p.text).to_string())
            .unwrap_or_default();
        if unit.is_none() {
            let head = head_tok?;
            unit = self.normalizer.term(&toks[head].base, false);
        }
        let mut unit = unit?;
        // A bare year-like number before a name is not a count ("1987 Ford").
        if (1900.0..=2100.0).contains(&value)
            && gran == 1.0
            && approx == Approx::Exact
            && unit != "%"
            && head_tok.is_some_and(|h| self.tok(h).cap)
        {
            return None;
        }
        // Round numbers are rounded: "9,500" is 9,450-9,550, but "100,000" is not 50,000-150,000.
        let half = if gran == 1.0 {
            0.0
        } else {
            gran.min(value / 10.0)
                .max(if gran < 1.0 { gran } else { 0.0 })
                / 2.0
        };
        let (mut low, mut hi) = match (approx, high) {
            (Approx::Range, Some(h)) => (value, h),
            (Approx::About, _) => (value * 0.85 - half, value * 1.15 + half),
            (Approx::AtLeast, _) => (value, f64::INFINITY),
            (Approx::AtMost, _) => (0.0, value + half),
            _ => (value - half, value + half),
        };
        // One unit per dimension, so that "90 miles" and "150 kilometres" can be compared.
        if let Some((canonical, factor)) = lexicon::unit_conversion(&unit) {
            unit = canonical.to_string();
            value *= factor;
            low *= factor;
            hi *= factor;
        }
        let end = counted_range.map_or(j, |r| r.end.max(j));
        Some((
            Quantity {
                value,
                low: low.max(0.0),
                high: hi,
                approx,
                unit,
                counted,
            },
            qstart.min(start)..end,
            j,
        ))
    }

    pub(super) fn qualifier_before(&self, start: usize, sent_start: usize) -> (Approx, usize) {
        let toks = &self.p.toks;
        let w = |k: usize| toks[k].norm.as_str();
        if start >= sent_start + 2 {
            match (w(start - 2), w(start - 1)) {
                ("more" | "greater", "than")
                | ("at", "least")
                | ("just", "over")
                | ("as", "many") => return (Approx::AtLeast, start - 2),
                ("less" | "fewer", "than") | ("up", "to") | ("no", "more") => {
                    return (Approx::AtMost, start - 2)
                }
                _ => {}
            }
        }
        if start > sent_start {
            match w(start - 1) {
                "over" | "exceeding" => return (Approx::AtLeast, start - 1),
                "under" | "nearly" | "almost" => return (Approx::AtMost, start - 1),
                "about" | "around" | "some" | "roughly" | "approximately" | "circa"
                | "estimated" => return (Approx::About, start - 1),
                _ => {}
            }
        }
        (Approx::Exact, start)
    }

    /// The counted noun phrase starting at `j` and its head token.
    pub(super) fn counted_after(
        &self,
        j: usize,
        sent: Range<usize>,
        has_unit: bool,
    ) -> (Option<Range<usize>>, Option<usize>) {
        let toks = &self.p.toks;
        let mut k = j;
        // "% of Ukraine", "$2.5 billion for ...": the object after "of".
        if has_unit && k < sent.end && toks[k].norm == "of" {
            k += 1;
            while k < sent.end
                && matches!(toks[k].norm.as_str(), "the" | "a" | "an" | "its" | "their")
            {
                k += 1;
            }
        }
        let start = k;
        let mut head = None;
        while k < sent.end && k - start < 3 {
            let t = &toks[k];
            if !t.is_word() || self.in_time[k] {
                break;
            }
            let w = t.norm.as_str();
            if lexicon::is_stopword(w) || w.ends_with("ly") && !t.cap {
                break;
            }
            // Verb forms end the phrase ("regions annexed", "people living").
            if !t.cap && k > start && (w.ends_with("ed") || w.ends_with("ing")) {
                break;
            }
            // A name after common words is another phrase ("9,500 people Kherson").
            if t.cap && k > start && !toks[k - 1].cap {
                break;
            }
            head = Some(k);
            k += 1;
            // A unit of measure is the whole thing counted ("90 miles north").
            if k == start + 1 && lexicon::alias(&t.base).is_some_and(lexicon::is_measure_unit) {
                break;
            }
        }
        if head.is_none() {
            return (None, None);
        }
        (Some(start..k), head)
    }

    pub(super) fn number_claim(
        &self,
        document: usize,
        si: usize,
        q: Quantity,
        span: Range<usize>,
        value_end: usize,
        sent: Range<usize>,
    ) -> Option<Claim> {
        let event = self
            .find_event(si, span.clone(), Attach::Nearest)
            .filter(|e| !e.statement);
        let value_toks = span.start..value_end.min(span.end);
        let head = match self.basis(sent.clone(), value_end, span.start) {
            Some(basis) => format!("{} {basis}", q.unit),
            None => q.unit.clone(),
        };
        let mut subject = self.subject(sent.clone(), value_toks, event.as_ref(), head);
        // What a percentage is of belongs to its subject ("15% of Ukraine").
        if q.unit == "%" {
            for w in q.counted.split_whitespace() {
                let lower = crosscheck::text::normalize_word(w);
                if let Some(t) = self
                    .normalizer
                    .term(crate::tokens::strip_possessive(&lower), true)
                {
                    if !subject.terms.contains(&t) {
                        subject.terms.push(t);
                    }
                }
            }
            subject.terms.sort();
        }
        let volatile = self.volatile(sent.clone(), span.clone());
        Some(self.claim(
            document,
            si,
            span,
            ClaimKind::Number,
            subject,
            ClaimValue::Quantity(q),
            event.as_ref(),
            volatile,
        ))
    }

    pub(super) fn only_claim(
        &self,
        document: usize,
        si: usize,
        i: usize,
        sent: Range<usize>,
    ) -> Option<Claim> {
        let (range, head) = self.counted_after(i + 2, sent.clone(), false);
        let head = head?;
        let range = range?;
        let head_word = &self.tok(head).base;
        if vague_head(head_word) {
            return None;
        }
        let unit = self.normalizer.term(head_word, false)?;
        let counted = self.p.span(range.clone()).slice(self.p.text).to_string();
        let q = Quantity {
            value: 1.0,
            low: 1.0,
            high: 1.0,
            approx: Approx::Exact,
            unit: unit.clone(),
            counted,
        };
        let span = i..range.end;
        let event = self
            .find_event(si, span.clone(), Attach::Nearest)
            .filter(|e| !e.statement);
        let subject = self.subject(sent, i..i + 2, event.as_ref(), unit);
        Some(self.claim(
            document,
            si,
            span,
            ClaimKind::Number,
            subject,
            ClaimValue::Quantity(q),
            event.as_ref(),
            false,
        ))
    }
}
