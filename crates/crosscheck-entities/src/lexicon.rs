//! Closed word classes that news prose uses around names: titles, roles, speech verbs,
//! organisation heads, statement nouns.
//!
//! Why a hand list: these classes are small, stable and language-specific, and they carry most
//! of the signal a rule-based extractor has (no NER model loads offline here). Open classes
//! (places, given names) come from the gazetteer files instead. Every entry is lowercase and
//! compared against [`crosscheck::text::normalize_word`] forms.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Titles and ranks that precede a name and are not part of it ("Gen.", "Lieutenant General",
/// "Sen."). Abbreviations are listed without their period.
#[rustfmt::skip]
const RANKS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "gen",
    "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "sgt",
    "sergeant", "cpl", "corporal", "pvt", "private", "adm", "admiral", "cmdr", "commander", "brig",
    "brigadier", "marshal", "field", "rev", "reverend", "fr", "father", "sister", "brother",
    "rabbi", "imam", "bishop", "cardinal", "pope", "sen", "senator", "rep", "representative",
    "gov", "governor", "mayor", "judge", "justice", "king", "queen", "prince", "princess",
    "sheikh", "president", "vice", "premier", "chancellor", "pres", "amb", "ambassador", "atty",
    "attorney", "det", "detective", "insp", "inspector", "supt", "officer", "congressman",
    "congresswoman", "assemblyman", "assemblywoman", "councilman", "councilwoman", "speaker",
    "minister", "secretary", "chief", "deputy", "acting", "former", "ex", "emperor", "ayatollah",
    "gov.-elect", "president-elect", "chairman", "chairwoman", "leader", "spokesman",
    "spokeswoman", "spokesperson", "adviser", "advisor", "aide", "director", "head", "ceo",
    "founder", "coach", "dean", "candidate", "nominee", "correspondent", "reporter", "anchor",
    "host", "columnist", "editor", "mufti", "patriarch", "metropolitan", "ombudsman", "envoy",
    "prosecutor", "sheriff", "commissioner", "superintendent", "chair", "general-secretary",
];

/// Abbreviated titles that take a period ("Gen.", "Sen."), so the period does not end a run.
#[rustfmt::skip]
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "adm",
    "cmdr", "brig", "rev", "fr", "sen", "rep", "gov", "pres", "amb", "atty", "det", "insp", "supt",
    "st", "jr", "sr", "mt", "ft", "gov", "hon", "messrs",
];

/// Nouns that head a role description ("the *spokesman* for the Russian Presidency",
/// "a *reporter* for ...", "*head* of Mykolaiv region military administration").
#[rustfmt::skip]
const ROLE_NOUNS: &[&str] = &[
    "president", "minister", "spokesman", "spokeswoman", "spokesperson", "spokespeople", "adviser",
    "advisor", "aide", "official", "officer", "commander", "general", "secretary", "head", "chief",
    "director", "leader", "deputy", "governor", "mayor", "reporter", "correspondent", "journalist",
    "analyst", "expert", "professor", "ambassador", "envoy", "senator", "congressman",
    "congresswoman", "representative", "lawmaker", "legislator", "chairman", "chairwoman", "chair",
    "ceo", "founder", "candidate", "nominee", "strategist", "manager", "chancellor", "premier",
    "king", "queen", "prince", "judge", "attorney", "lawyer", "prosecutor", "sheriff", "blogger",
    "editor", "columnist", "economist", "historian", "scientist", "researcher", "member",
    "colonel", "lieutenant", "captain", "sergeant", "admiral", "pastor", "bishop", "pope",
    "activist", "executive", "host", "anchor", "writer", "author", "owner", "businessman",
    "businesswoman", "billionaire", "commentator", "pollster", "speaker", "partner", "fellow",
    "organizer", "volunteer", "veteran", "student", "teacher", "doctor", "surgeon", "physician",
    "nurse", "resident", "witness", "soldier", "officer", "mother", "father", "son", "daughter",
    "wife", "husband", "brother", "sister", "friend", "campaign", "coordinator", "consultant",
    "operative", "donor", "fundraiser", "supporter", "opponent", "rival", "critic", "voter",
    "delegate", "mogul", "magnate", "entrepreneur", "investor", "banker", "lobbyist", "diplomat",
    "negotiator", "investigator", "agent", "detective", "inspector", "commissioner",
    "superintendent", "trustee", "president-elect", "vice-president", "councillor", "councilor",
    "councilman", "councilwoman", "deputy", "ombudsman", "marshal", "priest", "rabbi", "imam",
    "cleric", "channel", "outlet", "agency", "ministry", "newspaper", "tabloid", "broadcaster",
    "network", "website", "portal", "group", "committee", "company", "firm", "organization",
    "organisation", "party", "office", "army", "military", "service", "administration",
    "government", "department", "council", "court", "governor-elect", "cofounder", "co-founder",
    "counsel", "surrogate", "chief-of-staff", "staffer", "nominee", "contender", "challenger",
    "incumbent", "frontrunner", "front-runner",
];

