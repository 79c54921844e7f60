"""Word lists of the rules engine: cues, qualifiers, hedges, claimant types, furniture.

Everything the rules decide on a word basis lives here, so that `lexicon_fingerprint()`
changes (and with it the engine's `prompt_hash` and run key) whenever a rule list changes.
All entries are lower case; multi-word entries are matched on lower-cased token text.
"""

from __future__ import annotations

import hashlib
import json

#: Version of the rule set; bump when rule *code* changes in a way that changes output.
RULES_VERSION = "rules-2"

# ------------------------------------------------------------------ attribution cues

#: Lemmas of verbs that report speech or a stated position: "said", "told", "warned".
SPEECH_VERBS: frozenset[str] = frozenset(
    {
        "say",
        "tell",
        "state",
        "add",
        "note",
        "claim",
        "report",
        "announce",
        "confirm",
        "deny",
        "warn",
        "write",
        "allege",
        "assert",
        "explain",
        "insist",
        "maintain",
        "argue",
        "contend",
        "stress",
        "emphasize",
        "emphasise",
        "acknowledge",
        "admit",
        "concede",
        "reveal",
        "disclose",
        "testify",
        "tweet",
        "declare",
        "reply",
        "respond",
        "answer",
        "recall",
        "remark",
        "comment",
        "observe",
        "conclude",
        "indicate",
        "suggest",
        "predict",
        "forecast",
        "estimate",
        "project",
        "calculate",
        "assess",
        "believe",
        "expect",
        "reiterate",
        "repeat",
        "caution",
        "point",  # "pointed out"
        "mention",
        "specify",
        "signal",
        "tout",
        "boast",
        "complain",
        "charge",
        "accuse",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "agree",
        "speculate",
        "clarify",
        "underline",
        "highlight",
        "inform",
        "brief",
        "verify",
        "dispute",
        "reject",
        "dismiss",
        "post",
        "quip",
        "joke",
        "cite",
        "assure",
        "think",
        "worry",
        "fear",
        "suspect",
        "convey",
        "recount",
        "describe",
    }
)

#: Verbs that report a finding of a document rather than a person ("a poll shows that ...");
#: they count as cues only when their subject is in `EVIDENCE_SOURCE_NOUNS`.
FINDING_VERBS: frozenset[str] = frozenset({"show", "find", "reveal", "indicate", "suggest"})

#: Head nouns of documentary sources: "a poll", "the survey", "data".
EVIDENCE_SOURCE_NOUNS: frozenset[str] = frozenset(
    {
        "poll",
        "survey",
        "study",
        "report",
        "data",
        "analysis",
        "research",
        "figure",
        "statistic",
        "record",
        "document",
        "filing",
        "audit",
        "review",
        "assessment",
        "estimate",
        "census",
        "investigation",
        "index",
        "model",
        "projection",
        "tally",
        "count",
        "average",
        "rating",
        "forecast",
        "table",
        "chart",
        "map",
        "footage",
        "video",
        "image",
        "photo",
    }
)

#: Private-state verbs: attributions in PolNeAR's sense but opinions, not claims.
OPINION_VERBS: frozenset[str] = frozenset(
    {"feel", "hope", "want", "wish", "imagine", "wonder", "like", "love", "hate"}
)

#: Verbs whose particle completes the cue ("point out").
PARTICLE_CUES: dict[str, frozenset[str]] = {"point": frozenset({"out"})}

#: Participles that, without their own subject, inherit the speaker ("..., adding that").
PARTICIPLE_CUES: frozenset[str] = frozenset(
    {"say", "add", "note", "warn", "claim", "stress", "argue", "insist", "explain", "suggest"}
)

#: Nouns that carry an attribution when a source and a that-clause hang on them:
#: "reports from Defense Minister Kim that ...", "the ministry's claim that ...".
CUE_NOUNS: frozenset[str] = frozenset(
    {
        "report",
        "claim",
        "statement",
        "assessment",
        "estimate",
        "warning",
        "announcement",
        "allegation",
        "assertion",
        "prediction",
        "admission",
        "suggestion",
        "forecast",
        "projection",
    }
)

#: Prepositional and participial phrases that name the original source of relayed content:
#: "Reuters reported, citing South Korean intelligence", "on the basis of an officer".
CITING_WORDS: frozenset[str] = frozenset({"cite", "quote"})
BASIS_PHRASES: tuple[tuple[str, ...], ...] = (
    ("on", "the", "basis", "of"),
    ("based", "on"),
    ("citing",),
    ("quoting",),
)

