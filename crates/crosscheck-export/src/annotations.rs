//! W3C Web Annotations: the findings as annotations on the articles' text.
//!
//! What it does: turns each reused passage, substituted word, quote and contradicted claim
//! into one [`Annotation`] (Web Annotation Data Model, <https://www.w3.org/TR/annotation-model/>)
//! and gathers them in one [`AnnotationCollection`] with its single [`AnnotationPage`]
//! embedded, under the `http://www.w3.org/ns/anno.jsonld` context.
//!
//! Why: annotation tools and archives read this model, so a fact-checker can see crosscheck's
//! findings on the article itself. Every target carries two selectors that describe the same
//! text: a `TextQuoteSelector` (the exact words with up to 32 characters either side), which
//! anchors on any copy of the article, and a `TextPositionSelector` (`[start, end)` in Unicode
//! code points), which is exact on crosscheck's clean text of the document. The target's
//! `source` is the article's URL when known, else `urn:crosscheck:document:<id>`.
//!
//! Ids are `urn:crosscheck:annotation:<hash>` of what each annotation says, and nothing in
//! the output depends on the clock: the same report gives the same bytes.

use std::collections::{HashMap, HashSet};

use crosscheck_engine::report::{CharSpan, Claim, Report};
use serde::Serialize;

use crate::text::{document_iri, document_label, fingerprint, Located, Texts};
use crate::{Exported, LeftOut};

/// The JSON-LD context of the Web Annotation model.
pub const ANNOTATION_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A collection of annotations: the whole export.
#[derive(Clone, Debug, Serialize)]
pub struct AnnotationCollection {
    /// Always [`ANNOTATION_CONTEXT`].
    #[serde(rename = "@context")]
    pub context: &'static str,
    /// `urn:crosscheck:collection:<hash of the documents' content hashes>`.
    pub id: String,
    /// Always `AnnotationCollection`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A title for people.
    pub label: String,
    /// How many annotations the collection holds.
    pub total: usize,
    /// The software that made the collection.
    pub generator: Generator,
    /// The one page, holding every annotation; absent when there are none (a page holds at
    /// least one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<AnnotationPage>,
}

/// The software agent that generated the annotations.
#[derive(Clone, Debug, Serialize)]
pub struct Generator {
    /// The project's repository.
    pub id: &'static str,
    /// Always `Software`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `crosscheck <version>`.
    pub name: String,
    /// The project's repository.
    pub homepage: &'static str,
}

/// A page of a collection.
#[derive(Clone, Debug, Serialize)]
pub struct AnnotationPage {
    /// The collection's id followed by `/page/1`.
    pub id: String,
    /// Always `AnnotationPage`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The collection's id.
    #[serde(rename = "partOf")]
    pub part_of: String,
    /// Index of the page's first annotation in the collection: 0.
    #[serde(rename = "startIndex")]
    pub start_index: usize,
    /// The annotations.
    pub items: Vec<Annotation>,
}

/// One finding on one stretch of a document's text.
#[derive(Clone, Debug, Serialize)]
pub struct Annotation {
    /// `urn:crosscheck:annotation:<hash>`, stable across runs on the same input.
    pub id: String,
    /// Always `Annotation`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Why the annotation was made.
    pub motivation: Motivation,
    /// What is said about the target: a text first, then linked passages or documents.
    pub body: Vec<Body>,
    /// The annotated text.
    pub target: SpecificResource,
}

/// The W3C motivations (section 3.3.5 of the model); crosscheck uses `assessing`,
/// `highlighting`, `identifying` and `linking`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Motivation {
    /// Assess the target: a substituted word, a contradicted claim.
    Assessing,
    /// Create a bookmark.
    Bookmarking,
    /// Classify the target.
    Classifying,
    /// Comment on the target.
    Commenting,
    /// Describe the target.
    Describing,
    /// Request a change.
    Editing,
    /// Highlight the target: a quote whose speaker is unknown.
    Highlighting,
    /// Identify the target: a quote's speaker.
    Identifying,
    /// Link the target to another resource: a reused passage to its source.
    Linking,
    /// Assess the appropriateness of the target.
    Moderating,
    /// Ask a question about the target.
    Questioning,
    /// Reply to a previous statement.
    Replying,
    /// Tag the target.
    Tagging,
}

/// An annotation's body: words, or a stretch of another document.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Body {
    /// Plain English text.
    Text(TextualBody),
    /// A passage or a whole document.
    Resource(SpecificResource),
}

/// Plain text in the annotation itself.
#[derive(Clone, Debug, Serialize)]
pub struct TextualBody {
    /// Always `TextualBody`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The text.
    pub value: String,
    /// Always `text/plain`.
    pub format: &'static str,
    /// Always `en`: crosscheck writes its findings in English.
    pub language: &'static str,
    /// What the text is for.
    pub purpose: Motivation,
}

