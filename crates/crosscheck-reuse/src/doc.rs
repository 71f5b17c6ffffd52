//! One document as reuse detection reads it.

use chrono::NaiveDate;

/// One document as reuse detection needs it.
#[derive(Clone, Copy, Debug)]
pub struct ReuseDoc<'a> {
    /// Report id.
    pub id: &'a str,
    /// Clean text; spans index into it.
    pub text: &'a str,
    /// Publication date, if known.
    pub published: Option<NaiveDate>,
    /// The site or outlet that published it (outlet name or URL host), if known. Text shared
    /// at the very start or end of two pages of one site is its boilerplate, not reuse.
    pub site: Option<&'a str>,
}
