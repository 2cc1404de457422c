"""The preview of a load: counts of added, changed and removed rows, before anything is written."""

from decimal import Decimal
from pathlib import Path

from etl.diff import preview
from etl.load import check, load

BASE = Path(__file__).resolve().parents[1] / "faults" / "base"


def _copy(folder: Path) -> Path:
    folder.mkdir()
    for p in BASE.glob("*.csv"):
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


def test_preview_against_no_database_is_all_added(tmp_path: Path) -> None:
    frame = preview(check(BASE).tables, tmp_path / "none.duckdb")
    missions = frame.filter(frame["table"] == "missions").row(0, named=True)
    assert (missions["rows_now"], missions["added"], missions["removed"]) == (0, 2, 0)


def test_preview_counts_changes(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    load(BASE, db)
    before = db.read_bytes()
    folder = _copy(tmp_path / "edited")
    missions = (
        (folder / "missions.csv")
        .read_text()
        .replace("Mission to Da Nang", "Mission to Da Nang and Hue")
    )
    missions += "TST-M3,TST,Third,business,in_person,no,2022-03-01,,Prague,Czechia,,,,,,\n"
    (folder / "missions.csv").write_text(missions)
    expenses = (folder / "expenses.csv").read_text().splitlines()
    (folder / "expenses.csv").write_text("\n".join(expenses[:-1]) + "\n")  # drop the bank fee
    frame = preview(check(folder).tables, db)
    rows = {r["table"]: r for r in frame.iter_rows(named=True)}
    assert (
        rows["missions"]["added"],
        rows["missions"]["changed"],
        rows["missions"]["removed"],
    ) == (1, 1, 0)
    assert (rows["expenses"]["added"], rows["expenses"]["removed"]) == (0, 1)
    assert rows["expenses"]["amount_after"] == Decimal("2734.56")
    assert rows["programmes"]["changed"] == 0
    assert db.read_bytes() == before  # a preview writes nothing
