//! The small English word lists the fact stages share: function words, calendar words, number
//! words, reporting verbs, event classes and a few place facts (river flow directions).
//!
//! Kept in one file so that a reader can see every word that steers a decision, and so that a
//! language other than English means one more file, not edits across the crate.

/// Function words and very common verbs: never a subject term, never a story feature. The
/// shared [`crosscheck::lexicon::FUNCTION_WORDS`] plus [`STOPWORDS`].
pub(crate) fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

static STOPWORD_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        crosscheck::lexicon::word_set(&[crosscheck::lexicon::FUNCTION_WORDS, STOPWORDS])
    });

/// The stopwords beyond [`crosscheck::lexicon::FUNCTION_WORDS`]. Sorted.
const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "according",
    "across",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "back",
    "be",
    "became",
    "because",
    "become",
    "before",
    "behind",
    "being",
    "below",
    "between",
    "both",
    "can",
    "cannot",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "further",
    "get",
    "got",
    "have",
    "having",
    "he",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "it's",
    "itself",
    "just",
    "last",
    "least",
    "less",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "near",
    "nearly",
    "neither",
    "never",
    "new",
    "no",
    "nor",
    "now",
    "off",
    "on",
    "once",
    "one",
    "only",
    "other",
    "others",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "quite",
    "rather",
    "really",
    "same",
    "several",
    "shall",
    "she",
    "since",
    "so",
    "some",
    "still",
    "such",
    "that's",
    "theirs",
    "themselves",
    "then",
    "there's",
    "though",
    "through",
    "thus",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "whether",
    "while",
    "whom",
    "whose",
    "why",
    "will",
    "within",
    "without",
    "yet",
    "you",
    "your",
];

/// Month number (1-12) of a month name or abbreviation, lowercased, without a trailing dot.
pub(crate) fn month(word: &str) -> Option<u32> {
    let m = match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Whether a month word is an abbreviation (needs a dot or a day number after it).
pub(crate) fn is_month_abbreviation(word: &str) -> bool {
    word.len() <= 4 && !matches!(word, "may" | "june" | "july")
}

/// Weekday of a full weekday name, lowercased.
pub(crate) fn weekday(word: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let d = match word {
        "monday" => Mon,
        "tuesday" => Tue,
        "wednesday" => Wed,
        "thursday" => Thu,
        "friday" => Fri,
        "saturday" => Sat,
        "sunday" => Sun,
        _ => return None,
    };
    Some(d)
}

/// Value of a small number word ("two", "dozen").
pub(crate) fn number_word(word: &str) -> Option<f64> {
    let n = match word {
        "zero" => 0.0,
        "one" | "a" | "an" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" | "dozen" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        _ => return None,
    };
    Some(n)
}

/// Multiplier of a scale word that may follow a number ("1.2 million").
pub(crate) fn scale_word(word: &str) -> Option<f64> {
    let n = match word {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mln" | "m" => 1e6,
        "billion" | "bln" | "bn" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    };
    Some(n)
}

/// Verbs and phrases that attribute what follows (or precedes) to someone: the shared
/// [`crosscheck::lexicon::REPORTING_VERBS`] plus a few that only claims take ("estimated",
/// "cited").
pub(crate) fn is_reporting_verb(word: &str) -> bool {
    crosscheck::lexicon::is_reporting_verb(word)
        || matches!(
            word,
            "claim" | "estimated" | "estimates" | "accepted" | "cited"
        )
}

/// Words that say *how far along* an event is rather than what it is ("ordered the retreat",
/// "completed the withdrawal").
pub(crate) fn aspect(word: &str) -> Option<Aspect> {
    let a = match word {
        "order" | "ordered" | "orders" | "ordering" | "decided" | "decision" => Aspect::Order,
        "complete" | "completed" | "completes" | "completion" | "finished" | "finish"
        | "finishes" | "finishing" | "ended" => Aspect::Complete,
        "began" | "begun" | "begin" | "begins" | "beginning" | "start" | "started" | "starts"
        | "launched" | "launch" | "launches" => Aspect::Start,
        _ => return None,
    };
    Some(a)
}

/// How far along an event is, as the text tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    /// The event itself, or no aspect word.
    Occur,
    /// The decision or order to do it.
    Order,
    /// Its start.
    Start,
    /// Its completion.
    Complete,
}

