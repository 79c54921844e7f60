"""Claimants: from a source noun phrase to a normalised name and a CLAIMS.md claimant type.

* Name: a person is named by the name alone ("military intelligence head Kyrylo Budanov"
  -> "Kyrylo Budanov"); a body or an unnamed source by its noun phrase without relative
  clauses, appositions and parentheses ("South Korea's National Intelligence Service
  (NIS)" -> "South Korea's National Intelligence Service", "a Western diplomat familiar
  with the matter" -> "a Western diplomat").
* Resolution, per article: a surname alone takes the full name seen in the article
  ("Budanov" -> "Kyrylo Budanov"), an acronym its expansion ("NIS"), a pronoun the most
  recent person ("he", "she"), group ("they") or body ("it") mentioned before it, and a
  definite description ("the official", "the diplomat") the earlier claimant it describes.
* Type: the words of the whole description (titles, appositions, earlier mentions) are
  matched against the lexicons in a fixed order; see `claimant_type`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.statements import span_text
from extraction.schema import ClaimantType

_LEFT_KEEP = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "npadvmod"}
)
_LOCATIVE_PREPS = lexicon.LOCATIVE_PREPOSITIONS
_RELATIVES = lexicon.RELATIVE_PRONOUNS
_PAREN = re.compile(r"\s*\([^)]*\)")
_SPACES = re.compile(r"\s+")
_ORGISH_HEADS = lexicon.ORGANISATION_HEADS
_SHORT_UPPER_ONLY = lexicon.SHORT_UPPERCASE_NAMES
_STRONG_GOVERNMENT = lexicon.STRONG_GOVERNMENT_WORDS


@dataclass
class SourceMention:
    """A source noun phrase as written, before resolution against the article."""

    name: str
    description: str
    head: Token
    is_person: bool = False
    is_plural: bool = False
    pronoun: str | None = None
    generic_head: str | None = None  # "official" in "the official" (no name)
    anonymous: bool = False
    named_entity: str = ""  # spaCy label of the head ("GPE", "ORG", ...)


@dataclass
class Resolved:
    """A resolved claimant: its name (None for the reporting publication) and type."""

    name: str | None
    type: ClaimantType
    is_person: bool = False
    is_plural: bool = False


@dataclass
class _Person:
    full_name: str
    descriptions: list[str] = field(default_factory=list)


def _text(doc: Doc, tokens: Iterable[Token]) -> str:
    """Text of tokens from the first to the last, as written (whitespace folded)."""
    return _SPACES.sub(" ", span_text(tokens)).strip()


def _clean_name(name: str) -> str:
    """Drop parentheses and edge punctuation; fold whitespace."""
    cleaned = _PAREN.sub("", name)
    cleaned = cleaned.strip(" ,;:-—–\"'“”‘’")
    return _SPACES.sub(" ", cleaned).strip()


def strip_article(name: str) -> str:
    """Normalise a leading article: "the Pentagon" / "The Pentagon" -> "Pentagon" (but
    "The Washington Post" stays), "The army" -> "the army", "A source" -> "a source"."""
    if re.match(r"^(?:the|The)\s+[A-Z]", name) and not _is_media(name):
        return re.sub(r"^(?:the|The)\s+", "", name)
    if re.match(r"^(?:The|A|An)\s+[a-z]", name) or re.match(r"^(?:A|An)\s", name):
        return name[0].lower() + name[1:]
    return name


def _subtree_without(token: Token, cut: frozenset[str]) -> set[Token]:
    """`token`'s subtree without the subtrees of children whose dependency is in `cut`."""
    kept: set[Token] = {token}
    for child in token.children:
        if child.dep_ in cut:
            continue
        kept |= _subtree_without(child, cut)
    return kept


_CUT = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis"})


