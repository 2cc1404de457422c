"""Every page on three periods (issue 21): its cards, its charts' end points, its tables' sums and,
for the Overview, the PDF's indicator table agree with one another and with figures computed here
from the demo's CSV files (csv and Decimal, row by row), to the count and the cent. The Budget
page has its own test (test_budget_period.py).

Definitions, as the pages state them: a mission is in the period when its dates overlap it; a
contact counts with its mission; spending is the expenses dated in the period; a programme (its
targets, budget and partners) counts when it runs at some time in the period.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.filters import Filters
from analytics.formatting import INDICATOR_LABELS, count, label, money
from analytics.report import report_html
from tests.app.test_budget_period import AS_OF, PERIODS, euros
from tests.apptest import open_page
from tests.expected import expected_indicators, rows

IDS = [f"{s}..{e}" for s, e in PERIODS]


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", AS_OF.isoformat())
    return demo_db


def run(page: str, start: date, end: date) -> AppTest:
    at = open_page(page, {"from": start.isoformat(), "to": end.isoformat()})
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> dict[str, dict[str, Any]]:
    """The page's Plotly figures by title."""
    out = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def number(text: object) -> int:
    return int(str(text).replace(",", ""))


# ---------------------------------------------------------------- from the CSV files


def missions_in(start: date, end: date) -> dict[str, dict[str, str]]:
    return {
        m["mission_id"]: m
        for m in rows("missions")
        if (m["end_date"] or m["start_date"]) >= start.isoformat()
        and m["start_date"] <= end.isoformat()
    }


def contacts_in(start: date, end: date) -> list[dict[str, str]]:
    missions = missions_in(start, end)
    return [c for c in rows("contacts") if c["mission_id"] in missions]


def organisation(c: dict[str, str]) -> tuple[str, str]:
    return (c["organisation"].strip().casefold(), c["country"])


def programmes_in(start: date, end: date) -> dict[str, dict[str, str]]:
    return {
        p["programme_id"]: p
        for p in rows("programmes")
        if p["end_date"] >= start.isoformat() and p["start_date"] <= end.isoformat()
    }


def targets_in(start: date, end: date) -> dict[str, Decimal]:
    """Each indicator's target summed over the programmes that run in the period."""
    running = programmes_in(start, end)
    out: dict[str, Decimal] = defaultdict(Decimal)
    for t in rows("targets"):
        if t["programme_id"] in running and t["target"]:
            out[t["indicator"]] += Decimal(t["target"])
    return dict(out)


def pdf(demo: Path, start: date, end: date) -> str:
    connection = db.open_readonly(str(demo))
    try:
        return report_html(db.cursor(connection), Filters(start=start, end=end), AS_OF)
    finally:
        connection.close()