/// A document, or a stretch of its text when `selector` is given.
#[derive(Clone, Debug, Serialize)]
pub struct SpecificResource {
    /// Always `SpecificResource`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The document: its URL, else `urn:crosscheck:document:<id>`.
    pub source: String,
    /// Two descriptions of one stretch of text (a quote and a position); empty for a whole
    /// document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub selector: Vec<Selector>,
    /// Why a body names this resource; absent on targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Motivation>,
}

/// A way to find a stretch of text in a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum Selector {
    /// The text itself, with the text around it.
    TextQuoteSelector {
        /// The text.
        exact: String,
        /// Up to 32 characters just before it; absent at the start of the document.
        #[serde(skip_serializing_if = "String::is_empty")]
        prefix: String,
        /// Up to 32 characters just after it; absent at the end of the document.
        #[serde(skip_serializing_if = "String::is_empty")]
        suffix: String,
    },
    /// Where the text is: `[start, end)` in Unicode code points of the document's clean text.
    TextPositionSelector {
        /// First character.
        start: usize,
        /// One past the last character.
        end: usize,
    },
}

/// The report's findings as one Web Annotation collection, in this order: reused passages,
/// substituted words (those seen in a reuse alignment first; one annotation per word),
/// quotes, then each side of each contradiction. Findings whose span does not fit their
/// document are left out and listed.
pub fn annotations(report: &Report) -> Exported<AnnotationCollection> {
    let mut builder = Builder {
        texts: Texts::new(report),
        items: Vec::new(),
        ids: HashSet::new(),
        left_out: Vec::new(),
    };
    builder.reuse_passages(report);
    builder.substitutions(report);
    builder.quotes(report);
    builder.contradictions(report);

    let hashes: Vec<&str> = report.documents.iter().map(|d| d.hash.as_str()).collect();
    let id = format!("urn:crosscheck:collection:{}", fingerprint(&hashes));
    let total = builder.items.len();
    let first = (total > 0).then(|| AnnotationPage {
        id: format!("{id}/page/1"),
        kind: "AnnotationPage",
        part_of: id.clone(),
        start_index: 0,
        items: builder.items,
    });
    Exported {
        output: AnnotationCollection {
            context: ANNOTATION_CONTEXT,
            id,
            kind: "AnnotationCollection",
            label: format!(
                "crosscheck findings on {} documents: reused passages, substituted words, \
                 quotes and contradicted claims",
                report.documents.len()
            ),
            total,
            generator: Generator {
                id: env!("CARGO_PKG_REPOSITORY"),
                kind: "Software",
                name: format!("crosscheck {}", env!("CARGO_PKG_VERSION")),
                homepage: env!("CARGO_PKG_REPOSITORY"),
            },
            first,
        },
        left_out: builder.left_out,
    }
}

/// Annotations made so far, their ids (one annotation per id) and what was left out.
struct Builder<'r> {
    texts: Texts<'r>,
    items: Vec<Annotation>,
    ids: HashSet<String>,
    left_out: Vec<LeftOut>,
}

