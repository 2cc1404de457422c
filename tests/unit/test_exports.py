"""Exports: typed cells a spreadsheet sums, the header in row 1, provenance in the name and the
file, formulas neutralised (XLSX: a plain text cell; CSV: an apostrophe)."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import fastexcel
import polars as pl
import pytest

from analytics.exports import (
    AMOUNT,
    MONEY,
    PERCENT,
    PERCENT_1,
    Provenance,
    neutralise_cell,
    to_csv,
    to_xlsx,
)
from analytics.formatting import plural, source_name

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
ABOUT = Provenance(
    "Programmes: GSSC · Period: all dates · Target countries: all · Sectors: Smart city",
    "project.xlsx",
    datetime(2026, 11, 30, 16, 42),
    "3f2a9c1b" + "0" * 56,
)


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_triggers_are_neutralised(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Da Nang", "", None, "1-2 meetings", "a=b", "€ 5"])
def test_ordinary_text_is_left_alone(value: str | None) -> None:
    assert neutralise_cell(value) == value


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Organisation": ['=HYPERLINK("http://x")', "Smart Digital Technology", "+1"],
            "Amount": [Decimal("-12.30"), Decimal("222202.62"), None],
            "Variance %": [-0.0423, 0.5, None],
            "Date": [date(2022, 5, 9), None, date(2021, 1, 2)],
            "Contacts": [3, 5, None],
            "Public": [True, False, None],
        },
        schema={
            "Organisation": pl.String,
            "Amount": pl.Decimal(14, 2),
            "Variance %": pl.Float64,
            "Date": pl.Date,
            "Contacts": pl.Int64,
            "Public": pl.Boolean,
        },
    )


KINDS = {"Amount": MONEY, "Variance %": PERCENT_1}


def test_xlsx_cells_are_typed_with_the_header_in_row_one_and_an_about_sheet() -> None:
    data = to_xlsx(_frame(), ABOUT, KINDS, "contacts")
    book = fastexcel.read_excel(data)
    assert book.sheet_names == ["contacts", "About"]
    sheet = book.load_sheet("contacts").to_polars()  # header_row=0: the spreadsheet's own guess
    assert sheet.columns == ["Organisation", "Amount", "Variance %", "Date", "Contacts", "Public"]
    assert sheet.schema["Amount"] == pl.Float64
    assert sheet["Amount"].sum() == pytest.approx(222190.32)
    assert sheet["Variance %"].to_list() == [-0.0423, 0.5, None]
    assert sheet["Date"].to_list()[0] == datetime(2022, 5, 9)
    assert sheet["Contacts"].sum() == 8
    assert sheet["Public"].to_list() == ["Yes", "No", None]
    # A value that looks like a formula is a plain text cell, as typed: no apostrophe to remove.
    assert sheet["Organisation"].to_list()[0] == '=HYPERLINK("http://x")'
    assert sheet["Organisation"].to_list()[2] == "+1"
    about = dict(book.load_sheet("About", header_row=None).to_polars().rows())
    assert about["Data file"] == "project.xlsx"
    assert about["Data sha256"] == ABOUT.sha256
    assert about["Loaded (UTC)"] == "30/11/2026 16:42"
    assert "Sectors: Smart city" in about["Filters"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert "<f>" not in xml  # no formula cell anywhere
    assert "&quot;€&quot; #,##0.00" in styles and 'formatCode="0.0%"' in styles


def test_xlsx_money_rows_format_only_the_rows_that_are_euro() -> None:
    frame = pl.DataFrame(
        {"Indicator": ["Contacts made", "Budget spent"], "Achieved": [Decimal(7), Decimal("5.5")]}
    )
    data = to_xlsx(frame, ABOUT, {"Achieved": AMOUNT}, "indicators", [False, True])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    cells = {c.split('"')[0]: c for c in xml.split(' r="')[1:]}
    assert cells["B2"].split('s="')[1][:2] != cells["B3"].split('s="')[1][:2]


def _csv(data: bytes, delimiter: str = ",") -> tuple[list[list[str]], list[list[str]]]:
    """(table rows, rows after the first empty line) of a CSV, read as a spreadsheet would."""
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    blank = rows.index([])
    return rows[:blank], rows[blank + 1 :]


def test_csv_has_its_header_in_row_one_and_provenance_after_the_data() -> None:
    table, after = _csv(to_csv(_frame(), ABOUT, KINDS))
    assert table[0] == [
        "Organisation",
        "Amount (EUR)",
        "Variance %",
        "Date",
        "Contacts",
        "Public",
    ]
    assert [r[0] for r in table[1:]] == [
        '\'=HYPERLINK("http://x")',
        "Smart Digital Technology",
        "'+1",
    ]
    assert [r[1] for r in table[1:]] == ["-12.30", "222202.62", ""]  # numbers not neutralised
    assert [r[2] for r in table[1:]] == ["-4.2", "50.0", ""]
    assert [r[3] for r in table[1:]] == ["09/05/2022", "", "02/01/2021"]
    assert [r[5] for r in table[1:]] == ["Yes", "No", ""]
    assert after[0][0].startswith("Programme results dashboard · Programmes: GSSC")
    assert "project.xlsx" in after[0][0] and "sha256 3f2a9c1b0000" in after[0][0]


def test_csv_for_a_european_spreadsheet_uses_semicolons_and_decimal_commas() -> None:
    data = to_csv(_frame(), ABOUT, KINDS, "european")
    assert data.decode("utf-8-sig").splitlines()[0].count(";") == 5
    table, _ = _csv(data, ";")
    assert [r[1] for r in table[1:]] == ["-12,30", "222202,62", ""]
    assert [r[2] for r in table[1:]] == ["-4,2", "50,0", ""]
    total = sum(Decimal(r[1].replace(",", ".")) for r in table[1:] if r[1])
    assert total == Decimal("222190.32")


def test_file_names_carry_the_table_filters_and_data_version() -> None:
    assert ABOUT.file_name("indicators", "xlsx") == (
        "indicators_GSSC_Smart-city_project-20261130-1642-3f2a9c1b.xlsx"
    )
    bare = Provenance("Programmes: all · Period: all dates · Target countries: all · Sectors: all")
    assert bare.file_name("missions", "csv") == "missions.csv"
    odd = Provenance("Programmes: A/B, C · Period: 2021-01-01 to …", "../x y.csv")
    name = odd.file_name("t", "csv")
    assert "/" not in name and " " not in name and name.startswith("t_A-B+C_2021-01-01-to")


def test_percent_kind_rounds_in_csv_as_on_screen() -> None:
    frame = pl.DataFrame({"Progress": [0.934, 1.0]})
    table, _ = _csv(to_csv(frame, ABOUT, {"Progress": PERCENT}))
    assert table == [["Progress (%)"], ["93"], ["100"]]


def test_plurals() -> None:
    assert [f"{n} {plural(n, 'mission')}" for n in (0, 1, 2)] == [
        "0 missions",
        "1 mission",
        "2 missions",
    ]


def test_rows_per_table_reads_as_text() -> None:
    from analytics.formatting import rows_per_table

    assert rows_per_table('{"programmes": 4, "contacts": 2000000}') == (
        "programmes 4 · contacts 2,000,000"
    )
    assert rows_per_table(None) == "–"


def test_the_funnel_caption_reconciles_reached_at_least_with_furthest_outcome() -> None:
    from analytics.kpi import funnel_caption

    # 20 reached an MoU; 10 of them went further, 6 of those to a joint project.
    funnel = pl.DataFrame(
        {
            "stage": ["contact", "follow_up", "mou", "agreement", "joint_project"],
            "contacts": [207, 60, 20, 10, 6],
        }
    )
    text = funnel_caption(funnel)
    assert "MoU 20 = 10 whose furthest outcome is an MoU" in text
    assert "Agreement 10 = 4 agreements + 6 joint projects" in text
    assert funnel_caption(funnel.with_columns(pl.lit(0).alias("contacts"))) is None


@pytest.mark.parametrize(
    ("stored", "named"),
    [
        ("/srv/in/programme.xlsx", "programme.xlsx"),
        ("C:\\Users\\pm\\Data\\programme.xlsx", "programme.xlsx"),
        ("/srv/in/demo/", "demo"),
        ("demo", "demo"),
        ("<img src=x> :red[x]/", "<img src=x> :red[x]"),
    ],
)
def test_a_load_is_named_by_its_own_file_or_folder(stored: str, named: str) -> None:
    """What the sidebar and every download name as the data's source."""
    assert source_name(stored) == named


