"""Find figures in a clause: value, unit and qualifier ("close to 11,000 troops" -> about).

A figure is a number written in digits ("11,000", "1.5 million", "$1.1 billion", "3%")
or a number word counting a noun ("three generals"). Years, dates, times, ages, ordinals,
numbers inside names ("11th brigade", "F-16") and vague plurals ("thousands") are not
figures. A range takes its upper bound with `at_most`, or the midpoint with `about` when
the range itself is qualified as approximate ("about 10,000 to 12,000"); "from A to B"
after a verb of change ("rose from 3% to 5%") is the new value B.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.number_context import excluded as _excluded
from extraction.engines.rules.number_context import is_duration as is_duration
from extraction.engines.rules.number_context import partitive_object
from extraction.engines.rules.numbers import parse_number as parse_number
from extraction.engines.rules.units import FALLBACK_UNIT as FALLBACK_UNIT
from extraction.engines.rules.units import (
    _unit,
    _unit_after,
)
from extraction.schema import Qualifier, Quantity

_RANGE_TOKEN = re.compile(r"^(\d[\d,.]*)[-–—](\d[\d,.]*)$")
_RANGE_WORDS = lexicon.RANGE_WORDS
#: Fractions after a whole number ("three and a half years" is 3.5), longest first.
_FRACTION_TAILS = sorted(
    ((tuple(words.split()), value) for words, value in lexicon.FRACTION_TAILS.items()),
    key=lambda item: -len(item[0]),
)


@dataclass(frozen=True)
class Figure:
    """One figure found in a clause."""

    value: float
    unit: str
    qualifier: Qualifier
    start: int  # doc index of the figure's first token
    end: int  # doc index after its last token
    digits: bool  # written in digits (preferred as the main figure)
    duration: bool = False  # a length of time ("18 months"): the main figure only alone

    def to_quantity(self) -> Quantity:
        """The schema's Quantity for this figure (cents and pence as their currency)."""
        currency = lexicon.CURRENCY_HUNDREDTHS.get(self.unit.lower())
        if currency is not None:
            return Quantity(value=self.value / 100, unit=currency, qualifier=self.qualifier)
        return Quantity(value=self.value, unit=self.unit, qualifier=self.qualifier)


def _words_before(token: Token, count: int) -> tuple[str, ...]:
    """Lower-cased texts of the `count` tokens before `token` (fewer at the doc start)."""
    start = max(0, token.i - count)
    return tuple(item.lower_ for item in token.doc[start : token.i])


#: Qualifier phrases before a figure, longest first.
_QUALIFIER_PHRASES = sorted(lexicon.QUALIFIERS_BEFORE.items(), key=lambda item: -len(item[0]))
#: Units of a change that a level may follow ("fell 7% to $2.3 billion").
_CHANGE_UNITS = frozenset({"percent", "points", "basis points", "percentage points"})
#: Words of those units that may stand between the change and "to".
_CHANGE_UNIT_WORDS = lexicon.PERCENT_WORDS | {"points", "point", "basis", "percentage", "cent"}
#: Articles a qualifier may stand before ("more than a dozen").
_ARTICLES = frozenset({"a", "an"})


def _qualifier_before(first: Token) -> tuple[Qualifier | None, Token]:
    """The qualifier phrase ending just before `first` (or before its currency symbol)."""
    anchor = first
    if anchor.i > 0 and anchor.doc[anchor.i - 1].lower_ in lexicon.CURRENCY_SYMBOLS:
        anchor = anchor.doc[anchor.i - 1]
    anchors = [anchor]
    if anchor.i > 0 and anchor.doc[anchor.i - 1].lower_ in _ARTICLES:
        anchors.append(anchor.doc[anchor.i - 1])  # "at least a dozen", "about a 31% chance"
    for start in anchors:
        for phrase, name in _QUALIFIER_PHRASES:
            if _words_before(start, len(phrase)) == phrase:
                opening = start.doc[start.i - len(phrase)]
                if _verb_particle(opening):
                    continue
                return Qualifier(name), opening
    return None, anchor