/// Words that may stand before a role noun inside a role phrase ("*senior presidential*
/// adviser", "*first deputy* head", "*top Kremlin* spokesperson").
#[rustfmt::skip]
const ROLE_MODIFIERS: &[&str] = &[
    "senior", "top", "former", "deputy", "first", "vice", "acting", "chief", "presidential",
    "foreign", "defense", "defence", "military", "prime", "interior", "finance", "justice",
    "health", "economy", "economic", "trade", "energy", "state", "local", "regional", "national",
    "federal", "general", "press", "security", "intelligence", "executive", "managing",
    "assistant", "associate", "special", "senate", "house", "campaign", "republican", "democratic",
    "democrat", "gop", "party", "white", "then", "longtime", "veteran", "political",
    "communications", "policy", "legal", "public", "ex", "new", "incoming", "outgoing", "retired",
    "lead", "principal", "majority", "minority", "education", "labor", "agriculture", "transport",
    "transportation", "homeland", "armed", "forces", "ground", "air", "naval", "navy", "army",
    "marine", "police", "city", "county", "district", "provincial", "pro-government", "government",
    "opposition", "independent", "russian", "ukrainian", "american", "u.s", "congressional",
    "conservative", "liberal", "progressive", "presumptive", "likely", "influential", "prominent",
    "well-known", "leading", "high-ranking", "ranking", "sitting",
];

/// Verbs (and verb-like cues) that introduce reported speech, beyond the shared
/// [`crosscheck::lexicon::REPORTING_VERBS`] (which [`is_speech_verb`] also accepts).
#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
 "tell", "telling", "add", "adding", "write", "written", "writing", "tweet", "tweets", "tweeting",
 "posts", "notes", "noting", "explain", "explains", "explaining", "insist", "insisting", "argue",
 "argues", "arguing", "ask", "asks", "asked", "asking", "reply", "replies", "respond", "responds",
 "responded", "warn", "warning", "declare", "declares", "declared", "declaring", "announce",
 "continues", "continued", "recall", "recalls", "recalled", "acknowledge", "acknowledges", "admit",
 "admits", "concede", "concedes", "conceded", "counters", "countered", "suggest", "suggests",
 "suggested", "predict", "promise", "promises", "promised", "vow", "vows", "vowed", "urge", "urges",
 "urged", "quip", "quips", "quipped", "joke", "jokes", "joked", "remark", "remarks", "remarked",
 "observe", "observes", "observed", "shout", "shouts", "shouted", "yell", "yells", "yelled",
 "testify", "testifies", "testified", "calls", "called", "describe", "describes", "described",
 "mock", "mocks", "mocked", "boast", "boasts", "boasted", "complain", "complains", "complained",
 "caution", "cautions", "cautioned", "lament", "laments", "lamented", "pledge", "pledges",
 "pledged", "threaten", "threatens", "threatened", "confirm", "deny", "denies", "emphasize",
 "emphasizes", "emphasized", "emphasise", "emphasised", "stresses", "stressed", "agree", "agrees",
 "agreed", "conclude", "concludes", "concluded", "read", "reads", "tweet", "recount", "recounts",
 "recounted", "maintain", "maintains", "contend", "contends", "contended", "assert", "asserts",
 "allege", "charges", "charged", "blasts", "blasted", "slams", "slammed", "praise", "praises",
 "praised", "chant", "chants", "chanted", "sing", "sang", "whisper", "whispered", "cry", "cried",
 "exclaim", "exclaimed", "begin", "began", "muse", "mused", "recalled", "echo", "echoed",
 "reiterate", "reiterated", "repeat", "repeated", "affirm", "affirmed", "proclaim", "proclaimed",
 "pointed", "retort", "retorted", "scoff", "scoffed", "snap", "snapped", "touted", "dismiss",
 "dismissed", "conclude", "interjected", "offered", "opined", "wondered", "wonder", "wonders",
 "sighed", "laughed", "demanded", "demand", "demands", "speculated", "mused", "advised",
 "reassured", "assured", "informed", "briefed", "hailed", "labeled", "labelled", "dubbed", "termed",
 "branded", "decried", "derided", "remembered", "mentioned", "commented", "accused", "accuses",
];

