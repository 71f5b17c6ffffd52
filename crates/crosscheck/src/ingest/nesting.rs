//! How deep an HTML page nests, found before the page is parsed.
//!
//! The HTML parser keeps every unclosed element open, so 200,000 `<div>`s make a tree 200,000
//! levels deep: the parser's scope checks walk the whole stack of open elements for every tag
//! (quadratic time), and every recursive walk over the tree afterwards risks the stack. A page
//! like that is no article; [`exceeds`] spots it in one linear pass over the source, following
//! the parser's rules closely enough (void elements, raw text, implied end tags, self-closing
//! tags in SVG and MathML) that real pages, however sloppy, are measured at about their true
//! depth.

/// Deepest element nesting a page may have; deeper pages are refused
/// ([`ErrorKind::TooDeep`](super::error::ErrorKind::TooDeep)). Real pages stay far below it
/// (a few dozen levels); the extractor stops descending at 500.
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is raw text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dd",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Elements an implied end tag does not look past.
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
    "svg", "math",
];

/// Whether `page` nests elements deeper than `limit`, as the HTML parser would build it.
///
/// Linear in the page's length: the stack it keeps never grows past `limit + 1`.
pub fn exceeds(page: &str, limit: usize) -> bool {
    let bytes = page.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut at = 0;
    while let Some(lt) = memchr(b'<', bytes, at) {
        at = lt + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at = find(bytes, at + 3, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            at = memchr(b'>', bytes, at).map_or(bytes.len(), |end| end + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = if closing { at + 1 } else { at };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .map_or(bytes.len(), |n| name_start + n);
        let name = page
            .get(name_start..name_end)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let (tag_end, self_closing) = tag_end(bytes, name_end);
        at = tag_end;
        if closing {
            if let Some(open) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(open);
            }
            continue;
        }
        let foreign = stack.iter().any(|n| n == "svg" || n == "math");
        if foreign {
            if self_closing {
                continue;
            }
        } else {
            if VOID.contains(&name.as_str()) {
                continue;
            }
            if RAW_TEXT.contains(&name.as_str()) {
                // Everything up to the matching end tag is text.
                at = find_end_tag(bytes, at, name.as_bytes()).unwrap_or(bytes.len());
                continue;
            }
            close_implied(&mut stack, &name);
        }
        stack.push(name);
        if stack.len() > limit {
            return true;
        }
    }
    false
}

/// Pop the elements the start tag `name` closes implicitly.
fn close_implied(stack: &mut Vec<String>, name: &str) {
    let targets: &[&str] = match name {
        "li" => &["li"],
        "dd" | "dt" => &["dd", "dt"],
        "tr" => {
            // A new row closes the open cell, then the open row.
            pop_to(stack, &["td", "th"]);
            &["tr"]
        }
        "td" | "th" => &["td", "th"],
        "option" => &["option"],
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["h1", "h2", "h3", "h4", "h5", "h6"],
        _ => &[],
    };
    if !targets.is_empty() {
        pop_to(stack, targets);
    }
    if CLOSES_P.contains(&name) {
        pop_to(stack, &["p"]);
    }
}

/// Pop up to and including the nearest open element named in `targets`, unless a scope
/// boundary comes first.
fn pop_to(stack: &mut Vec<String>, targets: &[&str]) {
    for i in (0..stack.len()).rev() {
        let open = stack[i].as_str();
        if targets.contains(&open) {
            stack.truncate(i);
            return;
        }
        if SCOPE.contains(&open) || matches!(open, "ul" | "ol" | "dl" | "tr" | "tbody") {
            return;
        }
    }
}

/// Where a tag whose name ends at `from` ends (one past its `>`), and whether it ends `/>`;
/// quoted attribute values may hold a `>`.
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut quote = None;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => {
                // A quote starts a value only after `=` (possibly with spaces).
                let before = bytes[from..i]
                    .iter()
                    .rev()
                    .find(|c| !c.is_ascii_whitespace());
                if before == Some(&b'=') {
                    quote = Some(b);
                }
            }
            None if b == b'>' => {
                let self_closing = i > from && bytes[i - 1] == b'/';
                return (i + 1, self_closing);
            }
            None => {}
        }
        i += 1;
    }
    (bytes.len(), false)
}

/// The offset of the `<` of `</name` at or after `from` (ASCII case-insensitive).
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(lt) = find(bytes, at, b"</") {
        let start = lt + 2;
        let end = start + name.len();
        if bytes
            .get(start..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && bytes
                .get(end)
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        {
            return Some(lt);
        }
        at = start;
    }
    None
}

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|n| from + n)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_over(page: &str, limit: usize) -> bool {
        exceeds(page, limit)
    }

    #[test]
    fn nested_divs_are_deep() {
        let page = "<div>".repeat(600);
        assert!(depth_over(&page, MAX_HTML_DEPTH));
        assert!(!depth_over(&"<div>".repeat(500), MAX_HTML_DEPTH));
    }

    #[test]
    fn closed_and_implied_elements_are_flat() {
        let closed = "<div><span>x</span></div>".repeat(10_000);
        assert!(!depth_over(&closed, 4));
        let paragraphs = format!("<body>{}", "<p>unclosed paragraph".repeat(10_000));
        assert!(!depth_over(&paragraphs, 4));
        let list = format!("<ul>{}</ul>", "<li>item".repeat(10_000));
        assert!(!depth_over(&list, 4));
        let table = format!("<table>{}</table>", "<tr><td>a<td>b".repeat(10_000));
        assert!(!depth_over(&table, 6));
        let voids = "<br><img src=x><meta content='>'><hr/>".repeat(10_000);
        assert!(!depth_over(&voids, 2));
        let svg = format!("<svg>{}</svg>", "<path d='M0 0'/>".repeat(10_000));
        assert!(!depth_over(&svg, 2));
    }

    #[test]
    fn raw_text_and_comments_are_not_markup() {
        let script = format!("<script>{}</script>", "<div>".repeat(10_000));
        assert!(!depth_over(&script, 2));
        let comment = format!("<!--{}-->", "<div>".repeat(10_000));
        assert!(!depth_over(&comment, 2));
    }

    #[test]
    fn unclosed_inline_elements_nest() {
        assert!(depth_over(&"<b>".repeat(600), MAX_HTML_DEPTH));
        assert!(depth_over(&"<div/>".repeat(600), MAX_HTML_DEPTH));
    }
}
