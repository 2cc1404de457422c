"""The sample frames of tests/samples.py have the schema their query really returns on the demo
database, and every query that returns frames has one: chart and text-alternative tests built on a
sample therefore see what the pages pass them."""

from __future__ import annotations

import inspect
from datetime import date

import polars as pl
import pytest

from analytics import queries
from analytics.filters import Filters
from tests.samples import SAMPLES

AS_OF = date(2026, 11, 23)

# How each query is run on the demo database: the arguments beyond the connection.
ARGUMENTS = {
    "budget_status": (Filters(), AS_OF),
    "contacts_by": (Filters(), "org_type"),
    "cumulative_spend": (Filters(), AS_OF),
    "expenditure": (Filters(), AS_OF),
    "data_quality": (),
    "filter_options": (),
    "indicator_values_by_period": (Filters(start=date(2021, 3, 1), end=date(2021, 8, 31)),),
    "last_load": (),
    "load_history": (),
    "reporting_periods": (),
    "spend_vs_budget": (Filters(), "category", AS_OF),
}


def _frame_queries() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(queries, inspect.isfunction)
        if function.__module__ == queries.__name__
        and not name.startswith("_")
        and name != "run"  # the executor every query goes through, not a query
        and "DataFrame" in str(inspect.signature(function).return_annotation)
    }


def test_every_query_that_returns_frames_has_a_sample() -> None:
    assert set(SAMPLES) == _frame_queries()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_has_the_schema_of_its_query(con, name: str) -> None:
    real = getattr(queries, name)(con, *ARGUMENTS.get(name, (Filters(),)))
    sample = SAMPLES[name]()
    if isinstance(real, dict):
        assert set(sample) == set(real)
        for key, frame in real.items():
            assert sample[key].schema == frame.schema, key
    else:
        assert sample.schema == real.schema
    frames = sample.values() if isinstance(sample, dict) else [sample]
    assert all(isinstance(f, pl.DataFrame) and not f.is_empty() for f in frames)
