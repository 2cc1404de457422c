"""The demo database: built from data/demo, with totals checked against sums computed here with the
csv module and Decimal, independently of the loader."""

from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from etl.config import DEMO_DIR
from etl.contract import TABLES
from etl.demo import demo_tables, write_demo_csv
from etl.load import load
from tests.expected import rows

# The tables the demo carries: every one of the contract but an optional one it leaves out
# (periods: the six-month ones apply), whose file it does not write.
CARRIED = [name for name, written in demo_tables().items() if written]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = load(DEMO_DIR, db)
    assert result.warnings == []
    return db


def _one(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_csv_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    write_demo_csv(tmp_path)
    for path in DEMO_DIR.glob("*.csv"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), (
            f"{path.name} drifted from etl/demo/: run python -m etl.demo"
        )


def test_gssc_is_the_seed_programme() -> None:
    gssc = next(r for r in rows("programmes") if r["programme_id"] == "GSSC")
    assert gssc["budget_eur"] == "222202.62"
    assert gssc["start_date"] == "2020-09-01" and gssc["end_date"] == "2022-08-31"
    missions = [r for r in rows("missions") if r["programme_id"] == "GSSC"]
    virtual = [m for m in missions if m["format"] == "virtual"]
    assert len(virtual) == 5
    assert {m["country"] for m in virtual} == {"CL", "CV", "VN"}
    assert all("2021-09-01" <= m["start_date"] <= "2021-11-30" for m in virtual)
    assert any(m["city"] == "Da Nang" and m["type"] == "exploratory" for m in missions)
    assert any(m["city"] == "Santiago" and m["country"] == "CL" for m in missions)


def test_other_seed_programmes_are_there() -> None:
    missions = {(m["programme_id"], m["city"], m["start_date"]) for m in rows("missions")}
    assert ("SCTP", "Antwerp", "2024-03-19") in missions
    assert ("UCA", "Prague", "2023-04-24") in missions
    assert any(p == "SME2GO" and city == "Tartu" for p, city, _ in missions)
    prague = next(m["mission_id"] for m in rows("missions") if m["city"] == "Prague")
    czech = [c for c in rows("contacts") if c["mission_id"] == prague and c["country"] == "CZ"]
    assert len(czech) >= 30  # "business contacts with 30+ Czech partners"


def test_the_demo_carries_every_required_table_and_only_their_files() -> None:
    assert {n for n, t in TABLES.items() if t.required} <= set(CARRIED)
    assert {p.stem for p in DEMO_DIR.glob("*.csv")} == set(CARRIED)


def test_every_row_says_where_it_comes_from() -> None:
    for table in CARRIED:
        sources = Counter(r["source"] for r in rows(table))
        assert set(sources) <= {"seed", "illustrative"}, table
    assert Counter(r["source"] for r in rows("expenses")) == {"illustrative": 569}


def test_money_totals_match_the_csv_to_the_cent(demo_db: Path) -> None:
    budget: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows("budget"):
        budget[r["programme_id"]] += Decimal(r["amount_eur"])
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows("expenses"):
        spent[r["programme_id"]] += Decimal(r["amount_eur"])
    assert budget["GSSC"] == Decimal("222202.62")
    db_budget = dict(_one(demo_db, "SELECT programme_id, sum(amount_eur) FROM budget GROUP BY 1"))
    db_spent = dict(_one(demo_db, "SELECT programme_id, sum(amount_eur) FROM expenses GROUP BY 1"))
    assert db_budget == dict(budget)
    assert db_spent == dict(spent)
    programmes = {r["programme_id"]: Decimal(r["budget_eur"]) for r in rows("programmes")}
    assert dict(_one(demo_db, "SELECT programme_id, budget_eur FROM programmes")) == programmes


def test_row_counts_match(demo_db: Path) -> None:
    for table in CARRIED:
        assert _one(demo_db, f'SELECT count(*) FROM "{table}"')[0][0] == len(rows(table))


def test_seed_places_are_placed_at_city_precision(demo_db: Path) -> None:
    placed = _one(
        demo_db,
        "SELECT city, country, latitude, longitude, location_precision "
        "FROM missions WHERE city IN ('Da Nang', 'Santiago', 'Prague', 'Antwerp', "
        "'Tartu', 'Praia')",
    )
    where = {(r[0], r[1]): (r[2], r[3], r[4]) for r in placed}
    expected = {
        ("Da Nang", "VN"): (16.07, 108.22),
        ("Santiago", "CL"): (-33.45, -70.65),
        ("Prague", "CZ"): (50.09, 14.42),
        ("Antwerp", "BE"): (51.22, 4.40),
        ("Tartu", "EE"): (58.38, 26.72),
        ("Praia", "CV"): (14.93, -23.51),
    }
    for key, (lat, lon) in expected.items():
        got = where[key]
        assert abs(got[0] - lat) < 0.2 and abs(got[1] - lon) < 0.2 and got[2] == "city", key


def test_no_personal_names_in_the_demo() -> None:
    names = [
        "Pham Truong",
        "Nhan Le Thanh",
        "Do The Can",
        "Yurchak",
        "Dolynnyi",
        "Ärlsjö",
        "Pikkarainen",
        "Filipov",
        "Andonova",
        "Dimitrov",
        "Mr. Sin",
    ]
    text = "".join(p.read_text(encoding="utf-8") for p in DEMO_DIR.glob("*.csv"))
    assert not [n for n in names if n in text]


def test_expenses_carry_invoice_references_except_staff_and_flat_rates() -> None:
    """The list of expenditure of a period names each invoice: the demo gives every invoiced cost
    a reference, unique within its programme; staff costs and flat-rate indirect costs have none."""
    expenses = rows("expenses")
    invoiced = [r for r in expenses if r["category"] not in ("staff", "indirect")]
    assert invoiced and all(r["invoice_ref"] for r in invoiced)
    assert all(not r["invoice_ref"] for r in expenses if r["category"] in ("staff", "indirect"))
    refs = [(r["programme_id"], r["invoice_ref"]) for r in invoiced]
    assert len(refs) == len(set(refs))
    assert all(
        r["invoice_ref"].startswith(f"INV-{r['partner_id']}-{r['date'][:4]}-") for r in invoiced
    )
