//! schema.org ClaimReview drafts: the claims worth a fact-check, ready for a person's verdict.
//!
//! What it does: writes one [`ClaimReview`] (<https://schema.org/ClaimReview>) per
//! contradiction and one per group of claims that two documents or more state, each naming
//! the claim in one plain sentence (`claimReviewed`), every document it appears in
//! (`itemReviewed.appearance`) and the earliest of them (`itemReviewed.firstAppearance`: the
//! earliest publication date when any is known, else the first document of the report).
//!
//! Why: fact-checkers publish their verdicts as ClaimReview markup, which search engines
//! read. crosscheck finds what to check and where it was said; it never judges. So every
//! field that needs a person is written as an empty string to fill in: the verdict
//! (`reviewRating.alternateName`, or a `ratingValue` with its scale), the `url` of the
//! published review, and the `author` unless a [`Reviewer`] is given. Google requires
//! `claimReviewed`, `reviewRating`, `url` and `author`; a draft is not valid markup until a
//! person fills them. `datePublished` is left out for the same reason.

use std::collections::HashMap;

use crosscheck_engine::report::{Claim, DocumentEntry, Report};
use serde::Serialize;

use crate::text::{fingerprint, web_url, Texts};
use crate::{Exported, LeftOut};

/// The JSON-LD context of schema.org.
pub const SCHEMA_ORG_CONTEXT: &str = "https://schema.org";

/// Who reviews the claims: the drafts' `author`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reviewer {
    /// The organization's name.
    pub name: String,
    /// Its web site; left empty for a person to fill in when `None`.
    pub url: Option<String>,
}

/// A draft review of one claim.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReview {
    /// Always [`SCHEMA_ORG_CONTEXT`].
    #[serde(rename = "@context")]
    pub context: &'static str,
    /// Always `ClaimReview`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// `urn:crosscheck:claimreview:<hash>` of the claims reviewed, stable across runs.
    pub identifier: String,
    /// The published review's address: empty, for a person to fill in.
    pub url: String,
    /// The claim, in one plain sentence.
    pub claim_reviewed: String,
    /// Where the claim was made.
    pub item_reviewed: ReviewedClaim,
    /// Who reviews it.
    pub author: Organization,
    /// The verdict: empty, for a person to fill in.
    pub review_rating: Rating,
}

/// The claim reviewed and where it appeared.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewedClaim {
    /// Always `Claim`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// Every document that states it (or one side of the contradiction), in report order.
    pub appearance: Vec<CreativeWork>,
    /// The earliest of them: by publication date when known, else the first.
    pub first_appearance: CreativeWork,
}

/// A document where a claim appears.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreativeWork {
    /// Always `CreativeWork`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// Its publication URL, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its headline, else its crosscheck document id.
    pub name: String,
    /// Publication date, `YYYY-MM-DD`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    /// The outlet, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Organization>,
    /// The sentence of this document that makes the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An organization: the reviewer, or a document's publisher.
#[derive(Clone, Debug, Serialize)]
pub struct Organization {
    /// Always `Organization`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// Its name (empty for a person to fill in when no reviewer was given).
    pub name: String,
    /// Its web site (for the reviewer: empty for a person to fill in when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The verdict, left empty: crosscheck never invents one.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    /// Always `Rating`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The verdict in words ("False", "Misleading"): empty, for a person to fill in.
    pub alternate_name: String,
}