def _verb_particle(token: Token) -> bool:
    """The "up" of a verb before it ("ticked *up* to 4.1%", "have gone *up* to 4,000"): the
    figure is a new level, not a bound."""
    if token.lower_ != "up" or token.i == 0:
        return False
    verb = token.doc[token.i - 1]
    if token.dep_ == "prt" and token.head.i == verb.i:
        return True
    return verb.pos_ == "VERB" and verb.lemma_.lower() in lexicon.UP_PARTICLE_VERBS


def _qualifier_after(last: Token) -> Qualifier | None:
    """The qualifier phrase right after a figure or its noun ("or more", "+")."""
    doc = last.doc
    anchors = [last.i + 1]
    if last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "NOUN":
        anchors.append(last.i + 2)
    for start in anchors:
        for phrase, name in lexicon.QUALIFIERS_AFTER.items():
            words = tuple(item.lower_ for item in doc[start : start + len(phrase)])
            if words == phrase:
                return Qualifier(name)
    return None


def _number_at(token: Token) -> tuple[float, bool] | None:
    """(value, written in digits) when `token` is a number, else None."""
    value = parse_number(token.text)
    if value is None:
        return None
    return value, bool(re.match(r"\d", token.text))


def _scaled(tokens: Sequence[Token], position: int, value: float) -> tuple[float, int]:
    """Apply what follows a number to it: a fraction ("three and a half"), scale words
    ("1.5 million", "two dozen") and, after a currency symbol, a scale suffix the tokenizer
    split off ("€2.3m"); return value and next position."""
    for words, fraction in _FRACTION_TAILS:
        end = position + len(words)
        if end <= len(tokens) and tuple(t.lower_ for t in tokens[position:end]) == words:
            value, position = value + fraction, end
            break
    while position < len(tokens) and tokens[position].lower_ in lexicon.SCALES:
        value *= lexicon.SCALES[tokens[position].lower_]
        position += 1
    if position < len(tokens) and position > 0 and _glued_currency_suffix(tokens, position):
        value *= lexicon.SUFFIX_SCALES[tokens[position].lower_]
        position += 1
    return value, position


def _glued_currency_suffix(tokens: Sequence[Token], position: int) -> bool:
    """ "m" of "€2.3m": a scale suffix glued to an amount that follows a currency symbol
    ("100m" alone is a distance)."""
    suffix, number = tokens[position], tokens[position - 1]
    if suffix.lower_ not in lexicon.SUFFIX_SCALES or suffix.idx != number.idx + len(number):
        return False
    doc = number.doc
    return number.i > 0 and doc[number.i - 1].lower_ in lexicon.CURRENCY_SYMBOLS


def _range_end(
    tokens: Sequence[Token], position: int, words: bool = False
) -> tuple[float, int, Token] | None:
    """A range's upper bound starting at `position` ("to 12,000"), with where it ends; with
    `words` (the lower bound is a number word) a number word too ("three to five years")."""
    if position + 1 >= len(tokens) or tokens[position].lower_ not in _RANGE_WORDS:
        return None
    step = position + 1
    if tokens[step].lower_ in lexicon.CURRENCY_SYMBOLS and step + 1 < len(tokens):
        step += 1
    parsed = _number_at(tokens[step])
    if parsed is None or not (parsed[1] or (words and tokens[position].lower_ == "to")):
        return None
    value, after = _scaled(tokens, step + 1, parsed[0])
    return value, after, tokens[after - 1]


def _contiguous(tokens: Sequence[Token], position: int) -> Sequence[Token]:
    """The run of doc-adjacent tokens starting at `position`."""
    end = position + 1
    while end < len(tokens) and tokens[end].i == tokens[end - 1].i + 1:
        end += 1
    return tokens[position:end]


