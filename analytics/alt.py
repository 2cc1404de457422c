"""Text alternatives for charts and maps: what a screen reader announces instead of a picture.

A chart is an SVG of ticks and a map a canvas: neither tells a reader who cannot see it what it
shows. Each builder of `analytics.charts` and `analytics.maps` has a function here of the same
frame that returns a `TextAlternative`: the figure's name, one sentence with its largest values
or its trend, and the data behind it as a table with readable headers. Pure functions (no
Streamlit, no database), so the sentences are tested against figures computed independently.

The sentences are plain text holding values from data: whoever writes them into Markdown or HTML
escapes them there (`analytics.text`), as `shell.ui` and `analytics.report` do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from analytics import charts
from analytics.formatting import count, each, label, money, percent

NOTHING = "Nothing to show for these filters."
STAGE_PHRASES = {
    "follow_up": "reached at least a follow-up",
    "mou": "an MoU",
    "agreement": "an agreement",
    "joint_project": "a joint project",
}
LEADERS = 3  # values named in a sentence: "the most with A (5), B (3) and C (2)"


@dataclass(frozen=True)
class TextAlternative:
    """`kind` is "Chart" or "Map"; `name` the figure's title; `summary` one sentence; `data` the
    figures behind it, headers as a person reads them."""

    kind: str
    name: str
    summary: str
    data: pl.DataFrame


def listing(items: Sequence[tuple[str, object]], limit: int = LEADERS) -> str:
    """[("A", 5), ("B", 3), ("C", 2)] -> "A (5), B (3) and C (2)": the first `limit` items."""
    parts = [f"{name} ({value})" for name, value in items[:limit]]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{count(n)} {word if n == 1 else plural or word + 's'}"


def _ranked(names: Sequence[str], values: Sequence[int | None]) -> list[tuple[str, str]]:
    """Names with their counts, largest first, ties by name; zero and empty left out."""
    pairs = sorted(
        ((n, v or 0) for n, v in zip(names, values, strict=True) if v),
        key=lambda p: (-p[1], p[0]),
    )
    return [(n, count(v)) for n, v in pairs]


# ---------------------------------------------------------------- contacts


def contacts_over_time(
    frame: pl.DataFrame,
    target: float | None = None,
    *,
    title: str = "Cumulative contacts by programme",
) -> TextAlternative:
    """Total, span, programmes that brought the most, the busiest year, progress to target."""
    # A year is a label (2024), not a quantity to print with a thousands separator (2,024)
    schema = {"Year": pl.String, "Programme": pl.String, "New contacts": pl.Int64}
    data = pl.DataFrame(schema=schema)
    if frame.is_empty() or not frame["contacts"].sum():
        return TextAlternative("Chart", title, NOTHING, data)
    yearly = (
        frame.group_by(pl.col("day").dt.year().alias("Year"), pl.col("programme_id"))
        .agg(pl.col("contacts").sum(), pl.col("cumulative").max())
        .sort(["Year", "programme_id"])
    )
    data = yearly.select(
        pl.col("Year").cast(pl.String),
        pl.col("programme_id").alias("Programme"),
        pl.col("contacts").alias("New contacts"),
        pl.col("cumulative").alias("Contacts so far"),
    )
    per_programme = frame.group_by("programme_id").agg(pl.col("contacts").sum())
    per_year = yearly.group_by("Year").agg(pl.col("contacts").sum()).sort("Year")
    total = int(per_programme["contacts"].sum())
    active = frame.filter(pl.col("contacts") > 0)["day"]
    busiest = per_year.sort(["contacts", "Year"], descending=[True, False]).row(0, named=True)
    leaders = _ranked(per_programme["programme_id"].to_list(), per_programme["contacts"].to_list())
    sentence = (
        f"{_plural(total, 'contact')} from {active.min():%b %Y} to {active.max():%b %Y}"
        f"{' by ' + listing(leaders) if len(leaders) > 1 else ''}; the most in "
        f"{busiest['Year']} ({count(busiest['contacts'])})"
    )
    if target:
        sentence += f"; {percent(total / target)} of the target of {count(target)}"
    return TextAlternative("Chart", title, sentence + ".", data)


def contacts_breakdown(
    frame: pl.DataFrame,
    dimension: str,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> TextAlternative:
    """The values with the most contacts, out of how many."""
    title = title or charts.BREAKDOWN_TITLES.get(dimension, f"Contacts by {label(dimension)}")
    heading = label(dimension) if dimension not in charts.BREAKDOWN_TITLES else None
    heading = heading or title.removeprefix("Contacts by ").capitalize()
    keys: list[str | None] = frame["key"].to_list() if not frame.is_empty() else []
    if dimension in charts.VOCABULARY_DIMENSIONS:
        shown = [label(k) if k is not None else "Not recorded" for k in keys]
    else:
        shown = [(names or {}).get(k, k) if k is not None else "Not recorded" for k in keys]
    data = pl.DataFrame(
        {
            heading: shown,
            "Contacts": frame["contacts"].to_list() if keys else [],
            "Organisations": frame["organisations"].to_list() if keys else [],
        },
        schema_overrides={heading: pl.String, "Contacts": pl.Int64, "Organisations": pl.Int64},
    ).sort(["Contacts", heading], descending=[True, False])
    total = int(data["Contacts"].sum() or 0)
    if not total:
        return TextAlternative("Chart", title, NOTHING, data)
    leaders = _ranked(data[heading].to_list(), data["Contacts"].to_list())
    bars = _plural(len(shown), "bar")
    sentence = f"{_plural(total, 'contact')} in {bars}; the most: {listing(leaders)}."
    return TextAlternative("Chart", title, sentence, data)


def outcome_funnel(
    frame: pl.DataFrame, *, title: str = "From contact to result"
) -> TextAlternative:
    """How many contacts reached each stage, as a count and a share of all contacts."""
    rows = frame.sort("rank") if not frame.is_empty() else frame
    stages = [charts.STAGE_LABELS.get(s, label(s)) for s in rows["stage"]] if rows.height else []
    contacts = rows["contacts"].to_list() if rows.height else []
    total = contacts[0] if contacts else 0
    data = pl.DataFrame(
        {
            "Stage reached (at least)": stages,
            "Contacts": contacts,
            "Share of contacts": [percent(c / total) if total else "–" for c in contacts],
        },
        schema_overrides={"Stage reached (at least)": pl.String, "Contacts": pl.Int64},
    )
    if not total:
        return TextAlternative("Chart", title, NOTHING, data)
    steps = [
        f"{count(c)} ({percent(c / total)}) {STAGE_PHRASES.get(s, label(s).lower())}"
        for s, c in zip(rows["stage"].to_list()[1:], contacts[1:], strict=True)
    ]
    if not steps:
        return TextAlternative("Chart", title, f"{_plural(total, 'contact')}.", data)
    joined = ", ".join(steps[:-1]) + " and " + steps[-1] if len(steps) > 1 else steps[0]
    sentence = f"Of {_plural(total, 'contact')}, {joined}."
    return TextAlternative("Chart", title, sentence, data)


# ---------------------------------------------------------------- sectors


def sector_ranking(frame: pl.DataFrame, *, title: str = "Contacts by sector") -> TextAlternative:
    """The sectors with the most contacts."""
    data = pl.DataFrame(
        {
            "Sector": [label(s) for s in frame["sector"]] if frame.height else [],
            "Contacts": frame["contacts"].to_list() if frame.height else [],
            "Organisations": frame["organisations"].to_list() if frame.height else [],
            "Missions": frame["missions"].to_list() if frame.height else [],
        },
        schema_overrides={
            "Sector": pl.String,
            "Contacts": pl.Int64,
            "Organisations": pl.Int64,
            "Missions": pl.Int64,
        },
    ).sort(["Contacts", "Missions", "Sector"], descending=[True, True, False])
    total = int(data["Contacts"].sum() or 0)
    if not data.height:
        return TextAlternative("Chart", title, NOTHING, data)
    leaders = _ranked(data["Sector"].to_list(), data["Contacts"].to_list())
    sentence = f"{_plural(data.height, 'sector')}, {_plural(total, 'contact')}" + (
        f"; the most in {listing(leaders)}." if leaders else "; none with a contact."
    )
    return TextAlternative("Chart", title, sentence, data)


def sector_share_by_programme(
    frame: pl.DataFrame, *, title: str = "Sector mix of contacts by programme"
) -> TextAlternative:
    """Each programme's largest sector and its share."""
    data = pl.DataFrame(
        {
            "Programme": frame["programme_id"].to_list() if frame.height else [],
            "Sector": [label(s) for s in frame["sector"]] if frame.height else [],
            "Contacts": frame["contacts"].to_list() if frame.height else [],
            "Share of the programme": [percent(s) for s in frame["share"]] if frame.height else [],
        },
        schema_overrides={
            "Programme": pl.String,
            "Sector": pl.String,
            "Contacts": pl.Int64,
            "Share of the programme": pl.String,
        },
    )
    if frame.is_empty():
        return TextAlternative("Chart", title, NOTHING, data)
    tops = []
    for programme in dict.fromkeys(frame["programme_id"].to_list()):
        part = frame.filter(pl.col("programme_id") == programme)
        best = part.sort(["share", "sector"], descending=[True, False]).row(0, named=True)
        tops.append(f"{programme}: {label(best['sector'])} ({percent(best['share'])})")
    shown = tops[:6]
    more = f", and {len(tops) - len(shown)} more" if len(tops) > len(shown) else ""
    sentence = "Largest sector of each programme: " + "; ".join(shown) + more + "."
    return TextAlternative("Chart", title, sentence, data)