/// The most common speech verbs: these license attribution even without a quote-adjacent
/// comma ("Kots added: ...").
#[rustfmt::skip]
const STRONG_SPEECH_VERBS: &[&str] = &[
    "say", "says", "said", "told", "tells", "added", "adds", "wrote", "writes", "tweeted",
    "tweets", "claimed", "claims", "stated", "states", "explained", "insisted", "replied",
    "responded", "warned", "declared", "announced", "continued", "noted", "posted", "reported",
    "asked", "argued", "recalled", "quipped", "joked", "remarked", "read", "reads", "recounted",
    "acknowledged", "admitted", "conceded", "countered", "promised", "vowed", "urged", "observed",
    "shouted", "yelled", "testified", "maintained", "contended", "asserted", "exclaimed",
    "continues", "added", "predicted", "suggested", "cautioned", "concluded", "confirmed",
    "stressed", "emphasized", "agreed", "adding", "saying", "telling", "points", "answers",
    "answered", "notes", "writes", "explains", "recalls", "observes", "insists", "argues", "warns",
];

/// Heads that make a capitalised phrase an organisation ("Defense *Ministry*", "*Office* of
/// the President", "Komsomolskaya *Pravda*").
#[rustfmt::skip]
const ORG_HEADS: &[&str] = &[
    "ministry", "department", "council", "office", "agency", "army", "forces", "force", "party",
    "committee", "commission", "union", "bank", "university", "institute", "court", "parliament",
    "senate", "house", "congress", "government", "administration", "corporation", "corp", "inc",
    "ltd", "llc", "company", "co", "group", "association", "foundation", "news", "times", "post",
    "journal", "press", "television", "tv", "radio", "channel", "network", "service", "services",
    "guard", "navy", "police", "authority", "board", "bureau", "center", "centre", "school",
    "college", "church", "club", "team", "fund", "trust", "federation", "alliance", "coalition",
    "movement", "front", "brigade", "battalion", "regiment", "division", "fleet", "command",
    "assembly", "duma", "rada", "cabinet", "presidency", "kremlin", "pentagon", "tribune",
    "herald", "gazette", "pravda", "daily", "weekly", "magazine", "review", "chronicle",
    "broadcasting", "media", "airlines", "airways", "motors", "systems", "technologies",
    "industries", "holdings", "partners", "capital", "securities", "exchange", "organization",
    "organisation", "society", "caucus", "campaign", "pac", "legislature", "secretariat",
    "mission", "directorate", "inspectorate", "prosecutor's", "staff", "corps", "unit",
    "observatory", "monitor", "watch", "reuters", "ukrinform", "interfax", "tass",
];

