//! Boilerplate removal shared by every format: which lines of a body are not the article.
//!
//! Works line by line on text that a reader (plain text, HTML extraction, a JSONL field) has
//! already produced, so the same rules hold whatever the input format. Each rule removes only
//! lines that are *wholly* boilerplate: a photo caption, a video timestamp, a comment prompt, a
//! share widget. Credit lines ("With EFE and Reuters", "Reporting by ...") leave the body but
//! are kept in [`Cleaned::credits`]. Lines broken mid-sentence by hard wrapping are joined so
//! that sentences are whole.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// The article body without boilerplate, and what was set aside.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cleaned {
    /// Paragraphs joined by a blank line.
    pub text: String,
    /// Credit lines, verbatim.
    pub credits: Vec<String>,
}

static TIMESTAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?$").expect("valid regex"));
/// A caption or credit that ends with a copyright sign and a name, e.g.
/// "... on November 11, 2022. © Valentyn Ogirenko, Reuters".
///
/// Bounded repetitions of Unicode classes (`{2,80}`) compile into one automaton copy per
/// repetition, tens of milliseconds at start-up; the bounds are checked on the captures
/// instead (see [`is_copyright_credit`], [`is_credit_line`]).
static COPYRIGHT_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:©|\(c\)|copyright\s)\s*([\p{L}0-9 .,'/&-]+)$").expect("valid regex")
});
/// Characters a copyright credit's name part may have.
const COPYRIGHT_NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=80;
static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\(?(?:photo|photograph|image|picture|video|file photo|credit|source)s?(?:\s*(?:by|credit))?\s*[:|]\s*[^.]{0,80}\)?|[^.]{0,60}/(?:getty images|afp|reuters|ap|epa|afp via getty images|shutterstock)\)?)$",
    )
    .expect("valid regex")
});
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\(?(?:With (?:additional )?(?:reporting (?:by|from) )?(?P<names>\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*)*(?:(?:,| and| &) \p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*)*)*)|(?:Additional )?[Rr]eporting by [^\n]{2,200}|Writing by [^\n]{2,200}|Edited by [^\n]{2,200}|Editing by [^\n]{2,200}|Compiled by [^\n]{2,200})\.?\)?$",
    )
    .expect("valid regex")
});
/// A "With ..." credit names at most this many agencies or people...
const CREDIT_MAX_NAMES: usize = 6;
/// ... of at most this many words each.
const CREDIT_MAX_NAME_WORDS: usize = 4;

/// A teaser or tag line: a label and a colon, then a headline or the tags ("Related: ...",
/// "READ MORE: ...", "Filed under: ..."), at most [`LABEL_LINE_MAX_WORDS`] words in all.
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:related(?: (?:articles?|stories|story|coverage|content))?|see more|read more|read also|also read|recommended|filed under|tags|topics|categories)\s*:\s*\S",
    )
    .expect("valid regex")
});
const LABEL_LINE_MAX_WORDS: usize = 25;
/// The label of a "most read" list, with or without its section: "Most read in world news".
static MOST_READ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^most (?:read|popular|viewed|shared|watched)(?:\s+(?:in|on|from)\s.*)?$")
        .expect("valid regex")
});
const MOST_READ_MAX_WORDS: usize = 8;
/// A line about a newsletter or an inbox...
static NEWSLETTER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:newsletters?|inbox(?:es)?)\b").expect("valid regex"));
/// ... that asks the reader to subscribe (or thanks them for it).
static NEWSLETTER_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:subscrib\w*|sign(?:ing|ed)? up|your inbox|our newsletters?|delivered|get|join)\b",
    )
    .expect("valid regex")
});
/// ... and speaks to the reader ("your inbox", "our newsletter", "Sign up ..."): an article's
/// own sentence about a newsletter ("2 million people subscribe to a paid newsletter") does not.
static ADDRESSES_READER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:you|your|our|us)\b|^(?:sign|subscribe|get|join|want|enter|don't|never|stay|keep)\b",
    )
    .expect("valid regex")
});
/// A newsletter prompt is a sentence or two; an article paragraph about a newsletter is longer
/// or does not address the reader.
const NEWSLETTER_MAX_WORDS: usize = 30;
/// A form's title: "Morning Briefing Newsletter".
const NEWSLETTER_TITLE_MAX_WORDS: usize = 6;
/// A sentence that starts by asking the reader to follow someone (a pronoun or a capitalised
/// name, not "follow the money") on a social network: the author's or the outlet's sign-off.
static FOLLOW_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[.!?]\s+)Follow (?:me|us|him|her|them|[\p{Lu}@][\w@.'’-]*(?: [\p{Lu}][\w'’-]*){0,3}) (?:on|at|via) (?:Twitter|Facebook|Instagram|LinkedIn|YouTube|TikTok|Threads|Bluesky|X)\b",
    )
    .expect("valid regex")
});
/// A sign-off paragraph (a short author bio ending in the prompt) is a few sentences at most.
const FOLLOW_MAX_WORDS: usize = 60;