#: Verbs (lemmas) whose by-agent is an intermediary: "comments published by the War Zone".
VIA_VERBS: frozenset[str] = frozenset(
    {"publish", "report", "carry", "quote", "cite", "air", "broadcast", "release", "post"}
)
#: Nouns whose "with"/"to" object is an intermediary: "in an interview with CNN".
VIA_NOUNS: frozenset[str] = frozenset(
    {"interview", "comment", "comments", "statement", "remarks", "briefing", "conversation"}
)

#: Objects of "deny"/"confirm" that refer back to a proposition stated elsewhere.
REFERRING_OBJECTS: frozenset[str] = frozenset(
    {
        "report",
        "claim",
        "allegation",
        "accusation",
        "rumor",
        "rumour",
        "information",
        "story",
        "assertion",
        "account",
        "charge",
        "it",
        "this",
        "that",
    }
)
#: Determiners that point at the previous sentence ("these reports") rather than the story.
DEMONSTRATIVES: frozenset[str] = frozenset({"this", "these", "that", "those", "such"})

# ------------------------------------------------------------------ certainty

#: Cue lemmas that make a statement a denial.
DENIAL_CUES: frozenset[str] = frozenset({"deny", "reject", "dismiss", "dispute", "refute", "rebut"})
#: Phrases (lower-cased, matched on the sentence) that mark a denial.
DENIAL_PHRASES: tuple[str, ...] = (
    "no truth",
    "not true",
    "untrue",
    "as false",
    "is false",
    "are false",
    "baseless",
    "fabricated",
    "fake news",
    "as fake",
    "groundless",
)
#: Verbs that, negated, mean the claimant cannot confirm ("can't confirm", "has not verified").
CONFIRM_VERBS: frozenset[str] = frozenset(
    {"confirm", "verify", "corroborate", "substantiate", "authenticate"}
)
#: Phrases that mark an unconfirmed stance without a negated verb.
UNCONFIRMED_PHRASES: tuple[str, ...] = (
    "unverified",
    "unconfirmed",
    "not been able to verify",
    "unable to verify",
    "unable to confirm",
    "could not be verified",
    "could not be confirmed",
    "cannot be verified",
    "cannot be confirmed",
    "can't be verified",
    "can't be confirmed",
    "declined to confirm",
    "refused to confirm",
    "would not confirm",
    "wouldn't confirm",
    "did not confirm",
    "didn't confirm",
    "no confirmation",
)
#: Cue lemmas that make the reported content an estimate or a possibility.
HEDGING_CUES: frozenset[str] = frozenset(
    {
        "think",
        "worry",
        "fear",
        "estimate",
        "believe",
        "expect",
        "predict",
        "forecast",
        "suggest",
        "speculate",
        "project",
        "suspect",
        "assess",
        "calculate",
        "indicate",
    }
)
#: Modal verbs that hedge the content's main predicate.
HEDGING_MODALS: frozenset[str] = frozenset({"may", "might", "could"})
#: Adverbs and adjectives that hedge the main predicate.
HEDGING_ADVERBS: frozenset[str] = frozenset(
    {
        "likely",
        "possibly",
        "probably",
        "reportedly",
        "apparently",
        "allegedly",
        "presumably",
        "perhaps",
        "maybe",
        "seemingly",
        "purportedly",
        "supposedly",
        "potentially",
        "unlikely",
    }
)
#: Predicates that hedge when they govern the content: "appears", "is expected to".
HEDGING_PREDICATES: frozenset[str] = frozenset(
    {"appear", "seem", "expect", "believe", "estimate", "think", "suspect", "project", "suggest"}
)

# ------------------------------------------------------------------ quantities