/// Organisations often named bare, as a single word or acronym.
#[rustfmt::skip]
const KNOWN_ORGS: &[&str] = &[
    "reuters", "ap", "afp", "cnn", "bbc", "efe", "nato", "un", "eu", "fbi", "cia", "nsa", "kgb",
    "fsb", "sbu", "gop", "dnc", "rnc", "kremlin", "pentagon", "tass", "interfax", "ukrinform",
    "ria", "fox", "msnbc", "nbc", "abc", "cbs", "npr", "pbs", "politico", "axios", "breitbart",
    "bloomberg", "twitter", "facebook", "telegram", "google", "youtube", "instagram", "tiktok",
    "microsoft", "apple", "amazon", "congress", "senate", "parliament", "opec", "imf", "who",
    "unesco", "unicef", "osce", "iaea", "g7", "g20", "nasa", "epa", "irs", "doj", "dhs", "isis",
    "isil", "hamas", "hezbollah", "taliban", "al-qaeda", "wikileaks", "interpol", "europol",
    "white house", "state department", "justice department", "supreme court",
];

/// Words never part of a name even when capitalised (sentence starters, function words,
/// months and weekdays, demonyms handled separately), beyond the shared
/// [`crosscheck::lexicon::FUNCTION_WORDS`] (which [`is_stopword`] also accepts).
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
 "if", "then", "so", "as", "at", "in", "into", "on", "onto", "without", "within", "after", "before",
 "during", "since", "until", "while", "why", "how", "whom", "whose", "here", "he", "she", "him",
 "us", "you", "your", "i", "me", "my", "mine", "are", "be", "being", "have", "do", "does", "did",
 "will", "shall", "can", "may", "might", "must", "no", "yes", "all", "any", "some", "many", "much",
 "more", "most", "few", "several", "each", "every", "both", "either", "neither", "other", "another",
 "such", "only", "also", "even", "just", "still", "yet", "already", "now", "today", "tonight",
 "yesterday", "tomorrow", "meanwhile", "however", "although", "though", "despite", "because",
 "instead", "indeed", "perhaps", "maybe", "according", "among", "against", "between", "behind",
 "beyond", "under", "over", "above", "below", "across", "along", "around", "about", "through",
 "throughout", "toward", "towards", "upon", "via", "per", "too", "very", "again", "once", "twice",
 "first", "second", "third", "last", "next", "new", "old", "one", "two", "three", "four", "five",
 "six", "seven", "eight", "nine", "ten", "monday", "tuesday", "wednesday", "thursday", "friday",
 "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
 "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
 "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "images", "image", "video", "videos",
 "photo", "photos", "read", "watch", "related", "update", "updated", "breaking", "exclusive",
 "analysis", "opinion", "editor's", "note", "click", "follow", "subscribe", "share",
 "advertisement", "getty", "ap photo", "citizens", "residents", "officials", "people", "sources",
 "analysts", "experts", "critics", "supporters", "voters", "democrats", "republicans", "lawmakers",
 "leaders", "troops", "forces", "soldiers", "police", "authorities", "ukrainians", "russians",
 "americans", "whatever", "whoever", "everyone", "everybody", "nobody", "nothing", "something",
 "someone", "somebody", "anyone", "anybody", "anything", "well", "oh", "ok", "okay", "like", "let",
 "let's", "please", "thank", "thanks", "sorry", "hello", "hi", "dear", "yeah", "wow", "asked",
 "said", "says", "told", "added", "earlier", "later", "overnight", "recently", "finally",
 "eventually", "initially", "currently", "previously", "separately", "additionally", "moreover",
 "furthermore", "nevertheless", "nonetheless", "otherwise", "still", "thus", "therefore", "hence",
 "accordingly", "similarly", "likewise", "notably", "specifically", "particularly", "especially",
 "apparently", "reportedly", "allegedly", "officially", "publicly", "privately", "clearly",
 "obviously", "certainly", "surely", "unfortunately", "fortunately", "ultimately", "basically",
 "essentially", "generally", "usually", "often", "sometimes", "never", "always", "ever", "rather",
 "quite", "almost", "nearly", "roughly", "about", "approximately", "mostly", "largely", "partly",
 "mainly", "big", "picture", "other", "side", "they're", "saying", "why", "matters", "go", "deeper",
 "between", "lines", "state", "play", "flashback", "background", "context", "details", "catch",
 "bottom", "line", "yes", "no", "story", "stories", "more", "less", "tv", "ok", "pm", "am", "et",
 "pt", "gmt", "utc", "ceo",
];

