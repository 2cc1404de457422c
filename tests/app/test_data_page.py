"""The data page: read-only without an editor, upload good and bad files, apply atomically."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.config import DEMO_DIR
from etl.load import load

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "faults" / "base"
FAULTS = ROOT / "tests" / "faults"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def fresh_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "programme.duckdb"
    load(DEMO_DIR, db)
    monkeypatch.setenv("PROGRAMME_DB", str(db))
    return db


def open_data_page(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    return at.switch_page("views/data.py").run()


def sign_in(at: AppTest, password: str = PASSWORD) -> AppTest:
    at.text_input(key="_editor_password_input").input(password)
    return at.get("form_submit_button")[0].click().run()


def contacts(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM contacts").fetchall()[0][0]


def test_read_only_without_secrets(fresh_db: Path) -> None:
    at = open_data_page()
    assert not at.exception
    assert any("read-only" in i.value for i in at.info)
    assert not at.get("file_uploader")
    assert at.dataframe, "the load history is shown to viewers"


def test_wrong_password_cannot_upload(fresh_db: Path) -> None:
    at = sign_in(open_data_page({"editor_password": PASSWORD}), "guess")
    assert not at.exception
    assert any("Wrong password" in e.value for e in at.error)
    assert not at.get("file_uploader")
    assert at.text_input(key="_editor_password_input").value in ("", None)  # not kept


def _upload(at: AppTest, files: dict[str, bytes]) -> AppTest:
    uploader = at.get("file_uploader")[0]
    for name, content in files.items():
        uploader.upload(name, content)
    at.run()
    check = next(b for b in at.button if b.label == "Check")
    return check.click().run()


def _base_files(**replace: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in BASE.glob("*.csv")}
    for table, path in replace.items():
        files[f"{table}.csv"] = path.read_bytes()
    return files


def test_bad_upload_lists_problems_and_changes_nothing(fresh_db: Path) -> None:
    before = fresh_db.read_bytes()
    at = sign_in(open_data_page({"editor_password": PASSWORD}))
    at = _upload(at, _base_files(missions=FAULTS / "missions--unknown-type.csv"))
    assert not at.exception
    assert any("error" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert "exploratoy" in problems.to_string()
    assert not [b for b in at.button if b.label == "Apply this load"]
    assert fresh_db.read_bytes() == before


def test_good_upload_previews_then_applies(fresh_db: Path) -> None:
    before = fresh_db.read_bytes()
    at = sign_in(open_data_page({"editor_password": PASSWORD}))
    at = _upload(at, _base_files())
    assert not at.exception
    preview = at.dataframe[0].value
    assert "contacts" in preview.to_string()
    assert fresh_db.read_bytes() == before, "checking must not write"
    apply = next(b for b in at.button if b.label == "Apply this load")
    at = apply.click().run()
    assert not at.exception
    assert contacts(fresh_db) == 3
    # The confirmation survives the rerun after apply, and the applied files left the uploader.
    assert any("Loaded" in s.value and "Every page now shows" in s.value for s in at.success)
    assert not at.get("file_uploader")[0].value, "the applied upload is still in the uploader"
    assert not [b for b in at.button if b.label in ("Check", "Apply this load")]
    at = at.run()  # and it is still there on the next rerun, until the next check
    assert any("Loaded" in s.value for s in at.success)


def test_a_keep_eu_export_uploads_like_the_command_loads_it(fresh_db: Path) -> None:
    """keep.eu's export on the Data page: recognised, its problems named by programme, acronym
    and row, and a clean one applied."""
    sample = (ROOT / "tests" / "data" / "keep-sample.xlsx").read_bytes()
    at = sign_in(open_data_page({"editor_password": PASSWORD}))
    at = _upload(at, {"keep-export.xlsx": sample})
    assert not at.exception
    problems = at.dataframe[0].value  # warnings only: the sheet of calls, unknown towns
    assert set(problems["Severity"]) == {"warning"}
    assert "acronym" in " ".join(problems["Record"].dropna())
    apply = next(b for b in at.button if b.label == "Apply this load")
    assert not apply.click().run().exception
    with duckdb.connect(str(fresh_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM partners").fetchall() == [(15,)]
        assert con.execute("SELECT count(*) FROM missions").fetchall() == [(0,)]


def test_a_zip_bomb_upload_is_refused_by_the_same_limits(fresh_db: Path) -> None:
    """The Data page reads uploads with the command's reader: the same limits, the same line."""
    from analytics.text import md
    from tests.unit.test_hostile_inputs import bomb

    before = fresh_db.read_bytes()
    at = sign_in(open_data_page({"editor_password": PASSWORD}))
    at = _upload(at, {"bomb.xlsx": bomb(1024)})
    assert not at.exception
    expected = (
        "error: bomb.xlsx: the workbook unpacks to 1,024.0 MB: over the limit of 300 MB "
        "(load its sheets as CSV files (a folder) instead)"
    )
    assert md(expected) in [e.value for e in at.error]
    assert fresh_db.read_bytes() == before


def test_the_upload_limit_is_the_workbook_limit() -> None:
    import tomllib

    from etl import limits

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == limits.MAX_WORKBOOK_MB


def test_town_corrections_are_listed_when_checking(fresh_db: Path) -> None:
    at = sign_in(open_data_page({"editor_password": PASSWORD}))
    missions = (
        (BASE / "missions.csv")
        .read_text(encoding="utf-8")
        .replace(
            "Mission to Da Nang,exploratory,in_person,no,2021-05-10,2021-05-14,Da Nang,Viet Nam,"
            "16.0678,108.2208",
            "Mission to Da Nang,exploratory,in_person,no,2021-05-10,2021-05-14,Da Nag,Viet Nam,,",
        )
    )
    files = _base_files()
    files["missions.csv"] = missions.encode("utf-8")
    at = _upload(at, files)
    assert not at.exception
    assert any("Da Nag → Da Nang (VN), 1 row" in t.value for t in at.text)


def test_problems_in_sheet_then_row_order_in_a_table_that_fits_them(fresh_db: Path) -> None:
    """Issue 21: the problems table was in the order the checks ran and cut its Problem and
    Hint columns. Now: sheet by sheet in the workbook's order, each from its top row down; the
    long texts wrap in rows tall enough for them; the table is as tall as its rows."""
    at = sign_in(open_data_page({"editor_password": PASSWORD}))
    faults = {
        "expenses": FAULTS / "expenses--negative-amount.csv",
        "contacts": FAULTS / "contacts--unknown-mission.csv",
        "missions": FAULTS / "missions--end-before-start.csv",
        "budget": FAULTS / "budget--unknown-category.csv",
    }
    at = _upload(at, _base_files(**faults))
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0]
    problems = table.value
    sheets = [str(f).removesuffix(".csv") for f in problems["File"]]
    assert set(sheets) >= set(faults), problems
    order = ["programmes", "partners", "missions", "contacts", "delegations", "budget"]
    order += ["expenses", "targets", "periods", "achievements"]
    keys = [
        (order.index(s), -1 if r in ("–", None) else int(r))
        for s, r in zip(sheets, problems["Row"], strict=True)
    ]
    assert keys == sorted(keys), problems[["File", "Row"]]
    assert table.proto.row_height > 64, "long problems and hints wrap"
