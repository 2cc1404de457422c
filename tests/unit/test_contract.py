"""The contract is the single source: docs, template, database and parsers must agree with it."""

from pathlib import Path

import duckdb
import fastexcel
import pytest

from etl import parse
from etl.contract import HELPER_TABLES, TABLES, VOCABULARIES, header_key
from etl.docs import CONTRACT_PAGE, render_contract
from etl.load import load
from etl.template import write_template
from etl.validate import _parser

BASE = Path(__file__).resolve().parents[1] / "faults" / "base"
ALL_COLUMNS = [(t.name, c) for t in TABLES.values() for c in t.columns]


def test_docs_page_is_generated_from_the_contract() -> None:
    assert CONTRACT_PAGE.read_text(encoding="utf-8") == render_contract(), (
        "docs/contract.md drifted from etl/contract.py: run python -m etl docs"
    )


def test_readme_links_the_contract_page() -> None:
    readme = (CONTRACT_PAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "docs/contract.md" in readme


def _ids(columns: list) -> list[str]:
    return [f"{t}.{c.name}" for t, c in columns]


WITH_EXAMPLE = [(t, c) for t, c in ALL_COLUMNS if c.example]
WITHOUT_EXAMPLE = [(t, c) for t, c in ALL_COLUMNS if not c.example]
LINKED = [(t, c) for t, c in ALL_COLUMNS if c.kind.startswith("vocab") or c.references]


@pytest.mark.parametrize(("table", "col"), WITH_EXAMPLE, ids=_ids(WITH_EXAMPLE))
def test_every_example_value_parses(table: str, col) -> None:
    _parser(col)(col.example)


@pytest.mark.parametrize(("table", "col"), WITHOUT_EXAMPLE, ids=_ids(WITHOUT_EXAMPLE))
def test_a_column_without_an_example_is_optional(table: str, col) -> None:
    """The example row (template row 2, the docs' example column) is one valid row: blank is
    valid only in an optional column."""
    assert not col.required


@pytest.mark.parametrize(("table", "col"), LINKED, ids=_ids(LINKED))
def test_references_and_vocabularies_exist(table: str, col) -> None:
    if col.kind.startswith("vocab"):
        assert col.vocabulary in VOCABULARIES
    if col.references:
        ref_table, ref_col = col.references
        assert ref_col in TABLES[ref_table].column_names


@pytest.mark.parametrize("name", list(VOCABULARIES))
def test_no_spelling_means_two_values(name: str) -> None:
    seen: dict[str, str] = {}
    for value, synonyms in VOCABULARIES[name].values.items():
        for spelling in (value, *synonyms):
            key = parse.fold(spelling)
            assert seen.setdefault(key, value) == value, f"{spelling!r} is ambiguous in {name}"


def test_header_names_are_unambiguous() -> None:
    for table in TABLES.values():
        keys = [header_key(c) for c in table.column_names]
        assert len(keys) == len(set(keys))


def test_template_has_every_sheet_and_column(tmp_path: Path) -> None:
    xlsx = tmp_path / "t.xlsx"
    write_template(xlsx)
    book = fastexcel.read_excel(xlsx)
    for table in TABLES.values():
        frame = book.load_sheet(table.name).to_polars()
        assert [c.rstrip("*") for c in frame.columns] == table.column_names
        required = [c.rstrip("*") for c in frame.columns if c.endswith("*")]
        assert required == [c.name for c in table.columns if c.required]


def test_database_schema_follows_the_contract(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    load(BASE, db)
    with duckdb.connect(str(db), read_only=True) as con:
        for table in TABLES.values():
            described = con.execute(f'DESCRIBE "{table.name}"').fetchall()
            expected = [(c.name, c.sql_type) for c in table.columns] + list(table.extra_columns)
            assert [(r[0], r[1]) for r in described] == expected
        for name, columns in HELPER_TABLES.items():
            described = con.execute(f'DESCRIBE "{name}"').fetchall()
            assert [(r[0], r[1]) for r in described] == list(columns)