#: Qualifier phrases before a figure, longest first when matched; value: qualifier name.
QUALIFIERS_BEFORE: dict[tuple[str, ...], str] = {
    ("close", "to"): "about",
    ("about",): "about",
    ("around",): "about",
    ("approximately",): "about",
    ("roughly",): "about",
    ("nearly",): "about",
    ("almost",): "about",
    ("some",): "about",
    ("an", "estimated"): "about",
    ("estimated",): "about",
    ("circa",): "about",
    ("approx.",): "about",
    ("just", "under"): "about",
    ("nigh", "on"): "about",
    ("up", "to"): "at_most",
    ("as", "many", "as"): "at_most",
    ("as", "much", "as"): "at_most",
    ("at", "most"): "at_most",
    ("no", "more", "than"): "at_most",
    ("not", "more", "than"): "at_most",
    ("fewer", "than"): "at_most",
    ("less", "than"): "at_most",
    ("under",): "at_most",
    ("below",): "at_most",
    ("a", "maximum", "of"): "at_most",
    ("more", "than"): "at_least",
    ("over",): "at_least",
    ("at", "least"): "at_least",
    ("above",): "at_least",
    ("in", "excess", "of"): "at_least",
    ("upwards", "of"): "at_least",
    ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least",
    ("just", "over"): "at_least",
    ("exceeding",): "at_least",
    ("well", "over"): "at_least",
    ("exceed",): "at_least",
    ("exceeds",): "at_least",
    ("exceeded",): "at_least",
    ("surpass",): "at_least",
    ("top",): "at_least",
    ("closer", "to"): "about",
    ("within",): "at_most",
}
#: Scales whose readings describe an event rather than count things ("magnitude 6.8").
SCALE_READINGS: frozenset[str] = frozenset(
    {"magnitude", "category", "richter", "force", "grade", "scale", "magnitude-"}
)
#: Qualifier phrases after a figure ("3,000 or more").
QUALIFIERS_AFTER: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least",
    ("plus",): "at_least",
    ("+",): "at_least",
    ("or", "so"): "about",
    ("or", "fewer"): "at_most",
    ("or", "less"): "at_most",
}
#: Number words and their values.
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
#: Scale words after a figure ("1.5 million").
SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
#: Currency symbols and words -> ISO code used as the unit.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₴": "UAH",
    "₽": "RUB",
    "₩": "KRW",
    "₹": "INR",
}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "hryvnia s": "UAH",
    "uah": "UAH",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "won": "KRW",
    "rupee": "INR",
    "rupees": "INR",
    "franc": "CHF",
    "francs": "CHF",
}
#: Words that make a figure a percentage.
PERCENT_WORDS: frozenset[str] = frozenset({"%", "percent", "per cent", "pct", "percentage"})
#: Words after a figure that make it a date, time, age or duration, not a count.
NON_COUNT_FOLLOWERS: frozenset[str] = frozenset(
    {
        "year-old",
        "years-old",
        "-year-old",
        "a.m.",
        "p.m.",
        "am",
        "pm",
        "o'clock",
        "gmt",
        "utc",
        "bc",
        "ad",
    }
)
#: Verbs after which "from A to B" is a change, not a range.
CHANGE_VERBS: frozenset[str] = frozenset(
    {
        "rise",
        "fall",
        "increase",
        "decrease",
        "grow",
        "drop",
        "climb",
        "jump",
        "cut",
        "raise",
        "lower",
        "reduce",
        "decline",
        "slip",
        "slide",
        "surge",
        "soar",
        "plunge",
        "ease",
        "go",
        "swell",
        "shrink",
        "double",
        "expand",
        "boost",
    }
)

# ------------------------------------------------------------------ claimants