def pdf_table(html: str, table_id: str) -> list[list[str]]:
    """The cells of a table of the PDF as text, row by row (tags dropped)."""
    body = html.split(f'<table id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", r)]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    ]


# ---------------------------------------------------------------- the pages


@pytest.mark.parametrize("start,end", PERIODS, ids=IDS)
def test_overview_cards_table_and_pdf_agree(demo: Path, start: date, end: date) -> None:
    filters = Filters(start=start, end=end)
    expected = expected_indicators(filters)
    targets = targets_in(start, end)
    at = run("overview", start, end)
    cards = {m.label: m.value for m in at.metric}
    table = at.dataframe[0].value
    by_label = {r["Indicator"]: r for r in table.to_dict("records")}
    html = pdf(demo, start, end)
    in_pdf = {  # a label cell may carry the official name after the label
        name: r
        for r in pdf_table(html, "indicators")
        for name in by_label
        if len(r) > 3 and (r[1] == name or r[1].startswith(name + " "))
    }
    for indicator, name in INDICATOR_LABELS.items():
        shown = cards[name]
        if indicator != "countries":  # its definition is another change's (issue 21)
            value = expected[indicator]
            assert shown == (money(value) if indicator == "budget_spent" else count(value)), name
        # the report's table and the PDF say what the card says, against one target
        assert by_label[name]["Achieved"] == shown, (name, by_label[name])
        assert in_pdf[name][2] == shown, (name, in_pdf[name])
        target = targets.get(indicator)
        if target is not None:
            text = money(target) if indicator == "budget_spent" else count(target)
            assert by_label[name]["Target"] == text, (name, by_label[name], text)
            assert in_pdf[name][3] == text, (name, in_pdf[name], text)
    # the budget card's own line: its share of the budget of the programmes of the period
    budget = sum((Decimal(p["budget_eur"]) for p in programmes_in(start, end).values()), Decimal(0))
    assert any(f"of {money(budget)}" in c.value.replace("\\", "") for c in at.caption)

    if not missions_in(start, end):
        assert len(at.dataframe) == 1 and at.info  # "No mission matches these filters."
        return
    latest = at.dataframe[1].value
    contacts = Counter(c["mission_id"] for c in contacts_in(start, end))
    assert set(latest["Mission"]) <= set(missions_in(start, end))
    for mission, shown in zip(latest["Mission"], latest["Contacts"], strict=True):
        assert number(shown) == contacts[mission], mission


@pytest.mark.parametrize("start,end", PERIODS, ids=IDS)
def test_missions_table_timeline_agree(demo: Path, start: date, end: date) -> None:
    missions = missions_in(start, end)
    contacts = contacts_in(start, end)
    at = run("missions", start, end)
    if not missions:
        assert at.info and not at.dataframe
        return
    table = at.dataframe[0].value
    assert sorted(table["Mission"]) == sorted(missions)
    per_mission = Counter(c["mission_id"] for c in contacts)
    orgs = defaultdict(set)
    for c in contacts:
        orgs[c["mission_id"]].add(organisation(c))
    for r in table.to_dict("records"):
        m = missions[r["Mission"]]
        assert number(r["Contacts"]) == per_mission[r["Mission"]], r
        assert number(r["Organisations"]) == len(orgs[r["Mission"]]), r
        assert number(r["Delegates"]) == number(m["delegates"] or 0), r
        assert r["Start"] == m["start_date"] or r["Start"] != "", r
    assert sum(number(v) for v in table["Contacts"]) == len(contacts)
    timeline = figures(at)["Missions over time"]
    drawn = [y for trace in timeline["data"] for y in trace["y"]]
    assert sorted(drawn) == sorted(missions)


@pytest.mark.parametrize("start,end", PERIODS, ids=IDS)
def test_contacts_charts_and_tables_agree(demo: Path, start: date, end: date) -> None:
    contacts = contacts_in(start, end)
    at = run("contacts", start, end)
    if not contacts:
        assert at.info and not at.dataframe
        return
    charts = figures(at)
    over_time = charts["Cumulative contacts by programme"]
    ends = {t["name"]: t["y"][-1] for t in over_time["data"] if t.get("name") != "Target"}
    by_programme = Counter(
        missions_in(start, end)[c["mission_id"]]["programme_id"] for c in contacts
    )
    assert {k: v for k, v in ends.items() if k in by_programme} == dict(by_programme)
    assert sum(v for k, v in ends.items() if k in by_programme) == len(contacts)
    for title, column in (
        ("Contacts by type of organisation", "org_type"),
        ("Contacts by type of meeting", "meeting_type"),
    ):
        (bars,) = charts[title]["data"]
        drawn = dict(zip(bars["y"], bars["x"], strict=True))
        assert drawn == {label(k): v for k, v in Counter(c[column] for c in contacts).items()}
    stages = ["none", "follow_up", "mou", "agreement", "joint_project"]
    furthest = Counter(stages.index(c["outcome"]) for c in contacts)
    at_least = [sum(n for i, n in furthest.items() if i >= s) for s in range(len(stages))]
    (funnel,) = charts["From contact to result"]["data"]
    assert list(funnel["x"]) == at_least
    by_mission, funnel_table = (t.value for t in at.dataframe)
    assert [number(v) for v in funnel_table["Contacts"]] == at_least
    assert sum(number(v) for v in by_mission["Contacts"]) == len(contacts)
    (bars,) = charts["Contacts by mission"]["data"]
    assert list(bars["x"]) == [number(v) for v in by_mission["Contacts"]][: len(bars["x"])]


@pytest.mark.parametrize("start,end", PERIODS, ids=IDS)
def test_sectors_chart_and_table_agree(demo: Path, start: date, end: date) -> None:
    contacts = contacts_in(start, end)
    missions = missions_in(start, end)
    at = run("sectors", start, end)
    if not contacts and not missions:
        assert at.info and not at.dataframe
        return
    table = at.dataframe[0].value
    per_sector = Counter(c["sector"] for c in contacts if c["sector"])
    orgs = defaultdict(set)
    for c in contacts:
        if c["sector"]:
            orgs[c["sector"]].add(organisation(c))
    with_missions = Counter(s for m in missions.values() for s in set(m["sectors"].split(";")) if s)
    sectors = set(per_sector) | set(with_missions)
    assert sorted(table["Sector"]) == sorted(label(s) for s in sectors)
    for s in sectors:
        (r,) = [r for r in table.to_dict("records") if r["Sector"] == label(s)]
        assert number(r["Contacts"]) == per_sector[s], r
        assert number(r["Organisations"]) == len(orgs[s]), r
        assert number(r["Missions"]) == with_missions[s], r
    (bars,) = figures(at)["Contacts by sector"]["data"]
    drawn = dict(zip(bars["y"], bars["x"], strict=True))
    assert drawn == {label(s): per_sector[s] for s in sectors}
    # the heatmap holds the contacts made in a target country: one the missions went to, not the
    # home country of one of that programme's own partners (queries.target_country, issue 21)
    homes = defaultdict(set)
    for p in rows("partners"):
        homes[p["programme_id"]].add(p["country"])
    in_target = sum(
        1
        for c in contacts
        if c["sector"]
        and missions[c["mission_id"]]["country"]
        not in homes[missions[c["mission_id"]]["programme_id"]]
    )
    heatmap = figures(at)["Contacts by sector and target country"]["data"][0]
    assert sum(v or 0 for row in heatmap["z"] for v in row) == in_target


@pytest.mark.parametrize("start,end", PERIODS, ids=IDS)
def test_countries_table_agrees(demo: Path, start: date, end: date) -> None:
    contacts = contacts_in(start, end)
    at = run("countries", start, end)
    if not contacts:
        assert at.info and not at.dataframe
        return
    table = at.dataframe[0].value
    expected = []
    for country in {c["country"] for c in contacts}:
        here = [c for c in contacts if c["country"] == country]
        expected.append(
            (
                len(here),
                len({organisation(c) for c in here}),
                len({c["mission_id"] for c in here}),
                sum(c["outcome"] in ("mou", "agreement", "joint_project") for c in here),
            )
        )
    shown = [
        tuple(number(r[c]) for c in ("Contacts", "Organisations", "Missions", "Signed (MoU+)"))
        for r in table.to_dict("records")
    ]
    assert sorted(shown) == sorted(expected)
    assert sum(s[0] for s in shown) == len(contacts)


@pytest.mark.parametrize("start,end", PERIODS, ids=IDS)
def test_partners_cards_and_tables_agree(demo: Path, start: date, end: date) -> None:
    running = programmes_in(start, end)
    partners = [p for p in rows("partners") if p["programme_id"] in running]
    at = run("partners", start, end)
    cards = {m.label: m.value for m in at.metric}
    budget = sum((Decimal(p["budget_eur"]) for p in running.values()), Decimal(0))
    funded = [
        Decimal(p["eu_contribution_eur"]) for p in running.values() if p["eu_contribution_eur"]
    ]
    eu = sum(funded, Decimal(0))
    assert cards["Projects"] == count(len(running))
    assert cards["Partners"] == count(len(partners))
    assert cards["Countries"] == count(len({p["country"] for p in partners}))
    assert euros(cards["Budget"]) == budget
    assert cards["EU funding"] == (money(eu) if funded else "–")
    by_country, projects = (t.value for t in at.dataframe)
    assert sum(number(v) for v in by_country["Partners"]) == len(partners)
    assert sorted(projects["Project"]) == sorted(running)
    assert sum(euros(v) for v in projects["Budget"]) == budget
    assert sum(euros(v) for v in projects["EU funding"] if v != "–") == eu
    assert sum(number(v) for v in projects["Partners"]) == len(partners)


def test_overview_says_targets_are_those_of_the_programmes_in_the_period(demo: Path) -> None:
    in_period = "summed over the selected programmes that run in the chosen period"
    start, end = PERIODS[0]
    assert any(in_period in c.value for c in run("overview", start, end).caption)
    at = open_page("overview")
    captions = [c.value for c in at.caption]
    assert not any(in_period in c for c in captions)
    assert any("targets are summed over the selected programmes." in c for c in captions)
