//! Marking spans in a document's text: the one place report offsets meet the page.
//!
//! The report speaks code points ([`crosscheck_engine::report::CharSpan`]); Rust slices
//! bytes; JavaScript indexes UTF-16. Pages never hand offsets to JavaScript: the text is cut
//! here, on the server, into segments at every mark boundary (code points converted to bytes
//! in one pass), and each segment goes out as an escaped `<span>` naming its marks. Scripts
//! only find elements. A span past the end of the text is clipped; an empty or inverted one
//! marks nothing.

/// What a mark says about the text under it.
#[derive(Clone, Debug, PartialEq)]
pub enum MarkKind {
    /// A reused passage: `class` colours it by source, `target` is the element or page it
    /// links to, `id` (when set) is the element id the other side of a pair scrolls to.
    Passage {
        /// CSS class (`src-0` ...).
        class: String,
        /// The match number on a pair page, or the pair page's address on a document page.
        target: String,
        /// Element id of the passage on a pair page.
        id: Option<String>,
    },
    /// A word a spinner substituted, with what it replaced.
    Spun {
        /// The original word (from the source of the copy, or the lexicon's guess).
        original: String,
    },
    /// A quotation.
    Quote,
    /// A checkable claim.
    Claim,
    /// The span a permanent link points at (`?mark=start-end`).
    Focus,
}

/// A code-point span of the text with what it marks.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Start and end, in code points, end exclusive.
    pub span: [usize; 2],
    /// What it marks.
    pub kind: MarkKind,
}

/// A run of text under one set of marks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Segment {
    /// The text (escaped by the template, never inserted as HTML).
    pub text: String,
    /// Space-separated CSS classes; empty when nothing marks it.
    pub classes: String,
    /// The innermost passage's link target, if any.
    pub target: Option<String>,
    /// Element id, on the first segment of a passage that has one.
    pub id: Option<String>,
    /// The original of a spun word under it.
    pub original: Option<String>,
}

/// Cut `text` into segments at every boundary of `marks`.
pub fn segments(text: &str, marks: &[Mark]) -> Vec<Segment> {
    let chars = text.chars().count();
    let marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.span[0] < m.span[1].min(chars))
        .collect();
    let mut bounds: Vec<usize> = vec![0, chars];
    for m in &marks {
        bounds.push(m.span[0]);
        bounds.push(m.span[1].min(chars));
    }
    bounds.sort_unstable();
    bounds.dedup();
    let bytes = byte_offsets(text, &bounds);
    let mut out = Vec::with_capacity(bounds.len());
    let mut seen_ids: Vec<&str> = Vec::new();
    for (w, b) in bounds.windows(2).zip(bytes.windows(2)) {
        let (start, end) = (w[0], w[1]);
        let mut seg = Segment {
            text: text[b[0]..b[1]].to_string(),
            ..Segment::default()
        };
        let mut classes: Vec<&str> = Vec::new();
        // Of passages over one run, the innermost (last given) colours it.
        let mut passage: Option<&str> = None;
        for m in marks
            .iter()
            .filter(|m| m.span[0] <= start && end <= m.span[1])
        {
            match &m.kind {
                MarkKind::Passage { class, target, id } => {
                    passage = Some(class);
                    seg.target = Some(target.clone());
                    if let Some(id) = id {
                        if !seen_ids.contains(&id.as_str()) {
                            seen_ids.push(id);
                            seg.id = Some(id.clone());
                        }
                    }
                }
                MarkKind::Spun { original } => {
                    classes.push("spun");
                    seg.original = Some(original.clone());
                }
                MarkKind::Quote => classes.push("quote"),
                MarkKind::Claim => classes.push("claim"),
                MarkKind::Focus => {
                    classes.push("focus");
                    if !seen_ids.contains(&"focus") {
                        seen_ids.push("focus");
                        seg.id = Some("focus".to_string());
                    }
                }
            }
        }
        if let Some(class) = passage {
            classes.insert(0, class);
            classes.insert(0, "passage");
        }
        classes.dedup();
        seg.classes = classes.join(" ");
        out.push(seg);
    }
    out
}