/// The event class of a word: synonyms across outlets meet here ("retreat", "withdrawal",
/// "pullback" are one event class). `None` for words that name no event.
pub(crate) fn event_class(word: &str) -> Option<&'static str> {
    let class = match word {
        "withdraw" | "withdraws" | "withdrew" | "withdrawn" | "withdrawing" | "withdrawal"
        | "withdrawals" | "retreat" | "retreated" | "retreating" | "retreats" | "pullback"
        | "pullout" | "move" | "moved" | "moving" | "movement" | "relocate" | "relocated"
        | "relocation" | "redeploy" | "redeployed" | "redeployment" => "withdraw",
        "annex" | "annexed" | "annexes" | "annexing" | "annexation" | "annexations" => "annex",
        "capture" | "captured" | "captures" | "capturing" | "seize" | "seized" | "seizure"
        | "retake" | "retook" | "retaken" | "recapture" | "recaptured" | "liberate"
        | "liberated" | "liberation" | "liberating" | "enter" | "entered" | "entering"
        | "swept" | "sweep" => "capture",
        "invade" | "invaded" | "invades" | "invading" | "invasion" => "invade",
        "evacuate" | "evacuated" | "evacuating" | "evacuation" | "evacuations" => "evacuate",
        "destroy" | "destroyed" | "destroying" | "destruction" | "blown" | "blew" => "destroy",
        "kill" | "killed" | "killing" | "killings" | "died" | "dead" | "deaths" | "death"
        | "casualties" | "lost" | "losses" | "loss" => "casualty",
        "wounded" | "injured" | "injuries" | "injuring" => "injure",
        "attack" | "attacked" | "attacks" | "attacking" | "shelled" | "shelling" | "struck"
        | "strike" | "strikes" | "fired" | "bombed" | "bombing" => "attack",
        "referendum" | "referendums" | "referenda" | "vote" | "voted" | "votes" | "voting"
        | "election" | "elections" | "elected" => "vote",
        "arrest" | "arrested" | "arrests" | "detained" | "detain" => "arrest",
        "meet" | "met" | "meeting" | "meetings" | "summit" | "talks" => "meet",
        "rise" | "rose" | "risen" | "rising" | "rises" | "jumped" | "gained" | "climbed"
        | "increased" | "increase" | "increases" | "raised" | "raise" | "surged" | "soared" => {
            "rise"
        }
        "fall" | "fell" | "fallen" | "falling" | "falls" | "dropped" | "declined" | "decreased"
        | "slipped" | "plunged" | "tumbled" | "slumped" => "fall",
        "controls" | "controlled" | "occupied" | "occupy" | "occupation" => "control",
        "cross" | "crossed" | "crossing" => "cross",
        _ => return None,
    };
    Some(class)
}

/// Whether a lowercased word looks like a past verb form that can name an event outside the
/// class table ("proclaimed", "flooded"); verbs of showing, seeming and naming do not.
pub(crate) fn looks_eventive(word: &str) -> bool {
    word.len() >= 5
        && word.ends_with("ed")
        && !word.ends_with("eed")
        && !matches!(
            word,
            "hundred"
                | "showed"
                | "appeared"
                | "seemed"
                | "remained"
                | "continued"
                | "included"
                | "based"
                | "called"
                | "named"
                | "used"
                | "geolocated"
                | "verified"
                | "connected"
                | "related"
                | "concerned"
                | "expected"
                | "scheduled"
                | "planned"
                | "supposed"
        )
}