/// Whole lines that are interface text, compared case-insensitively without punctuation.
const WIDGET_LINES: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "comments",
    "show comments",
    "view comments",
    "join the conversation",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share via email",
    "copy link",
    "link copied",
    "print",
    "email",
    "tweet",
    "advertisement",
    "story continues below advertisement",
    "skip advertisement",
    "read more",
    "related",
    "related articles",
    "recommended",
    "most read",
    "cancel reply",
    "you must be logged in to post a comment",
];
const SOCIAL_WORDS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "email",
    "e-mail",
    "reddit",
    "pinterest",
    "telegram",
    "share",
    "print",
    "copy",
    "link",
    "flipboard",
    "messenger",
    "tumblr",
];

/// Clean a body: drop boilerplate lines, set credit lines aside, join hard-wrapped lines,
/// and join paragraphs with blank lines.
pub(crate) fn clean_body(body: &str) -> Cleaned {
    let mut credits = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    // `open` is the paragraph being built; a blank line or a complete line closes it.
    let mut open: Option<String> = None;
    for raw_line in body.lines() {
        let line = normalize_spaces(raw_line);
        let line = strip_bullet(line.trim());
        if line.is_empty() {
            paragraphs.extend(open.take());
            continue;
        }
        if is_boilerplate(line) {
            paragraphs.extend(open.take());
            continue;
        }
        if line.len() < 240 && may_be_credit(line) && is_credit_line(line) {
            paragraphs.extend(open.take());
            credits.push(line.trim_matches(['(', ')']).to_string());
            continue;
        }
        let starts_paragraph = raw_line.starts_with([' ', '\t']) && open.is_some();
        match open.as_mut() {
            Some(p) if !starts_paragraph && continues_line(p, line) => {
                p.push(' ');
                p.push_str(line);
            }
            _ => {
                paragraphs.extend(open.take());
                open = Some(line.to_string());
            }
        }
    }
    paragraphs.extend(open.take());
    Cleaned {
        text: paragraphs.join("\n\n"),
        credits,
    }
}

/// Whether `line` is wholly boilerplate.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    // Cheap byte tests first: these regexes are the hot path of ingest, and almost every line
    // is an ordinary paragraph that none of them can match.
    if line.len() <= 10 && TIMESTAMP.is_match(line) {
        return true;
    }
    if line.len() < 400 && has_copyright_sign(line) && is_copyright_credit(line) {
        return true;
    }
    if line.len() < 160
        && (line.contains(':') || line.contains('|') || line.contains('/'))
        && may_be_photo_credit(line)
        && PHOTO_CREDIT.is_match(line)
    {
        return true;
    }
    if is_label_line(line) || is_newsletter_prompt(line) || is_follow_prompt(line) {
        return true;
    }
    // Widgets are a few words; a paragraph is never one.
    if line.len() > 80 || !may_be_widget(line) {
        return false;
    }
    let key: String = line
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-')
        .collect::<String>()
        .to_lowercase();
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    if WIDGET_LINES.contains(&key.as_str()) {
        return true;
    }
    // "Facebook Twitter Email", "Share on WhatsApp Copy link"
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| !w.is_empty() && *w != "on" && *w != "via")
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().all(|w| SOCIAL_WORDS.contains(w))
        && words.len() >= 2
}