def sector_country_heatmap(
    frame: pl.DataFrame, *, title: str = "Contacts by sector and target country"
) -> TextAlternative:
    """The busiest sector and target country, and the busiest pair of both."""
    rows = frame.filter(pl.col("contacts") > 0).with_columns(pl.col("country").fill_null("Unknown"))
    data = rows.select(
        each(rows.get_column("sector"), label).alias("Sector"),
        pl.col("country").alias("Target country"),
        pl.col("contacts").alias("Contacts"),
    ).sort(["Contacts", "Sector", "Target country"], descending=[True, False, False])
    if data.is_empty():
        return TextAlternative("Chart", title, NOTHING, data)
    top = data.row(0, named=True)
    by_sector = data.group_by("Sector").agg(pl.col("Contacts").sum())
    by_country = data.group_by("Target country").agg(pl.col("Contacts").sum())
    sectors = _ranked(by_sector["Sector"].to_list(), by_sector["Contacts"].to_list())
    countries = _ranked(by_country["Target country"].to_list(), by_country["Contacts"].to_list())
    sentence = (
        f"{_plural(by_sector.height, 'sector')} in "
        f"{_plural(by_country.height, 'target country', 'target countries')}"
        f"; the most contacts: {top['Sector']} in {top['Target country']} "
        f"({count(top['Contacts'])}); busiest sector {listing(sectors, 1)}, busiest "
        f"country {listing(countries, 1)}."
    )
    return TextAlternative("Chart", title, sentence, data)


