"""The corpus of bad inputs: each file under tests/faults/ breaks one thing in a valid dataset,
and tests/faults/expected.csv says the problem it must produce, located as the user sees it."""

import csv
from pathlib import Path

import pytest

from etl.read import read_csv_files
from etl.validate import MAX_ROWS_PER_PROBLEM, validate

FAULTS = Path(__file__).resolve().parents[1] / "faults"
BASE = {p.name: p.read_bytes() for p in (FAULTS / "base").glob("*.csv")}
EXPECTED = list(csv.DictReader((FAULTS / "expected.csv").open(encoding="utf-8")))


def _validate_with(fault: str):
    table = fault.split("--")[0]
    files = dict(BASE)
    files[f"{table}.csv"] = (FAULTS / f"{fault}.csv").read_bytes()
    return validate(read_csv_files(files, "faults"))


def test_base_dataset_is_clean() -> None:
    dataset = validate(read_csv_files(BASE, "faults"))
    assert dataset.problems == []


def test_every_fault_file_has_an_expectation() -> None:
    files = {p.stem for p in FAULTS.glob("*.csv")} - {"expected"}
    assert files == {row["fault"] for row in EXPECTED}


@pytest.mark.parametrize("case", EXPECTED, ids=[row["fault"] for row in EXPECTED])
def test_fault_gives_its_problem(case: dict[str, str]) -> None:
    dataset = _validate_with(case["fault"])
    table = case["fault"].split("--")[0]
    wanted_row = int(case["row"]) if case["row"] else None

    def matches(p) -> bool:
        return (
            p.severity == case["severity"]
            and p.file == f"{table}.csv"
            and p.row == wanted_row
            and (p.column or "") == case["column"]
            and (p.value or "") == case["value"]
            and case["message"] in f"{p.message} ({p.hint})"
        )

    found = [p for p in dataset.problems if matches(p)]
    assert found, "expected problem not found; got:\n" + "\n".join(map(str, dataset.problems))
    if case["severity"] == "warning":
        assert not dataset.errors, "a warning must not stop the load"


@pytest.mark.parametrize("case", EXPECTED, ids=[row["fault"] for row in EXPECTED])
def test_every_row_problem_names_its_record(case: dict[str, str]) -> None:
    """A line says which record it is about, not only its row: the key as the file wrote it."""
    table = case["fault"].split("--")[0]
    rows = list(csv.DictReader((FAULTS / f"{case['fault']}.csv").open(encoding="utf-8")))
    for problem in _validate_with(case["fault"]).problems:
        if problem.row is None or problem.file != f"{table}.csv":
            continue
        assert problem.record, problem
        written = rows[problem.row - 2]
        for part in problem.record.split(", "):
            column, _, value = part.partition(" ")
            assert written[column].strip() == value, (problem, written)
        assert f"row {problem.row} ({problem.record})" in str(problem)


def test_many_rows_with_one_problem_are_capped_then_counted() -> None:
    """Past MAX_ROWS_PER_PROBLEM rows, one more problem says how many rows were left out."""
    header = BASE["expenses.csv"].decode("utf-8").splitlines()[0]
    bad = [f"TST-E{n},TST,TST-P1,WP1,staff,2021-03-31,not money,,Staff" for n in range(1, 58)]
    files = {**BASE, "expenses.csv": "\n".join([header, *bad]).encode("utf-8")}
    problems = validate(read_csv_files(files, "faults")).errors
    listed = [p for p in problems if p.row is not None]
    assert len(listed) == MAX_ROWS_PER_PROBLEM
    assert [p.row for p in listed] == list(range(2, 2 + MAX_ROWS_PER_PROBLEM))
    (summary,) = [p for p in problems if p.row is None]
    assert summary.message.startswith(f"... and {57 - MAX_ROWS_PER_PROBLEM} more row(s) with")
    assert (summary.file, summary.column, summary.value) == ("expenses.csv", "amount_eur", None)


def test_a_period_inside_a_long_one_is_named_against_it_and_the_long_one_is_not() -> None:
    """Overlaps are found beyond neighbours: two short periods within a long first one each
    overlap it (not only the one right after it), and the long one, the earlier, is not blamed."""
    periods = (
        "programme_id,number,start_date,end_date\n"
        "TST,1,2021-01-01,2021-12-31\n"
        "TST,2,2021-02-01,2021-03-31\n"
        "TST,3,2021-06-01,2021-07-31\n"
        "TST,4,2022-01-01,2022-06-30\n"
    )
    files = {**BASE, "periods.csv": periods.encode("utf-8")}
    problems = [p for p in validate(read_csv_files(files, "faults")).problems]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "start_date", "2021-02-01"),
        (4, "start_date", "2021-06-01"),
    ]
    assert all(p.hint == "period 1 runs from 2021-01-01 to 2021-12-31 (row 2)" for p in problems)
    assert str(problems[0]).startswith("error: periods.csv, row 3 (programme_id TST, number 2)")
