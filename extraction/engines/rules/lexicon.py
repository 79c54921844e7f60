"""Word lists of the rules engine: cues, qualifiers, hedges, claimant types, furniture.

The lists themselves live in data/*.toml, one file per family (cues, denials, hedges,
units, claimants, claimant_types, furniture, opinions, coreference, dates); this module
names each one, with its type, and loads it through `wordlists`. `lexicon_fingerprint()`
hashes the files' bytes, so any list change changes the engine's model string,
`prompt_hash` and run key. All entries are lower case; multi-word entries are matched
on lower-cased token text.
"""

from __future__ import annotations

import hashlib

from extraction.engines.rules.wordlists import (
    fingerprint,
    mapping,
    number_mapping,
    phrase_mapping,
    phrases,
    sequence,
    word_sets,
    words,
)

#: Version of the rule set; bump when rule *code* changes in a way that changes output.
RULES_VERSION = "rules-2"

# ------------------------------------------------------------------ attribution cues

#: Lemmas of verbs that report speech or a stated position: "said", "told", "warned".
SPEECH_VERBS: frozenset[str] = words("cues", "SPEECH_VERBS")

#: Verbs that report a finding of a document rather than a person ("a poll shows that ...");
#: they count as cues only when their subject is in `EVIDENCE_SOURCE_NOUNS`.
FINDING_VERBS: frozenset[str] = words("cues", "FINDING_VERBS")

#: Head nouns of documentary sources: "a poll", "the survey", "data".
EVIDENCE_SOURCE_NOUNS: frozenset[str] = words("cues", "EVIDENCE_SOURCE_NOUNS")

#: Private-state verbs: attributions in PolNeAR's sense but opinions, not claims.
OPINION_VERBS: frozenset[str] = words("cues", "OPINION_VERBS")

#: Verbs whose particle completes the cue ("point out").
PARTICLE_CUES: dict[str, frozenset[str]] = word_sets("cues", "PARTICLE_CUES")
PREPOSITION_CUES: dict[str, frozenset[str]] = word_sets("cues", "PREPOSITION_CUES")
FIGURE_OBJECT_CUES: frozenset[str] = words("cues", "FIGURE_OBJECT_CUES")
#: Cues that forecast: their infinitive content "will" happen ("expect sales to rise").
FORECAST_CUES: frozenset[str] = words("cues", "FORECAST_CUES")
#: Finding verbs that only frame what their evidence subject found ("a survey showed C").
PLAIN_FINDING_VERBS: frozenset[str] = words("cues", "PLAIN_FINDING_VERBS")

#: Verbs that attach a results list's later entries ("followed by B with 20 percent").
LIST_FOLLOW_VERBS: frozenset[str] = words("cues", "LIST_FOLLOW_VERBS")

#: Verbs of a ranking's first place, not taken over by later entries ("led with").
RANKING_VERBS: frozenset[str] = words("cues", "RANKING_VERBS")
#: Accusation verbs and the preposition that gives what the accused did ("accuse ... of").
ACCUSATION_CUES: dict[str, str] = mapping("cues", "ACCUSATION_CUES", str)
#: Past tense of verbs that do not take "-ed" ("steal" -> "stole").
IRREGULAR_PAST: dict[str, str] = mapping("cues", "IRREGULAR_PAST", str)

#: Participles that, without their own subject, inherit the speaker ("..., adding that").
PARTICIPLE_CUES: frozenset[str] = words("cues", "PARTICIPLE_CUES")

#: Nouns that carry an attribution when a source and a that-clause hang on them:
#: "reports from Defense Minister Kim that ...", "the ministry's claim that ...".
CUE_NOUNS: frozenset[str] = words("cues", "CUE_NOUNS")

#: Prepositional and participial phrases that name the original source of relayed content:
#: "Reuters reported, citing South Korean intelligence", "on the basis of an officer".
CITING_WORDS: frozenset[str] = words("cues", "CITING_WORDS")
BASIS_PHRASES: tuple[tuple[str, ...], ...] = phrases("cues", "BASIS_PHRASES")

