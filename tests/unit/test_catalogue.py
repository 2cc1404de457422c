"""The 2021-2027 common indicator catalogue (issue 23): codes with official names as data, offered
by the template, a code outside it warned about with a suggestion, the name shown beside the
project's label."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from analytics import kpi, queries
from analytics.filters import Filters
from etl.catalogue import CATALOGUE, official_names
from etl.config import DEMO_DIR
from etl.load import load
from etl.template import write_template

BASE = Path(__file__).resolve().parents[1] / "faults" / "base"


def test_the_issues_examples_and_every_code_the_demo_uses_are_in_the_catalogue() -> None:
    assert CATALOGUE["RCO87"].name == "Organisations cooperating across borders"
    assert CATALOGUE["RCR84"].name == (
        "Organisations cooperating across borders after project completion"
    )
    with (DEMO_DIR / "targets.csv").open(encoding="utf-8", newline="") as fh:
        used = {r["code"] for r in csv.DictReader(fh) if r["code"]}
    assert used and used <= set(CATALOGUE)
    assert all(c.code[:3] in ("RCO", "RCR") and c.name and c.unit for c in CATALOGUE.values())


def test_the_template_offers_the_codes_in_a_drop_down(tmp_path: Path) -> None:
    xlsx = tmp_path / "template.xlsx"
    write_template(xlsx)
    book = openpyxl.load_workbook(xlsx)
    lists = book["lists"]
    column = next(c for c in lists[1] if c.value == "common_indicators").column_letter
    offered = [c.value for c in lists[column][1:] if c.value]
    assert offered == list(CATALOGUE)
    sheet = book["targets"]
    code = next(c for c in sheet[1] if str(c.value).rstrip("*") == "code").column_letter
    rules = [v for v in sheet.data_validations.dataValidation if code in str(v.sqref)]
    assert [(v.type, v.errorStyle) for v in rules] == [("list", "warning")]
    assert rules[0].formula1 == f"lists!${column}$2:${column}${len(offered) + 1}"


def _load_with_target_code(tmp_path: Path, code: str, own: str = "") -> list[str]:
    folder = tmp_path / "data"
    folder.mkdir()
    for p in BASE.glob("*.csv"):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "targets.csv").write_text(
        "programme_id,indicator,target,unit,code,own_code\n"
        f"TST,contacts,10,contacts,{code},{own}\n",
        encoding="utf-8",
    )
    result = load(folder, tmp_path / "p.duckdb")
    return [str(p) for p in result.warnings if "common indicator" in p.message]


@pytest.mark.parametrize(
    ("code", "own", "warned"),
    [
        ("RCO87", "", None),
        ("RC087", "", "did you mean RCO87 (Organisations cooperating across borders)?"),
        ("rcr 84", "", "did you mean RCR84 (Organisations cooperating across borders after"),
        ("KPI-7", "", "not among the 2021-2027 common indicators"),
        ("KPI-7", "yes", None),
    ],
)
def test_a_code_outside_the_catalogue_is_a_warning_with_a_suggestion(
    tmp_path: Path, code: str, own: str, warned: str | None
) -> None:
    problems = _load_with_target_code(tmp_path, code, own)
    if warned is None:
        assert problems == []
    else:
        assert len(problems) == 1 and warned in problems[0], problems
        assert "targets" in problems[0] and "row 2" in problems[0] and code in problems[0]


def test_the_official_name_is_shown_beside_the_projects_label(con) -> None:
    filters = Filters(programmes=("SME2GO",))
    board = kpi.scoreboard(
        queries.indicator_values(con, filters), queries.indicator_targets(con, filters)
    )
    table = kpi.report_table(board)
    rows = {r["Indicator"]: r for r in table.iter_rows(named=True)}
    assert rows["Organisations met"]["Code"] == "RCO87"
    assert rows["Organisations met"]["Official name"] == "Organisations cooperating across borders"
    assert rows["Contacts made"]["Official name"] == ""
    assert official_names("RCO87, RCO04") == (
        "Organisations cooperating across borders; Enterprises with non-financial support"
    )