/// Drafts for the report's contradictions (first, in report order) and for its claim groups
/// stated by two documents or more (in order of each group's first claim). Claims that name
/// unknown documents are left out and listed.
pub fn claim_reviews(report: &Report, reviewer: Option<&Reviewer>) -> Exported<Vec<ClaimReview>> {
    let texts = Texts::new(report);
    let claims: HashMap<&str, &Claim> = report.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut left_out = Vec::new();
    let mut output = Vec::new();

    for contradiction in &report.contradictions {
        let mut members: Vec<&Claim> = Vec::new();
        for id in &contradiction.claims {
            match claims.get(id.as_str()) {
                Some(claim) => members.push(claim),
                None => left_out.push(LeftOut {
                    finding: format!("contradicted claim {id}"),
                    reason: format!("claim {id} is not in the report"),
                }),
            }
        }
        let documents = appearances(&texts, &members, &[], &mut left_out);
        let statement = if contradiction.statement.trim().is_empty() {
            &contradiction.reason
        } else {
            &contradiction.statement
        };
        let key: Vec<&str> = std::iter::once("contradiction")
            .chain(contradiction.claims.iter().map(String::as_str))
            .collect();
        if let Some(review) = review(&key, statement.clone(), documents, reviewer) {
            output.push(review);
        }
    }

    // Claim groups, in order of first appearance in the report.
    let mut groups: Vec<(&str, Vec<&Claim>)> = Vec::new();
    let mut group_index: HashMap<&str, usize> = HashMap::new();
    for claim in &report.claims {
        let n = *group_index.entry(claim.group.as_str()).or_insert_with(|| {
            groups.push((claim.group.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[n].1.push(claim);
    }
    for (_, members) in &groups {
        let supporters: Vec<&str> = members
            .iter()
            .flat_map(|c| c.support.iter().map(String::as_str))
            .collect();
        let documents = appearances(&texts, members, &supporters, &mut left_out);
        if documents.len() < 2 {
            continue;
        }
        // The sentence of the earliest document that makes the claim, else the first.
        let first = earliest(&documents);
        let statement = first
            .and_then(|(_, claim)| *claim)
            .or_else(|| members.first().copied())
            .map(claim_sentence)
            .unwrap_or_default();
        let mut ids: Vec<&str> = members.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        let key: Vec<&str> = std::iter::once("claim group").chain(ids).collect();
        if let Some(review) = review(&key, statement, documents, reviewer) {
            output.push(review);
        }
    }
    Exported { output, left_out }
}

/// The fields [`claim_reviews`] leaves empty for a person, given the reviewer.
pub(crate) fn to_fill(reviewer: Option<&Reviewer>) -> Vec<&'static str> {
    let mut fields = vec!["url", "reviewRating.alternateName"];
    match reviewer {
        None => fields.extend(["author.name", "author.url"]),
        Some(r) if r.url.is_none() => fields.push("author.url"),
        Some(_) => {}
    }
    fields
}

/// A document and the claim it makes, when one of the claims reviewed is its own.
type Appearance<'r> = (&'r DocumentEntry, Option<&'r Claim>);

/// The documents of `claims` and of `supporters`, once each, in report order, each with its
/// first claim among `claims`.
fn appearances<'r>(
    texts: &Texts<'r>,
    claims: &[&'r Claim],
    supporters: &[&str],
    left_out: &mut Vec<LeftOut>,
) -> Vec<Appearance<'r>> {
    let mut found: Vec<(usize, Appearance<'r>)> = Vec::new();
    let mut add = |id: &str, claim: Option<&'r Claim>, left_out: &mut Vec<LeftOut>| {
        let (Some(position), Some(document)) = (texts.position(id), texts.document(id)) else {
            left_out.push(LeftOut {
                finding: claim.map_or_else(
                    || format!("support of a claim by {id}"),
                    |c| format!("claim {}", c.id),
                ),
                reason: format!("document {id} is not in the report"),
            });
            return;
        };
        match found.iter_mut().find(|(p, _)| *p == position) {
            Some((_, (_, slot @ None))) => *slot = claim,
            Some(_) => {}
            None => found.push((position, (document, claim))),
        }
    };
    for claim in claims {
        add(&claim.document, Some(claim), left_out);
    }
    for id in supporters {
        add(id, None, left_out);
    }
    found.sort_by_key(|(position, _)| *position);
    found.into_iter().map(|(_, a)| a).collect()
}

/// The earliest appearance: the earliest publication date among those known, else the first.
fn earliest<'a, 'r>(documents: &'a [Appearance<'r>]) -> Option<&'a Appearance<'r>> {
    documents
        .iter()
        .filter(|(d, _)| d.published.is_some())
        .min_by(|(a, _), (b, _)| a.published.cmp(&b.published))
        .or_else(|| documents.first())
}

/// What a claim states, in one sentence.
fn claim_sentence(claim: &Claim) -> String {
    if claim.statement.trim().is_empty() {
        claim.text.clone()
    } else {
        claim.statement.clone()
    }
}

/// A draft naming `statement` and its appearances; `None` without any appearance.
fn review(
    key: &[&str],
    statement: String,
    documents: Vec<Appearance>,
    reviewer: Option<&Reviewer>,
) -> Option<ClaimReview> {
    let first = earliest(&documents).map(work)?;
    Some(ClaimReview {
        context: SCHEMA_ORG_CONTEXT,
        kind: "ClaimReview",
        identifier: format!("urn:crosscheck:claimreview:{}", fingerprint(key)),
        url: String::new(),
        claim_reviewed: statement,
        item_reviewed: ReviewedClaim {
            kind: "Claim",
            appearance: documents.iter().map(work).collect(),
            first_appearance: first,
        },
        author: Organization {
            kind: "Organization",
            name: reviewer.map(|r| r.name.clone()).unwrap_or_default(),
            url: Some(reviewer.and_then(|r| r.url.clone()).unwrap_or_default()),
        },
        review_rating: Rating {
            kind: "Rating",
            alternate_name: String::new(),
        },
    })
}

/// A document as a schema.org CreativeWork.
fn work((document, claim): &Appearance) -> CreativeWork {
    CreativeWork {
        kind: "CreativeWork",
        url: web_url(document).map(str::to_string),
        name: document
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| document.id.clone()),
        date_published: document.published.clone(),
        publisher: document
            .outlet
            .clone()
            .filter(|o| !o.trim().is_empty())
            .map(|name| Organization {
                kind: "Organization",
                name,
                url: None,
            }),
        text: claim.map(|c| c.text.clone()),
    }
}