# ---------------------------------------------------------------- missions


def missions_timeline(frame: pl.DataFrame, *, title: str = "Missions over time") -> TextAlternative:
    """How many missions, from when to when, the busiest year."""
    data = frame.sort(["start_date", "mission_id"]).select(
        pl.col("mission_id").alias("Mission"),
        pl.col("programme_id").alias("Programme"),
        pl.col("title").alias("Title"),
        pl.col("start_date").dt.strftime("%Y-%m-%d").alias("Start"),
        pl.col("end_date").dt.strftime("%Y-%m-%d").alias("End"),
        pl.concat_str([pl.col("city"), pl.col("country")], separator=", ", ignore_nulls=True).alias(
            "Place"
        ),
        pl.col("contacts").alias("Contacts"),
    )
    if data.is_empty():
        return TextAlternative("Chart", title, NOTHING, data)
    total = frame["total_rows"][0] if "total_rows" in frame.columns else frame.height
    years = frame.group_by(pl.col("start_date").dt.year().alias("year")).len()
    busiest = years.sort(["len", "year"], descending=[True, False]).row(0, named=True)
    shown = (
        f"the first {count(frame.height)} of {_plural(total, 'mission')}"
        if total and total > frame.height
        else _plural(frame.height, "mission")
    )
    sentence = (
        f"{shown[:1].upper()}{shown[1:]} from {frame['start_date'].min():%Y-%m-%d} to "
        f"{frame['start_date'].max():%Y-%m-%d}; the most in {busiest['year']} "
        f"({_plural(busiest['len'], 'mission')})."
    )
    return TextAlternative("Chart", title, sentence, data)


# ---------------------------------------------------------------- budget