/// Byte offsets of the sorted code-point offsets `chars` (each at most the text's length).
fn byte_offsets(text: &str, chars: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(chars.len());
    let mut wanted = chars.iter().peekable();
    for (n, (byte, _)) in text.char_indices().enumerate() {
        while wanted.next_if(|&&c| c == n).is_some() {
            out.push(byte);
        }
    }
    while wanted.next().is_some() {
        out.push(text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(a: usize, b: usize) -> Mark {
        Mark {
            span: [a, b],
            kind: MarkKind::Quote,
        }
    }

    #[test]
    fn code_points_not_bytes_or_utf16_units() {
        // "é" is 2 bytes, "😀" 4 bytes and 2 UTF-16 units; both are one code point.
        let text = "é😀 said “yes” today";
        let segs = segments(text, &[quote(8, 13)]);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["é😀 said ", "“yes”", " today"]);
        assert_eq!(segs[1].classes, "quote");
        assert_eq!(segs[0].classes, "");
    }

    #[test]
    fn overlapping_marks_split_into_runs_with_both_classes() {
        let text = "abcdefghij";
        let marks = [
            quote(2, 6),
            Mark {
                span: [4, 8],
                kind: MarkKind::Spun {
                    original: "x".into(),
                },
            },
        ];
        let segs = segments(text, &marks);
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.text.as_str(), s.classes.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("ab", ""),
                ("cd", "quote"),
                ("ef", "quote spun"),
                ("gh", "spun"),
                ("ij", "")
            ]
        );
        assert_eq!(segs[2].original.as_deref(), Some("x"));
    }

    #[test]
    fn spans_past_the_end_are_clipped_and_empty_ones_ignored() {
        let text = "short";
        let segs = segments(text, &[quote(3, 99), quote(4, 4), quote(9, 2)]);
        let got: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(got, ["sho", "rt"]);
        assert_eq!(segs.concat_text(), text);
    }

    #[test]
    fn overlapping_passages_take_the_innermost_colour() {
        let passage = |a, b, class: &str| Mark {
            span: [a, b],
            kind: MarkKind::Passage {
                class: class.into(),
                target: class.into(),
                id: None,
            },
        };
        let segs = segments("abcdef", &[passage(0, 6, "src-0"), passage(2, 4, "src-1")]);
        let got: Vec<&str> = segs.iter().map(|s| s.classes.as_str()).collect();
        assert_eq!(got, ["passage src-0", "passage src-1", "passage src-0"]);
        assert_eq!(segs[1].target.as_deref(), Some("src-1"));
    }

    #[test]
    fn a_passage_id_goes_on_its_first_segment_only() {
        let text = "one two three";
        let passage = Mark {
            span: [0, 13],
            kind: MarkKind::Passage {
                class: "src-0".into(),
                target: "1".into(),
                id: Some("t-1".into()),
            },
        };
        let segs = segments(text, &[passage, quote(4, 7)]);
        let ids: Vec<Option<&str>> = segs.iter().map(|s| s.id.as_deref()).collect();
        assert_eq!(ids, [Some("t-1"), None, None]);
        assert!(segs.iter().all(|s| s.target.as_deref() == Some("1")));
    }

    #[test]
    fn every_text_is_rebuilt_exactly() {
        let text = "Ünïcödé 👩‍👩‍👧 text with\u{301} combining marks";
        let n = text.chars().count();
        let marks: Vec<Mark> = (0..n).step_by(3).map(|i| quote(i, i + 2)).collect();
        assert_eq!(segments(text, &marks).concat_text(), text);
    }

    trait Concat {
        fn concat_text(&self) -> String;
    }
    impl Concat for Vec<Segment> {
        fn concat_text(&self) -> String {
            self.iter().map(|s| s.text.as_str()).collect()
        }
    }
}
