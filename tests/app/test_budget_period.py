"""Budget with a period (issue 21): the cards, the cumulative chart's end points and its summary,
every table's sums and the PDF's tables follow the one period chosen, and agree to the cent.

The expected figures are computed here from the demo's CSV files with Decimal, row by row: a
programme counts when it runs in the period; its window is the period within its dates, up to
the as-of date; spent is the expenses dated in the window; the plan of each budget line is its
amount times the window's share of the programme's days, rounded to the cent (one rounding
rule: a total is the sum of its rounded lines).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from analytics import db
from analytics.filters import Filters
from analytics.report import report_html
from tests.apptest import open_page
from tests.expected import rows

AS_OF = date(2026, 11, 23)
CENT = Decimal("0.01")

PERIODS = [
    (date(2024, 7, 1), date(2024, 12, 31)),  # the report's: one programme, half of its year
    (date(2021, 3, 15), date(2021, 10, 10)),  # within one programme, mid-month to mid-month
    (date(2017, 11, 20), date(2023, 6, 30)),  # the end of one, all of another, start of a third
]


def _day(text: str) -> date:
    return date.fromisoformat(text)


def expected(start: date, end: date) -> tuple[Decimal, Decimal, date]:
    """Spent and plan to date in the period, and the first month the chart should show."""
    spent = plan = Decimal(0)
    first: date | None = None
    running = {}
    for p in rows("programmes"):
        p_start, p_end = _day(p["start_date"]), _day(p["end_date"])
        if p_end < start or p_start > end:
            continue
        w_start, w_end = max(p_start, start), min(p_end, end, AS_OF)
        running[p["programme_id"]] = (w_start, w_end, (p_end - p_start).days + 1)
        first = min(first or w_start, w_start)
    for x in rows("expenses"):
        window = running.get(x["programme_id"])
        if window and window[0] <= _day(x["date"]) <= window[1]:
            spent += Decimal(x["amount_eur"])
    for line in rows("budget"):
        window = running.get(line["programme_id"])
        if window:
            days = max(0, (window[1] - window[0]).days + 1)
            share = Decimal(line["amount_eur"]) * days / window[2]
            plan += share.quantize(CENT, rounding=ROUND_HALF_UP)
    assert first is not None
    return spent, plan, first.replace(day=1)


def euros(text: str) -> Decimal:
    """'€ 1,234.50' or '-€ 7.00' as a Decimal."""
    sign = -1 if text.strip().startswith("-") else 1
    return sign * Decimal(re.sub(r"[^0-9.]", "", text))


def shown(value: Decimal) -> str:
    return f"€ {value:,.2f}"


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", AS_OF.isoformat())
    return demo_db


@pytest.mark.parametrize("start,end", PERIODS, ids=[f"{s}..{e}" for s, e in PERIODS])
def test_budget_page_follows_the_period_to_the_cent(demo: Path, start: date, end: date) -> None:
    spent, plan, first_month = expected(start, end)
    at = open_page("budget", {"from": start.isoformat(), "to": end.isoformat()})
    assert not at.exception, [e.value for e in at.exception]

    cards = {m.label: m.value for m in at.metric}
    assert euros(cards["Spent"]) == spent and euros(cards["Plan to date"]) == plan, cards

    # The cumulative chart runs over the period, and ends where the cards are.
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {t["name"]: t for t in figure["data"]}
    months = traces["Linear plan"]["x"]
    assert date.fromisoformat(str(months[0])[:10]) == first_month, months[:3]
    assert date.fromisoformat(str(months[-1])[:10]) == end.replace(day=1) or end > AS_OF
    assert Decimal(str(traces["Linear plan"]["y"][-1])).quantize(CENT) == plan
    drawn = [y for y in traces["Spent"]["y"] if y is not None]
    assert Decimal(str(drawn[-1])).quantize(CENT) == spent
    summaries = " ".join(h.proto.body for h in at.get("html") if "figure-summary" in h.proto.body)
    assert f"{shown(spent)} spent against {shown(plan)} planned" in summaries

    # Every table's lines add up to the cards: the spend tables, the list of expenditure and
    # its totals by partner and by category (whose last row is the total).
    spend_tables = [t.value for t in at.dataframe if "Plan to date" in t.value.columns]
    assert len(spend_tables) == 3
    for frame in spend_tables:
        assert sum(euros(v) for v in frame["Plan to date"]) == plan, frame
        assert sum(euros(v) for v in frame["Spent"]) == spent, frame
    listed = next(t.value for t in at.dataframe if "Invoice reference" in t.value.columns)
    assert sum(euros(v) for v in listed["Amount"]) == spent
    for column in ("Partner", "Category"):
        totals = next(
            t.value for t in at.dataframe if list(t.value.columns) == [column, "Lines", "Amount"]
        )
        assert list(totals[column])[-1] == "Total"
        assert euros(list(totals["Amount"])[-1]) == spent
        assert sum(euros(v) for v in list(totals["Amount"])[:-1]) == spent
    assert any(b.label.startswith("List of expenditure") for b in at.get("download_button"))

    # The PDF: its budget tables' totals and the chart's summary, the same figures.
    connection = db.open_readonly(str(demo))
    try:
        html = report_html(db.cursor(connection), Filters(start=start, end=end), AS_OF)
    finally:
        connection.close()
    for table in ("budget-by-programme", "spend-by-category", "spend-by-partner"):
        body = html.split(f'<table id="{table}"', 1)
        if table == "budget-by-programme" and len(body) == 1:
            continue  # one programme: no table by programme
        total = body[1].split('<tr class="total">', 1)[1].split("</tr>", 1)[0]
        assert shown(plan) in total and shown(spent) in total, (table, total)
    assert f"{shown(spent)} spent against {shown(plan)} planned" in html