/// Adjectives of nationality and affiliation: capitalised, but not names ("Russian troops").
#[rustfmt::skip]
const DEMONYMS: &[&str] = &[
    "russian", "ukrainian", "american", "british", "english", "french", "german", "italian",
    "spanish", "portuguese", "polish", "belarusian", "chinese", "japanese", "korean",
    "north korean", "south korean", "indian", "pakistani", "afghan", "iranian", "iraqi", "syrian",
    "turkish", "israeli", "palestinian", "egyptian", "saudi", "emirati", "qatari", "european",
    "african", "asian", "western", "eastern", "soviet", "canadian", "mexican", "brazilian",
    "argentine", "australian", "dutch", "belgian", "swiss", "austrian", "swedish", "norwegian",
    "danish", "finnish", "estonian", "latvian", "lithuanian", "georgian", "armenian",
    "azerbaijani", "kazakh", "moldovan", "romanian", "hungarian", "czech", "slovak", "serbian",
    "croatian", "bosnian", "greek", "bulgarian", "cuban", "venezuelan", "colombian", "nigerian",
    "kenyan", "ethiopian", "somali", "sudanese", "libyan", "tunisian", "algerian", "moroccan",
    "lebanese", "jordanian", "yemeni", "kurdish", "chechen", "crimean", "muslim", "christian",
    "jewish", "catholic", "orthodox", "protestant", "evangelical", "democratic", "republican",
    "democrat", "conservative", "liberal", "progressive", "communist", "socialist", "nazi",
    "islamic", "arab", "latino", "hispanic", "black", "white", "irish", "scottish", "welsh",
    "californian", "texan", "floridian", "new yorker", "pro-russian", "pro-kremlin",
    "pro-ukrainian", "anti-war", "u.s", "us", "un", "western",
];

/// Country and region names whose possessive stands for the adjective in an organisation
/// name: "Russia's Defense Ministry" is the "Russian Defense Ministry".
#[rustfmt::skip]
pub(crate) const COUNTRY_ADJECTIVES: &[(&str, &str)] = &[
    ("russia", "russian"), ("ukraine", "ukrainian"), ("america", "american"),
    ("united states", "u.s."), ("u.s", "u.s."), ("us", "u.s."), ("britain", "british"),
    ("france", "french"), ("germany", "german"), ("china", "chinese"), ("japan", "japanese"),
    ("india", "indian"), ("iran", "iranian"), ("iraq", "iraqi"), ("syria", "syrian"),
    ("turkey", "turkish"), ("israel", "israeli"), ("poland", "polish"), ("belarus", "belarusian"),
    ("italy", "italian"), ("spain", "spanish"), ("canada", "canadian"), ("mexico", "mexican"),
    ("kremlin", "russian"),
];

/// Head nouns of a definite description that stands for the source of the previous statement
/// ("the *statement* said").
#[rustfmt::skip]
pub(crate) const STATEMENT_NOUNS: &[&str] = &[
    "statement", "report", "post", "tweet", "message", "announcement", "release", "letter", "note",
    "memo", "document", "filing", "complaint", "lawsuit", "ad", "advertisement", "video", "email",
    "e-mail", "transcript", "communique", "update", "sign", "billboard", "banner", "placard",
    "poster", "headline", "caption", "order", "decree", "ruling", "verdict", "book", "article",
    "editorial", "op-ed", "blog", "website", "page", "account", "survey", "poll", "study",
    "analysis", "assessment",
];