#: Verbs (lemmas) whose by-agent is an intermediary: "comments published by the War Zone".
VIA_VERBS: frozenset[str] = words("cues", "VIA_VERBS")
#: Nouns whose "with"/"to" object is an intermediary: "in an interview with CNN".
VIA_NOUNS: frozenset[str] = words("cues", "VIA_NOUNS")

#: Objects of "deny"/"confirm" that refer back to a proposition stated elsewhere.
REFERRING_OBJECTS: frozenset[str] = words("cues", "REFERRING_OBJECTS")
#: Determiners that point at the previous sentence ("these reports") rather than the story.
DEMONSTRATIVES: frozenset[str] = words("cues", "DEMONSTRATIVES")
COMPARATIVE_MARKS: frozenset[str] = words("cues", "COMPARATIVE_MARKS")

# ------------------------------------------------------------------ certainty

#: Cue lemmas that make a statement a denial.
DENIAL_CUES: frozenset[str] = words("denials", "DENIAL_CUES")
#: Phrases (lower-cased, matched on the sentence) that mark a denial.
DENIAL_PHRASES: tuple[str, ...] = sequence("denials", "DENIAL_PHRASES")
#: Verbs that, negated, mean the claimant cannot confirm ("can't confirm", "has not verified").
CONFIRM_VERBS: frozenset[str] = words("denials", "CONFIRM_VERBS")
#: Phrases that mark an unconfirmed stance without a negated verb.
UNCONFIRMED_PHRASES: tuple[str, ...] = sequence("denials", "UNCONFIRMED_PHRASES")
#: Cue lemmas that make the reported content an estimate or a possibility.
HEDGING_CUES: frozenset[str] = words("hedges", "HEDGING_CUES")
#: Modal verbs that hedge the content's main predicate.
HEDGING_MODALS: frozenset[str] = words("hedges", "HEDGING_MODALS")
#: Adverbs and adjectives that hedge the main predicate.
HEDGING_ADVERBS: frozenset[str] = words("hedges", "HEDGING_ADVERBS")
#: Words and phrases of reports the publication has not verified ("reportedly").
UNVERIFIED_CUES: frozenset[str] = words("hedges", "UNVERIFIED_CUES")
#: Predicates that hedge when they govern the content: "appears", "is expected to".
HEDGING_PREDICATES: frozenset[str] = words("hedges", "HEDGING_PREDICATES")
#: Modifiers that make a figure an estimate: "an estimated 1,500 tonnes".
HEDGING_FIGURE_WORDS: frozenset[str] = words("hedges", "HEDGING_FIGURE_WORDS")
#: Head nouns of sources that are estimates ("according to official estimates").
HEDGING_SOURCES: frozenset[str] = words("hedges", "HEDGING_SOURCES")

# ------------------------------------------------------------------ quantities

#: Qualifier phrases before a figure, longest first when matched; value: qualifier name.
QUALIFIERS_BEFORE: dict[tuple[str, ...], str] = phrase_mapping("units", "QUALIFIERS_BEFORE")
#: Scales whose readings describe an event rather than count things ("magnitude 6.8").
SCALE_READINGS: frozenset[str] = words("units", "SCALE_READINGS")
#: Qualifier phrases after a figure ("3,000 or more").
QUALIFIERS_AFTER: dict[tuple[str, ...], str] = phrase_mapping("units", "QUALIFIERS_AFTER")
#: Number words and their values.
NUMBER_WORDS: dict[str, int] = mapping("units", "NUMBER_WORDS", int)
#: Scale words after a figure ("1.5 million").
SCALES: dict[str, float] = number_mapping("units", "SCALES")
#: Currency symbols and words -> ISO code used as the unit.
CURRENCY_SYMBOLS: dict[str, str] = mapping("units", "CURRENCY_SYMBOLS", str)
#: Units that are hundredths of a currency: "76 cents" becomes 0.76 USD.
CURRENCY_HUNDREDTHS: dict[str, str] = mapping("units", "CURRENCY_HUNDREDTHS", str)
CURRENCY_WORDS: dict[str, str] = mapping("units", "CURRENCY_WORDS", str)
#: Words that make a figure a percentage.
PERCENT_WORDS: frozenset[str] = words("units", "PERCENT_WORDS")
#: Words after a figure that make it a date, time, age or duration, not a count.
NON_COUNT_FOLLOWERS: frozenset[str] = words("units", "NON_COUNT_FOLLOWERS")
#: Verbs after which "from A to B" is a change, not a range.
CHANGE_VERBS: frozenset[str] = words("units", "CHANGE_VERBS")
UP_PARTICLE_VERBS: frozenset[str] = words("units", "UP_PARTICLE_VERBS")