def _np_tokens(head: Token, generic: bool) -> set[Token]:
    """The core noun phrase of `head`: left modifiers and "of"-phrases (and locative
    phrases for generic heads: "sources in HUR"), without clauses and appositions."""
    kept: set[Token] = {head}
    for child in head.lefts:
        if child.dep_ in _LEFT_KEEP or (child.dep_ == "punct" and child.text in {"-", "–"}):
            kept |= _subtree_without(child, _CUT)
    for child in head.rights:
        if child.dep_ == "case":
            kept.add(child)
        elif (
            (
                child.dep_ == "prep"
                and (child.lower_ == "of" or (generic and child.lower_ in _LOCATIVE_PREPS))
            )
            or _name_continues(head, child)
            or child.dep_ in {"compound", "flat", "nummod"}
            or (
                child.dep_ == "amod"
                and child.lower_ in lexicon.SOURCE_POSTMODIFIERS
                and head.lemma_.lower() in lexicon.BARE_SOURCE_HEADS
            )
        ):
            kept |= _subtree_without(child, _CUT)
    # keep the phrase contiguous: stop at the first gap after the head
    ordered = sorted(kept, key=lambda token: token.i)
    contiguous = [token for token in ordered if token.i <= head.i]
    for token in ordered:
        if token.i > head.i and token.i == contiguous[-1].i + 1:
            contiguous.append(token)
    return set(contiguous)


#: Claimant types a bare "the company" / "the agency" may refer back to when no earlier
#: name holds the noun; other nouns ("the ministry") need a name that holds them.
_DESCRIPTION_TYPES: dict[str, frozenset[ClaimantType]] = {
    **{noun: frozenset({ClaimantType.other}) for noun in lexicon.COMPANY_NOUNS},
    **{
        noun: frozenset({ClaimantType.government, ClaimantType.international_organization})
        for noun in ("agency", "organisation", "organization")
    },
}


def _name_continues(head: Token, child: Token) -> bool:
    """True for the "for"-phrase of a body's proper name ("Office for National
    Statistics", "Centers for Disease Control"): a capitalised object after a name."""
    if head.pos_ != "PROPN" or child.dep_ != "prep" or child.lower_ != "for":
        return False
    objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
    return bool(objects) and objects[0].pos_ == "PROPN" and objects[0].text[:1].isupper()


def person_run(head: Token) -> list[Token]:
    """The name tokens ending at `head`: proper nouns left of it, stopping at titles."""
    if head.pos_ != "PROPN":
        return []
    doc = head.doc
    run = [head]
    index = head.i - 1
    while index >= 0:
        token = doc[index]
        if token.text in {"-", "–"} and index > 0 and doc[index - 1].pos_ == "PROPN":
            run.insert(0, token)
            index -= 1
            continue
        if token.pos_ != "PROPN" or token.lower_ in lexicon.TITLE_WORDS:
            break
        if token.ent_type_ in {"GPE", "NORP"} and head.ent_type_ != token.ent_type_:
            break
        if token.whitespace_ == "" and token.text.endswith("'s"):
            break
        run.insert(0, token)
        index -= 1
    # a trailing "-won" token belongs to the name as well
    return run


def _looks_like_person(head: Token, run: list[Token], known_surnames: set[str]) -> bool:
    """Heuristic: the run of proper nouns ending at `head` names a person."""
    if not run:
        return False
    words = {token.lower_ for token in run}
    if words & _ORGISH_HEADS or words & lexicon.MEDIA_WORDS or words & lexicon.INTELLIGENCE_WORDS:
        return False
    if head.lower_ in lexicon.MEDIA_NAME_ENDINGS:
        return False
    if any(token.ent_type_ == "PERSON" for token in run):
        return True
    if head.ent_type_ in {"GPE", "NORP", "LOC", "FAC"}:
        return False
    if head.lower_ in known_surnames:
        return True
    before = head.doc[run[0].i - 1] if run[0].i > 0 else None
    titled = before is not None and before.lower_ in lexicon.TITLE_WORDS
    proper = [token for token in run if token.pos_ == "PROPN"]
    return titled and 2 <= len(proper) <= 4