/// Objects that carry words but say nothing themselves: a quote "read" off a flag, a sign or a
/// billboard has no speaker we know of. Not "board": in news it is a body of people ("the
/// editorial board writes", "the school board said"), an organisation head.
#[rustfmt::skip]
const THING_NOUNS: &[&str] = &[
    "flag", "flags", "billboard", "billboards", "sign", "signs", "banner", "banners", "placard",
    "placards", "poster", "posters", "sticker", "stickers", "graffiti", "wall", "walls", "plaque",
    "inscription", "mural", "t-shirt", "shirt", "shirts", "screen", "leaflet", "leaflets",
    "flyer", "flyers", "sticker", "slogan", "monument", "memorial", "building",
];

fn set(words: &'static [&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

macro_rules! lexicon_fn {
    ($(#[$doc:meta])* $name:ident, $list:ident) => {
        $(#[$doc])*
        pub(crate) fn $name(word: &str) -> bool {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            SET.get_or_init(|| set($list)).contains(word)
        }
    };
    // A shared list of `crosscheck::lexicon` plus this crate's extras.
    ($(#[$doc:meta])* $name:ident, $shared:path, $list:ident) => {
        $(#[$doc])*
        pub(crate) fn $name(word: &str) -> bool {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            SET.get_or_init(|| {
                let mut all = set($list);
                all.extend($shared.iter().copied());
                all
            })
            .contains(word)
        }
    };
}

lexicon_fn!(
    /// A title or rank word ("gen", "president", "sen").
    is_rank, RANKS
);
lexicon_fn!(
    /// A title abbreviation that takes a period.
    is_title_abbreviation, TITLE_ABBREVIATIONS
);
lexicon_fn!(
    /// A noun that heads a role description.
    is_role_noun, ROLE_NOUNS
);
lexicon_fn!(
    /// An object that carries words ("flag", "billboard"): never a speaker.
    is_thing_noun, THING_NOUNS
);
lexicon_fn!(
    /// A modifier allowed inside a role phrase.
    is_role_modifier, ROLE_MODIFIERS
);
lexicon_fn!(
    /// A verb of saying.
    is_speech_verb, crosscheck::lexicon::REPORTING_VERBS, SPEECH_VERBS
);
lexicon_fn!(
    /// A frequent verb of saying.
    is_strong_speech_verb, STRONG_SPEECH_VERBS
);
lexicon_fn!(
    /// A head word that makes a phrase an organisation.
    is_org_head, ORG_HEADS
);
lexicon_fn!(
    /// An organisation named bare.
    is_known_org, KNOWN_ORGS
);
lexicon_fn!(
    /// A function or calendar word, never a name.
    is_stopword, crosscheck::lexicon::FUNCTION_WORDS, STOPWORDS
);
lexicon_fn!(
    /// A nationality or affiliation adjective.
    is_demonym, DEMONYMS
);
lexicon_fn!(
    /// A noun standing for the source's statement.
    is_statement_noun, STATEMENT_NOUNS
);

/// The adjective for a country possessive (`"russia"` → `"russian"`), if listed.
pub(crate) fn country_adjective(country: &str) -> Option<&'static str> {
    COUNTRY_ADJECTIVES
        .iter()
        .find(|(c, _)| *c == country)
        .map(|(_, a)| *a)
}

/// Words that may stand between a name and its speech verb ("Peskov also said", "Kots had
/// added"), shared by mention and quote rules.
pub(crate) const SPEECH_ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "has",
    "had",
    "have",
    "previously",
    "earlier",
    "once",
    "again",
    "further",
    "besides",
    "recently",
    "repeatedly",
    "publicly",
    "reportedly",
];