/// A teaser label with its headline ("Related: ..."), a tag line ("Filed under: ...") or a
/// "Most read" list label.
fn is_label_line(line: &str) -> bool {
    let head = line.as_bytes();
    let starts =
        |word: &[u8]| head.len() >= word.len() && head[..word.len()].eq_ignore_ascii_case(word);
    if line.len() < 300
        && line.contains(':')
        && [
            &b"related"[..],
            b"see ",
            b"read ",
            b"also ",
            b"recommended",
            b"filed ",
            b"tags",
            b"topics",
            b"categories",
        ]
        .iter()
        .any(|w| starts(w))
    {
        return line.split_whitespace().nth(LABEL_LINE_MAX_WORDS).is_none()
            && LABEL_LINE.is_match(line);
    }
    line.len() < 100
        && starts(b"most ")
        && line.split_whitespace().nth(MOST_READ_MAX_WORDS).is_none()
        && MOST_READ.is_match(line)
}

/// A newsletter sign-up prompt ("Get the latest updates in your inbox. Subscribe to our
/// newsletters.") or a sign-up form's title ("Morning Briefing Newsletter"). A line opening
/// with a quotation mark is someone's words, not the page's.
fn is_newsletter_prompt(line: &str) -> bool {
    if line.len() > 300
        || line.starts_with(['"', '“', '‘', '\'', '«', '„'])
        || !(contains_ignore_ascii_case(line, b"newsletter")
            || contains_ignore_ascii_case(line, b"inbox"))
    {
        return false;
    }
    let words = line.split_whitespace().count();
    if words > NEWSLETTER_MAX_WORDS || !NEWSLETTER_WORD.is_match(line) {
        return false;
    }
    let title = words <= NEWSLETTER_TITLE_MAX_WORDS
        && line
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
            .ends_with("newsletter");
    title || (NEWSLETTER_CALL.is_match(line) && ADDRESSES_READER.is_match(line))
}

/// A sign-off asking the reader to follow the author or outlet on a social network ("Follow
/// her on Twitter @jdoe."), with the short bio it may close.
fn is_follow_prompt(line: &str) -> bool {
    line.contains("Follow ")
        && line.split_whitespace().nth(FOLLOW_MAX_WORDS).is_none()
        && FOLLOW_PROMPT.is_match(line)
}

/// Whether `haystack` contains `needle` (ASCII), ignoring ASCII case, without allocating.
fn contains_ignore_ascii_case(haystack: &str, needle: &[u8]) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// A test every widget line passes without allocating: at most [`MAX_WIDGET_WORDS`] words,
/// the first of which starts a widget line or is a social word. Ordinary lines of a wrapped
/// article body (the bulk of ingest) fail it at the first word.
fn may_be_widget(line: &str) -> bool {
    let Some(first) = line
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .find(|w| !w.is_empty())
    else {
        return false;
    };
    // Every widget word is short ASCII: lower-case it on the stack.
    let mut buffer = [0u8; 16];
    if first.len() > buffer.len() || !first.is_ascii() {
        return false;
    }
    let lower = &mut buffer[..first.len()];
    lower.copy_from_slice(first.as_bytes());
    lower.make_ascii_lowercase();
    let known = std::str::from_utf8(lower).is_ok_and(|w| WIDGET_FIRST_WORDS.contains(w));
    known
        && line
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .nth(MAX_WIDGET_WORDS)
            .is_none()
}

/// The words a widget line can start with.
static WIDGET_FIRST_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    WIDGET_LINES
        .iter()
        .filter_map(|widget| widget.split(' ').next())
        .chain(SOCIAL_WORDS.iter().copied())
        .collect()
});

/// More words than any widget line has, counting the "on"s and "via"s of a share bar.
const MAX_WIDGET_WORDS: usize = 16;

/// Whether `line` is a caption or credit ending in a copyright sign and a name.
fn is_copyright_credit(line: &str) -> bool {
    COPYRIGHT_CREDIT
        .captures(line)
        .and_then(|caps| caps.get(1))
        .is_some_and(|name| COPYRIGHT_NAME_CHARS.contains(&name.as_str().chars().count()))
}

/// Whether `line` is a credit line ("With EFE and Reuters", "Reporting by ...").
fn is_credit_line(line: &str) -> bool {
    let Some(caps) = CREDIT_LINE.captures(line) else {
        return false;
    };
    let Some(names) = caps.name("names") else {
        return true;
    };
    let names: Vec<&str> = names
        .as_str()
        .split([','])
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" & "))
        .map(str::trim)
        .collect();
    names.len() <= CREDIT_MAX_NAMES
        && names
            .iter()
            .all(|name| name.split_whitespace().count() <= CREDIT_MAX_NAME_WORDS)
}

