"""Sentences without their own cue that still have a speaker: quotations whose speaker
is named next to them, the paragraph after "X said:", and a future-tense sentence that
continues the previous sentence's report ("X said C. The troops will ...").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span

from extraction.engines.rules import lexicon
from extraction.engines.rules.attribution import Attribution
from extraction.engines.rules.context import (
    _Context,
    _sentence_span,
)
from extraction.engines.rules.segments import quoted_share
from extraction.engines.rules.statements import (
    absolute,
    absolute_end,
)

#: Quote share above which a sentence counts as quoted speech.
QUOTED = 0.8


def _speaker_of_quotes(context: _Context, attribution: Attribution) -> bool:
    """True when an attribution's content is quoted speech (or it introduces a colon)."""
    if attribution.kind == "colon":
        return True
    if not attribution.content or attribution.source is None:
        return False
    start = absolute(attribution.content[0])
    end = absolute_end(attribution.content[-1])
    return quoted_share(start, end, context.quotes, context.text) >= 0.5


def _inherit(speaker: Attribution, sentence: Span) -> Attribution:
    """A quotation sentence attributed to the speaker named next to it."""
    tokens = [token for token in sentence if not token.is_space]
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return replace(
        speaker,
        kind="quote",
        sentence=sentence,
        cue=None,
        content=tokens,
        roots=[sentence.root],
        stance_cue=None,
        refers_back=None,
        opinion=False,
    )


def _add_colon_and_quote_speakers(context: _Context, found: list[list[Attribution]]) -> None:
    """Attribute quoted sentences without their own cue to the speaker next to them, and
    the paragraph after "X said:" to X."""
    count = len(context.sentences)
    for index in range(count):
        if found[index]:
            continue
        sentence = context.sentences[index]
        start, end = _sentence_span(sentence)
        quoted = quoted_share(start, end, context.quotes, context.text) >= QUOTED
        speaker = _colon_speaker(context, found, index)
        if speaker is None and quoted:
            speaker = _neighbour_speaker(context, found, index)
        if speaker is None and not quoted:
            speaker = _reported_continuation(context, found, index)
        if speaker is not None:
            found[index] = [_inherit(speaker, sentence)]


def _colon_speaker(
    context: _Context, found: list[list[Attribution]], index: int
) -> Attribution | None:
    """The "X said:" attribution that introduces this sentence's paragraph, if any."""
    block = context.blocks_of[index]
    for back in range(index - 1, max(-1, index - 8), -1):
        for attribution in found[back]:
            if attribution.kind == "colon":
                same_or_next = context.blocks_of[back] in {block, block - 1}
                return attribution if same_or_next else None
        if context.blocks_of[back] < block - 1 or not found[back]:
            continue
        if any(item.kind != "quote" for item in found[back]):
            return None
    return None


_FUTURE_AUX = lexicon.FUTURE_AUXILIARIES


def _reported_continuation(
    context: _Context, found: list[list[Attribution]], index: int
) -> Attribution | None:
    """The speaker of the previous sentence in the same paragraph when this sentence
    continues the report in the future tense ("X said C. The troops will ...")."""
    if index == 0 or context.blocks_of[index - 1] != context.blocks_of[index]:
        return None
    root = context.sentences[index].root
    future = any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUX for child in root.children)
    if not future:
        return None
    for attribution in found[index - 1]:
        if (
            attribution.kind in {"verb", "according", "noun"}
            and not attribution.opinion
            and attribution.refers_back is None
            and attribution.source is not None
        ):
            return attribution
    return None


def _neighbour_speaker(
    context: _Context, found: list[list[Attribution]], index: int
) -> Attribution | None:
    """The speaker of a quotation: named later in the same paragraph, earlier in it, or at
    the end of the previous paragraph."""
    block = context.blocks_of[index]
    same = [i for i in range(len(context.sentences)) if context.blocks_of[i] == block]
    for position in [i for i in same if i > index] + [i for i in reversed(same) if i < index]:
        for attribution in found[position]:
            if _speaker_of_quotes(context, attribution):
                return attribution
    if same and same[0] == index:
        previous = [i for i in range(index) if context.blocks_of[i] == block - 1]
        if previous:
            for attribution in reversed(found[previous[-1]]):
                if _speaker_of_quotes(context, attribution):
                    return attribution
    return None