# ------------------------------------------------------------------ claimants

#: Role words that precede a name and are stripped from the claimant ("spokesperson Pat Ryder").
TITLE_WORDS: frozenset[str] = words("claimants", "TITLE_WORDS")
#: Head nouns of a definite description that names one person ("the mayor said").
PERSON_TITLES: frozenset[str] = words("claimants", "PERSON_TITLES")
NAME_SUFFIXES: frozenset[str] = words("claimants", "NAME_SUFFIXES")
SPEAKER_GROUP_HEADS: frozenset[str] = words("claimants", "SPEAKER_GROUP_HEADS")
#: Pronouns resolved to an earlier claimant; value: the kind of antecedent.
PRONOUNS: dict[str, str] = mapping("claimants", "PRONOUNS", str)
#: Object pronouns -> their subject forms ("accused him of lying" -> "He lied.").
SUBJECT_FORMS: dict[str, str] = mapping("claimants", "SUBJECT_FORMS", str)
#: Head nouns of a person or group left unnamed ("a source", "officials").
ANONYMOUS_HEADS: frozenset[str] = words("claimants", "ANONYMOUS_HEADS")
#: Heads that make an unnamed source anonymous only in the plural ("authorities").
ANONYMOUS_PLURAL_HEADS: frozenset[str] = words("claimants", "ANONYMOUS_PLURAL_HEADS")
#: Determiners that keep an unnamed source anonymous ("a", "some", "two", none for plurals).
INDEFINITE_DETERMINERS: frozenset[str] = words("claimants", "INDEFINITE_DETERMINERS")
#: Words that make an unnamed source explicitly anonymous.
ANONYMITY_WORDS: frozenset[str] = words("claimants", "ANONYMITY_WORDS")

#: Claimant-type lexicons, matched on the lower-cased words of the claimant's description.
PARLIAMENT_WORDS: frozenset[str] = words("claimant_types", "PARLIAMENT_WORDS")
INTELLIGENCE_WORDS: frozenset[str] = words("claimant_types", "INTELLIGENCE_WORDS")
INTERNATIONAL_WORDS: frozenset[str] = words("claimant_types", "INTERNATIONAL_WORDS")
MEDIA_WORDS: frozenset[str] = words("claimant_types", "MEDIA_WORDS")
#: Last words of media names ("The Washington Post", "Kyiv Independent").
MEDIA_NAME_ENDINGS: frozenset[str] = words("claimant_types", "MEDIA_NAME_ENDINGS")
EXPERT_WORDS: frozenset[str] = words("claimant_types", "EXPERT_WORDS")
MILITARY_WORDS: frozenset[str] = words("claimant_types", "MILITARY_WORDS")
GOVERNMENT_WORDS: frozenset[str] = words("claimant_types", "GOVERNMENT_WORDS")
#: Companies, trade unions and business groups: type `other`, even when a title such as
#: "president" or "spokesperson" would otherwise read as government.
BUSINESS_WORDS: frozenset[str] = words("claimant_types", "BUSINESS_WORDS")

#: Head words of claimants that are documents, not people: typed `other` unless named media.
DOCUMENT_WORDS: frozenset[str] = EVIDENCE_SOURCE_NOUNS

# ------------------------------------------------------------------ furniture and opinions