/// A byte-level test every credit line passes, so the credit regex runs on few lines.
fn may_be_credit(line: &str) -> bool {
    let head = line.trim_start_matches('(');
    head.starts_with("With ")
        || [
            "eporting by",
            "Writing by",
            "diting by",
            "Edited by",
            "Compiled by",
        ]
        .iter()
        .any(|cue| line.contains(cue))
}

fn has_copyright_sign(line: &str) -> bool {
    line.contains('©')
        || line.contains("(c)")
        || line.contains("(C)")
        || contains_ignore_ascii_case(line, b"copyright")
}

/// A byte-level test every photo credit passes: it opens with a credit word ("Photo:",
/// "(Image by ...") or names a picture agency after a slash ("Name/Getty Images").
fn may_be_photo_credit(line: &str) -> bool {
    let head = line.trim_start_matches('(').as_bytes();
    let opens_with_credit_word = [
        &b"photo"[..],
        b"image",
        b"picture",
        b"video",
        b"file photo",
        b"credit",
        b"source",
    ]
    .iter()
    .any(|word| head.len() >= word.len() && head[..word.len()].eq_ignore_ascii_case(word));
    opens_with_credit_word || line.contains('/')
}

/// Whether `next` continues the sentence of paragraph `so_far` (a hard-wrapped line) rather
/// than starting a new paragraph. News text puts one paragraph per line as often as it wraps
/// lines at a fixed width, so only a long line that stops mid-sentence is joined.
fn continues_line(so_far: &str, next: &str) -> bool {
    let last_line_len = so_far.len();
    let ends_sentence = so_far.trim_end().ends_with([
        '.', '!', '?', '…', ':', ';', '"', '”', '’', '\'', ')', ']', '»',
    ]);
    if ends_sentence {
        return false;
    }
    let next_lower = next
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_numeric());
    next_lower || last_line_len >= 40
}

