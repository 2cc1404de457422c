"""The benchmark judges the load against 2x DuckDB's bare read (issue 24) and exits 1 on a miss."""

from __future__ import annotations

import pytest

from bench import run


def scale_result(ratio: float) -> dict:
    load = {"etl_vs_duckdb": ratio, "ratios": [ratio], "load_average": [0.5]}
    return {"forms": {"messy": load, "canonical": load}, "pages": {}}


@pytest.mark.parametrize(
    ("ratio", "met"), [(1.62, True), (1.99, True), (2.0, True), (2.01, False), (2.3, False)]
)
def test_the_load_budget_is_twice_duckdbs_read(ratio: float, met: bool) -> None:
    lines = run.budget(scale_result(ratio))
    assert [what for what, _, _ in lines] == [
        "load of the messy form within 2x DuckDB's read",
        "load of the canonical form within 2x DuckDB's read",
    ]
    assert all(ok is met for _, ok, _ in lines)
