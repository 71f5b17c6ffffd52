//! A small fictional three-outlet story, written for these tests: every rule of the crate on
//! text that ships with it, so these always run.

#![allow(clippy::unwrap_used)]

use crosscheck_entities::{
    group_quotes, mentions, quotes, resolve, DocMentions, DocQuotes, EntityKind, Mention, Quote,
};

const WIRE: &str = "LVIV, Ukraine - Mayor Andriy Sadovyi said on Monday that the city of Lviv had opened four new shelters.

“We have room for 2,000 people tonight,” Sadovyi told reporters. “By Friday we will have room for 5,000.”

Regional governor Maksym Kozytskyi added: “Nobody will be left outside.”

According to the regional administration, “the power grid is stable and the trains from Kharkiv are running on time.”

The ministry of energy said the network was “under pressure but holding.”";

const OUTLET: &str = "Lviv's mayor, Andriy Sadovyy, said his city could shelter 2,000 people immediately and \"5,000 by the end of the week.\"

\"We have room for two thousand people tonight,\" Sadovyy said, speaking outside city hall.

A regional official told the outlet that \"nobody will be left outside in the cold.\" The official, Maksym Kozytsky, spoke after a meeting with the mayor.

Trains from Kharkov and Kiev arrive every hour, he said.";

const LONG: &str = "Sergey Kozlov, a spokesman for the railway, described the night in detail.

“The first train arrived at midnight. The platforms were full.

“By morning every carriage had been cleaned and sent back east,” he said.

Kozlov’s colleague, Olena Marchenko, disagreed. “It was chaos,” she said.";

struct Run {
    mentions: Vec<Vec<Mention>>,
    quotes: Vec<Vec<Quote>>,
}

fn run(texts: &[&str]) -> Run {
    let mentions: Vec<Vec<Mention>> = texts.iter().map(|t| mentions(t)).collect();
    let quotes = texts
        .iter()
        .zip(&mentions)
        .map(|(t, m)| quotes(t, m))
        .collect();
    Run { mentions, quotes }
}

fn speaker(q: &Quote) -> Option<&str> {
    q.speaker.as_ref().map(|s| s.name.as_str())
}

#[test]
fn split_colon_and_according_to() {
    let r = run(&[WIRE]);
    let q = &r.quotes[0];
    let got: Vec<(&str, Option<&str>)> = q.iter().map(|q| (q.text.as_str(), speaker(q))).collect();
    assert_eq!(
        got,
        [
            ("We have room for 2,000 people tonight", Some("Sadovyi")),
            ("By Friday we will have room for 5,000.", Some("Sadovyi")),
            ("Nobody will be left outside.", Some("Maksym Kozytskyi")),
            (
                "the power grid is stable and the trains from Kharkiv are running on time.",
                Some("regional administration")
            ),
            ("under pressure but holding.", Some("ministry of energy")),
        ]
    );
    assert_eq!(q[1].continues, Some(0));
    let sadovyi = r.mentions[0]
        .iter()
        .find(|m| m.name == "Andriy Sadovyi")
        .unwrap();
    assert_eq!(sadovyi.roles, ["Mayor"]);
    let kozytskyi = r.mentions[0]
        .iter()
        .find(|m| m.name == "Maksym Kozytskyi")
        .unwrap();
    assert_eq!(kozytskyi.roles, ["Regional governor"]);
}

#[test]
fn straight_marks_partial_quotes_and_a_name_given_after_the_quote() {
    let r = run(&[OUTLET]);
    let got: Vec<(&str, Option<&str>)> = r.quotes[0]
        .iter()
        .map(|q| (q.text.as_str(), speaker(q)))
        .collect();
    assert_eq!(
        got,
        [
            ("5,000 by the end of the week.", Some("Andriy Sadovyy")),
            (
                "We have room for two thousand people tonight",
                Some("Sadovyy")
            ),
            (
                "nobody will be left outside in the cold.",
                Some("Maksym Kozytsky")
            ),
        ]
    );
}

#[test]
fn quotes_over_paragraphs_and_pronouns() {
    let r = run(&[LONG]);
    let q = &r.quotes[0];
    assert_eq!(q.len(), 3, "{q:#?}");
    assert_eq!(
        q[0].text,
        "The first train arrived at midnight. The platforms were full."
    );
    assert_eq!(q[1].continues, Some(0));
    assert_eq!(speaker(&q[0]), Some("Sergey Kozlov"));
    assert_eq!(speaker(&q[1]), Some("Sergey Kozlov"));
    // "she" skips the nearer male name.
    assert_eq!(speaker(&q[2]), Some("Olena Marchenko"));
}

#[test]
fn resolution_across_outlets() {
    let texts = [WIRE, OUTLET, LONG];
    let r = run(&texts);
    let ids = ["wire", "outlet", "long"];
    let input: Vec<DocMentions<'_>> = (0..3)
        .map(|i| (texts[i], r.mentions[i].as_slice()))
        .collect();
    let entities = resolve(&input);
    let entity = |v: &str| {
        entities
            .iter()
            .find(|e| e.variants.iter().any(|x| x == v))
            .unwrap_or_else(|| panic!("no {v:?} in {entities:#?}"))
    };
    assert_eq!(entity("Andriy Sadovyi").id, entity("Andriy Sadovyy").id);
    assert_eq!(entity("Sadovyi").id, entity("Sadovyy").id);
    assert_eq!(entity("Maksym Kozytskyi").id, entity("Maksym Kozytsky").id);
    assert_eq!(entity("Kharkiv").id, entity("Kharkov").id);
    assert_eq!(entity("Kiev").kind, EntityKind::Place);
    assert_ne!(entity("Kharkiv").id, entity("Kiev").id);
    assert_ne!(entity("Sergey Kozlov").id, entity("Maksym Kozytskyi").id);
    assert_eq!(entity("Lviv").kind, EntityKind::Place);

    let qin: Vec<DocQuotes<'_>> = (0..3).map(|i| (ids[i], r.quotes[i].as_slice())).collect();
    let groups = group_quotes(&qin, &entities);
    let shared: Vec<_> = groups.iter().filter(|g| g.members.len() > 1).collect();
    assert_eq!(shared.len(), 2, "{groups:#?}");
    let room = shared
        .iter()
        .find(|g| g.members.iter().any(|m| m.document == 0 && m.quote == 0))
        .unwrap();
    let outlet = room.members.iter().find(|m| m.document == 1).unwrap();
    assert_eq!(outlet.drift, ["two", "thousand"]);
    // Ids are content-derived: the same input gives the same ids.
    assert_eq!(resolve(&input), entities);
}