fn strip_bullet(line: &str) -> &str {
    for bullet in ["- ", "• ", "* ", "– ", "· "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    line
}

/// Non-breaking and other odd spaces become plain spaces; runs of spaces collapse.
fn normalize_spaces(line: &str) -> Cow<'_, str> {
    // Most lines have nothing to change: only a tab, a double space or a non-ASCII
    // space-like character makes work.
    let needs_work = line.contains("  ")
        || line.contains('\t')
        || (!line.is_ascii()
            && line.contains([
                '\u{a0}', '\u{2007}', '\u{202f}', '\u{2009}', '\u{200a}', '\u{200b}', '\u{feff}',
                '\u{ad}',
            ]));
    if !needs_work {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut last_space = false;
    for c in line.chars() {
        let c = match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{200a}' | '\t' => ' ',
            '\u{200b}' | '\u{feff}' | '\u{ad}' => continue,
            c => c,
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    // Keep leading indentation visible to the paragraph logic (one space is enough).
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_boilerplate_keeps_body() {
        let body = "First paragraph of the story.\n\n\n00:52\n\nA Ukrainian civilian rides a tricycle in Blahodatne on November 11, 2022. © Valentyn Ogirenko, Reuters\n\nSecond paragraph.\n\nLeave a Reply\nShare on Facebook\nFacebook Twitter Email\n\nWith EFE and Reuters";
        let cleaned = clean_body(body);
        assert_eq!(
            cleaned.text,
            "First paragraph of the story.\n\nSecond paragraph."
        );
        let bar = "Intro.\n\nFacebook | Twitter | Email | WhatsApp | Reddit | Copy link\n\n\u{a0}Share on Facebook\u{a0}\n\n(Photo: Jane Doe)\n\nPhoto by Jane Doe/Getty Images\n\nText  with\tspaces.";
        assert_eq!(clean_body(bar).text, "Intro.\n\nText with spaces.");
        assert_eq!(cleaned.credits, ["With EFE and Reuters"]);
    }

    #[test]
    fn joins_hard_wrapped_lines_only() {
        let body = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects.\n    The dry period means the temporao will be late.";
        let cleaned = clean_body(body);
        assert_eq!(
            cleaned.text,
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects.\n\nThe dry period means the temporao will be late."
        );
    }

    #[test]
    fn one_paragraph_per_line_stays_apart() {
        let body = "Russia has ordered a retreat.\nMistrust remains on the part of Ukraine\nUkrainian officials are skeptical.";
        assert_eq!(clean_body(body).text.matches("\n\n").count(), 2);
    }

    #[test]
    fn reuters_credit_lines() {
        let cleaned =
            clean_body("Body.\n\n(Reporting by Jonathan Landay; Editing by Grant McCool)");
        assert_eq!(cleaned.text, "Body.");
        assert_eq!(
            cleaned.credits,
            ["Reporting by Jonathan Landay; Editing by Grant McCool"]
        );
    }

    #[test]
    fn ordinary_sentences_are_not_boilerplate() {
        for line in [
            "With the withdrawal complete, Russia controls the east bank.",
            "Share prices fell 3% on Friday.",
            "The photo: a flag over Freedom Square, where rallies were held, was shared widely and verified.",
            "Kherson was one of four Ukrainian regions illegally annexed by Russia in September.",
            "With Hong Kong protests exploding to new levels, President Xi Jinping faces a choice.",
            "With Hong Kong protests exploding to new levels",
            "Shr 43 cts vs 37 cts",
            "Twitter said on Friday it would share more data.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
            assert!(!is_credit_line(line), "{line}");
        }
    }

    /// The bounds the credit patterns check on their captures.
    #[test]
    fn credit_bounds() {
        assert!(is_credit_line("With EFE and Reuters"));
        assert!(is_credit_line(
            "(With reporting by Anna Lee, Tom Ray and AFP)"
        ));
        assert!(!is_credit_line(
            "With Alpha, Beta, Gamma, Delta, Epsilon, Zeta and Eta"
        ));
        assert!(!is_credit_line("With Ana Maria Lopez De La Vega"));
        assert!(is_copyright_credit("A man walks home. © Jane Doe, Reuters"));
        let long = format!("A man walks home. © {}", "Jane Doe ".repeat(10));
        assert!(!is_copyright_credit(&long));
    }

    #[test]
    fn teaser_and_tag_labels_go() {
        for line in [
            "Related: Bridge reopens after three months of repairs",
            "READ MORE: Flood waters recede in the north",
            "Filed under: Politics | Elections |",
            "Tags: flooding, Vigo, bridges",
            "Most read in world news",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        // Must not fire: prose that opens with the same words.
        for line in [
            "More than 2,500 civilians have been killed in the fighting so far this year.",
            "More information: J. Doe et al. Sleep in orbit, Journal of Space Medicine (2018).",
            "Read more about the plan on the council's website before the vote on Monday.",
            "Most readers said they would vote again in the next election.",
            "Tags were fitted to 40 of the birds before they were released.",
            "Related to the case, two officers were suspended.",
            "See more of the footage at the link below, the police said.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn newsletter_prompts_go() {
        for line in [
            "Get the latest headlines delivered to your inbox. Subscribe to our newsletters.",
            "Sign up for the Morning Briefing newsletter",
            "Morning Briefing Newsletter",
            "Keep an eye on your inbox for the latest sports news.",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        // Must not fire: an article's own sentences about a newsletter, a quoted prompt.
        for line in [
            "The council's newsletter, mailed to 4,000 homes, reported the vote on Tuesday.",
            "\"Sign up for our newsletter,\" the mayor joked at the launch of the new service.",
            "Substack said 2 million people now subscribe to at least one paid newsletter.",
            "The newsletter will be delivered to members every Friday, the union said.",
            "The phishing emails landed in the inboxes of 3,000 staff, and 40 of them clicked the link to get a refund that did not exist, the bank said in its report on Friday, adding that no money had been lost.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn follow_prompts_go() {
        for line in [
            "Follow her on Twitter @jdoe.",
            "Jane Doe covers energy for the paper. Follow Jane Doe on Twitter @jdoe.",
            "Follow The Daily Post on Facebook and Instagram.",
            "Have a tip? Jane Doe may be reached at jdoe@example.com. Follow her on Twitter @jdoe or on Facebook.",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        // Must not fire: reported speech, idioms, a long paragraph.
        for line in [
            "Follow the money, investigators said on Twitter.",
            "Supporters were told to follow him on Twitter for updates.",
            "The minister, who has 2 million followers, asked voters to follow her on Facebook.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }
}