#: Lines that start page furniture which runs to the end of the text ("News Feed").
TRAILER_HEADINGS: frozenset[str] = words("furniture", "TRAILER_HEADINGS")
#: Furniture lines skipped wherever they are (the text after them is kept).
FURNITURE_HEADINGS: frozenset[str] = TRAILER_HEADINGS | words("furniture", "FURNITURE_HEADINGS")
#: Sentence starts of captions and credits.
CAPTION_STARTS: tuple[str, ...] = sequence("furniture", "CAPTION_STARTS")
#: Words that make a line furniture wherever they stand ("click here", "{{").
FURNITURE_PHRASES: tuple[str, ...] = sequence("furniture", "FURNITURE_PHRASES")
#: Words that make an "In this ..." opening a caption ("In this May 29 photo").
CAPTION_PICTURE_WORDS: frozenset[str] = words("furniture", "CAPTION_PICTURE_WORDS")
#: First- and second-person words: outside quotes they mark the outlet's voice or a call.
PERSONAL_WORDS: frozenset[str] = words("opinions", "PERSONAL_WORDS")
#: Modals of obligation: "the world must understand" is a call, not a claim.
OBLIGATION_MODALS: frozenset[str] = words("opinions", "OBLIGATION_MODALS")
#: Predicates of value judgements.
JUDGEMENT_PREDICATES: frozenset[str] = words("opinions", "JUDGEMENT_PREDICATES")
#: Statement starts that say what is not known ("It is unclear where ...").
UNKNOWN_STARTS: tuple[str, ...] = sequence("opinions", "UNKNOWN_STARTS")
#: A mood, not a fact: subject nouns and verbs ("Concerns ... have escalated").
MOOD_NOUNS: frozenset[str] = words("opinions", "MOOD_NOUNS")
MOOD_VERBS: tuple[str, ...] = tuple(sorted(words("opinions", "MOOD_VERBS")))
#: Statement ends that say what is not known ("Their number is unknown.").
UNKNOWN_ENDS: tuple[str, ...] = sequence("opinions", "UNKNOWN_ENDS")
#: The newsroom's own reporting steps ("did not respond to a request for comment").
NEWSROOM_STEPS: tuple[str, ...] = sequence("opinions", "NEWSROOM_STEPS")


def lexicon_fingerprint() -> str:
    """sha256 of the word-list files' bytes and the rules version: changes when a list does."""
    return hashlib.sha256(f"{RULES_VERSION}\0{fingerprint()}".encode()).hexdigest()


# ------------------------------------------------------------------ coreference
#: Nouns of a definite description that refers back to a named body ("the company said").
ORGANISATION_NOUNS: frozenset[str] = words("coreference", "ORGANISATION_NOUNS")
#: Of those, the nouns that name a business ("the company said" after "Acme Corp said").
COMPANY_NOUNS: frozenset[str] = words("coreference", "COMPANY_NOUNS")

#: Document nouns whose author is the claimant ("the IGC report said" -> IGC).
DOCUMENT_NOUNS: frozenset[str] = words("coreference", "DOCUMENT_NOUNS")

#: Document nouns that, with no author named, stand for the body that just spoke.
AUTHORED_DOCUMENT_NOUNS: frozenset[str] = words("coreference", "AUTHORED_DOCUMENT_NOUNS")

#: Nouns of a description that refers back to a named publication ("the newspaper").
MEDIA_NOUNS: frozenset[str] = words("coreference", "MEDIA_NOUNS")
#: Modifiers after an unnamed source that belong to its description ("a person familiar
#: with the plans").
SOURCE_POSTMODIFIERS: frozenset[str] = words("coreference", "SOURCE_POSTMODIFIERS")
POLL_PARTICIPLES: frozenset[str] = words("coreference", "POLL_PARTICIPLES")
SPEAKER_VERB_AGREEMENT: dict[str, str] = mapping("coreference", "SPEAKER_VERB_AGREEMENT", str)
#: Source nouns that say nothing by themselves, so their postmodifier is kept ("a person
#: familiar with ..."; but "a Western diplomat familiar with ..." stays "a Western diplomat").
BARE_SOURCE_HEADS: frozenset[str] = words("coreference", "BARE_SOURCE_HEADS")
#: Nouns that refer back to a reported figure ("could not verify the figure").
FIGURE_NOUNS: frozenset[str] = words("coreference", "FIGURE_NOUNS")

