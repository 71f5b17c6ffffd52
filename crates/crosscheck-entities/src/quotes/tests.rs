//! Tests of [`quotes`](super::quotes) on short texts: quote marks, cues, sources and pronouns.

use super::*;
use crate::mentions::mentions;

fn run(text: &str) -> Vec<(String, Option<String>)> {
    let ms = mentions(text);
    quotes(text, &ms)
        .into_iter()
        .map(|q| (q.text, q.speaker.map(|s| s.name)))
        .collect()
}

#[test]
fn after_and_inverted() {
    let got = run("“We’re keeping the ‘information silence’ mode,” said Yuriy Sobolevskyi, first deputy head.");
    assert_eq!(
        got,
        [(
            "We’re keeping the ‘information silence’ mode".to_string(),
            Some("Yuriy Sobolevskyi".to_string())
        )]
    );
    let got = run("“A span was blown up,” the channel, RVVoenkor, reported.");
    assert_eq!(got[0].1.as_deref(), Some("RVVoenkor"));
}

#[test]
fn colon_and_partial() {
    let got = run("Alexander Kots spoke.\nKots added: “One was taken from the flagpole.”");
    assert_eq!(got[0].1.as_deref(), Some("Kots"));
    let got = run("Surovikin claimed that Ukrainian forces “are attacking schools and hospitals.”");
    assert_eq!(got[0].1.as_deref(), Some("Surovikin"));
}

#[test]
fn scare_quotes_are_not_quotes() {
    assert!(run("He added that the so-called “special operation” will continue.").is_empty());
    assert!(
        run("Russia’s retreat was “humiliating” for President Vladimir Putin, asked one.")
            .is_empty()
    );
}