# ---------------------------------------------------------------- exports equal the screen (#21)


def test_csv_counts_are_whole_numbers_and_money_rows_keep_their_cents() -> None:
    """The indicator table's Achieved/Target are counts except on the "Budget spent" row: the
    CSV said 18.00 where the screen says 18."""
    frame = pl.DataFrame(
        {
            "Indicator": ["Missions held", "Budget spent"],
            "Achieved": [Decimal("18.00"), Decimal("1000.00")],
        },
        schema={"Indicator": pl.String, "Achieved": pl.Decimal(18, 2)},
    )
    table, _ = _csv(to_csv(frame, ABOUT, {"Achieved": AMOUNT}, money_rows=[False, True]))
    assert table[1:] == [["Missions held", "18"], ["Budget spent", "1000.00"]]


def _spreadsheet_percent(share: float, decimals: int) -> Decimal:
    """What a spreadsheet's "0%" cell shows for a stored share: its 15 significant digits,
    rounded half away from zero (computed here, not with the code under test)."""
    digits = Decimal(f"{share:.15g}") * 100
    step = Decimal(1).scaleb(-decimals)
    return (
        (abs(digits) / step + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR")
        * step
        * (1 if digits >= 0 else -1)
    )


@pytest.mark.parametrize("share", [0.825, 0.125, 0.005, 0.935, -0.045, 0.0423, 1 / 3, 0.6749])
@pytest.mark.parametrize("kind", [PERCENT, PERCENT_1])
def test_a_share_rounds_the_same_on_screen_in_csv_and_in_the_spreadsheet(
    share: float, kind: str
) -> None:
    from analytics.formatting import percent

    decimals = 1 if kind == PERCENT_1 else 0
    excel = _spreadsheet_percent(share, decimals)
    assert percent(share, decimals) == f"{excel}%"  # 0.825: 83% on screen as in Excel (was 82%)
    frame = pl.DataFrame({"Share": [share]})
    table, _ = _csv(to_csv(frame, ABOUT, {"Share": kind}))
    assert Decimal(table[1][0]) == excel


def test_follow_up_is_written_as_on_screen() -> None:
    from analytics.formatting import label

    assert label("follow_up") == "Follow-up"  # the funnel's and the PDF's word, in every export


def test_a_year_in_a_data_table_is_2024_not_2_024() -> None:
    from analytics import alt
    from shell import ui
    from tests import samples

    frame = samples.contacts_over_time().with_columns(  # contacts in 2021, then in 2024-2025
        pl.Series("day", [date(2021, 9, 14), date(2021, 9, 14), date(2024, 3, 1), date(2025, 1, 1)])
    )
    data = alt.contacts_over_time(frame).data
    table = ui.html_table(data, "Data table")
    assert ">2024<" in table and "2,024" not in table and "2,025" not in table
