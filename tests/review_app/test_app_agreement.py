"""The Agreement page shows the numbers `claimdesk agreement` reports (known-kappa fixture)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from extraction.review.queue import load_queue
from extraction.store.connection import Store
from tests.review.test_review_agreement import make_fixture
from tests.review_app.helpers import no_exception, open_page


def test_the_agreement_page_shows_kappa_by_pair(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    make_fixture(store, load_queue(store).claims)
    at = open_page(new_app(), "views/agreement.py")
    no_exception(at)
    table = at.dataframe[0].value
    rows = {row["pair"]: row for row in table.to_dict("records")}
    assert set(rows) == {"Ann / Bob", "Ann / Cy"}
    assert rows["Ann / Bob"]["κ certainty"] == "0.500"
    assert rows["Ann / Bob"]["κ claimant type"] == "1.000"
    assert rows["Ann / Bob"]["agree: certainty"] == "75%"
    assert rows["Ann / Cy"]["κ certainty"] == "0.000"
    assert rows["Ann / Bob"]["claims"] == 4
    adjudicate = [b for b in at.button if str(b.key).startswith("adj-")]
    assert len(adjudicate) == 3  # one disagreement for Ann / Bob, two for Ann / Cy
    adjudicate[0].click().run()
    no_exception(at)
    assert at.session_state["claim_id"] == str(adjudicate[0].key)[4:]