#: Role words that precede a name and are stripped from the claimant ("spokesperson Pat Ryder").
TITLE_WORDS: frozenset[str] = frozenset(
    {
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "deputy",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "head",
        "chief",
        "director",
        "general",
        "gen.",
        "lt.",
        "col.",
        "colonel",
        "commander",
        "commander-in-chief",
        "admiral",
        "adm.",
        "sen.",
        "senator",
        "rep.",
        "representative",
        "gov.",
        "governor",
        "mayor",
        "ambassador",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "professor",
        "sir",
        "analyst",
        "economist",
        "expert",
        "official",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "founder",
        "adviser",
        "advisor",
        "lawmaker",
        "mp",
        "envoy",
        "diplomat",
        "judge",
        "justice",
        "attorney",
        "candidate",
        "nominee",
        "former",
        "incumbent",
        "acting",
        "senior",
        "supreme",
        "state",
        "foreign",
        "defense",
        "defence",
        "interior",
        "finance",
        "military",
        "intelligence",
        "army",
        "presidential",
        "republican",
        "democratic",
        "democrat",
        "speaker",
        "king",
        "queen",
        "pope",
        "premier",
        "chancellor",
        "officer",
        "the",
    }
)
#: Head nouns of a definite description that names one person ("the mayor said").
PERSON_TITLES: frozenset[str] = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "chief",
        "director",
        "commander",
        "general",
        "governor",
        "mayor",
        "ambassador",
        "senator",
        "congressman",
        "congresswoman",
        "lawmaker",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "envoy",
        "prosecutor",
        "judge",
        "nominee",
        "candidate",
        "premier",
        "chancellor",
        "king",
        "queen",
        "head",
        "founder",
        "executive",
        "diplomat",
        "official",
        "officer",
        "expert",
        "analyst",
        "economist",
        "professor",
    }
)
#: Pronouns resolved to an earlier claimant; value: the kind of antecedent.
PRONOUNS: dict[str, str] = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "they": "group",
    "it": "body",
    "we": "self",
    "i": "self",
}
#: Head nouns of a person or group left unnamed ("a source", "officials").
ANONYMOUS_HEADS: frozenset[str] = frozenset(
    {
        "source",
        "official",
        "diplomat",
        "officer",
        "person",
        "people",
        "insider",
        "aide",
        "staffer",
        "individual",
        "resident",
        "witness",
        "employee",
        "member",
        "representative",
        "negotiator",
        "observer",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "soldier",
        "lawmaker",
        "executive",
        "administrator",
        "operative",
        "ally",
        "confidant",
        "adviser",
        "advisor",
        "investigator",
        "agent",
        "someone",
        "one",
    }
)
#: Determiners that keep an unnamed source anonymous ("a", "some", "two", none for plurals).
INDEFINITE_DETERMINERS: frozenset[str] = frozenset(
    {"a", "an", "some", "several", "many", "few", "other", "another", "one", "two", "three", "no"}
)
#: Words that make an unnamed source explicitly anonymous.
ANONYMITY_WORDS: frozenset[str] = frozenset({"anonymous", "unnamed", "unidentified"})

