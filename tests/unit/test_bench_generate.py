"""The benchmark's portfolio generator: deterministic, valid, and sized by its scale."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from bench.generate import generate, row_counts
from etl.contract import TABLES
from etl.load import load
from etl.read import read_input
from etl.validate import validate

SCALE = 0.05  # 1 programme, 10 missions, 1,000 contacts, 250 expense lines


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("portfolio")
    generate(out, SCALE, seed=11)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_same_seed_and_scale_write_the_same_bytes(portfolio: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", SCALE, seed=11)
    assert _files(tmp_path / "again") == _files(portfolio)
    generate(tmp_path / "other", SCALE, seed=12)
    assert _files(tmp_path / "other") != _files(portfolio)


def test_every_table_of_the_contract_with_the_counted_rows(portfolio: Path) -> None:
    counts = row_counts(SCALE)
    assert {n for n, t in TABLES.items() if t.required} <= set(counts) <= set(TABLES)
    assert set(_files(portfolio)) == {f"{t}.csv" for t in counts}
    for table in counts:
        frame = pl.read_csv(portfolio / f"{table}.csv", infer_schema=False)
        assert frame.height == counts[table], table
        assert frame.columns == TABLES[table].column_names


def test_counts_grow_with_the_scale() -> None:
    one, hundred = row_counts(1), row_counts(100)
    assert hundred == {
        "programmes": 200,
        "partners": 1_000,
        "missions": 20_000,
        "contacts": 2_000_000,
        "delegations": 100_000,
        "budget": 18_000,
        "expenses": 500_000,
        "targets": 2_400,
    }
    assert all(hundred[t] == 100 * one[t] for t in one)


def test_the_portfolio_loads_without_a_problem(portfolio: Path, tmp_path: Path) -> None:
    result = load(portfolio, tmp_path / "bench.duckdb")
    assert result.dataset.problems == []
    left_out = {t: 0 for t in TABLES if t not in row_counts(SCALE)}  # loaded empty
    assert result.counts == {**row_counts(SCALE), **left_out}


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("messy")
    generate(out, SCALE, seed=11, form="messy")
    return out


def test_the_managers_form_is_written_as_managers_write(messy: Path, portfolio: Path) -> None:
    expenses = (messy / "expenses.csv").read_text(encoding="utf-8-sig")
    header, first = expenses.splitlines()[:2]
    assert header.startswith("Expense ID;Programme ID;")
    assert re.search(r";\d{2}/\d{2}/\d{4};", first)  # dd/mm/yyyy
    amounts = pl.read_csv(messy / "expenses.csv", separator=";", infer_schema=False)
    assert amounts.get_column("Amount EUR").str.contains(r"^(€ )?[0-9.]+,[0-9]{2}( €)?$").all()
    assert amounts.get_column("Amount EUR").str.contains("€").any()
    countries = pl.read_csv(messy / "contacts.csv", separator=";", infer_schema=False)
    spellings = set(countries.get_column("Country").to_list())
    assert len(spellings) > 2 * countries.get_column("Country").n_unique() // 3
    assert {"Deutschland", "GERMANY", "germany"} & spellings or {"Italia", "ITALY"} & spellings
    assert (messy / "missions.csv").read_bytes() != (portfolio / "missions.csv").read_bytes()


def test_both_forms_load_into_the_same_tables(messy: Path, portfolio: Path) -> None:
    canonical, managers = validate(read_input(portfolio)), validate(read_input(messy))
    assert canonical.problems == [] and managers.problems == []
    assert set(canonical.tables) == set(managers.tables)
    for name, frame in canonical.tables.items():
        # The managers' own wording of a cost category is kept beside its key (and shown):
        # the one column where the two forms differ, by design.
        typed = [c for c in frame.columns if c == "category_typed"]
        assert managers.tables[name].drop(typed).equals(frame.drop(typed)), name
        if typed:
            assert frame["category_typed"].null_count() == frame.height, name
            assert managers.tables[name]["category_typed"].null_count() < frame.height, name
