"""Per-article resolution of source mentions to claimants: a surname alone takes the
full name seen in the article, an acronym its expansion, a pronoun the most recent
person, group or body before it, a definite description ("the official") the earlier
claimant it describes, and the publication itself becomes a null claimant.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz
from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.acronyms import (
    acronyms,
    expand_initialism,
    initialisms,
    self_names,
)
from extraction.engines.rules.claimant_types import (
    claimant_type,
)
from extraction.engines.rules.mentions import (
    _ORGISH_HEADS,
    Resolved,
    SourceMention,
    describe,
)
from extraction.engines.rules.names import (
    _fold,
    _is_media,
    strip_article,
)
from extraction.engines.rules.owners import (
    document_owner,
    is_bare_document,
    is_unowned_statement,
    latest_body,
    main_body,
    named_bodies,
)
from extraction.engines.rules.people import Person, index_people
from extraction.engines.rules.source_entries import (
    _Entry,
    _origin_words,
    _same_origin,
    _speaker_group,
)
from extraction.schema import ClaimantType

_RELATIVES = lexicon.RELATIVE_PRONOUNS


#: Claimant types a bare "the company" / "the agency" may refer back to when no earlier
#: name holds the noun; other nouns ("the ministry") need a name that holds them.
_DESCRIPTION_TYPES: dict[str, frozenset[ClaimantType]] = {
    **{noun: frozenset({ClaimantType.other}) for noun in lexicon.COMPANY_NOUNS},
    **{
        noun: frozenset({ClaimantType.government, ClaimantType.international_organization})
        for noun in ("agency", "organisation", "organization")
    },
    **{noun: frozenset({ClaimantType.media}) for noun in lexicon.MEDIA_NOUNS},
}
#: Head nouns of a definite description that refers back to a named body or publication.
_REFERRING_NOUNS = lexicon.ORGANISATION_NOUNS | lexicon.MEDIA_NOUNS


class ClaimantResolver:
    """Per-article resolution of source mentions to claimants (surnames, acronyms,
    pronouns, definite descriptions, the reporting publication)."""

    def __init__(self, text: str, publication: str | None, sentences: list[Span]) -> None:
        """Index the people, acronyms and self-references of one article."""
        self._aliases = acronyms(text)
        self._initialisms = initialisms(text)
        self._bodies = named_bodies(sentences)
        self._self = [_fold(name) for name in self_names(text, publication)]
        self._people: dict[str, Person] = index_people(sentences)
        self._history: list[_Entry] = []
        self._mentions: list[tuple[int, int, _Entry]] = []  # (sentence, token index, entry)
        self._documents: dict[str, Resolved | None] = {}  # "report" -> its author

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
        long_name = expand_initialism(bare, self._initialisms)
        if long_name is not None:
            mention.name = long_name
            mention.description = f"{mention.description} ; {long_name}"
            return mention
        words = bare.split()
        long_name = self._long_name(mention, words)
        if long_name is not None:
            mention.name = long_name
            mention.description = f"{mention.description} ; {long_name}"
            return mention
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

    def _long_name(self, mention: SourceMention, words: list[str]) -> str | None:
        """The full name an organisation's one-word short name stands for ("Northgrid" ->
        "Northgrid Interconnection"): the first body named in the article whose name
        starts with that word. Only for a mention the parser tags as an organisation (a
        country is no short name of "Russia Today")."""
        if len(words) != 1 or mention.is_person or mention.head.ent_type_ != "ORG":
            return None
        word = words[0]
        if not word[:1].isupper() or word.lower() in self.surnames:
            return None
        for body in self._bodies:
            parts = body.name.split()
            if len(parts) >= 2 and parts[0] == word:
                return body.name
        return None

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
            if not mention.is_person and token.pos_ != "PROPN" and not _speaker_group(token):
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
        owner = document_owner(mention.head)
        if owner is not None:
            author = self.resolve(describe(owner, self.surnames), sentence)
            self._documents[mention.head.lemma_.lower()] = author
            return author
        if is_bare_document(mention.head) and mention.head.lemma_.lower() in self._documents:
            return self._documents[mention.head.lemma_.lower()]
        if is_unowned_statement(mention.head):
            speaker = self._recent_speaker(sentence)
            if speaker is not None:
                self._remember(speaker, mention, sentence)
                return Resolved(speaker.name, speaker.type, speaker.kind == "person")
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
        named body of a fitting type within three sentences, else the one of that type the
        article named most often before it), or the full name a short name abbreviates
        ("Harlow" after "Harlow Foods")."""
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
        if lemma not in _REFERRING_NOUNS or "the" not in determiners or proper:
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
        if recent:
            return recent[0]
        before = (sentence, mention.head.i)
        body = latest_body(self._bodies, before, wanted, self.surnames) or main_body(
            self._bodies, before, wanted, self.surnames
        )
        return None if body is None else _Entry(body[0], body[1], "body", False, lemma, sentence)

    def _recent_speaker(self, sentence: int) -> _Entry | None:
        """The latest named claimant of this or the two sentences before (whose statement
        "a statement said" is)."""
        for entry in reversed(self._history):
            if sentence - entry.sentence > 2:
                return None
            if entry.name and not entry.anonymous:
                return entry
        return None

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
        if entry is None and kind == "group":
            entry = self._speaking_group(sentence, mention.head.i)
        if entry is None:
            return None
        self._mentions.append((sentence, mention.head.i, entry))
        if not entry.name:
            return Resolved(None, ClaimantType.media)
        return Resolved(
            entry.name, entry.type, entry.kind in {"person", "maybe_person"}, entry.kind == "group"
        )

    def _speaking_group(self, sentence: int, token_i: int) -> _Entry | None:
        """The latest group of speakers ("the defence lawyers") that was a subject in this
        or the two sentences before: what "they said" refers to when no claimant fits."""
        entry = self._lookup(("group",), sentence, token_i, within=2)
        if entry is None or entry.head_lemma not in lexicon.SPEAKER_GROUP_HEADS:
            return None
        return entry

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
        origins = _origin_words(mention.head)
        for entry in reversed(self._history):
            if entry.head_lemma == lemma and _same_origin(entry, origins):
                return entry
        recent = [entry for entry in self._history if sentence - entry.sentence <= 4]
        if lemma in lexicon.ANONYMOUS_HEADS:
            for entry in reversed(recent):
                if entry.anonymous and _same_origin(entry, origins):
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
            found = self._lookup(("person",), sentence, mention.head.i, within=2)
            return found if found is not None and _same_origin(found, origins) else None
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
