//! Clock times: "at 0500", "at 5:30 p.m. local time" joined to the day expression of their
//! sentence.
//!
//! What it decides: which tokens are a clock time (and its zone) and which matched day of the
//! same sentence they belong to.

use super::raw::{is, RawTime};
use super::*;

/// Fold clock times ("at 0500 [Moscow time]", "at 10 a.m. GMT") into the day expression next
/// to them.
pub(super) fn attach_clock_times(p: &Prepared<'_>, sent: Range<usize>, found: &mut [RawTime]) {
    let toks = &p.toks;
    let mut i = sent.start;
    while i + 1 < sent.end {
        if toks[i].norm != "at" {
            i += 1;
            continue;
        }
        let Some((time, mut j)) = clock_at(toks, i + 1, sent.end) else {
            i += 1;
            continue;
        };
        let zone_start = j;
        let mut zone = None;
        // "[Moscow time]", "(Moscow time)", "Moscow time", "GMT", "local time".
        let open = j < sent.end && matches!(toks[j].norm.as_str(), "[" | "(");
        let k = if open { j + 1 } else { j };
        if k < sent.end {
            let w = toks[k].norm.as_str();
            if matches!(
                w,
                "gmt"
                    | "utc"
                    | "est"
                    | "edt"
                    | "cet"
                    | "cest"
                    | "msk"
                    | "bst"
                    | "et"
                    | "pt"
                    | "eet"
                    | "eest"
            ) {
                let mut e = k + 1;
                if open
                    && is(
                        toks,
                        e,
                        sent.end,
                        if toks[j].norm == "[" { "]" } else { ")" },
                    )
                {
                    e += 1;
                }
                zone = Some((k, k + 1, e));
            } else if k + 1 < sent.end
                && toks[k + 1].norm == "time"
                && (toks[k].cap || w == "local")
            {
                let mut e = k + 2;
                if open && e < sent.end && matches!(toks[e].norm.as_str(), "]" | ")") {
                    e += 1;
                }
                zone = Some((k, k + 2, e));
            }
        }
        if let Some((zs, ze, e)) = zone {
            let range = p.span(zs..ze);
            let text = range.slice(p.text).to_string();
            j = e;
            // Attach to a day expression right after ("this morning") or right before.
            let target = found
                .iter()
                .position(|f| f.toks.start == j)
                .or_else(|| found.iter().position(|f| f.toks.end == i));
            if let Some(t) = target {
                found[t].time_of_day = Some(time);
                found[t].zone = Some(text);
                let start = found[t].toks.start.min(i + 1);
                let endt = found[t].toks.end.max(j);
                found[t].toks = start..endt;
            }
        } else {
            let _ = zone_start;
            let target = found
                .iter()
                .position(|f| f.toks.start == j)
                .or_else(|| found.iter().position(|f| f.toks.end == i));
            if let Some(t) = target {
                found[t].time_of_day = Some(time);
                let start = found[t].toks.start.min(i + 1);
                let endt = found[t].toks.end.max(j);
                found[t].toks = start..endt;
            }
        }
        i = j.max(i + 1);
    }
}

/// A clock time at `i`: "0500", "05:00", "10 a.m.", "10am". Returns the time and the next token.
pub(super) fn clock_at(toks: &[Tok], i: usize, end: usize) -> Option<(NaiveTime, usize)> {
    let t = toks.get(i)?;
    if !t.is_number() || i >= end {
        return None;
    }
    let s = t.norm.as_str();
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        // Military style "0500": only ever read after "at" and next to a day expression.
        let h: u32 = s[..2].parse().ok()?;
        let m: u32 = s[2..].parse().ok()?;
        return NaiveTime::from_hms_opt(h, m, 0).map(|t| (t, i + 1));
    }
    let h: u32 = s.parse().ok()?;
    let mut j = i + 1;
    let mut minute = 0;
    if is(toks, j, end, ":") && j + 1 < end && !toks[j].space_before {
        minute = toks[j + 1].norm.parse().ok()?;
        j += 2;
    }
    // a.m. / p.m.
    let (pm, k) = match toks.get(j).map(|t| t.norm.as_str()) {
        Some("a.m" | "am") => (Some(false), j + 1),
        Some("p.m" | "pm") => (Some(true), j + 1),
        Some("a") if toks.get(j + 2).is_some_and(|t| t.norm == "m") => (Some(false), j + 3),
        Some("p") if toks.get(j + 2).is_some_and(|t| t.norm == "m") => (Some(true), j + 3),
        _ => (None, j),
    };
    let mut k = k;
    if pm.is_some() && is(toks, k, end, ".") {
        k += 1;
    }
    let hour = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        Some(_) => h,
        None if minute > 0 || j > i + 1 => h,
        None => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, 0).map(|t| (t, k))
}