#: Claimant-type lexicons, matched on the lower-cased words of the claimant's description.
PARLIAMENT_WORDS: frozenset[str] = frozenset(
    {
        "parliament",
        "parliamentary",
        "lawmaker",
        "lawmakers",
        "legislator",
        "legislature",
        "congress",
        "congressman",
        "congresswoman",
        "senate",
        "senator",
        "sen.",
        "rep.",
        "mp",
        "mps",
        "duma",
        "rada",
        "verkhovna",
        "bundestag",
        "assembly",
    }
)
INTELLIGENCE_WORDS: frozenset[str] = frozenset(
    {
        "intelligence",
        "spy",
        "spymaster",
        "nis",
        "hur",
        "gur",
        "cia",
        "fsb",
        "svr",
        "gru",
        "sbu",
        "mi6",
        "mi5",
        "mossad",
        "dni",
        "nsa",
        "bnd",
        "dgse",
        "asis",
        "csis",
        "gchq",
        "espionage",
    }
)
INTERNATIONAL_WORDS: frozenset[str] = frozenset(
    {
        "un",
        "u.n.",
        "united nations",
        "nato",
        "imf",
        "international monetary fund",
        "who",
        "world health organization",
        "red cross",
        "red crescent",
        "icrc",
        "world bank",
        "iaea",
        "osce",
        "unicef",
        "unhcr",
        "ocha",
        "wfp",
        "world food programme",
        "world food program",
        "wto",
        "oecd",
        "european union",
        "eu",
        "european commission",
        "african union",
        "asean",
        "opec",
        "interpol",
        "international criminal court",
        "icc",
        "security council",
        "general assembly",
        "g7",
        "g20",
        "amnesty international",
        "medecins sans frontieres",
        "médecins sans frontières",
        "human rights watch",
        "doctors without borders",
        "msf",
        "ilo",
        "fao",
        "unesco",
        "council of europe",
        "european central bank",
        "ecb",
    }
)
MEDIA_WORDS: frozenset[str] = frozenset(
    {
        "reuters",
        "associated press",
        "ap",
        "afp",
        "agence france-presse",
        "bloomberg",
        "bbc",
        "cnn",
        "nbc",
        "abc",
        "cbs",
        "fox",
        "msnbc",
        "npr",
        "pbs",
        "yonhap",
        "tass",
        "ria",
        "interfax",
        "xinhua",
        "kyodo",
        "ukrinform",
        "suspilne",
        "politico",
        "axios",
        "newsweek",
        "al jazeera",
        "dpa",
        "efe",
        "ansa",
        "media",
        "newspaper",
        "news agency",
        "outlet",
        "broadcaster",
        "television",
        "tv",
        "radio",
        "magazine",
        "daily",
        "tabloid",
        "channel",
        "journalist",
        "journalists",
        "reporter",
        "reporters",
        "correspondent",
        "editor",
        "columnist",
        "blog",
        "website",
        "publication",
        "press",
    }
)
#: Last words of media names ("The Washington Post", "Kyiv Independent").
MEDIA_NAME_ENDINGS: frozenset[str] = frozenset(
    {
        "post",
        "times",
        "news",
        "journal",
        "herald",
        "tribune",
        "telegraph",
        "guardian",
        "gazette",
        "independent",
        "insider",
        "wire",
        "press",
        "tv",
        "radio",
        "network",
        "zone",
        "observer",
        "economist",
        "mail",
        "express",
        "mirror",
        "star",
        "sun",
        "chronicle",
        "standard",
        "review",
        "examiner",
        "inquirer",
        "monitor",
        "today",
        "globe",
        "hill",
        "atlantic",
        "intercept",
        "beast",
        "breitbart",
        "pravda",
        "izvestia",
        "kommersant",
        "vedomosti",
    }
)
EXPERT_WORDS: frozenset[str] = frozenset(
    {
        "analyst",
        "analysts",
        "expert",
        "experts",
        "economist",
        "economists",
        "professor",
        "prof.",
        "academic",
        "academics",
        "researcher",
        "researchers",
        "scholar",
        "scholars",
        "scientist",
        "scientists",
        "historian",
        "fellow",
        "think",  # "think tank"
        "institute",
        "university",
        "strategist",
        "strategists",
        "consultant",
        "observer",
        "observers",
        "commentator",
        "former",
        "ex",
        "retired",
        "pollster",
        "pollsters",
        "forecaster",
        "forecasters",
        "seismologist",
        "observatory",
        "think tank",
        "meteorologist",
        "epidemiologist",
        "specialist",
        "specialists",
    }
)
MILITARY_WORDS: frozenset[str] = frozenset(
    {
        "army",
        "armed forces",
        "military",
        "general staff",
        "commander",
        "commander-in-chief",
        "general",
        "gen.",
        "colonel",
        "col.",
        "admiral",
        "navy",
        "air force",
        "marines",
        "brigade",
        "battalion",
        "regiment",
        "division",
        "troops",
        "forces",
        "command",
        "defense forces",
        "defence forces",
        "idf",
        "pla",
        "joint chiefs",
        "chief of staff",
        "officer",
        "officers",
        "soldier",
        "soldiers",
        "sergeant",
        "lieutenant",
        "major",
        "captain",
        "national guard",
        "border guard",
    }
)
GOVERNMENT_WORDS: frozenset[str] = frozenset(
    {
        "president",
        "presidential",
        "prime minister",
        "minister",
        "ministry",
        "ministries",
        "secretary",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "spokespeople",
        "government",
        "governments",
        "official",
        "officials",
        "department",
        "office",
        "kremlin",
        "white house",
        "pentagon",
        "state department",
        "foreign office",
        "cabinet",
        "administration",
        "embassy",
        "ambassador",
        "envoy",
        "diplomat",
        "diplomats",
        "governor",
        "mayor",
        "council",
        "authorities",
        "authority",
        "regulator",
        "police",
        "prosecutor",
        "prosecutors",
        "prosecutor's",
        "court",
        "judge",
        "treasury",
        "central bank",
        "federal reserve",
        "fed",
        "bureau",
        "commission",
        "agency",
        "chancellor",
        "premier",
        "king",
        "monarch",
        "leader",
        "senator",
        "state",
        "emergency service",
        "emergency services",
        "mayor's",
        "city hall",
        "downing street",
        "elysee",
        "the white house",
        "statistics",
        "statistical",
        "census",
        "gov.",
        "fire chief",
        "fire department",
        "fire service",
        "hurricane center",
        "weather service",
        "met office",
        "geological survey",
        "safety board",
        "coroner",
        "federal",
        "emergency management",
        "disaster management",
        "attorney general",
        "city attorney",
        "sheriff",
    }
)
#: Companies, trade unions and business groups: type `other`, even when a title such as
#: "president" or "spokesperson" would otherwise read as government.
BUSINESS_WORDS: frozenset[str] = frozenset(
    {
        "union",
        "steelworkers",
        "teamsters",
        "company",
        "firm",
        "corp",
        "corp.",
        "inc",
        "inc.",
        "ltd",
        "plc",
        "chief executive",
        "ceo",
        "chief financial officer",
        "chamber of commerce",
        "chambers of commerce",
        "trade association",
        "bank association",
        "manufacturers",
        "employers",
    }
)