def spend_vs_budget(
    frame: pl.DataFrame, dimension: str, *, title: str | None = None
) -> TextAlternative:
    """Totals of budget, plan and spending, and the lines off plan by name."""
    title = title or charts.BUDGET_TITLES.get(
        dimension, f"Budget, plan to date and spending by {label(dimension)}"
    )
    heading = dimension.replace("_", " ").capitalize()
    names = [
        label(lab) if dimension == "category" else (lab or key or "–")
        for key, lab in zip(frame["key"], frame["label"], strict=True)
    ]
    data = pl.DataFrame(
        {
            heading: names,
            "Budget": [money(v) for v in frame["budget"]],
            "Plan to date": [money(v) for v in frame["plan"]],
            "Spent": [money(v) for v in frame["spent"]],
            "Variance": [money(v) for v in frame["variance"]],
            "Variance %": [charts.signed_percent(v) for v in frame["variance_share"]],
            "Flag": [charts.FLAG_LABELS.get(f, f) for f in frame["flag"]],
        },
        schema_overrides=dict.fromkeys((heading, "Budget", "Plan to date"), pl.String),
    )
    if frame.is_empty():
        return TextAlternative("Chart", title, NOTHING, data)

    def total(column: str) -> Decimal:
        return sum((v for v in frame[column] if v is not None), Decimal("0.00"))

    sentence = (
        f"{_plural(frame.height, 'line')}: budget {money(total('budget'))}, plan to date "
        f"{money(total('plan'))}, spent {money(total('spent'))}"
    )
    for flag in ("over", "under", "unbudgeted"):
        flagged = [n for n, f in zip(names, frame["flag"], strict=True) if f == flag]
        if flagged:
            more = f" and {len(flagged) - LEADERS} more" if len(flagged) > LEADERS else ""
            sentence += (
                f"; {count(len(flagged))} {charts.FLAG_LABELS[flag]}: "
                + ", ".join(flagged[:LEADERS])
                + more
            )
    return TextAlternative("Chart", title, sentence + ".", data)


def cumulative_spend(
    frame: pl.DataFrame,
    forecast: Decimal | None = None,
    *,
    title: str = "Cumulative spending against the linear plan",
) -> TextAlternative:
    """Spent against plan at the last month with spending, and the forecast at completion."""
    rows = frame.sort("month") if not frame.is_empty() else frame
    data = pl.DataFrame(
        {
            "Month": [f"{m:%Y-%m}" for m in rows["month"]] if rows.height else [],
            "Plan (cumulative)": [money(v) for v in rows["plan"]] if rows.height else [],
            "Spent (cumulative)": [money(v) if v is not None else "–" for v in rows["spent"]]
            if rows.height
            else [],
        },
        schema_overrides={"Month": pl.String, "Plan (cumulative)": pl.String},
    )
    known = rows.filter(pl.col("spent").is_not_null()) if rows.height else rows
    if known.is_empty():
        return TextAlternative("Chart", title, NOTHING, data)
    last = known.row(known.height - 1, named=True)
    share = f" ({percent(float(last['spent'] / last['plan']))})" if last["plan"] else ""
    sentence = (
        f"By the end of {last['month']:%b %Y}, {money(last['spent'])} spent against "
        f"{money(last['plan'])} planned{share}"
    )
    if forecast is not None:
        sentence += f"; forecast at completion {money(forecast)}"
    return TextAlternative("Chart", title, sentence + ".", data)


# ---------------------------------------------------------------- maps


def mission_places(
    cities: pl.DataFrame,
    *,
    title: str = "Map of mission places",
    routes: int | None = None,
    homes: int | None = None,
) -> TextAlternative:
    """The places the map draws (a circle each, sized by contacts), the busiest named; with
    `routes`, the partner routes drawn as arcs from `homes` home towns."""
    data = cities.sort(["contacts", "place"], descending=[True, False]).select(
        pl.col("place").alias("Place"),
        pl.col("country").alias("Country"),
        pl.col("missions").alias("Missions"),
        pl.col("contacts").cast(pl.Int64).alias("Contacts"),
        pl.col("first_date").dt.strftime("%Y-%m-%d").alias("First mission"),
        pl.col("last_date").dt.strftime("%Y-%m-%d").alias("Last mission"),
        pl.col("programmes").alias("Programmes"),
    )
    if data.is_empty():
        return TextAlternative("Map", title, NOTHING, data)
    places = [
        f"{p}, {c}" if c and c not in p else p
        for p, c in zip(data["Place"], data["Country"], strict=True)
    ]
    leaders = _ranked(places, data["Contacts"].to_list())
    countries = data["Country"].n_unique()
    sentence = (
        f"{_plural(data.height, 'mission place')} in "
        f"{_plural(countries, 'country', 'countries')}, circles sized by contacts"
        + (f"; the most contacts at {listing(leaders)}" if leaders else "")
    )
    if routes:
        sentence += (
            f"; {_plural(routes, 'partner route')} drawn as arcs from "
            f"{_plural(homes or 0, 'home town')}"
        )
    return TextAlternative("Map", title, sentence + ".", data)