def _is_plural(head: Token) -> bool:
    """True for plural heads and coordinated sources."""
    return head.tag_ in {"NNS", "NNPS"} or any(child.dep_ == "conj" for child in head.children)


def _appositive(head: Token) -> Token | None:
    """The apposition of the source phrase, if any ("Park Sun-won, a member of ...",
    "The head of Ukraine's intelligence, Kyrylo Budanov"), searched in its "of"-phrases
    too, where the parser often attaches it."""
    for child in head.children:
        if child.dep_ == "appos":
            return child
    for token in head.subtree:
        in_of_phrase = (
            token.head.dep_ == "pobj"
            and token.head.head.lower_ == "of"
            and token.head.head.head.i == head.i
        )
        if token.dep_ == "appos" and token.head.i != head.i and in_of_phrase:
            return token
    return None


def _surface_appositive(core: set[Token]) -> Token | None:
    """A name set off by commas right after the phrase ("HUR's chief, Kyrylo Budanov.")
    that the parser attached elsewhere: the name's last token."""
    if not core:
        return None
    last = max(core, key=lambda token: token.i)
    doc = last.doc
    index = last.i + 1
    if index >= len(doc) - 1 or doc[index].text != ",":
        return None
    end = index + 1
    while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].text in {"-", "–"}):
        end += 1
    name = doc[index + 1 : end]
    closed = end >= len(doc) or doc[end].is_punct or doc[end].is_space
    if len(name) >= 2 and closed and any(token.ent_type_ == "PERSON" for token in name):
        return doc[end - 1]
    return None


def describe(head: Token, known_surnames: set[str] | None = None) -> SourceMention:
    """The source noun phrase headed by `head`: name, description and features."""
    known = known_surnames or set()
    doc = head.doc
    if head.lower_ in lexicon.PRONOUNS:
        return SourceMention(
            name=head.text,
            description=head.text,
            head=head,
            pronoun=head.lower_,
            is_plural=head.lower_ in {"they", "we"},
            is_person=lexicon.PRONOUNS[head.lower_] == "person",
        )
    lemma = head.lemma_.lower()
    generic = head.pos_ == "NOUN" and (
        lemma in lexicon.ANONYMOUS_HEADS or lemma in lexicon.EXPERT_WORDS
    )
    core = _np_tokens(head, generic)
    appos = _appositive(head) or _surface_appositive(core)
    description_tokens = set(core)
    if appos is not None:
        description_tokens |= _subtree_without(appos, frozenset({"relcl", "acl"}))
    description = _clean_name(_text(doc, description_tokens))
    run = person_run(head)
    if _looks_like_person(head, run, known):
        name = _clean_name(_text(doc, run))
        return SourceMention(
            name=name, description=description, head=head, is_person=True, named_entity="PERSON"
        )
    if appos is not None:
        appos_run = person_run(appos)
        if _looks_like_person(appos, appos_run, known) or appos.ent_type_ == "PERSON":
            return SourceMention(
                name=_clean_name(_text(doc, appos_run or [appos])),
                description=description,
                head=appos,
                is_person=True,
                named_entity="PERSON",
            )
    name = _clean_name(_text(doc, core))
    determiners = {child.lower_ for child in head.lefts if child.dep_ in {"det", "nummod"}}
    has_possessive = any(child.dep_ == "poss" for child in head.lefts)
    proper = head.pos_ == "PROPN"
    organisational = (
        any(token.ent_type_ in {"ORG", "GPE"} and token.i < head.i for token in core)
        or has_possessive
    )
    anonymous = (
        generic
        and lemma not in lexicon.EXPERT_WORDS
        and not proper
        and (
            bool(determiners & lexicon.INDEFINITE_DETERMINERS)
            or any(token.lower_ in lexicon.ANONYMITY_WORDS for token in core)
            or head.tag_ == "NNS"
            or not organisational
        )
    )
    titled = head.pos_ == "NOUN" and lemma in lexicon.PERSON_TITLES
    definite_generic = (
        lemma
        if (generic or titled) and "the" in determiners and not has_possessive and not proper
        else None
    )
    return SourceMention(
        name=name,
        description=description,
        head=head,
        is_plural=_is_plural(head),
        generic_head=definite_generic,
        anonymous=anonymous,
        named_entity=head.ent_type_,
    )