#[test]
fn mixed_quote_marks_close() {
    let got =
        run("\"We will win this state,” she said. “The polls agree,\" Mayor Ann Fuller added.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "We will win this state");
    assert_eq!(got[1].0, "The polls agree");
    assert_eq!(got[1].1.as_deref(), Some("Ann Fuller"));
    let got = run("“It is too late,“ said Mayor Ann Fuller.");
    assert_eq!(got[0].0, "It is too late");
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
    // A curly pair nested in a straight quote stays inside it.
    let got = run("\"He said “no way” and then left the room entirely,\" Ann Fuller said.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
}

#[test]
fn listener_is_not_the_speaker() {
    let got = run(
        "Mayor Ann Fuller, meanwhile, told Reuters on Monday that the town “will not back down.”",
    );
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
    let got =
        run("Later, Mayor Ann Fuller thanked the crowd, telling Reuters, “We did this together.”");
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
}

#[test]
fn appositive_subject_before_a_clause_with_a_name() {
    let got = run("Tom Baker, a farmer from Ames, says Senator Jane Moss will “win by a mile.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
}

#[test]
fn verb_then_short_adjunct() {
    let got = run(
        "“We have waited long enough for this bill,” Gov. Jane Moss fumed on Tuesday. “Enough.”",
    );
    assert_eq!(got[0].1.as_deref(), Some("Jane Moss"));
    assert_eq!(got[1].1.as_deref(), Some("Jane Moss"));
}

#[test]
fn dateline_agency_is_not_the_subject() {
    let got = run(
        "DENVER (Reuters) – Gov. Jane Moss attacked the plan, saying that its “costs are hidden.”",
    );
    assert_eq!(got[0].1.as_deref(), Some("Jane Moss"));
}

#[test]
fn split_quote_across_a_title() {
    let text = "“It is early,” said Tom Baker, host of the show “Farm Talk.” “But we are ready for the harvest.”";
    let got = run(text);
    assert_eq!(
        got.last().and_then(|q| q.1.as_deref()),
        Some("Tom Baker"),
        "{got:?}"
    );
}

#[test]
fn subject_of_a_compound_predicate() {
    let got = run("Mayor Ann Fuller visited the plant on Monday, but later said the town had “no money left for repairs.”");
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
    let got = run("Ann Fuller spoke first.\n\nShe cheered “What a night!” and said her team would keep going “to the very end.”");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Ann Fuller"));
}

#[test]
fn party_and_state_in_parentheses() {
    let got =
        run("At a rally on Monday, Sen. Tom Baker (R-Tex.) said the plan is “dead on arrival.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
}

#[test]
fn inverted_verb_before_a_described_person() {
    let got = run("“The filing is late,” said election lawyer Tom Baker. “It happens.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
    assert_eq!(got[1].1.as_deref(), Some("Tom Baker"));
}

#[test]
fn abbreviation_before_a_comma_does_not_end_the_sentence() {
    let got = run(
        "“Both of them worry me,” Tom Baker, 30, of Dover, Del., who was polled, said on Monday.",
    );
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
}

#[test]
fn attribution_sentence_before_the_quote() {
    let got = run("Or maybe the governor, farm consultant Tom Baker says. “Several surveys point to a late surge in the north.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
}

#[test]
fn paragraphs_and_cataphora() {
    let text = "A local Ukrainian official in the region told CNN Friday that he could “neither confirm nor deny” it.\n\n“We’re keeping the mode,” said Yuriy Sobolevskyi, first deputy head of the council.\n\n“We do not comment on movement.”";
    let got = run(text);
    assert_eq!(got.len(), 3, "{got:?}");
    for (_, s) in &got {
        assert_eq!(s.as_deref(), Some("Yuriy Sobolevskyi"));
    }
}

fn sources(text: &str) -> Vec<(Option<String>, Option<String>)> {
    let ms = mentions(text);
    quotes(text, &ms)
        .into_iter()
        .map(|q| {
            let name = q.speaker.as_ref().map(|s| s.name.clone());
            let src = q.speaker.map(|s| s.source.slice(text).to_string());
            (name, src)
        })
        .collect()
}

#[test]
fn capitalised_inverted_verb_opens_the_sentence() {
    let got = run("Said Ann Fuller, who grew up in Ames, “We were all so proud of him.”");
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
    let got = run(
        "Tom Baker spoke at length.\n\nContinued Baker: “So I think it is a very real problem.”",
    );
    assert_eq!(got[0].1.as_deref(), Some("Baker"), "{got:?}");
}

#[test]
fn irregular_past_after_the_quote() {
    let got = run("“It is all fine and good, really,” Tom Baker shot back with a laugh.");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    let got =
        run("Tom Baker spoke first.\n\n“We ought to start it up again this morning,” he went on.");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn quote_paragraphs_after_a_person_subject() {
    let text = "The plan is vague, since Tom Baker spoke only in bromides during the interview.\n\n“We have to do something about it right now.”\n\n“We have to be a lot tougher than we are.”";
    let got = run(text);
    assert_eq!(got.len(), 2, "{got:?}");
    for (_, s) in &got {
        assert_eq!(s.as_deref(), Some("Tom Baker"));
    }
    // A possessive is no subject.
    let got = run("The plan is vague, and Tom Baker’s aides spoke only in bromides.\n\n“We have to do something about it right now.”");
    assert_ne!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn relative_pronoun_is_the_source() {
    let got = sources("Tom Baker, who has in the past described the plan as “a total disaster for farmers,” spoke on Monday.");
    assert_eq!(
        got[0],
        (Some("Tom Baker".into()), Some("who".into())),
        "{got:?}"
    );
    // An object relative keeps its own subject.
    let got =
        sources("Ann Fuller attacked the deal, which she called “a total disaster for farmers.”");
    assert_eq!(
        got[0],
        (Some("Ann Fuller".into()), Some("she".into())),
        "{got:?}"
    );
    let got = sources("The council linked to the county report, which notes, “More than half the farms lost money last year.”");
    assert_eq!(
        got[0],
        (Some("county report".into()), Some("which".into())),
        "{got:?}"
    );
}

#[test]
fn digest_items_and_signatures() {
    let got = run("FARMS LOSE MONEY AGAIN - Tom Baker: “At long last the harvest is in and the numbers are bad.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    let got = run("Ann Fuller spoke last.\n\n“Big firms and other multinationals pay zero taxes.”\n\n- Tom Baker.");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn subjects_the_mention_rules_do_not_type_as_people() {
    // "Moore" is typed a place by the mention rules; it opens the sentence before a verb.
    let got = run("Moore thanked him for “stepping up and taking action when Congress will not.”");
    assert_eq!(got[0].1.as_deref(), Some("Moore"), "{got:?}");
    // A surname that is also a word, once the full name is known.
    let got = run("Columnist George Will spoke on Monday.\n\n“The eruption of war in the capital of a NATO ally is a reminder,” Will wrote.");
    assert_eq!(got[0].1.as_deref(), Some("Will"), "{got:?}");
    let got = sources(
        "Several said they would rather see the money go out in “block grants” to the states.",
    );
    assert_eq!(got[0].1.as_deref(), Some("Several"), "{got:?}");
}

#[test]
fn abbreviation_before_a_lowercase_word_does_not_end_the_sentence() {
    let got = run("Tom Baker said it is unrealistic to think that if the U.S. pulls back, “our oceans are going to save us.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn subject_after_an_opening_phrase() {
    let got = run("Greeting supporters at the party office on Monday, Ann Fuller, 70, said it was too early to call the race but added, “I think you all have an idea of the results.”");
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
}

#[test]
fn long_description_ending_on_a_name() {
    let got = sources("“He is reprising that role,” said former Iowa Gov. and Farm Bureau Committee Chairman Tom Baker.");
    assert!(
        got[0]
            .1
            .as_deref()
            .is_some_and(|s| s.ends_with("Chairman Tom Baker")),
        "{got:?}"
    );
}

#[test]
fn quote_after_a_reported_speech_sentence() {
    let got = run("Tom Baker spoke at the fair.\n\nAnn Fuller added that the board very much wants out before the vote. “They don’t like to talk about it, but I think they will move.”");
    assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
    // Not when the sentence before reports no speech.
    let got = run("Ann Fuller walked out before the vote. “They don’t like to talk about it, but I think they will move.”");
    assert_ne!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
}

#[test]
fn subject_before_a_parenthetical() {
    let got = run("Former Iowa Gov. Tom Baker, for his part, is labeling the plan “a blatant abuse of power.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn signature_on_the_quote_line() {
    let text = "Readers wrote in about the new bridge.\n\
                “The toll is far too high for the people who cross it every day.” ― Dana Whitfield\n\
                “It took ten years, but the city finally got it done.”— Omar K. Lindqvist, Riverside\n\
                “Nobody asked us whether we wanted it.” - a reader";
    let got = sources(text);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("Dana Whitfield"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Omar K. Lindqvist"), "{got:?}");
    // Not a name after the dash: no signature.
    assert_eq!(got[2].0, None, "{got:?}");
}

#[test]
fn transcript_labels_inside_quotes() {
    // A quoted transcript: two labels take turns, neither named elsewhere.
    let text = "The network released this exchange:\n\
                \"HOST: Will the mayor sign the budget this week?\n\
                \"GUEST: The mayor has said she will sign it as soon as it reaches her desk.\n\
                \"HOST: And if the council changes it again?\n\
                \"GUEST: Then we will read it again, line by line, before anyone signs anything.";
    let got = sources(text);
    let srcs: Vec<Option<&str>> = got.iter().map(|g| g.1.as_deref()).collect();
    assert_eq!(
        srcs,
        [Some("HOST"), Some("GUEST"), Some("HOST"), Some("GUEST")],
        "{got:?}"
    );
    // A capitalised heading outside a transcript: no speaker from it.
    let text = "The agency sent a statement on Friday.\n\
                “UPDATE: The office will stay closed until further notice.”";
    let got = sources(text);
    assert_ne!(
        got.first().and_then(|g| g.1.as_deref()),
        Some("UPDATE"),
        "{got:?}"
    );
}

#[test]
fn unresolved_pronoun_is_still_the_speaker() {
    // No name before "she": the quote is hers all the same, unresolved.
    let text = "My aunt has run the corner bakery for forty years.\n\n\
                “The rent doubled and the flour tripled,” she says.";
    let ms = mentions(text);
    let qs = quotes(text, &ms);
    let sp = qs[0].speaker.as_ref().expect("a speaker");
    assert_eq!(sp.source.slice(text), "she");
    assert_eq!(sp.mention, None);
    // With a fitting name before it, the pronoun resolves to the name.
    let got = run("Maria Lopez has run the corner bakery for forty years.\n\n\
                   “The rent doubled and the flour tripled,” she says.");
    assert_eq!(got[0].1.as_deref(), Some("Maria Lopez"), "{got:?}");
}

#[test]
fn group_of_people_opening_the_sentence() {
    let got = sources(
        "The stadium opens on Saturday. Police say they have “more than enough officers” \
         for the crowd.\n\nThe plan drew fire. Critics argued it would “gut the budget” \
         within a year.",
    );
    assert_eq!(got[0].1.as_deref(), Some("Police"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Critics"), "{got:?}");
}

/// Words read off a thing have no speaker: "a girl holding a Russian flag, which read: “…”".
#[test]
fn a_thing_is_not_a_speaker() {
    let text = "Residents tore down a propaganda billboard with a young girl holding a Russian flag, which read: “Russia is here forever.”";
    let found = quotes(text, &mentions(text));
    assert_eq!(found.len(), 1);
    assert!(found[0].speaker.is_none(), "{:?}", found[0].speaker);
}

/// The speaker of each quote with its coordinated mentions' names, for the speaker rules.
fn speakers_of(text: &str) -> Vec<(Option<String>, Vec<String>)> {
    let ms = mentions(text);
    quotes(text, &ms)
        .into_iter()
        .map(|q| {
            let s = q.speaker;
            let names = s
                .as_ref()
                .map(|s| s.coordinated.iter().map(|&k| ms[k].name.clone()).collect())
                .unwrap_or_default();
            (s.map(|s| s.name), names)
        })
        .collect()
}

#[test]
fn a_name_modifying_a_role_is_not_the_speaker() {
    // Organisation-like modifier before a title, before or after the quote.
    let got = run("Senator Grace Whitfield toured the plant on Monday.\n\n\
                   “We will appeal the ruling,” Whitfield campaign chairman Robert Delaney said.");
    assert_eq!(got[0].1.as_deref(), Some("Robert Delaney"));
    let got = run("“The filing is accurate,” said Harmon attorney Lisa Brandt.");
    assert_eq!(got[0].1.as_deref(), Some("Lisa Brandt"));
    let got = run("“The filing is accurate,” Harmon attorney Lisa Brandt said.");
    assert_eq!(got[0].1.as_deref(), Some("Lisa Brandt"));
    // A possessive before the role, the name in apposition.
    let got =
        run("“She will not be attending,” Harmon’s press secretary, Mark Ellison, told reporters.");
    assert_eq!(got[0].1.as_deref(), Some("Mark Ellison"));
    // A name after "for" is the employer; the person after the comma speaks.
    let got = run(
        "“The tower was never for sale,” said a spokeswoman for Harmon Properties, Julia Kessler.",
    );
    assert_eq!(got[0].1.as_deref(), Some("Julia Kessler"));
    let got = run(
        "“The tower was never for sale,” a spokeswoman for Harmon Properties, Julia Kessler, said.",
    );
    assert_eq!(got[0].1.as_deref(), Some("Julia Kessler"));
    // With no name for the role, the role phrase speaks, not the modifier.
    let got = run("“The numbers do not add up,” said a Harmon spokesman.");
    assert_eq!(got[0].1.as_deref(), Some("Harmon spokesman"));
}

#[test]
fn a_person_beats_their_publication_or_employer() {
    for text in [
        "“The numbers do not add up,” said Peter Lindqvist, CBS News.",
        "“The numbers do not add up,” wrote Peter Lindqvist, The Boston Globe.",
        "“The numbers do not add up,” Peter Lindqvist, CBS News, wrote on Sunday.",
        "According to Peter Lindqvist, CBS News, “the numbers do not add up at all.”",
        "CBS News’ Peter Lindqvist said the numbers “do not add up at all.”",
        "“The numbers do not add up.”\n\n— Peter Lindqvist, CBS News",
    ] {
        let got = run(text);
        assert_eq!(got[0].1.as_deref(), Some("Peter Lindqvist"), "{text}");
    }
}

#[test]
fn coordinated_speakers_both_count() {
    let text = "Senators Ana Ramirez and Tom Holloway wrote to the agency on Monday.\n\n\
                “We expect answers by Friday,” Ramirez and Holloway wrote.";
    let got = speakers_of(text);
    assert_eq!(got[0].0.as_deref(), Some("Ramirez and Holloway"));
    assert_eq!(got[0].1.len(), 2, "{got:?}");
    assert!(got[0].1[1].ends_with("Holloway"), "{got:?}");
    let got = speakers_of(
        "Ana Ramirez and Tom Holloway, who lead the oversight panel, said: “We expect answers by Friday.”",
    );
    assert_eq!(got[0].0.as_deref(), Some("Ana Ramirez and Tom Holloway"));
    assert_eq!(got[0].1, ["Ana Ramirez", "Tom Holloway"]);
    // A pair a single speaker talks about is no coordination of speakers.
    let got = speakers_of(
        "Tom Holloway met Ana Ramirez on Monday. “We expect answers by Friday,” Holloway said of Ramirez and the agency.",
    );
    assert_eq!(got[0].0.as_deref(), Some("Holloway"));
    assert!(got[0].1.is_empty());
}

#[test]
fn speech_turns_carry_the_speaker_named_at_the_top() {
    // Named once, before a run of quote-only lines; a scare quote in the naming paragraph
    // does not make it a quote paragraph.
    let got = run(
        "What “real change” means is anyone’s guess, since Governor Ellen Marsh spoke \
                   only in generalities at the rally.\n\n\
                   “Thank you all for coming out tonight.”\n\
                   “We have a great deal of work left to do.”\n\
                   “And we are going to do it together.”",
    );
    let said: Vec<_> = got.iter().filter(|q| q.0 != "real change").collect();
    assert_eq!(said.len(), 3, "{got:?}");
    assert!(
        said.iter().all(|q| q.1.as_deref() == Some("Ellen Marsh")),
        "{got:?}"
    );
    // A speech introduced by a line ending in a colon, with no speech verb, one paragraph a
    // turn.
    let got = run(
        "Here are the remarks Governor Ellen Marsh delivered in Dayton on Saturday:\n\n\
                   “Thank you all for coming out tonight.”\n\n\
                   “We have a great deal of work left to do in this state.”\n\n\
                   “And we are going to do it together, starting tomorrow.”",
    );
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.iter().all(|q| q.1.as_deref() == Some("Ellen Marsh")),
        "{got:?}"
    );
    let got = run("Read Ellen Marsh’s full remarks below:\n\n\
                   “Thank you all for coming out tonight, and thank you for your patience.”\n\n\
                   “We have a great deal of work left to do in this state.”");
    assert!(
        got.iter().all(|q| q.1.as_deref() == Some("Ellen Marsh")),
        "{got:?}"
    );
}

// Issue #19, second round.

#[test]
fn a_board_is_a_body_of_people_not_a_thing() {
    let got = run("“We endorse her without reservation,” the school board said.");
    assert_eq!(got[0].1.as_deref(), Some("school board"));
}

#[test]
fn a_name_inside_the_quote_is_not_the_sentence_subject() {
    let got = run(
        "“I think Ana Reyes would win,” Tom Baker said on Sunday, adding, “She is ready for the job.”",
    );
    assert_eq!(got[1].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn capitalised_description_before_an_inverted_speaker() {
    let got = run("“The plan is sound,” said veteran Democratic strategist Ana Reyes.");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"));
    let got = run("“They never listened,” remembered Tom Baker, a former aide.");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
}

#[test]
fn inverted_attribution_ending_the_sentence() {
    let got = run(
        "The mayor “did everything right” during the storm, said Tom Baker, a city councilman.",
    );
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
    // A clause after the verb is no inverted subject.
    let got = run(
        "The mayor “did everything right” during the storm, said he had doubts about Ana Reyes.",
    );
    assert!(
        got.iter().all(|q| q.1.as_deref() != Some("Ana Reyes")),
        "{got:?}"
    );
}

#[test]
fn the_person_quoted_is_the_speaker_not_the_outlet_that_reports_it() {
    let got =
        run("“We will not back down,” Ana Reyes said, according to the Daily Herald. “Not now.”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Ana Reyes"), "{got:?}");
    let got =
        run("Ana Reyes said she was “very pleased” with the vote, according to two of her aides.");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn a_pronoun_right_before_the_verb_is_its_subject() {
    let got = run("Ana Reyes spoke in Iowa. Although she once called it a mistake, at the town hall this week she said it was not “an error in judgement.”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn an_opening_phrase_with_commas_before_the_subject() {
    let got = run("In a long, frank interview last year, Tom Baker said he welcomed the inquiry and added, “I have nothing to hide.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_conjunction_before_the_sentence_subject() {
    let got = run("Tom Baker spoke first. But he wanted to know, “Where is the money going?”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_parenthetical_attribution_names_the_speaker() {
    let got = run("Vice President Ana Reyes, Tom Baker said, had served in the Senate for “a thousand years.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    let got = run("The Daily Herald, Tom Baker said, called the plan “highly significant.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_passive_speech_verb_names_its_speaker_after_by() {
    let got = run("Tom Baker was asked by host Ana Reyes, “Will you run again next year?”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn a_sentence_opens_after_the_closing_mark_of_a_quote() {
    // The second sentence has its own subject: it does not continue Ana Reyes' quote.
    let got = run("Ana Reyes said the vote was “far from perfect.” Tom Baker cited the rules as “deep and lasting flaws of the system.”");
    assert_eq!(got[1].1.as_deref(), Some("Tom Baker"), "{got:?}");
    // Must not fire: a sentence with no subject of its own goes on with the earlier speaker.
    let got = run("Tom Baker noted that the campaign faced a choice “when voters were making up their minds.” The choice was between calling Ana Reyes “unfit” or something milder.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_show_title_between_the_halves_of_a_split_quote() {
    let got = run("“We will publish the records,” Ana Reyes said during an interview on the network’s “Morning Report” program. “There is nothing to hide.”");
    let last = got.last().map(|q| q.1.as_deref());
    assert_eq!(last, Some(Some("Ana Reyes")), "{got:?}");
    // Must not fire: a title with its own speech verb after it is not skipped over.
    let got = run(
        "“We will win,” Ana Reyes said. Tom Baker wrote in “The Long Road”: “Nobody wins alone.”",
    );
    assert_eq!(
        got.last().and_then(|q| q.1.as_deref()),
        Some("Tom Baker"),
        "{got:?}"
    );
}

#[test]
fn a_subject_after_an_opening_phrase_with_no_name() {
    let got = run("Ana Reyes spoke to donors. Ten years earlier, she had voted for the bill from “the point of view of a mayor who has seen the damage.”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
    let got = run("Tom Baker spoke last. On Monday, he seemed to agree, warning that the city is “not ready for another storm.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn an_initialism_before_a_capitalised_noun_does_not_end_the_sentence() {
    let got = run("Tom Baker spoke. He pledged to move the U.S. Embassy in Israel to the “eternal capital of the Jewish people.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    // Must not fire: a pronoun after the initialism opens a new sentence.
    let got = run("Ana Reyes moved to the U.S. She said, “It was the best decision of my life.”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn the_second_half_of_a_quote_split_by_words_and_an_attribution() {
    let got = run("Tom Baker runs the group. “The politics are so blatant” in the statehouse, he said in an interview. “This bill is the last gasp of the old guard.”");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn an_attribution_ending_the_sentence_covers_its_earlier_partial_quotes() {
    let got = run("Tom Baker runs the fund. Giving was “flat for about a month or six weeks” as donors waited to see how a “turbulent race” played out, he said.");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    // Must not fire: a quote that ends its own sentence is not covered by the next one's.
    let got = run("It was “a disaster for the whole city and all of us.” Later that week, “it was fine,” Tom Baker said.");
    assert_ne!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_pronoun_in_reported_speech_stands_for_the_reporting_subject() {
    let got = run("Ana Reyes met Maria Lopez on Monday. Ana Reyes told reporters that Maria Lopez, whom she called “a loyal friend,” would run.");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
    // Must not fire: a pronoun of the other gender is someone else.
    let got = run(
        "Ana Reyes said that Tom Baker was upset, and he called the plan “a disgrace to the city.”",
    );
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_described_subject_with_no_name() {
    let got = run("The trial went on. The judge pointed to an earlier case to say that courts must weigh “whether the party is a public official or a private citizen.”");
    assert_eq!(got[0].1.as_deref(), Some("judge"), "{got:?}");
    let got = run("Ana Reyes lost the vote. Her campaign protested that the count had been “rushed and sloppy from the very start.”");
    assert_eq!(got[0].1.as_deref(), Some("Her campaign"), "{got:?}");
    // Must not fire: a sentence that opens on no determiner phrase has no source.
    let got = run("Today nobody knows if “the plan will hold up in court after all.”");
    assert_eq!(got[0].1, None, "{got:?}");
}

#[test]
fn as_someone_puts_it() {
    let got =
        run("As the mayor’s aide Tom Baker puts it, the city is “a place that never sleeps.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    // Must not fire: a later speech verb before the quote is the cue.
    let got = run(
        "The council put it to a vote after Tom Baker called the plan “a disgrace to the city.”",
    );
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_speech_noun_after_a_possessive_is_no_verb() {
    let got = run("The lawmaker, who represents the district, said Tom Baker’s remarks “have caused outrage across the country.”");
    assert_eq!(got[0].1.as_deref(), Some("lawmaker"), "{got:?}");
}

#[test]
fn a_day_after_the_verb_is_no_inverted_subject() {
    let got = run("An aide, speaking on condition of anonymity, said Wednesday that the mayor “will meet anyone who asks for a meeting.”");
    assert_eq!(got[0].1.as_deref(), Some("aide"), "{got:?}");
}

#[test]
fn a_long_appositive_before_the_verb() {
    let got = run("Tom Baker, co-founder of the institute and a longtime advocate of a national effort to build new reactors, welcomed “the recognition that we lack the technology.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn an_attribution_between_two_quotes_after_a_colon() {
    let got = run("Ana Reyes was blunt: “The market will hate this deal,” she recounted in her memoir. “We will have to convince them of it.”");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn a_participle_goes_with_the_speech_verb_before_it() {
    let got = run("Vice Mayor Ana Reyes weighed in as well, telling the radio station, “They are both qualified,” she said of the candidates, adding, “Tom Baker is the most qualified of all.”");
    assert_eq!(
        got.last().and_then(|q| q.1.as_deref()),
        Some("Ana Reyes"),
        "{got:?}"
    );
    let got = run("In a Herald interview on Monday, Tom Baker said the process could be “messy,” adding, “Democracy is messy.”");
    assert_eq!(
        got.last().and_then(|q| q.1.as_deref()),
        Some("Tom Baker"),
        "{got:?}"
    );
}

#[test]
fn a_described_source_ending_the_sentence() {
    let got = run("Ana Reyes, who spoke for the party on Tuesday, is an “articulate conservative” who has won twice, the editorial board writes.");
    assert_eq!(got[0].1.as_deref(), Some("editorial board"), "{got:?}");
    // Must not fire: a described phrase that is the object of the verb's clause.
    let got = run("Ana Reyes called the bill “a disaster for the city,” and the council agreed.");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn a_coordinated_verb_shares_the_speakers_subject() {
    let got = run("“We think those messages will resonate,” Tom Baker said at a news conference, and then predicted: “Our support is growing.”");
    assert_eq!(got[1].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_quote_ending_the_paragraph_after_a_person_sentence() {
    let got = run("Labor groups cheered. Ana Reyes touted her record as a sponsor of the bill. “We need to protect workers who want a union in their workplace.”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
    // Must not fire: a sentence whose subject is no person.
    let got = run("Ana Reyes spoke. The bill passed the chamber on Monday. “We need to protect workers who want a union in their workplace.”");
    assert_ne!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn a_pronoun_opening_a_sentence_before_a_colon() {
    let got = run("Ana Reyes spoke last. And she is sure that jailing Tom Baker will only make him louder: “They are creating a monster, as far as I am concerned.”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn a_capitalised_preposition_is_no_part_of_a_name() {
    let got = run("Ana Reyes saw the post. On Twitter, she responded on Tuesday to one of the messages by saying, “Seriously, just stop lying.”");
    assert_eq!(got[0].1.as_deref(), Some("Ana Reyes"), "{got:?}");
}

#[test]
fn a_pronoun_before_a_coordinated_verb() {
    let got = run("When Tom Baker, the mayor’s campaign manager, was asked whether she would hold a press conference, he laughed and said, “We’ll see.”");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
}

#[test]
fn a_verb_after_a_quote_that_ends_its_sentence_is_the_next_ones() {
    let got = run("Tom Baker spoke last. He urged the council to “do the right thing and open its doors.” And then he promised that he would stay in the race.");
    assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn a_place_opening_the_sentence_beats_a_person_in_its_object() {
    let got =
        run("South Korea accused the North’s leader, Kim Jong Un, of “fanatic recklessness.”");
    assert_eq!(got[0].1.as_deref(), Some("South Korea"), "{got:?}");
}

#[test]
fn accused_and_commented_are_speech_verbs() {
    let got = run("The report accuses Tom Baker of treating the guards like “hired help.”");
    assert_eq!(got.len(), 1, "{got:?}");
    let got =
        run("He would be a better mayor than Ana Reyes “no matter what,” one reader commented.");
    assert_eq!(got[0].1.as_deref(), Some("one reader"), "{got:?}");
}
