"""The EU report: its figures against values computed here from the demo CSV files (csv module
and Decimal, an independent path from the SQL), its offline page, and the printed PDF."""

from __future__ import annotations

import os
import re
import shlex
from collections import Counter, defaultdict
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import polars as pl
import pytest
from plotly.offline import get_plotlyjs

from analytics import queries, report
from analytics.filters import Filters
from analytics.formatting import INDICATOR_LABELS
from analytics.static_map import static_mission_map
from tests.expected import expected_indicators, rows

AS_OF = date(2026, 11, 23)  # after GSSC's end: every plan is the whole budget
GSSC = Filters(programmes=("GSSC",))
OUTCOMES = ("follow_up", "mou", "agreement", "joint_project")


def euro(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}€ {abs(value):,.2f}"


def whole(value: Decimal | int) -> str:
    return f"{int(value):,}"


class Tables(HTMLParser):
    """Every <table id=...> of a page as rows of cell texts (a <br> becomes a space)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table and self._cell is not None:
            text = re.sub(r"\s+", " ", "".join(self._cell)).strip().replace("\u00ad", "")
            self.tables[self._table][-1].append(text)
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page(con) -> str:
    return report.report_html(con, GSSC, AS_OF)


@pytest.fixture(scope="module")
def tables(page: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def by_first_cell(table: list[list[str]]) -> dict[str, list[str]]:
    return {r[0]: r for r in table[1:]}


# ---------------------------------------------------------------- figures


def test_indicator_table_matches_the_csv(tables) -> None:
    expected = expected_indicators(GSSC)
    targets = {t["indicator"]: t for t in rows("targets") if t["programme_id"] == "GSSC"}
    table = {r[1]: r for r in tables["indicators"][1:]}
    assert tables["indicators"][0] == [
        "Code",
        "Indicator",
        "Achieved",
        "Target",
        "Progress",
        "Source of figure",
    ]
    for indicator, value in expected.items():
        row = table[INDICATOR_LABELS[indicator]]
        target = Decimal(targets[indicator]["target"])
        if indicator == "budget_spent":
            assert row[2:4] == [euro(value), euro(target)]
        else:
            assert row[2:4] == [whole(value), whole(target)], indicator
        assert row[4] == f"{value / target * 100:.0f}%", indicator
        assert row[5] == "counted from the data"
    custom = table["Jointly developed solutions"]
    assert custom[2:] == ["3", "5", "60%", "reported by the project"]
    assert table["Budget spent"][2] == "€ 204,426.41"
    assert table["Contacts made"][2:4] == ["99", "110"]


# The Interreg 2021-2027 cost categories by the names managers know, for the demo's keys.
INTERREG = {
    "staff": "Staff",
    "indirect": "Office and administration",
    "travel": "Travel and accommodation",
    "subcontracting": "External expertise and services",
    "equipment": "Equipment",
}


def test_spend_by_category_matches_the_csv(tables, page: str) -> None:
    budget: dict[str, Decimal] = defaultdict(Decimal)
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for b in rows("budget"):
        if b["programme_id"] == "GSSC":
            budget[b["category"]] += Decimal(b["amount_eur"])
    for e in rows("expenses"):
        if e["programme_id"] == "GSSC":
            spent[e["category"]] += Decimal(e["amount_eur"])
    table = by_first_cell(tables["spend-by-category"])
    for category in budget.keys() | spent.keys():
        row = table[INTERREG.get(category, category.capitalize())]
        # The programme has ended, so the plan to date is the whole budget.
        assert row[1:5] == [
            euro(budget[category]),
            euro(budget[category]),
            euro(spent[category]),
            euro(spent[category] - budget[category]),
        ], category
    total = table["Total"]
    assert total[1] == euro(sum(budget.values())) == "€ 222,202.62"
    assert total[3] == euro(sum(spent.values()))
    assert "€ 222,202.62" in page


def test_spend_by_partner_matches_the_csv(tables) -> None:
    names = {p["partner_id"]: p["name"] for p in rows("partners")}
    budget: dict[str, Decimal] = defaultdict(Decimal)
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for b in rows("budget"):
        if b["programme_id"] == "GSSC":
            budget[names[b["partner_id"]]] += Decimal(b["amount_eur"])
    for e in rows("expenses"):
        if e["programme_id"] == "GSSC":
            spent[names[e["partner_id"]]] += Decimal(e["amount_eur"])
    table = by_first_cell(tables["spend-by-partner"])
    assert set(table) == set(budget) | {"Total"}
    for name in budget:
        assert table[name][1] == euro(budget[name])
        assert table[name][3] == euro(spent[name])


def test_budget_summary_matches_the_csv(page: str) -> None:
    spent = sum(Decimal(e["amount_eur"]) for e in rows("expenses") if e["programme_id"] == "GSSC")
    cards = page[page.index('id="budget-summary"') :]
    cards = cards[: cards.index("</div></div></div>") + 18]
    text = re.sub(r"<[^>]+>", "|", cards)
    # Budget, spent, plan to date (the whole budget) and forecast (the spending: it has ended).
    for label, value in (
        ("Budget", "€ 222,202.62"),
        ("Spent", euro(spent)),
        ("Plan to date", "€ 222,202.62"),
        ("Forecast at completion", euro(spent)),
    ):
        assert f"|{label}||{value}|" in text, label


def test_mission_list_matches_the_csv(tables) -> None:
    missions = [m for m in rows("missions") if m["programme_id"] == "GSSC"]
    contacts = [c for c in rows("contacts") if c["mission_id"].startswith("GSSC-")]
    table = tables["missions"]
    assert table[0][:4] == ["Mission", "Dates", "Place", "Type"]
    body = {r[0].rsplit(" ", 1)[1]: r for r in table[1:-1]}
    assert set(body) == {m["mission_id"] for m in missions}
    for m in missions:
        row = body[m["mission_id"]]
        mine = [c for c in contacts if c["mission_id"] == m["mission_id"]]
        outcomes = reached(mine)
        organisations = {(c["organisation"].strip().casefold(), c["country"]) for c in mine}
        assert row[0] == f"{m['title']} {m['mission_id']}"
        # in the default date format, DD/MM/YYYY
        assert row[1].startswith(f"{date.fromisoformat(m['start_date']):%d/%m/%Y}")
        assert row[4:] == [
            whole(len(mine)),
            whole(len(organisations)),
            *(whole(outcomes[o]) for o in OUTCOMES),
        ], m["mission_id"]
    # The total row: distinct organisations over all the missions (it was blank), and the
    # stages as the funnel counts them (Follow-up 10 stood beside the funnel's 13, issue 21).
    outcomes = reached(contacts)
    organisations = {(c["organisation"].strip().casefold(), c["country"]) for c in contacts}
    assert table[-1][0] == f"Total, {len(missions)} missions"
    assert table[-1][4] == whole(len(contacts)) == "99"
    assert table[-1][5] == whole(len(organisations))
    assert table[-1][6:] == [whole(outcomes[o]) for o in OUTCOMES]


def reached(contacts: list[dict[str, str]]) -> Counter:
    """Contacts that reached at least each stage (the funnel's definition), from the CSV."""
    furthest = Counter(c["outcome"] for c in contacts)
    return Counter(
        {o: sum(furthest[later] for later in OUTCOMES[i:]) for i, o in enumerate(OUTCOMES)}
    )


def test_mission_outcomes_query_matches_the_csv(con) -> None:
    frame = queries.mission_outcomes(con, Filters())
    contacts = rows("contacts")
    assert frame.height == len(rows("missions"))
    assert frame["contacts"].sum() == len(contacts)
    for outcome, count in reached(contacts).items():
        assert frame[outcome].sum() == count
    nothing = queries.mission_outcomes(con, Filters(programmes=("GSSC",), countries=("CZ",)))
    assert nothing.is_empty()


def test_header_names_programme_period_and_load(page: str, con) -> None:
    load = queries.last_load(con).row(0, named=True)
    assert "Green Small Smart Cities (GSSC)" in page
    assert "COSME – Cluster Go International" in page
    assert "01/09/2020 – 31/08/2022" in page
    assert f"sha256 {load['sha256'][:12]}" in page
    assert "Figures as of</dt><dd>23/11/2026" in page


def test_a_period_filter_changes_the_figures(con) -> None:
    filters = Filters(programmes=("GSSC",), start=date(2022, 1, 1), end=date(2022, 12, 31))
    parser = Tables()
    parser.feed(report.report_html(con, filters, AS_OF))
    table = {r[1]: r for r in parser.tables["indicators"][1:]}
    expected = expected_indicators(filters)
    assert table["Missions held"][2] == whole(expected["missions"])
    assert table["Contacts made"][2] == whole(expected["contacts"])
    assert table["Budget spent"][2] == euro(expected["budget_spent"])


def test_an_empty_selection_still_makes_a_page(con) -> None:
    page = report.report_html(con, Filters(programmes=("GSSC",), countries=("CZ",)), AS_OF)
    assert "No mission matches these filters." in page


# ---------------------------------------------------------------- offline


def test_the_page_fetches_nothing(page: str) -> None:
    plotly_js = get_plotlyjs()
    assert page.count(plotly_js) == 1  # inlined once, for every figure
    rest = page.replace(plotly_js, "")
    assert "http://" not in rest and "https://" not in rest
    assert not re.search(r"\b(src|href)\s*=", rest)
    assert "<link" not in rest and "@import" not in rest and "url(" not in rest
    assert rest.count("Plotly.newPlot(") == 6  # map, contacts, funnel, cumulative, 2 budget


def test_static_map_draws_countries_and_places(con) -> None:
    cities = queries.mission_cities(con, GSSC)
    fig = static_mission_map(cities, {"GSSC": "#E69F00"})
    assert not any(t.type.startswith(("scattergeo", "choropleth")) for t in fig.data)
    land, targets, places = fig.data
    assert land.fill == "toself" and targets.fill == "toself"
    assert list(places.x) == cities["longitude"].to_list()  # largest first, as the query
    sizes = list(places.marker.size)
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 44  # 2 x 22 px
    west, east = fig.layout.xaxis.range
    south, north = fig.layout.yaxis.range
    assert all(west < x < east for x in places.x) and all(south < y < north for y in places.y)
    labels = [a.text for a in fig.layout.annotations]
    assert "Da Nang · 20" in labels
    empty = static_mission_map(cities.clear(), {})
    assert not empty.data


def test_footer_line_and_file_name() -> None:
    load = pl.DataFrame(
        {
            "loaded_at": [datetime(2026, 1, 2, 3, 4)],
            "source": ["x" * 200 + "/workbook.xlsx"],
            "sha256": ["0123456789abcdef" * 4],
            "warnings": [0],
        }
    )
    line = report.load_line(load)
    assert line.startswith("Data loaded 02/01/2026 03:04 UTC from …")
    assert line.endswith("/workbook.xlsx · sha256 0123456789ab")
    assert report.filename(Filters(programmes=("GSSC", "UCA")), AS_OF) == (
        "report-GSSC-UCA-2026-11-23.pdf"
    )
    # A space after an escape is escaped too: CSS would take a plain one as the escape's end.
    assert report._css_string('a "b" \\ é') == (
        '"a \\000022b\\000022\\000020\\00005c\\000020\\0000e9"'
    )
    assert (
        report._css_string("Σελίδα 1")
        == '"' + "\\0003a3\\0003b5\\0003bb\\0003af\\0003b4\\0003b1\\000020" + '1"'
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--programme", "NOPE"),
        ("--country", "XX"),
        ("--sector", "bakery"),
        ("--from", "31/02/2023"),
    ],
)
def test_command_exits_2_naming_a_value_it_cannot_use(
    demo_db: Path, capsys, tmp_path: Path, option: str, value: str
) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(SystemExit) as stop:
        report.main(["--db", str(demo_db), option, value, "--out", str(out)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"{option} {value}:" in err
    if option != "--from":  # the values the data has, to choose from
        assert (
            "GSSC" if option == "--programme" else "VN" if option == "--country" else "ict"
        ) in err
    assert not out.exists()


def test_command_reads_names_and_forms_the_loader_accepts(demo_db: Path) -> None:
    """The README's --from 2021-01-01 (before GSSC's data) and names a manager types."""
    from analytics.filters import choices_from, read_arguments

    parser = report._parser()
    args = parser.parse_args(
        shlex.split(
            "--programme gssc --country 'Czech Republic' --sector 'smart city'"
            " --from 2021-01-01 --to 31/12/2023"
        )
    )
    with duckdb.connect(str(demo_db), read_only=True) as con:
        filters = read_arguments(parser, args, choices_from(queries.filter_options(con)))
    assert filters == Filters(
        programmes=("GSSC",),
        countries=("CZ",),
        sectors=("smart_city",),
        start=date(2021, 1, 1),
        end=date(2023, 12, 31),
    )


def test_missing_chromium_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setattr(report, "chromium_path", lambda: None)
    with pytest.raises(report.ReportUnavailable, match="apt-get install chromium"):
        report.html_to_pdf("<p>x</p>")


# ---------------------------------------------------------------- the PDF

CHROMIUM = report.chromium_path()


@pytest.fixture(scope="module")
def pdf(con, tmp_path_factory) -> Path:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium for the PDF report: apt-get install chromium")
        pytest.skip("no Chromium: apt-get install chromium")
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    out.write_bytes(report.build_report(con, GSSC, AS_OF))
    return out


@pytest.mark.browser
def test_pdf_has_the_figures_and_a_footer_on_every_page(pdf: Path, con) -> None:
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    text = "\n".join(pages)
    load = queries.last_load(con).row(0, named=True)
    assert len(pages) > 1
    for number, page_text in enumerate(pages, start=1):
        assert load["sha256"][:12] in page_text, f"page {number} has no footer"
        assert f"Page {number} of {len(pages)}" in page_text
    assert load["source"] in text
    assert "€ 222,202.62" in text
    assert "Exploratory mission to Da Nang" in text
    lines = text.splitlines()
    expected = expected_indicators(GSSC)
    for indicator in ("missions", "contacts", "organisations", "mous"):
        line = next(x for x in lines if x.startswith(INDICATOR_LABELS[indicator] + " "))
        assert f" {whole(expected[indicator])} " in line, line
    budget_line = next(x for x in lines if x.startswith("Budget spent "))
    assert euro(expected["budget_spent"]) in budget_line


@pytest.mark.browser
def test_command_writes_the_pdf(demo_db: Path, tmp_path: Path, pdf: Path) -> None:
    out = tmp_path / "out.pdf"
    code = report.main(
        ["--db", str(demo_db), "--programme", "GSSC", "--as-of", "2026-11-23", "--out", str(out)]
    )
    assert code == 0 and out.read_bytes().startswith(b"%PDF")


PERIOD_3 = Filters(programmes=("GSSC",), start=date(2021, 9, 1), end=date(2022, 2, 28), period=3)
PERIOD_3_LINE = "Reporting period 3: 01/09/2021 – 28/02/2022"


def test_a_report_for_a_reporting_period_names_it_on_its_first_page(con) -> None:
    page = report.report_html(con, PERIOD_3, AS_OF)
    first = page.split("<h2>", 1)[0]  # the title block, before section 1
    assert f'<div class="subtitle period">{PERIOD_3_LINE}</div>' in first
    assert "Reporting period</dt><dd>Period 3: 01/09/2021 – 28/02/2022</dd>" in first
    assert f"<title>{report.TITLE} · GSSC · {PERIOD_3_LINE} · 23/11/2026</title>" in page
    assert "@top-right" in page  # and at the top of every printed page
    assert report.filename(PERIOD_3, AS_OF) == "report-GSSC-period-3-2026-11-23.pdf"
    whole_programme = report.report_html(con, GSSC, AS_OF)
    assert "subtitle period" not in whole_programme and "@top-right" not in whole_programme


@pytest.mark.browser
def test_the_command_with_a_period_prints_it_on_every_page(
    demo_db: Path, tmp_path: Path, pdf: Path
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "period.pdf"
    code = report.main(
        [
            *("--db", str(demo_db), "--programme", "GSSC", "--period", "3"),
            *("--as-of", "2026-11-23", "--out", str(out)),
        ]
    )
    assert code == 0
    reader = PdfReader(out)
    # pypdf drops some spaces of the page-margin text ("–2022"): compared without spaces.
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
    assert "Period3:01/09/2021–28/02/2022" in pages[0]
    line = re.sub(r"\s+", "", PERIOD_3_LINE)
    assert len(pages) > 1 and all(line in text for text in pages), [t[:120] for t in pages]
    assert PERIOD_3_LINE in reader.metadata.title


def _structure(node, found: list[tuple[str, str | None]]) -> None:
    """(structure type, alternative text) of every element of a PDF's structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _structure(child, found)
        return
    if not hasattr(node, "get"):
        return  # a marked-content id
    if node.get("/S"):
        alt = node.get("/Alt")
        found.append((str(node["/S"]), str(alt) if alt is not None else None))
    if node.get("/K") is not None:
        _structure(node["/K"], found)


@pytest.mark.browser
def test_pdf_is_tagged_with_title_language_and_chart_alternatives(pdf: Path, con) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith(f"{report.TITLE} · GSSC")
    elements: list[tuple[str, str | None]] = []
    _structure(root["/StructTreeRoot"], elements)
    kinds = {kind for kind, _ in elements}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= kinds
    alts = [text for kind, text in elements if kind == "/Figure" and text]
    # The map, contacts over time, the funnel, cumulative spend, spend by category and by partner.
    assert [a.split(".")[0] for a in alts] == [
        "Map: Mission places, sized by contacts made",
        "Chart: Cumulative contacts by programme",
        "Chart: From contact to result",
        "Chart: Cumulative spending against the linear plan",
        "Chart: Budget, plan to date and spending by cost category",
        "Chart: Budget, plan to date and spending by partner",
    ]
    programme = {m["mission_id"]: m["programme_id"] for m in rows("missions")}
    contacts = sum(1 for c in rows("contacts") if programme[c["mission_id"]] == "GSSC")
    assert f"From contact to result. Of {contacts} contacts," in alts[2]


def test_targets_note_names_the_period_when_one_is_chosen(con, page: str) -> None:
    """With a period, the targets summed are those of the programmes that run in it (issue 21's
    targets follow the period), and the note says so; without one it says the programmes."""
    run_in_period = "summed over the selected programmes that run in the chosen period"
    assert "summed over the selected programmes." in page and run_in_period not in page
    dated = Filters(programmes=("GSSC",), start=date(2018, 1, 1), end=date(2018, 12, 31))
    assert run_in_period in report.report_html(con, dated, AS_OF)
    assert run_in_period in report.report_html(con, PERIOD_3, AS_OF)