#: Head words of claimants that are documents, not people: typed `other` unless named media.
DOCUMENT_WORDS: frozenset[str] = EVIDENCE_SOURCE_NOUNS

# ------------------------------------------------------------------ furniture and opinions

#: Lines that start page furniture which runs to the end of the text ("News Feed").
TRAILER_HEADINGS: frozenset[str] = frozenset(
    {
        "news feed",
        "more news",
        "related posts",
        "related",
        "related articles",
        "related stories",
        "editors' picks",
        "editors’ picks",
        "most read",
        "most popular",
        "recommended",
        "you may also like",
        "latest news",
        "trending",
    }
)
#: Furniture lines skipped wherever they are (the text after them is kept).
FURNITURE_HEADINGS: frozenset[str] = TRAILER_HEADINGS | frozenset(
    {
        "advertisement",
        "other topics of interest",
        "read more",
        "read also",
        "share this article",
        "subscribe",
    }
)
#: Sentence starts of captions and credits.
CAPTION_STARTS: tuple[str, ...] = (
    "photo",
    "image",
    "illustrative",
    "file photo",
    "pictured",
    "video:",
    "watch:",
    "listen:",
    "credit",
    "source:",
    "copyright",
    "©",
    "this audio is",
    "sign up",
    "subscribe",
    "click here",
    "follow us",
    "to suggest a correction",
    "you can also highlight",
    "please",
)
#: First- and second-person words: outside quotes they mark the outlet's voice or a call.
PERSONAL_WORDS: frozenset[str] = frozenset(
    {"i", "we", "us", "our", "ours", "you", "your", "yours", "me", "my"}
)
#: Modals of obligation: "the world must understand" is a call, not a claim.
OBLIGATION_MODALS: frozenset[str] = frozenset({"must", "should", "ought", "shall", "need"})
#: Predicates of value judgements.
JUDGEMENT_PREDICATES: frozenset[str] = frozenset(
    {"show", "demonstrate", "illustrate", "underscore", "highlight", "reflect", "mean", "signal"}
)


def lexicon_fingerprint() -> str:
    """sha256 over every word list and the rules version: changes when any rule list changes."""
    payload: dict[str, object] = {}
    for name, value in sorted(globals().items()):
        if not name.isupper():
            continue
        if isinstance(value, frozenset):
            payload[name] = sorted(value)
        elif isinstance(value, dict):
            payload[name] = sorted((repr(key), repr(item)) for key, item in value.items())
        elif isinstance(value, tuple | str):
            payload[name] = repr(value)
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


# ------------------------------------------------------------------ coreference
#: Nouns of a definite description that refers back to a named body ("the company said").
ORGANISATION_NOUNS: frozenset[str] = frozenset(
    {
        "company",
        "firm",
        "group",
        "carmaker",
        "automaker",
        "maker",
        "manufacturer",
        "insurer",
        "lender",
        "bank",
        "retailer",
        "airline",
        "union",
        "agency",
        "office",
        "ministry",
        "department",
        "organisation",
        "organization",
        "association",
        "institute",
        "council",
        "board",
        "authority",
        "regulator",
        "charity",
        "operator",
    }
)
#: Of those, the nouns that name a business ("the company said" after "Acme Corp said").
COMPANY_NOUNS: frozenset[str] = frozenset(
    {
        "company",
        "firm",
        "group",
        "carmaker",
        "automaker",
        "maker",
        "manufacturer",
        "insurer",
        "lender",
        "retailer",
        "airline",
        "operator",
    }
)
#: Modifiers after an unnamed source that belong to its description ("a person familiar
#: with the plans").
SOURCE_POSTMODIFIERS: frozenset[str] = frozenset({"familiar", "close", "briefed", "involved"})
#: Source nouns that say nothing by themselves, so their postmodifier is kept ("a person
#: familiar with ..."; but "a Western diplomat familiar with ..." stays "a Western diplomat").
BARE_SOURCE_HEADS: frozenset[str] = frozenset({"person", "people", "source", "someone"})
#: Nouns that refer back to a reported figure ("could not verify the figure").
FIGURE_NOUNS: frozenset[str] = frozenset(
    {"figure", "number", "estimate", "toll", "tally", "count", "total", "numbers", "figures"}
)