def countries(
    by_country: pl.DataFrame, *, title: str = "Map of contacts by country of the organisation"
) -> TextAlternative:
    """The countries shaded, the ones with most contacts named."""
    columns = {"contacts": "Contacts", "organisations": "Organisations", "missions": "Missions"}
    return _shaded_countries(by_country, title, "Organisations", columns)


def partner_towns(
    towns: pl.DataFrame, *, title: str = "Map of partners' home towns"
) -> TextAlternative:
    """The towns the map draws (a circle each, sized by partners), the largest named."""
    data = towns.sort(["partners", "place"], descending=[True, False]).select(
        pl.col("place").alias("Town"),
        pl.col("country").alias("Country"),
        pl.col("partners").alias("Partners"),
        pl.col("projects").alias("Projects"),
    )
    if data.is_empty():
        return TextAlternative("Map", title, NOTHING, data)
    names = [f"{t}, {c}" if c else t for t, c in zip(data["Town"], data["Country"], strict=True)]
    leaders = _ranked(names, data["Partners"].to_list())
    sentence = (
        f"{_plural(int(data['Partners'].sum()), 'partner')} in {_plural(data.height, 'town')} "
        f"of {_plural(data['Country'].n_unique(), 'country', 'countries')}, circles sized by "
        f"partners; the most in {listing(leaders)}."
    )
    return TextAlternative("Map", title, sentence, data)


def partner_countries(
    by_country: pl.DataFrame, *, title: str = "Map of partners by country"
) -> TextAlternative:
    """The countries shaded by partners, the ones with most named."""
    columns = {"partners": "Partners", "projects": "Projects", "lead_partners": "Lead partners"}
    return _shaded_countries(by_country, title, "Partners", columns)


def _shaded_countries(
    by_country: pl.DataFrame, title: str, who: str, columns: dict[str, str]
) -> TextAlternative:
    """A country map shaded by its first measure (of `columns`: column -> label), the
    countries with most named."""
    measure = next(iter(columns))
    data = by_country.sort([measure, "country"], descending=[True, False]).select(
        pl.col("country").alias("Country"), *(pl.col(c).alias(a) for c, a in columns.items())
    )
    if data.is_empty():
        return TextAlternative("Map", title, NOTHING, data)
    leaders = _ranked(data["Country"].to_list(), data[columns[measure]].to_list())
    sentence = (
        f"{who} from {_plural(data.height, 'country', 'countries')}, darker for more "
        f"{measure}; the most from {listing(leaders)}."
    )
    return TextAlternative("Map", title, sentence, data)


def budget_by_funding_programme(
    frame: pl.DataFrame, *, title: str = "Budget by funding programme"
) -> TextAlternative:
    """The total budget and the funding programmes with the largest budgets."""
    data = pl.DataFrame(
        {
            "Funding programme": frame["funding_programme"].to_list() if frame.height else [],
            "Projects": frame["projects"].to_list() if frame.height else [],
            "Budget": [money(v) for v in frame["budget_eur"]] if frame.height else [],
            "EU funding": [money(v) for v in frame["eu_contribution_eur"]] if frame.height else [],
        },
        schema_overrides=dict.fromkeys(("Funding programme", "Budget", "EU funding"), pl.String),
    )
    if frame.is_empty():
        return TextAlternative("Chart", title, NOTHING, data)
    budgets = [
        (n or "–", v or Decimal("0"))
        for n, v in zip(frame["funding_programme"], frame["budget_eur"], strict=True)
    ]
    total = sum((v for _, v in budgets), Decimal("0.00"))
    ranked = sorted(budgets, key=lambda p: (-p[1], p[0]))
    sentence = (
        f"{_plural(frame.height, 'funding programme')}, {money(total)} budgeted; the largest: "
        f"{listing([(n, money(v)) for n, v in ranked])}."
    )
    return TextAlternative("Chart", title, sentence, data)
