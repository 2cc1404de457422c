"""The column-wide (polars) fast paths of the validator give what the Python parsers give.

Values already in canonical form are typed column-wide; every other value goes to the Python
parser. Each case here runs a column through both ways (fast path on, and switched off) and
requires the same typed values and the same problems, word for word.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl import validate as v
from etl.contract import Column
from etl.raw import ROW, RawTable

TRICKY: dict[str, list[str | None]] = {
    "date": [
        "2024-02-29",
        "2024-02-30",  # impossible day: the fast path must hand it to the parser's message
        "2023-02-29",
        "2024-13-01",
        "1899-12-31",
        "1900-01-01",
        "2099-12-31",
        "2100-01-01",
        "2024-2-3",
        "03/02/2024",
        "2024-02-03 ",
        " 2024-02-03",
        "2024-02-03T10:00",
        "٢٠٢٤-٠٢-٠٣",  # Arabic-Indic digits
        "31/12/2024",  # dd/mm/yyyy and dd.mm.yyyy, as managers write dates
        "31/02/2024",
        "01/13/2024",
        "00/01/2024",
        "29.02.2023",
        "29.02.2024",
        "01/01/1899",
        "01/01/2100",
        "1/2/2024",
        "01/02/24",
        "01.02.2024 ",
        "",
        None,
    ],
    "amount": [
        "0",
        "-0",
        "12",
        "12.5",
        "12.50",
        "12.505",
        "0012.50",
        "1.234,50",
        "1,234.50",
        "1 234,50",
        "EUR 12",
        "12 €",
        "-12.00",
        "1e3",
        "999999999999.99",
        "9999999999999",
        ".5",
        "5.",
        " padded ",
        "١٢",
        "1.234,56 €",  # European amounts, as managers write them
        "€ 1.234,5",
        "€1.234,56€",
        "1.234",
        "1.234.567,89",
        "999.999.999.999,99",
        "9.999.999.999.999,00",
        "1.23.456,00",
        "1.234,567",
        "12,345",
        "1,234",
        "01.234,00",
        "0,05",
        ",5",
        "1.234,56  €",
        "1.234,56\u00a0€",
        "1.234,- €",
        None,
    ],
    "id": [
        "P001-M00001",
        "p_1.2/3",
        "-abc",
        "P 1",
        " padded ",
        "É1",
        "a\tb",
        "x",
        None,
    ],
    "text": [
        "Zlín",
        "São Paulo",
        "Kraków  Expo",
        " padded ",
        "tab\there",
        "a\x1cb",
        "non\u00a0breaking",
        "line\nbreak",
        "Ærøskøbing & Sønner",
        "日本",
        "x",
        None,
    ],
}

TRICKY["quantity"] = TRICKY["amount"]  # targets: read as amounts are, with their own message


def _run(kind: str, values: list[str | None], fast: bool, monkeypatch) -> tuple[list, list]:
    column = Column("value", kind, required=False)
    frame = pl.DataFrame(
        {ROW: list(range(2, 2 + len(values))), "value": values},
        schema={ROW: pl.Int64, "value": pl.String},
    )
    raw = RawTable("missions", "missions.csv", None, frame, {"value": "Value"})
    problems: list = []
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(v, "_FAST_PATHS", {})
        fast = v._fast_paths(frame, [column]).get("value")
        typed = v._parse_column(frame, column, v._Checker(raw, problems), False, fast)
    return typed.to_list(), [str(p) for p in problems]


@pytest.mark.parametrize("kind", sorted(TRICKY))
def test_fast_and_slow_paths_agree(kind: str, monkeypatch) -> None:
    values = TRICKY[kind]
    fast_values, fast_problems = _run(kind, values, True, monkeypatch)
    slow_values, slow_problems = _run(kind, values, False, monkeypatch)
    assert fast_values == slow_values
    assert fast_problems == slow_problems


def test_the_tricky_values_do_reach_the_parser(monkeypatch) -> None:
    """A guard on the test itself: the cases above include errors, so messages are compared."""
    _, problems = _run("date", TRICKY["date"], True, monkeypatch)
    assert any("2024-02-30" in p for p in problems)
    values, problems = _run("amount", TRICKY["amount"], True, monkeypatch)
    assert any("'1e3'" in p or "1e3" in p for p in problems)
    assert str(values[TRICKY["amount"].index("-0")]) == "0.00"
    assert str(values[TRICKY["amount"].index("1.234,50")]) == "1234.50"
    assert str(values[TRICKY["amount"].index("1.234,56 €")]) == "1234.56"
    assert str(values[TRICKY["amount"].index("1.234")]) == "1234.00"
    assert str(values[TRICKY["amount"].index("1,234")]) == "1234.00"
    assert any("9.999.999.999.999,00" in p for p in problems)  # too large
    _, problems = _run("date", TRICKY["date"], True, monkeypatch)
    assert any("31/02/2024" in p for p in problems)


def test_fast_path_takes_canonical_values(monkeypatch) -> None:
    """The fast path is not a no-op: canonical values never reach the Python parser."""
    seen: list[str] = []
    original = v._parser

    def spy(col):
        parse = original(col)

        def wrapped(text):
            seen.append(text)
            return parse(text)

        return wrapped

    monkeypatch.setattr(v, "_parser", spy)
    _run("date", ["2024-02-29", "2024-02-30", "2024-2-3", "29/02/2024"], True, monkeypatch)
    assert sorted(seen) == ["2024-02-30", "2024-2-3"]
    seen.clear()
    _run("amount", ["1.234,56 €", "1234.56", "1 234,56"], True, monkeypatch)
    assert seen == ["1 234,56"]


NAMES = [
    "Acme Ltd",
    "ACME  ltd.",
    "Zlín Cluster",
    "Düsseldorf sme 3794",
    "Ærøskøbing & Sønner ApS",
    "Łódź Science Park sp. z o.o.",
    "Straße GmbH",
    "São Paulo S.A.",
    "Ltd",
    "  ",
    "İstanbul Teknopark A.Ş.",
    "ǅemal d.o.o.",
    "Café\u0301 combining",  # a combining mark: the Python function, not the table
    "Ελληνική Εταιρεία",
    "日本 Co",
    "½ Price Inc",
]


def test_organisation_stems_match_the_python_function() -> None:
    stems = v.organisation_stems(pl.Series(NAMES, dtype=pl.String)).to_list()
    for name, stem in zip(NAMES, stems, strict=True):
        if stem is not None:  # null: left to the Python function, by design
            assert stem == v._organisation_stem(name), name
    # Accented Latin names and '&' are handled column-wide, not only plain ASCII.
    handled = {n for n, s in zip(NAMES, stems, strict=True) if s is not None}
    assert {"Zlín Cluster", "Ærøskøbing & Sønner ApS", "Straße GmbH"} <= handled


def test_organisation_ids_are_the_same_either_way(monkeypatch) -> None:
    frame = pl.DataFrame(
        {
            "organisation": NAMES,
            "organisation_id": [None] * (len(NAMES) - 1) + ["given-id"],
            "country": ["DE"] * len(NAMES),
        }
    )
    fast = v._with_organisation_id(frame)
    monkeypatch.setattr(
        v, "organisation_stems", lambda names: pl.Series([None] * names.len(), dtype=pl.String)
    )
    slow = v._with_organisation_id(frame)
    assert fast["organisation_id"].to_list() == slow["organisation_id"].to_list()
    assert fast["organisation_id"][-1] == "given-id"
    assert fast["organisation_id"][0] == v.organisation_key("Acme Ltd", "DE")


def test_organisation_numbers_are_one_to_one_with_ids(demo_db) -> None:
    """Queries count organisation_no for organisation_id: the two must pair one to one."""
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        ids, numbers, pairs, missing = con.sql(
            "SELECT count(DISTINCT organisation_id), count(DISTINCT organisation_no), "
            "count(DISTINCT (organisation_id, organisation_no)), "
            "count(*) FILTER (WHERE (organisation_id IS NULL) <> (organisation_no IS NULL)) "
            "FROM contacts"
        ).fetchall()[0]
    finally:
        con.close()
    assert ids == numbers == pairs > 10
    assert missing == 0


def test_ids_and_numbers_per_distinct_organisation_match_the_row_by_row_ones() -> None:
    """Contacts get ids and numbers computed once per distinct (name, country, id): the same
    as deriving them row by row, repeated names, given ids and empty names included."""
    names = [*NAMES, "Acme Ltd", None, "ACME  ltd.", "Zlín Cluster", "Acme Ltd"]
    frame = pl.DataFrame(
        {
            "organisation": names,
            "country": ["DE", "CZ"] * (len(names) // 2) + ["DE"] * (len(names) % 2),
            "organisation_id": [None, None, "given-1", *([None] * (len(names) - 4)), "given-1"],
        }
    )
    whole = v._with_organisation_number(v._with_organisation_id(frame))
    assert v._with_organisation_id_and_number(frame).equals(whole)
    assert whole.get_column("organisation_no").n_unique() > 5  # the case is not trivial


@given(st.lists(st.text(max_size=6), max_size=30))
def test_strictly_increasing_ids_are_distinct_and_others_are_left_to_n_unique(
    values: list[str],
) -> None:
    """The uniqueness shortcut only ever says 'no two alike' when that is true."""
    from etl.validate import _strictly_increasing

    series = pl.Series(values, dtype=pl.String)
    if _strictly_increasing(series):
        assert series.n_unique() == series.len()
    assert _strictly_increasing(series.unique().sort())