impl<'r> Builder<'r> {
    /// The text at `span` of `document`, or `None` with the finding recorded as left out.
    fn locate(&mut self, document: &str, span: CharSpan, finding: &str) -> Option<Located<'r>> {
        match self.texts.locate(document, span, finding) {
            Ok(located) => Some(located),
            Err(left_out) => {
                self.left_out.push(left_out);
                None
            }
        }
    }

    /// Add an annotation whose id hashes `key`, unless one with that id is there already.
    fn push(&mut self, key: &[&str], motivation: Motivation, body: Vec<Body>, target: &Located) {
        let id = format!("urn:crosscheck:annotation:{}", fingerprint(key));
        if !self.ids.insert(id.clone()) {
            return;
        }
        self.items.push(Annotation {
            id,
            kind: "Annotation",
            motivation,
            body,
            target: passage(target, None),
        });
    }

    fn reuse_passages(&mut self, report: &Report) {
        for pair in &report.reuse {
            let finding = format!("reuse passage of {} from {}", pair.target, pair.source);
            let Some(source_doc) = self.texts.document(&pair.source) else {
                self.left_out.push(LeftOut {
                    finding,
                    reason: format!("document {} is not in the report", pair.source),
                });
                continue;
            };
            let words = format!(
                "Text reused from {} ({}, similarity {:.2})",
                document_label(source_doc),
                pair.relation.as_str(),
                pair.similarity
            );
            for p in &pair.passages {
                let Some(target) = self.locate(&pair.target, p.target, &finding) else {
                    continue;
                };
                let Some(source) = self.locate(&pair.source, p.source, &finding) else {
                    continue;
                };
                let key = [
                    "reuse",
                    pair.source.as_str(),
                    pair.target.as_str(),
                    &p.source[0].to_string(),
                    &p.source[1].to_string(),
                    &p.target[0].to_string(),
                    &p.target[1].to_string(),
                ];
                let body = vec![
                    text(&words, Motivation::Describing),
                    Body::Resource(passage(&source, Some(Motivation::Linking))),
                ];
                self.push(&key, Motivation::Linking, body, &target);
            }
        }
    }

    fn substitutions(&mut self, report: &Report) {
        // One annotation per word: the key names the word's place only, so a word found
        // both in an alignment and by rewrite forensics keeps the alignment's annotation.
        for pair in &report.reuse {
            let Some(source_doc) = self.texts.document(&pair.source) else {
                continue; // already left out with the pair's passages
            };
            for sub in &pair.substitutions {
                let finding = format!("substitution “{}” in {}", sub.found, pair.target);
                let Some(target) = self.locate(&pair.target, sub.target, &finding) else {
                    continue;
                };
                let words = if pair.relation.as_str() == "spun" {
                    format!("Likely machine-substituted for “{}”", sub.original)
                } else {
                    format!("Changed from “{}” in the source", sub.original)
                };
                let key = [
                    "substitution",
                    pair.target.as_str(),
                    &sub.target[0].to_string(),
                    &sub.target[1].to_string(),
                ];
                let body = vec![
                    text(&words, Motivation::Assessing),
                    Body::Resource(SpecificResource {
                        kind: "SpecificResource",
                        source: document_iri(source_doc),
                        selector: Vec::new(),
                        purpose: Some(Motivation::Linking),
                    }),
                ];
                self.push(&key, Motivation::Assessing, body, &target);
            }
        }
        for document in &report.documents {
            let Some(rewrite) = &document.rewrite else {
                continue;
            };
            for sub in &rewrite.substitutions {
                let finding = format!("substitution “{}” in {}", sub.found, document.id);
                let Some(target) = self.locate(&document.id, sub.span, &finding) else {
                    continue;
                };
                let key = [
                    "substitution",
                    document.id.as_str(),
                    &sub.span[0].to_string(),
                    &sub.span[1].to_string(),
                ];
                let words = format!("Likely machine-substituted for “{}”", sub.likely);
                let body = vec![text(&words, Motivation::Assessing)];
                self.push(&key, Motivation::Assessing, body, &target);
            }
        }
    }

    fn quotes(&mut self, report: &Report) {
        for quote in &report.quotes {
            let finding = format!("quote {}", quote.id);
            let Some(target) = self.locate(&quote.document, quote.span, &finding) else {
                continue;
            };
            let speaker = quote.speaker_name.as_deref().filter(|s| !s.is_empty());
            let (motivation, words) = match speaker {
                Some(name) => (
                    Motivation::Identifying,
                    format!("Quote attributed to {name}"),
                ),
                None => (
                    Motivation::Highlighting,
                    "Quote; crosscheck found no speaker".to_string(),
                ),
            };
            let key = [
                "quote",
                quote.document.as_str(),
                &quote.span[0].to_string(),
                &quote.span[1].to_string(),
            ];
            self.push(&key, motivation, vec![text(&words, motivation)], &target);
        }
    }

    fn contradictions(&mut self, report: &'r Report) {
        let claims: HashMap<&str, &Claim> =
            report.claims.iter().map(|c| (c.id.as_str(), c)).collect();
        for contradiction in &report.contradictions {
            let words = if contradiction.statement.trim().is_empty() {
                contradiction.reason.clone()
            } else {
                contradiction.statement.clone()
            };
            // Each side, located once; the annotation of one side links to the others.
            let mut sides: Vec<(&str, Located<'r>)> = Vec::new();
            for claim_id in &contradiction.claims {
                let finding = format!("contradicted claim {claim_id}");
                let Some(claim) = claims.get(claim_id.as_str()) else {
                    self.left_out.push(LeftOut {
                        finding,
                        reason: format!("claim {claim_id} is not in the report"),
                    });
                    continue;
                };
                if let Some(located) = self.locate(&claim.document, claim.span, &finding) {
                    sides.push((claim.id.as_str(), located));
                }
            }
            let all: Vec<&str> = contradiction.claims.iter().map(String::as_str).collect();
            for (n, (claim_id, located)) in sides.iter().enumerate() {
                let mut body = vec![text(&words, Motivation::Assessing)];
                body.extend(sides.iter().enumerate().filter(|&(m, _)| m != n).map(
                    |(_, (_, other))| Body::Resource(passage(other, Some(Motivation::Linking))),
                ));
                let mut key = vec!["contradiction", claim_id];
                key.extend(&all);
                self.push(&key, Motivation::Assessing, body, located);
            }
        }
    }
}

/// A stretch of text as a resource with both selectors.
fn passage(located: &Located, purpose: Option<Motivation>) -> SpecificResource {
    SpecificResource {
        kind: "SpecificResource",
        source: document_iri(located.document),
        selector: vec![
            Selector::TextQuoteSelector {
                exact: located.exact.to_string(),
                prefix: located.prefix.to_string(),
                suffix: located.suffix.to_string(),
            },
            Selector::TextPositionSelector {
                start: located.span[0],
                end: located.span[1],
            },
        ],
        purpose,
    }
}

/// Plain English text as a body.
fn text(value: &str, purpose: Motivation) -> Body {
    Body::Text(TextualBody {
        kind: "TextualBody",
        value: value.to_string(),
        format: "text/plain",
        language: "en",
        purpose,
    })
}
