"""instructor's async-validator check runs once per response model class, not per call."""

from __future__ import annotations

from typing import Any

import pytest
from instructor.v2.core import patch as instructor_patch
from instructor.v2.validation import async_validators
from instructor.v2.validation.async_validators import async_field_validator
from pydantic import BaseModel

from extraction.engines.llm import instructor_checks
from extraction.engines.llm.wire import RESPONSE_MODEL


class _Plain(BaseModel):
    name: str


class _WithAsyncValidator(BaseModel):
    name: str

    @async_field_validator("name")
    async def check_name(self, value: str) -> None:  # pragma: no cover - never run
        return None


def test_installed_where_instructor_looks_it_up() -> None:
    installed = async_validators.reject_async_validators
    assert installed is getattr(instructor_patch, "reject_async_validators")  # noqa: B009
    assert installed.__wrapped__ is not installed
    assert instructor_checks.install() is True  # idempotent
    assert async_validators.reject_async_validators is installed


def test_a_class_is_walked_once_other_values_every_time() -> None:
    walked: list[Any] = []
    check = instructor_checks.once_per_class(walked.append)
    for _ in range(3):
        check(_Plain)
        check(list[_Plain])
        check(None)
    assert walked == [_Plain, list[_Plain], None, list[_Plain], None, list[_Plain], None]


def test_a_model_with_an_async_validator_is_refused_every_time() -> None:
    check = async_validators.reject_async_validators
    for _ in range(2):
        with pytest.raises(ValueError, match="async validators are not supported"):
            check(_WithAsyncValidator)
    check(RESPONSE_MODEL)
    check(RESPONSE_MODEL)  # accepted, and remembered


def test_a_check_that_raises_is_not_remembered() -> None:
    calls: list[Any] = []

    def refuse(model: Any) -> None:
        calls.append(model)
        raise ValueError("no")

    check = instructor_checks.once_per_class(refuse)
    for _ in range(2):
        with pytest.raises(ValueError):
            check(_Plain)
    assert calls == [_Plain, _Plain]