def _figure_at(tokens: Sequence[Token], position: int) -> tuple[Figure, int] | None:
    """The figure starting at `tokens[position]`, and the position after it."""
    token = tokens[position]
    single_range = _RANGE_TOKEN.match(token.text)
    parsed = _number_at(token)
    if single_range is None and parsed is None:
        return None
    run = _contiguous(tokens, position)
    if single_range is not None:
        low = parse_number(single_range.group(1)) or 0.0
        high = parse_number(single_range.group(2)) or 0.0
        value, digits, next_pos = high, True, 1
        low_value: float | None = low
        if low > high:  # a tally or a score ("voted 4-1"), not a range: its first figure
            value, low_value = low, None
    else:
        assert parsed is not None
        value, digits = parsed
        if _excluded(token, value, digits):
            return None
        value, after_number = _hyphenated_units(run, value, digits)
        value, next_pos = _scaled(run, after_number, value)
        low_value = None
        unit_skip = _unit_word_length(run, next_pos)
        ranged = _range_end(run, next_pos + unit_skip, words=not digits)
        if ranged is not None and _not_a_range(run, token, next_pos, unit_skip, ranged[1]):
            ranged = None
        if ranged is not None and ranged[0] < value and _from(token) is None:
            ranged = None  # "voted 31 to 24": a tally ("fell from 4.2% to 3.9%" is a change)
        if ranged is not None and (run[next_pos + unit_skip].lower_ != "and" or _between(token)):
            low_value, (value, next_pos, _) = value, ranged
            low_value = _shared_scale(run[next_pos - 1], low_value, value)
    last = run[next_pos - 1]
    qualifier, _ = _qualifier_before(token)
    after = _qualifier_after(last)
    if low_value is not None:
        if _is_change(token):
            qualifier = after or Qualifier.exact
        elif qualifier is Qualifier.about:
            value = (low_value + value) / 2
        else:
            qualifier = Qualifier.at_most
    qualifier = qualifier or after or Qualifier.exact
    fraction = any(last.lower_ == words[-1] for words, _ in _FRACTION_TAILS)
    figure = Figure(
        value=value,
        unit=(fraction and _unit_after(last)) or _unit(token, last),
        qualifier=qualifier,
        start=token.i,
        end=last.i + 1,
        digits=digits,
        duration=is_duration(token),
    )
    return figure, position + next_pos


def _hyphenated_units(run: Sequence[Token], value: float, digits: bool) -> tuple[float, int]:
    """A tens word the tokenizer split from its units ("Seventy", "-", "one" is 71), and
    the position after the number."""
    if digits or len(run) < 3 or run[1].text not in {"-", "–"} or value % 10 or value < 20:
        return value, 1
    units = parse_number(run[2].text)
    if units is None or not 0 < units < 10 or re.match(r"\d", run[2].text):
        return value, 1
    return value + units, 3


def _not_a_range(
    run: Sequence[Token], token: Token, unit_at: int, unit_skip: int, after: int
) -> bool:
    """True for "by A to B" and "A% to B <other unit>": a change and the level it reached
    ("fell by 8,000 to 871,000", "fell 11% to 112 billion crowns"), not a range."""
    if token.i > 0 and token.doc[token.i - 1].lower_ == "by":
        return True
    if not unit_skip:
        return False
    percent = run[unit_at].lower_ in lexicon.PERCENT_WORDS
    following = run[after].lower_ if after < len(run) else ""
    if percent:
        return following not in lexicon.PERCENT_WORDS
    return following not in lexicon.CURRENCY_WORDS


def _unit_word_length(run: Sequence[Token], position: int) -> int:
    """Tokens of a percent or currency word at `position` ("3 percent to 5 percent")."""
    if position >= len(run):
        return 0
    word = run[position].lower_
    if word in lexicon.PERCENT_WORDS or word in lexicon.CURRENCY_WORDS:
        return 1
    if word == "per" and position + 1 < len(run) and run[position + 1].lower_ == "cent":
        return 2
    return 0


def _from(token: Token) -> Token | None:
    """The "from" the figure follows (perhaps with a currency symbol between), or None."""
    doc = token.doc
    previous = token.i - 1
    if previous >= 0 and doc[previous].lower_ in lexicon.CURRENCY_SYMBOLS:
        previous -= 1
    return doc[previous] if previous >= 0 and doc[previous].lower_ == "from" else None


def _between(token: Token) -> bool:
    """True when the figure follows "between" (so "and" joins a range)."""
    return token.i > 0 and token.doc[token.i - 1].lower_ == "between"