def source_mentions(head: Token, known_surnames: set[str] | None = None) -> list[SourceMention]:
    """One mention per coordinated proper source ("Ukraine and South Korea" -> two)."""
    mentions = [describe(head, known_surnames)]
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ == "PROPN":
            mentions.append(describe(child, known_surnames))
            mentions.extend(
                describe(grand, known_surnames)
                for grand in child.children
                if grand.dep_ == "conj" and grand.pos_ == "PROPN"
            )
    if len(mentions) > 1:
        for mention in mentions:
            mention.is_plural = mention.head.tag_ in {"NNS", "NNPS"}
    return mentions


def _words(text: str) -> list[str]:
    """Words of a description as they are written (case kept)."""
    return re.findall(r"[A-Za-z][\w.'’-]*|[A-Z]{2,}", text)


_SPLIT_CACHE: dict[int, tuple[frozenset[str], frozenset[str], tuple[str, ...]]] = {}


def _split_lexicon(
    entries: frozenset[str],
) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(single words, capitals-only acronyms, multi-word phrases) of a lexicon, cached."""
    key = id(entries)
    cached = _SPLIT_CACHE.get(key)
    if cached is None:
        upper = frozenset(entry for entry in entries if entry in _SHORT_UPPER_ONLY)
        single = frozenset(entry for entry in entries if " " not in entry) - upper
        multi = tuple(entry for entry in entries if " " in entry)
        cached = (single, upper, multi)
        _SPLIT_CACHE[key] = cached
    return cached


def _hit(text: str, entries: frozenset[str]) -> bool:
    """True when a lexicon entry occurs in `text` as a word or phrase (acronyms in capitals;
    a plural "s" and a possessive "'s" are ignored)."""
    words = [re.sub(r"['’]s$", "", word) for word in _words(text)]
    single, upper, multi = _split_lexicon(entries)
    folded = [word.lower() for word in words]
    candidates = set(folded) | {word.rstrip(".'’") for word in folded}
    candidates |= {word[:-1] for word in candidates if word.endswith("s")}
    if candidates & single:
        return True
    if upper and {word.rstrip(".") for word in words} & {entry.upper() for entry in upper}:
        return True
    if multi:
        joined = " " + " ".join(word.rstrip(".'’") for word in folded) + " "
        return any(f" {entry} " in joined or f" {entry}s " in joined for entry in multi)
    return False


def _possessive_split(text: str) -> str:
    """The part of a description after the last possessive ("Ukraine's army" -> "army")."""
    return re.split(r"['’]s\s", text)[-1]


def claimant_type(mention: SourceMention, extra_descriptions: Iterable[str] = ()) -> ClaimantType:
    """CLAIMS.md claimant type of a source, from its description and lexicons.

    Order: anonymous (unnamed generic person or group) and expert groups first, then
    international organisations, media, companies and unions (other), parliaments
    (government), intelligence,
    experts and former officials, strong government words (ministry, president),
    military, other government words, countries and cities (government), else other.
    """
    description = " ; ".join([mention.description, *extra_descriptions])
    head_lemma = mention.head.lemma_.lower()
    if mention.anonymous and head_lemma not in lexicon.EXPERT_WORDS:
        return ClaimantType.anonymous
    if head_lemma in lexicon.EXPERT_WORDS and not mention.is_person:
        return ClaimantType.expert
    if _hit(description, lexicon.INTERNATIONAL_WORDS):
        return ClaimantType.international_organization
    if not mention.is_person and (
        _is_media(mention.name) or _hit(description, lexicon.MEDIA_WORDS)
    ):
        return ClaimantType.media
    if _hit(description, lexicon.BUSINESS_WORDS):
        return ClaimantType.other
    if _hit(description, lexicon.PARLIAMENT_WORDS):
        return ClaimantType.government
    if _hit(description, lexicon.INTELLIGENCE_WORDS):
        return ClaimantType.intelligence
    if _hit(description, lexicon.EXPERT_WORDS):
        return ClaimantType.expert
    if _hit(description, _STRONG_GOVERNMENT):
        return ClaimantType.government
    if _hit(description, lexicon.MILITARY_WORDS):
        return ClaimantType.military
    if _hit(description, lexicon.GOVERNMENT_WORDS):
        return ClaimantType.government
    if mention.named_entity == "GPE" and not mention.is_person:
        return ClaimantType.government
    if mention.generic_head is not None or mention.anonymous:
        return ClaimantType.anonymous
    return ClaimantType.other


def _is_media(name: str) -> bool:
    """True for a publication's name ("Reuters", "The Washington Post", "the War Zone")."""
    words = _words(name)
    if not words:
        return False
    first = next((word for word in words if word.lower() != "the"), "")
    if _hit(name, lexicon.MEDIA_WORDS - {"press", "media"}) and first[:1].isupper():
        return True
    capitalised = all(word[:1].isupper() for word in words if word.lower() not in {"the", "of"})
    return capitalised and words[-1].lower() in lexicon.MEDIA_NAME_ENDINGS