/// Canonical form of a subject word: spelling variants, demonyms and near-synonyms meet here.
/// Returns `None` when the word is its own canonical form.
pub(crate) fn alias(word: &str) -> Option<&'static str> {
    let canon =
        match word {
            "kiev" => "kyiv",
            "kharkov" => "kharkiv",
            "dnieper" | "dnepr" | "dnipro" => "dnipro",
            "russian" | "russians" | "moscow" | "kremlin" => "russia",
            "ukrainian" | "ukrainians" => "ukraine",
            "american" | "americans" | "america" | "u.s" | "usa" => "us",
            "british" | "britain" => "uk",
            "chinese" | "beijing" => "china",
            "provincial" | "province" | "provinces" | "oblast" | "regional" | "region"
            | "regions" => "region",
            "troops" | "forces" | "force" | "army" | "armies" | "soldiers" | "military"
            | "servicemen" | "units" => "forces",
            "kilometers" | "kilometres" | "kilometer" | "kilometre" | "km" => "km",
            "miles" | "mile" => "mile",
            "meters" | "metres" | "meter" | "metre" => "m",
            "feet" | "foot" => "foot",
            "kilograms" | "kilogram" | "kg" | "kilos" => "kg",
            "tonnes" | "tonne" | "tons" | "ton" => "t",
            "acres" | "acre" => "acre",
            "hectares" | "hectare" => "hectare",
            "percent" | "pct" | "%" => "%",
            "people" | "civilians" | "civilian" | "residents" | "persons" | "inhabitants"
            | "individuals" => "people",
            "settlements" | "settlement" | "villages" | "village" | "towns" | "town"
            | "localities" => "settlement",
            "city" | "cities" | "metropolis" => "city",
            "capital" | "capitals" => "capital",
            "dollars" | "dollar" | "$" | "us$" => "usd",
            "cents" | "cent" => "cent",
            "euros" | "euro" | "€" => "eur",
            "£" => "gbp",
            "times" => "times",
            "bank" | "banks" => "bank",
            _ => return None,
        };
    Some(canon)
}

/// Whether a canonical unit term measures something (distance, weight, area, money, share):
/// the whole of what a number counts.
pub(crate) fn is_measure_unit(canonical: &str) -> bool {
    matches!(
        canonical,
        "km" | "mile"
            | "m"
            | "foot"
            | "kg"
            | "t"
            | "acre"
            | "hectare"
            | "%"
            | "usd"
            | "eur"
            | "gbp"
            | "cent"
    )
}

/// Units converted before comparison: the canonical unit of their dimension and the factor.
pub(crate) fn unit_conversion(unit: &str) -> Option<(&'static str, f64)> {
    match unit {
        "mile" => Some(("km", 1.609_344)),
        "m" => Some(("km", 0.001)),
        "foot" => Some(("km", 0.000_304_8)),
        "hectare" => Some(("acre", 2.471_05)),
        _ => None,
    }
}

/// The direction a river flows (from source to mouth), for reading "left bank" / "right bank"
/// as compass sides. Only rivers whose whole course runs one way are listed.
pub(crate) fn river_flow(canonical_name: &str) -> Option<Compass> {
    let flow = match canonical_name {
        "dnipro" | "don" | "volga" | "mississippi" | "jordan" | "mekong" | "inhulets" | "bug" => {
            Compass::South
        }
        "nile" | "rhine" | "elbe" | "oder" | "vistula" | "ob" | "yenisei" | "lena" => {
            Compass::North
        }
        "danube" | "thames" | "yangtze" | "ganges" => Compass::East,
        _ => return None,
    };
    Some(flow)
}

/// A compass side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compass {
    /// North.
    North,
    /// East.
    East,
    /// South.
    South,
    /// West.
    West,
}

impl Compass {
    /// The opposite side.
    pub fn opposite(self) -> Compass {
        match self {
            Compass::North => Compass::South,
            Compass::South => Compass::North,
            Compass::East => Compass::West,
            Compass::West => Compass::East,
        }
    }

    /// The side on the left of someone facing this way.
    pub(crate) fn left_of(self) -> Compass {
        match self {
            Compass::North => Compass::West,
            Compass::West => Compass::South,
            Compass::South => Compass::East,
            Compass::East => Compass::North,
        }
    }

    /// Lowercase English name.
    pub fn as_str(self) -> &'static str {
        match self {
            Compass::North => "north",
            Compass::East => "east",
            Compass::South => "south",
            Compass::West => "west",
        }
    }
}

/// The compass side a direction word names ("eastern", "westbound", "west").
pub(crate) fn compass(word: &str) -> Option<Compass> {
    let c = match word {
        "north" | "northern" | "northward" | "northwards" | "northbound" => Compass::North,
        "east" | "eastern" | "eastward" | "eastwards" | "eastbound" => Compass::East,
        "south" | "southern" | "southward" | "southwards" | "southbound" => Compass::South,
        "west" | "western" | "westward" | "westwards" | "westbound" => Compass::West,
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn left_bank_of_a_south_flowing_river_is_east() {
        assert_eq!(Compass::South.left_of(), Compass::East);
        assert_eq!(Compass::North.left_of(), Compass::West);
    }
}