def _is_change(token: Token) -> bool:
    """True for "from A to B" governed by a verb of change ("rose from 3% to 5%")."""
    word = _from(token)
    return word is not None and word.head.lemma_.lower() in lexicon.CHANGE_VERBS


def _shared_scale(last: Token, low: float, high: float) -> float:
    """The lower bound of "1 to 2 million": the scale after the upper bound applies to both."""
    if last.lower_ in lexicon.SCALES and low < high / 1000:
        return low * lexicon.SCALES[last.lower_]
    return low


def find_figures(tokens: Sequence[Token]) -> list[Figure]:
    """All figures among `tokens` (in doc order; may be discontiguous), in order."""
    ordered = sorted(tokens, key=lambda item: item.i)
    figures: list[Figure] = []
    position = 0
    while position < len(ordered):
        found = _figure_at(ordered, position)
        if found is None:
            position += 1
            continue
        figure, position = found
        figures.append(figure)
    return figures


def main_quantity(tokens: Sequence[Token]) -> Quantity | None:
    """The figure a claim is about: the first figure in digits, else the first number word."""
    found = find_figures(tokens)
    figures = [figure for figure in found if not figure.duration] or found
    if not figures:
        return None
    figures = _without_reference_sets(tokens, figures)
    digit_figures = [figure for figure in figures if figure.digits]
    ranked = digit_figures or figures
    counts = [figure for figure in ranked if not _is_scale_reading(tokens, figure)]
    chosen = (counts or ranked)[0]
    return _level_after_change(tokens, chosen, found).to_quantity()


def _without_reference_sets(tokens: Sequence[Token], figures: list[Figure]) -> list[Figure]:
    """Figures without those that only give the set a partitive figure is taken from
    ("four of the five houses": the claim is about four)."""
    if len(figures) < 2 or not tokens:
        return figures
    doc = tokens[0].doc
    inside: set[int] = set()
    for figure in figures:
        partitive = partitive_object(doc[figure.start])
        if partitive is not None:
            inside.update(item.i for item in partitive.subtree)
    return [figure for figure in figures if figure.start not in inside] or figures


def _level_after_change(
    tokens: Sequence[Token], chosen: Figure, figures: Sequence[Figure]
) -> Figure:
    """The new level of "sales fell 7% to $2.3 billion" / "cut the rate by 150 basis points
    to 10.5%": a percent or point change followed by "to" and a figure is the change, and
    the claim is about the level it reached (the strong-model labels of the training
    corpus take the level about twice as often as the change)."""
    if chosen.unit not in _CHANGE_UNITS or not tokens:
        return chosen
    later = [figure for figure in figures if figure.start >= chosen.end]
    if not later:
        return chosen
    doc = tokens[0].doc
    between = [
        token.lower_
        for token in doc[chosen.end : later[0].start]
        if token.lower_ not in _CHANGE_UNIT_WORDS and token.lower_ not in lexicon.CURRENCY_SYMBOLS
    ]
    return later[0] if between == ["to"] else chosen


def _is_scale_reading(tokens: Sequence[Token], figure: Figure) -> bool:
    """A reading on a named scale ("magnitude 6.8", "a 6.8-magnitude quake", "Category 2"),
    which describes an event rather than counting: other figures come first."""
    doc = tokens[0].doc
    before = doc[figure.start - 1].lower_ if figure.start > 0 else ""
    following = [token.lower_ for token in doc[figure.end : figure.end + 2] if token.text != "-"]
    after = following[0].lstrip("-") if following else ""
    return before in lexicon.SCALE_READINGS or after in lexicon.SCALE_READINGS


#: Names that lived here before the split by concern, and the module that holds them now.
_MOVED: dict[str, str] = {
    "_COUNT_NOUNS": "units",
    "_DIGITS": "numbers",
    "_SUFFIXED": "numbers",
    "_SUFFIX_SCALE": "numbers",
    "_currency": "units",
    "_is_percent": "units",
    "_noun_text": "units",
    "_unit_after": "units",
    "_unit_from_count_phrase": "units",
    "_unit_from_tree": "units",
}


def __getattr__(name: str) -> Any:
    """Old import paths of names that moved to other rule modules (PEP 562)."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"extraction.engines.rules.{module}"), name)