# ------------------------------------------------------------------ formerly private lists
# (each module still imports its old private name: `_X = lexicon.X`)

LOCATIVE_PREPOSITIONS: frozenset[str] = words("claimants", "LOCATIVE_PREPOSITIONS")
RELATIVE_PRONOUNS: frozenset[str] = words("cues", "RELATIVE_PRONOUNS")
ORGANISATION_HEADS: frozenset[str] = words("claimants", "ORGANISATION_HEADS")
SHORT_UPPERCASE_NAMES: frozenset[str] = words("claimants", "SHORT_UPPERCASE_NAMES")
CAPITALISED_TITLES: frozenset[str] = words("claimants", "CAPITALISED_TITLES")
STRONG_GOVERNMENT_WORDS: frozenset[str] = words("claimant_types", "STRONG_GOVERNMENT_WORDS")
SUFFIX_SCALES: dict[str, float] = number_mapping("units", "SUFFIX_SCALES")
FRACTION_TAILS: dict[str, float] = number_mapping("units", "FRACTION_TAILS")
RANGE_WORDS: frozenset[str] = words("units", "RANGE_WORDS")
VAGUE_BEFORE: frozenset[str] = words("units", "VAGUE_BEFORE")
ANAPHORIC_BEFORE: frozenset[str] = words("units", "ANAPHORIC_BEFORE")
AGE_WORDS: frozenset[str] = words("units", "AGE_WORDS")
NUMBER_LABELS: frozenset[str] = words("units", "NUMBER_LABELS")
ADDRESS_FOLLOWERS: tuple[str, ...] = tuple(sorted(words("units", "ADDRESS_FOLLOWERS")))
COUNT_NOUNS: frozenset[str] = words("units", "COUNT_NOUNS")
TIME_NOUNS: frozenset[str] = words("units", "TIME_NOUNS")
MONTH_WORDS: frozenset[str] = words("units", "MONTH_WORDS")
COMPLEMENTIZERS: frozenset[str] = words("cues", "COMPLEMENTIZERS")
DEFINITE_DETERMINERS: frozenset[str] = words("cues", "DEFINITE_DETERMINERS")
NEGATIONS: frozenset[str] = words("denials", "NEGATIONS")
BLOCKING_HEADS: frozenset[str] = words("denials", "BLOCKING_HEADS")
FUTURE_AUXILIARIES: frozenset[str] = words("cues", "FUTURE_AUXILIARIES")
MONTHS: dict[str, int] = mapping("dates", "MONTHS", int)
WEEKDAYS: dict[str, int] = mapping("dates", "WEEKDAYS", int)
RELATIVE_DAYS: dict[str, int] = mapping("dates", "RELATIVE_DAYS", int)
#: Parts of a day after a weekday ("Tuesday night" -> "on the night of June 11, 2024").
DAY_PARTS: frozenset[str] = words("dates", "DAY_PARTS")
#: Words that put a statement's weekday ahead of publication ("will vote on Thursday").
FUTURE_MARKERS: frozenset[str] = words("dates", "FUTURE_MARKERS")
#: Relative years and months -> offset from the claim's date (statements name the period).
RELATIVE_YEARS: dict[str, int] = mapping("dates", "RELATIVE_YEARS", int)
RELATIVE_MONTHS: dict[str, int] = mapping("dates", "RELATIVE_MONTHS", int)
#: Words that make "the last year" a span back from now, not a calendar year.
PERIOD_SPAN_WORDS: frozenset[str] = words("dates", "PERIOD_SPAN_WORDS")
#: Words after which a resolved period stands without "in" ("since 2018").
PERIOD_PREPOSITIONS: frozenset[str] = words("dates", "PERIOD_PREPOSITIONS")
TITLE_SMALL_WORDS: frozenset[str] = words("furniture", "TITLE_SMALL_WORDS")