def is_media_name(name: str) -> bool:
    """Public wrapper: True when `name` reads as a publication or news agency."""
    return _is_media(name)


_ACRONYM = re.compile(
    r"((?:[A-Z][\w’'.-]*(?:['’]s)?\s+(?:(?:of|for|and|the|on|to)\s+)*){1,7})\(([A-Z][A-Za-z]{1,7})\)"
)
_SELF_VERBS = (
    r"(?:contacted|has contacted|reached out|has reached out|has not been able|"
    r"could not (?:independently )?(?:verify|confirm)|"
    r"cannot (?:independently )?(?:verify|confirm)|was unable|is unable|has asked|asked|"
    r"has not independently|did not receive|has not received|had not received|news desk)"
)
_SELF = re.compile(r"((?:The\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+" + _SELF_VERBS)


def acronyms(text: str) -> dict[str, str]:
    """Acronym -> long name from "South Korea's National Intelligence Service (NIS)"."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        long_name = _SPACES.sub(" ", match.group(1)).strip()
        long_name = re.sub(r"^(?:According\s+to\s+)?(?:(?:The|A|An)\s+)?", "", long_name)
        if len(long_name.split()) >= 2:
            found.setdefault(match.group(2), long_name)
    return found


def self_names(text: str, publication: str | None) -> list[str]:
    """Names under which the article refers to its own publication."""
    names = [publication] if publication else []
    for match in _SELF.finditer(text):
        candidate = match.group(1).strip()
        if _is_media(candidate):
            names.append(candidate)
    return names


def _fold(name: str) -> str:
    """A name folded for comparison: lower case, no "the", no punctuation."""
    lowered = re.sub(r"[^\w\s]", " ", name.lower())
    lowered = re.sub(r"^\s*the\s+", "", lowered)
    return _SPACES.sub(" ", lowered).strip()


@dataclass
class _Entry:
    name: str
    type: ClaimantType
    kind: str  # person | group | body
    anonymous: bool
    head_lemma: str
    sentence: int
    named_entity: str = ""


class ClaimantResolver:
    """Per-article resolution of source mentions to claimants (surnames, acronyms,
    pronouns, definite descriptions, the reporting publication)."""

    def __init__(self, text: str, publication: str | None, sentences: list[Span]) -> None:
        """Index the people, acronyms and self-references of one article."""
        self._aliases = acronyms(text)
        self._self = [_fold(name) for name in self_names(text, publication)]
        self._people: dict[str, _Person] = {}
        self._history: list[_Entry] = []
        self._mentions: list[tuple[int, int, _Entry]] = []  # (sentence, token index, entry)
        self._index_people(sentences)

    # ---------------------------------------------------------------- indexing
    def _index_people(self, sentences: list[Span]) -> None:
        """Collect full names and their descriptions from PERSON entities and titled names."""
        for sentence in sentences:
            for entity in sentence.ents:
                if entity.label_ == "PERSON" and len(entity) >= 2:
                    self._add_person(entity.root)
            for token in sentence:
                if token.pos_ == "PROPN" and token.dep_ != "compound":
                    run = person_run(token)
                    if run and len(run) >= 2 and _looks_like_person(token, run, set()):
                        self._add_person(token)
        for sentence in sentences:
            for token in sentence:
                if token.pos_ == "PROPN" and token.lower_ in self._people:
                    mention = describe(token, self.surnames)
                    if not mention.is_person:
                        continue
                    descriptions = self._people[token.lower_].descriptions
                    descriptions.append(mention.description)
                    if token.dep_ == "appos":
                        host = token.head
                        while host.dep_ == "pobj" and host.head.head.i != host.head.i:
                            host = host.head.head
                        descriptions.append(describe(host, self.surnames).description)

    def _add_person(self, head: Token) -> None:
        """Register the person whose name ends at `head`."""
        run = person_run(head)
        if not run:
            return
        name = _clean_name(_text(head.doc, run))
        surname = run[-1].lower_
        known = self._people.get(surname)
        if known is None or len(name) > len(known.full_name):
            self._people[surname] = _Person(full_name=name, descriptions=[])

    @property
    def surnames(self) -> set[str]:
        """Lower-cased surnames of the people named in the article."""
        return set(self._people)

    def person_descriptions(self, name: str) -> list[str]:
        """Every description seen for the person `name` (titles, appositions)."""
        person = self._people.get(name.split()[-1].lower()) if name.split() else None
        return person.descriptions if person else []

    # ---------------------------------------------------------------- helpers
    def is_self(self, name: str | None) -> bool:
        """True when `name` is the reporting publication."""
        if not name:
            return False
        folded = _fold(name)
        return any(folded == own or fuzz.ratio(folded, own) >= 90 for own in self._self if own)

    def _expand(self, mention: SourceMention) -> SourceMention:
        """Full name for a surname, long name for an acronym."""
        bare = re.sub(r"^(?:the|The)\s+", "", mention.name)
        if bare in self._aliases:
            mention.name = self._aliases[bare]
            mention.description = f"{mention.description} ; {mention.name}"
            return mention
        words = bare.split()
        if words and (mention.is_person or len(words) == 1):
            person = self._people.get(words[-1].lower())
            fits = person is not None and len(person.full_name) >= len(bare)
            if (
                fits
                and person is not None
                and (person.full_name.lower().endswith(bare.lower()) or len(words) == 1)
            ):
                mention.name = person.full_name
                mention.is_person = True
        return mention

    def _kind(self, mention: SourceMention) -> str:
        if mention.is_person:
            return "person"
        head = mention.head
        if (
            head.pos_ == "PROPN"
            and head.ent_type_ in {"", "PERSON"}
            and head.lower_ not in _ORGISH_HEADS
            and not _is_media(mention.name)
        ):
            return "maybe_person"
        if mention.is_plural:
            return "group"
        if mention.head.lemma_.lower() in lexicon.ANONYMOUS_HEADS:
            return "person"
        return "body"

    def _type(self, mention: SourceMention) -> ClaimantType:
        extra = self.person_descriptions(mention.name) if mention.is_person else []
        return claimant_type(mention, extra)

    def _lookup(
        self,
        kinds: tuple[str, ...],
        sentence: int,
        token_i: int,
        claimants_only: bool = False,
        within: int = 4,
    ) -> _Entry | None:
        """Most recent entry of one of `kinds` before (sentence, token), at most `within`
        sentences back."""
        best: tuple[int, int, _Entry] | None = None
        for entry_sentence, entry_token, entry in self._mentions:
            if claimants_only and entry not in self._history:
                continue
            if entry.kind not in kinds or sentence - entry_sentence > within:
                continue
            if (entry_sentence, entry_token) >= (sentence, token_i):
                continue
            if best is None or (entry_sentence, entry_token) > best[:2]:
                best = (entry_sentence, entry_token, entry)
        return best[2] if best else None

    # ---------------------------------------------------------------- public
    def note_subjects(self, sentence: Span, index: int) -> None:
        """Remember the people and bodies that are subjects in a sentence (pronoun targets)."""
        for token in sentence:
            if token.dep_ not in {"nsubj", "nsubjpass"} or token.lower_ in lexicon.PRONOUNS:
                continue
            if token.lower_ in _RELATIVES or token.pos_ not in {"PROPN", "NOUN"}:
                continue
            mention = self._expand(describe(token, self.surnames))
            if not mention.is_person and token.pos_ != "PROPN":
                continue
            entry = _Entry(
                name=mention.name,
                type=self._type(mention),
                kind=self._kind(mention),
                anonymous=mention.anonymous,
                head_lemma=token.lemma_.lower(),
                sentence=index,
            )
            self._mentions.append((index, token.i, entry))

    def resolve(self, mention: SourceMention, sentence: int) -> Resolved | None:
        """The claimant a mention refers to; None when it cannot be resolved."""
        if mention.pronoun is not None:
            return self._resolve_pronoun(mention, sentence)
        if mention.generic_head is not None:
            earlier = self._resolve_description(mention, sentence)
            if earlier is not None:
                self._remember(earlier, mention, sentence)
                return Resolved(earlier.name, earlier.type, earlier.kind == "person")
        body = self._organisation_antecedent(mention, sentence)
        if body is not None:
            self._remember(body, mention, sentence)
            return Resolved(body.name, body.type)
        mention = self._expand(mention)
        if self.is_self(mention.name):
            return Resolved(None, ClaimantType.media)
        resolved = Resolved(
            name=strip_article(mention.name),
            type=self._type(mention),
            is_person=mention.is_person,
            is_plural=mention.is_plural,
        )
        entry = _Entry(
            name=resolved.name or "",
            type=resolved.type,
            kind=self._kind(mention),
            anonymous=mention.anonymous or resolved.type is ClaimantType.anonymous,
            head_lemma=mention.head.lemma_.lower(),
            sentence=sentence,
            named_entity=mention.named_entity,
        )
        self._history.append(entry)
        self._mentions.append((sentence, mention.head.i, entry))
        return resolved

    def _organisation_antecedent(self, mention: SourceMention, sentence: int) -> _Entry | None:
        """The named body that "the company" / "the agency" / "the statistics office" refers
        to (one whose name holds the noun, else for company and agency nouns the latest
        named body of a fitting type within three sentences), or the full name a short
        name abbreviates ("Harlow" after "Harlow Foods")."""
        head = mention.head
        if mention.is_person or mention.pronoun is not None:
            return None
        named = [
            entry
            for entry in reversed(self._history)
            if entry.kind in {"body", "group", "maybe_person"}
            and any(char.isupper() for char in entry.name)
        ]
        if head.pos_ == "PROPN" and " " not in mention.name:
            for entry in named:
                if entry.name.startswith(mention.name + " "):
                    return entry
            return None
        lemma = head.lemma_.lower()
        determiners = {child.lower_ for child in head.lefts if child.dep_ == "det"}
        proper = any(token.pos_ == "PROPN" for token in head.subtree)
        if lemma not in lexicon.ORGANISATION_NOUNS or "the" not in determiners or proper:
            return None
        for entry in named:
            if re.search(rf"\b{re.escape(lemma)}\b", entry.name, re.IGNORECASE):
                return entry
        wanted = _DESCRIPTION_TYPES.get(lemma, frozenset())
        recent = [
            entry
            for entry in named
            if sentence - entry.sentence <= 3
            and entry.named_entity not in {"GPE", "NORP"}
            and entry.type in wanted
        ]
        return recent[0] if recent else None

    def _remember(self, entry: _Entry, mention: SourceMention, sentence: int) -> None:
        self._mentions.append((sentence, mention.head.i, entry))

    def _resolve_pronoun(self, mention: SourceMention, sentence: int) -> Resolved | None:
        kind = lexicon.PRONOUNS.get(mention.pronoun or "", "")
        kinds: tuple[str, ...]
        if kind == "person":
            kinds = ("person", "maybe_person")
        elif kind in {"group", "body"}:
            kinds = ("group", "body") if kind == "group" else ("body", "group")
        else:
            return None
        entry = self._lookup(kinds, sentence, mention.head.i, claimants_only=kind != "person")
        if entry is None:
            return None
        self._mentions.append((sentence, mention.head.i, entry))
        if not entry.name:
            return Resolved(None, ClaimantType.media)
        return Resolved(
            entry.name, entry.type, entry.kind in {"person", "maybe_person"}, entry.kind == "group"
        )

    def _titled_person(self, mention: SourceMention, sentence: int) -> _Entry | None:
        """The one person the article describes with the description's title ("President
        Barack Obama" for "the president"), or None when there is none or several."""
        title = mention.head.lemma_.lower()
        if title not in lexicon.PERSON_TITLES:
            return None
        pattern = re.compile(rf"\b{re.escape(title)}\b", re.IGNORECASE)
        matches = [
            person
            for person in self._people.values()
            if any(pattern.search(text) for text in person.descriptions)
        ]
        if len(matches) != 1:
            return None
        person = matches[0]
        mention_type = claimant_type(
            replace(
                mention,
                name=person.full_name,
                description=" ; ".join(person.descriptions),
                is_person=True,
                anonymous=False,
                generic_head=None,
            )
        )
        return _Entry(person.full_name, mention_type, "person", False, title, sentence)

    def _resolve_description(self, mention: SourceMention, sentence: int) -> _Entry | None:
        """The earlier claimant that "the official" / "the diplomat" / "the Ukrainian
        intelligence chief" refers to: same head noun, else (within four sentences) an
        anonymous source for "the official", or a person of the same claimant type."""
        lemma = mention.generic_head or ""
        for entry in reversed(self._history):
            if entry.head_lemma == lemma:
                return entry
        recent = [entry for entry in self._history if sentence - entry.sentence <= 4]
        if lemma in lexicon.ANONYMOUS_HEADS:
            for entry in reversed(recent):
                if entry.anonymous:
                    return entry
        titled = self._titled_person(mention, sentence)
        if titled is not None:
            return titled
        wanted = claimant_type(mention)
        if wanted not in {ClaimantType.other, ClaimantType.anonymous}:
            for entry in reversed(recent):
                if entry.kind == "person" and entry.type is wanted:
                    return entry
        if mention.head.lemma_.lower() in lexicon.PERSON_TITLES:
            return self._lookup(("person",), sentence, mention.head.i, within=2)
        return None

    def resolve_via(self, head: Token, sentence: int, require_media: bool = False) -> str | None:
        """The intermediary's name ("the War Zone" -> "The War Zone"); None for the
        reporting publication, an unresolved pronoun, or (with `require_media`) anything
        that is not a publication."""
        mention = describe(head, self.surnames)
        if require_media and (mention.is_person or not _is_media(mention.name)):
            return None
        if mention.pronoun is not None:
            resolved = self._resolve_pronoun(mention, sentence)
            return resolved.name if resolved else None
        mention = self._expand(mention)
        if self.is_self(mention.name):
            return None
        name = mention.name
        if name.lower().startswith("the ") and not name.startswith("The "):
            name = "The " + name[4:]
        return name
