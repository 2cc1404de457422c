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
from babel.lists import format_list

import i18n
import i18n.formats
from analytics import charts
from analytics.formatting import count, date_pattern, day, each, label, money, percent
from i18n import N_, _, n_
from i18n import countries as country_names

NOTHING = N_("Nothing to show for these filters.")
# How far the contacts went, in the funnel's sentence: "100 (50%) reached at least a follow-up"
STAGE_PHRASES = {
    # Translators: {count} contacts ({share} of all) went on to at least a follow-up
    "follow_up": N_("{count} ({share}) reached at least a follow-up"),
    "mou": N_("{count} ({share}) an MoU"),
    "agreement": N_("{count} ({share}) an agreement"),
    "joint_project": N_("{count} ({share}) a joint project"),
}
# The first column of a breakdown's table, by dimension
BREAKDOWN_HEADINGS = {
    "org_type": N_("Type of organisation"),
    "meeting_type": N_("Type of meeting"),
    "outcome": N_("Outcome"),
    "sector": N_("Sector"),
    "country": N_("Country of the organisation"),
    "mission": N_("Mission"),
    "programme": N_("Programme"),
}
BUDGET_HEADINGS = {
    "category": N_("Category"),
    "partner": N_("Partner"),
    "work_package": N_("Work package"),
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


def join(parts: Sequence[str]) -> str:
    """["A", "B", "C"] -> "A, B and C"; in another language by its own rule (CLDR's lists)."""
    if len(parts) <= 1:
        return "".join(parts)
    code = i18n.language()
    if code != i18n.SOURCE:
        return format_list(list(parts), locale=code)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def listing(items: Sequence[tuple[str, object]], limit: int = LEADERS) -> str:
    """[("A", 5), ("B", 3), ("C", 2)] -> "A (5), B (3) and C (2)": the first `limit` items."""
    return join([f"{name} ({value})" for name, value in items[:limit]])


def _then(first: str, then: str) -> str:
    """Two parts of a summary, one after the other."""
    # Translators: joins two parts of a chart's summary ("10 contacts; the most in 2021")
    return _("{first}; {then}", first=first, then=then)


def _nothing(kind: str, title: str, data: pl.DataFrame) -> TextAlternative:
    return TextAlternative(kind, title, _(NOTHING), data)


def _contacts(n: int) -> str:
    return n_("{n} contact", "{n} contacts", n)


def _countries(n: int) -> str:
    return n_("{n} country", "{n} countries", n)


def _country_names(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame's country names in the language of the run (English keeps the stored ones)."""
    if i18n.language() == i18n.SOURCE or "country_code" not in frame.columns or frame.is_empty():
        return frame
    names = [
        country_names.name(code, name)
        for code, name in zip(frame["country_code"], frame["country"], strict=True)
    ]
    return frame.with_columns(pl.Series("country", names, dtype=pl.String))


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
    title: str | None = None,
) -> TextAlternative:
    """Total, span, programmes that brought the most, the busiest year, progress to target."""
    title = title or _("Cumulative contacts by programme")
    year, new = _("Year"), _("New contacts")
    # A year is a label (2024), not a quantity to print with a thousands separator (2,024)
    schema = {year: pl.String, _("Programme"): pl.String, new: pl.Int64}
    data = pl.DataFrame(schema=schema)
    if frame.is_empty() or not frame["contacts"].sum():
        return _nothing("Chart", title, data)
    yearly = (
        frame.group_by(pl.col("day").dt.year().alias("Year"), pl.col("programme_id"))
        .agg(pl.col("contacts").sum(), pl.col("cumulative").max())
        .sort(["Year", "programme_id"])
    )
    data = yearly.select(
        pl.col("Year").cast(pl.String).alias(year),
        pl.col("programme_id").alias(_("Programme")),
        pl.col("contacts").alias(new),
        pl.col("cumulative").alias(_("Contacts so far")),
    )
    data = data.with_columns(each(data[_("Programme")], charts.data_label))
    per_programme = frame.group_by("programme_id").agg(pl.col("contacts").sum())
    per_year = yearly.group_by("Year").agg(pl.col("contacts").sum()).sort("Year")
    total = int(per_programme["contacts"].sum())
    active = frame.filter(pl.col("contacts") > 0)["day"]
    busiest = per_year.sort(["contacts", "Year"], descending=[True, False]).row(0, named=True)
    programmes = [charts.data_label(p) for p in per_programme["programme_id"]]
    leaders = _ranked(programmes, per_programme["contacts"].to_list())
    values = {
        "contacts": _contacts(total),
        "first": i18n.formats.month(active.min()),
        "last": i18n.formats.month(active.max()),
        "year": busiest["Year"],
        "most": count(busiest["contacts"]),
    }
    if len(leaders) > 1:
        # Translators: "10 contacts from Sep 2021 to Oct 2021 by GSSC (5) and UCA (5); the most
        # in 2021 (10)"; {leaders} lists programmes with their contacts
        sentence = _(
            "{contacts} from {first} to {last} by {leaders}; the most in {year} ({most})",
            leaders=listing(leaders),
            **values,
        )
    else:
        sentence = _("{contacts} from {first} to {last}; the most in {year} ({most})", **values)
    if target:
        sentence = _then(
            sentence,
            _(
                "{share} of the target of {target}",
                share=percent(total / target),
                target=count(target),
            ),
        )
    return TextAlternative("Chart", title, sentence + ".", data)


def contacts_breakdown(
    frame: pl.DataFrame,
    dimension: str,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> TextAlternative:
    """The values with the most contacts, out of how many."""
    title = title or charts.breakdown_title(dimension)
    heading = (
        _(BREAKDOWN_HEADINGS[dimension]) if dimension in BREAKDOWN_HEADINGS else label(dimension)
    )
    contacts, organisations = _("Contacts"), _("Organisations")
    unknown = _("Not recorded")
    keys: list[str | None] = frame["key"].to_list() if not frame.is_empty() else []
    if dimension in charts.VOCABULARY_DIMENSIONS:
        shown = [label(k) if k is not None else unknown for k in keys]
    else:
        shown = [(names or {}).get(k, k) if k is not None else unknown for k in keys]
    data = pl.DataFrame(
        {
            heading: shown,
            contacts: frame["contacts"].to_list() if keys else [],
            organisations: frame["organisations"].to_list() if keys else [],
        },
        schema_overrides={heading: pl.String, contacts: pl.Int64, organisations: pl.Int64},
    ).sort([contacts, heading], descending=[True, False])
    total = int(data[contacts].sum() or 0)
    if not total:
        return _nothing("Chart", title, data)
    leaders = _ranked(data[heading].to_list(), data[contacts].to_list())
    # Translators: "23 contacts in 4 bars; the most: a (9), d (7) and b (5)."
    sentence = _(
        "{contacts} in {bars}; the most: {leaders}.",
        contacts=_contacts(total),
        bars=n_("{n} bar", "{n} bars", len(shown)),
        leaders=listing(leaders),
    )
    return TextAlternative("Chart", title, sentence, data)


def outcome_funnel(frame: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """How many contacts reached each stage, as a count and a share of all contacts."""
    title = title or _("From contact to result")
    rows = frame.sort("rank") if not frame.is_empty() else frame
    stages = [charts.stage_label(s) for s in rows["stage"]] if rows.height else []
    contacts = rows["contacts"].to_list() if rows.height else []
    total = contacts[0] if contacts else 0
    stage, contacts_heading = _("Stage reached (at least)"), _("Contacts")
    data = pl.DataFrame(
        {
            stage: stages,
            contacts_heading: contacts,
            _("Share of contacts"): [percent(c / total) if total else "–" for c in contacts],
        },
        schema_overrides={stage: pl.String, contacts_heading: pl.Int64},
    )
    if not total:
        return _nothing("Chart", title, data)
    steps = [
        _(STAGE_PHRASES[s], count=count(c), share=percent(c / total))
        if s in STAGE_PHRASES
        else _(
            "{count} ({share}) {stage}",
            count=count(c),
            share=percent(c / total),
            stage=label(s).lower(),
        )
        for s, c in zip(rows["stage"].to_list()[1:], contacts[1:], strict=True)
    ]
    if not steps:
        return TextAlternative("Chart", title, n_("{n} contact.", "{n} contacts.", total), data)
    # Translators: "Of 200 contacts, 100 (50%) reached at least a follow-up, 20 (10%) an MoU
    # and 5 (3%) a joint project."
    sentence = n_("Of {n} contact, {steps}.", "Of {n} contacts, {steps}.", total, steps=join(steps))
    return TextAlternative("Chart", title, sentence, data)


# ---------------------------------------------------------------- sectors


def sector_ranking(frame: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """The sectors with the most contacts."""
    title = title or _("Contacts by sector")
    sector, contacts, missions = _("Sector"), _("Contacts"), _("Missions")
    data = pl.DataFrame(
        {
            sector: [label(s) for s in frame["sector"]] if frame.height else [],
            contacts: frame["contacts"].to_list() if frame.height else [],
            _("Organisations"): frame["organisations"].to_list() if frame.height else [],
            missions: frame["missions"].to_list() if frame.height else [],
        },
        schema_overrides={
            sector: pl.String,
            contacts: pl.Int64,
            _("Organisations"): pl.Int64,
            missions: pl.Int64,
        },
    ).sort([contacts, missions, sector], descending=[True, True, False])
    total = int(data[contacts].sum() or 0)
    if not data.height:
        return _nothing("Chart", title, data)
    leaders = _ranked(data[sector].to_list(), data[contacts].to_list())
    values = {"sectors": n_("{n} sector", "{n} sectors", data.height), "contacts": _contacts(total)}
    if leaders:
        # Translators: "3 sectors, 65 contacts; the most in Smart city (33) and ICT (32)."
        sentence = _(
            "{sectors}, {contacts}; the most in {leaders}.", leaders=listing(leaders), **values
        )
    else:
        sentence = _("{sectors}, {contacts}; none with a contact.", **values)
    return TextAlternative("Chart", title, sentence, data)


def sector_share_by_programme(frame: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """Each programme's largest sector and its share."""
    title = title or _("Sector mix of contacts by programme")
    programme, sector, contacts = _("Programme"), _("Sector"), _("Contacts")
    share = _("Share of the programme")
    data = pl.DataFrame(
        {
            programme: [charts.data_label(p) for p in frame["programme_id"]]
            if frame.height
            else [],
            sector: [label(s) for s in frame["sector"]] if frame.height else [],
            contacts: frame["contacts"].to_list() if frame.height else [],
            share: [percent(s) for s in frame["share"]] if frame.height else [],
        },
        schema_overrides={
            programme: pl.String,
            sector: pl.String,
            contacts: pl.Int64,
            share: pl.String,
        },
    )
    if frame.is_empty():
        return _nothing("Chart", title, data)
    tops = []
    for programme in dict.fromkeys(frame["programme_id"].to_list()):
        part = frame.filter(pl.col("programme_id") == programme)
        best = part.sort(["share", "sector"], descending=[True, False]).row(0, named=True)
        name = charts.data_label(programme)
        tops.append(f"{name}: {label(best['sector'])} ({percent(best['share'])})")
    shown = tops[:6]
    if len(tops) > len(shown):
        # Translators: {tops} lists "GSSC: ICT (75%); UCA: ICT (50%)"; {n} programmes not listed
        sentence = n_(
            "Largest sector of each programme: {tops}, and {n} more.",
            "Largest sector of each programme: {tops}, and {n} more.",
            len(tops) - len(shown),
            tops="; ".join(shown),
        )
    else:
        sentence = _("Largest sector of each programme: {tops}.", tops="; ".join(shown))
    return TextAlternative("Chart", title, sentence, data)


def sector_country_heatmap(frame: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """The busiest sector and target country, and the busiest pair of both."""
    title = title or _("Contacts by sector and target country")
    sector, country, contacts = _("Sector"), _("Target country"), _("Contacts")
    rows = frame.filter(pl.col("contacts") > 0).with_columns(
        pl.col("country").fill_null(_("Unknown"))
    )
    data = rows.select(
        each(rows.get_column("sector"), label).alias(sector),
        pl.col("country").alias(country),
        pl.col("contacts").alias(contacts),
    ).sort([contacts, sector, country], descending=[True, False, False])
    if data.is_empty():
        return _nothing("Chart", title, data)
    top = data.row(0, named=True)
    by_sector = data.group_by(sector).agg(pl.col(contacts).sum())
    by_country = data.group_by(country).agg(pl.col(contacts).sum())
    sectors = _ranked(by_sector[sector].to_list(), by_sector[contacts].to_list())
    countries = _ranked(by_country[country].to_list(), by_country[contacts].to_list())
    # Translators: "2 sectors in 2 target countries; the most contacts: ICT in Chile (4);
    # busiest sector ICT (5), busiest country Chile (6)."
    sentence = _(
        "{sectors} in {countries}; the most contacts: {sector} in {country} ({contacts}); "
        "busiest sector {busiest_sector}, busiest country {busiest_country}.",
        sectors=n_("{n} sector", "{n} sectors", by_sector.height),
        countries=n_("{n} target country", "{n} target countries", by_country.height),
        sector=top[sector],
        country=top[country],
        contacts=count(top[contacts]),
        busiest_sector=listing(sectors, 1),
        busiest_country=listing(countries, 1),
    )
    return TextAlternative("Chart", title, sentence, data)


# ---------------------------------------------------------------- missions


def missions_timeline(frame: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """How many missions, from when to when, the busiest year."""
    title = title or _("Missions over time")
    data = frame.sort(["start_date", "mission_id"]).select(
        pl.col("mission_id").alias(_("Mission")),
        pl.col("programme_id").alias(_("Programme")),
        pl.col("title").alias(_("Title")),
        pl.col("start_date").dt.strftime(date_pattern()).alias(_("Start")),
        pl.col("end_date").dt.strftime(date_pattern()).alias(_("End")),
        pl.concat_str([pl.col("city"), pl.col("country")], separator=", ", ignore_nulls=True).alias(
            _("Place")
        ),
        pl.col("contacts").alias(_("Contacts")),
    )
    if data.is_empty():
        return _nothing("Chart", title, data)
    total = frame["total_rows"][0] if "total_rows" in frame.columns else frame.height
    years = frame.group_by(pl.col("start_date").dt.year().alias("year")).len()
    busiest = years.sort(["len", "year"], descending=[True, False]).row(0, named=True)
    values = {
        "first": day(frame["start_date"].min()),
        "last": day(frame["start_date"].max()),
        "year": busiest["year"],
        "busiest": n_("{n} mission", "{n} missions", busiest["len"]),
    }
    if total and total > frame.height:
        # Translators: {shown} missions of all {n}, from the first date to the last; the year
        # with the most missions
        sentence = n_(
            "The first {shown} of {n} mission from {first} to {last}; the most in {year} "
            "({busiest}).",
            "The first {shown} of {n} missions from {first} to {last}; the most in {year} "
            "({busiest}).",
            total,
            shown=count(frame.height),
            **values,
        )
    else:
        sentence = n_(
            "{n} mission from {first} to {last}; the most in {year} ({busiest}).",
            "{n} missions from {first} to {last}; the most in {year} ({busiest}).",
            frame.height,
            **values,
        )
    return TextAlternative("Chart", title, sentence, data)


# ---------------------------------------------------------------- budget


def spend_vs_budget(
    frame: pl.DataFrame, dimension: str, *, title: str | None = None
) -> TextAlternative:
    """Totals of budget, plan and spending, and the lines off plan by name."""
    title = title or charts.budget_title(dimension)
    heading = (
        _(BUDGET_HEADINGS[dimension])
        if dimension in BUDGET_HEADINGS
        else dimension.replace("_", " ").capitalize()
    )
    budget, plan = _("Budget"), _("Plan to date")
    names = [
        label(lab) if dimension == "category" else (charts.data_label(lab) or key or "–")
        for key, lab in zip(frame["key"], frame["label"], strict=True)
    ]
    data = pl.DataFrame(
        {
            heading: names,
            budget: [money(v) for v in frame["budget"]],
            plan: [money(v) for v in frame["plan"]],
            _("Spent"): [money(v) for v in frame["spent"]],
            _("Variance"): [money(v) for v in frame["variance"]],
            _("Variance %"): [charts.signed_percent(v) for v in frame["variance_share"]],
            _("Flag"): [charts.flag_label(f) for f in frame["flag"]],
        },
        schema_overrides=dict.fromkeys((heading, budget, plan), pl.String),
    )
    if frame.is_empty():
        return _nothing("Chart", title, data)

    def total(column: str) -> Decimal:
        return sum((v for v in frame[column] if v is not None), Decimal("0.00"))

    # Translators: {n} budget lines, with the totals of their budget, plan to date and spending
    sentence = n_(
        "{n} line: budget {budget}, plan to date {plan}, spent {spent}",
        "{n} lines: budget {budget}, plan to date {plan}, spent {spent}",
        frame.height,
        budget=money(total("budget")),
        plan=money(total("plan")),
        spent=money(total("spent")),
    )
    for flag in ("over", "under", "unbudgeted"):
        flagged = [n for n, f in zip(names, frame["flag"], strict=True) if f == flag]
        if flagged:
            lines = ", ".join(flagged[:LEADERS])
            if len(flagged) > LEADERS:
                # Translators: budget lines named, then how many more were not named
                lines = n_(
                    "{lines} and {n} more",
                    "{lines} and {n} more",
                    len(flagged) - LEADERS,
                    lines=lines,
                )
            sentence = _then(sentence, _flagged(flag, len(flagged), lines))
    return TextAlternative("Chart", title, sentence + ".", data)


def _flagged(flag: str, n: int, lines: str) -> str:
    """'1 over plan: Staff': how many budget lines are off plan, and which."""
    if flag == "over":
        return n_("{n} over plan: {lines}", "{n} over plan: {lines}", n, lines=lines)
    if flag == "under":
        return n_("{n} under plan: {lines}", "{n} under plan: {lines}", n, lines=lines)
    # Translators: budget lines with spending but no budget
    return n_("{n} unbudgeted: {lines}", "{n} unbudgeted: {lines}", n, lines=lines)


def cumulative_spend(
    frame: pl.DataFrame,
    forecast: Decimal | None = None,
    *,
    title: str | None = None,
) -> TextAlternative:
    """Spent against plan at the last month with spending, and the forecast at completion."""
    title = title or _("Cumulative spending against the linear plan")
    rows = frame.sort("month") if not frame.is_empty() else frame
    month, plan = _("Month"), _("Plan (cumulative)")
    data = pl.DataFrame(
        {
            month: [f"{m:%Y-%m}" for m in rows["month"]] if rows.height else [],
            plan: [money(v) for v in rows["plan"]] if rows.height else [],
            _("Spent (cumulative)"): [money(v) if v is not None else "–" for v in rows["spent"]]
            if rows.height
            else [],
        },
        schema_overrides={month: pl.String, plan: pl.String},
    )
    known = rows.filter(pl.col("spent").is_not_null()) if rows.height else rows
    if known.is_empty():
        return _nothing("Chart", title, data)
    last = known.row(known.height - 1, named=True)
    values = {
        "month": i18n.formats.month(last["month"]),
        "spent": money(last["spent"]),
        "plan": money(last["plan"]),
    }
    if last["plan"]:
        # Translators: "By the end of Feb 2024, € 900.25 spent against € 2,000.00 planned (45%)"
        sentence = _(
            "By the end of {month}, {spent} spent against {plan} planned ({share})",
            share=percent(float(last["spent"] / last["plan"])),
            **values,
        )
    else:
        sentence = _("By the end of {month}, {spent} spent against {plan} planned", **values)
    if forecast is not None:
        sentence = _then(sentence, _("forecast at completion {amount}", amount=money(forecast)))
    return TextAlternative("Chart", title, sentence + ".", data)


# ---------------------------------------------------------------- maps


def mission_places(
    cities: pl.DataFrame,
    *,
    title: str | None = None,
    routes: int | None = None,
    homes: int | None = None,
) -> TextAlternative:
    """The places the map draws (a circle each, sized by contacts), the busiest named; with
    `routes`, the partner routes drawn as arcs from `homes` home towns."""
    title = title or _("Map of mission places")
    place, country, contacts = _("Place"), _("Country"), _("Contacts")
    data = (
        _country_names(cities)
        .sort(["contacts", "place"], descending=[True, False])
        .select(
            pl.col("place").alias(place),
            pl.col("country").alias(country),
            pl.col("missions").alias(_("Missions")),
            pl.col("contacts").cast(pl.Int64).alias(contacts),
            pl.col("first_date").dt.strftime(date_pattern()).alias(_("First mission")),
            pl.col("last_date").dt.strftime(date_pattern()).alias(_("Last mission")),
            pl.col("programmes").alias(_("Programmes")),
        )
    )
    if data.is_empty():
        return _nothing("Map", title, data)
    places = [
        f"{p}, {c}" if c and c not in p else p
        for p, c in zip(data[place], data[country], strict=True)
    ]
    leaders = _ranked(places, data[contacts].to_list())
    # Translators: "4 mission places in 3 countries, circles sized by contacts"
    sentence = _(
        "{places} in {countries}, circles sized by contacts",
        places=n_("{n} mission place", "{n} mission places", data.height),
        countries=_countries(data[country].n_unique()),
    )
    if leaders:
        sentence = _then(sentence, _("the most contacts at {leaders}", leaders=listing(leaders)))
    if routes:
        # Translators: "3 partner routes drawn as arcs from 2 home towns"
        arcs = _(
            "{routes} drawn as arcs from {homes}",
            routes=n_("{n} partner route", "{n} partner routes", routes),
            homes=n_("{n} home town", "{n} home towns", homes or 0),
        )
        sentence = _then(sentence, arcs)
    return TextAlternative("Map", title, sentence + ".", data)


def countries(by_country: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """The countries shaded, the ones with most contacts named."""
    title = title or _("Map of contacts by country of the organisation")
    columns = {
        "contacts": _("Contacts"),
        "organisations": _("Organisations"),
        "missions": _("Missions"),
    }
    # Translators: "Organisations from 3 countries, darker for more contacts; the most from
    # Czechia (56), Chile (37) and Vietnam (37)."
    sentence = N_(
        "Organisations from {countries}, darker for more contacts; the most from {leaders}."
    )
    return _shaded_countries(by_country, title, sentence, columns)


def partner_towns(towns: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """The towns the map draws (a circle each, sized by partners), the largest named."""
    title = title or _("Map of partners' home towns")
    town, country, partners = _("Town"), _("Country"), _("Partners")
    data = (
        _country_names(towns)
        .sort(["partners", "place"], descending=[True, False])
        .select(
            pl.col("place").alias(town),
            pl.col("country").alias(country),
            pl.col("partners").alias(partners),
            pl.col("projects").alias(_("Projects")),
        )
    )
    if data.is_empty():
        return _nothing("Map", title, data)
    names = [f"{t}, {c}" if c else t for t, c in zip(data[town], data[country], strict=True)]
    leaders = _ranked(names, data[partners].to_list())
    # Translators: "4 partners in 3 towns of 3 countries, circles sized by partners; the most in
    # Sofia, Bulgaria (2), Aalborg, Denmark (1) and Västerås, Sweden (1)."
    sentence = _(
        "{partners} in {towns} of {countries}, circles sized by partners; the most in {leaders}.",
        partners=n_("{n} partner", "{n} partners", int(data[partners].sum())),
        towns=n_("{n} town", "{n} towns", data.height),
        countries=_countries(data[country].n_unique()),
        leaders=listing(leaders),
    )
    return TextAlternative("Map", title, sentence, data)


def partner_countries(by_country: pl.DataFrame, *, title: str | None = None) -> TextAlternative:
    """The countries shaded by partners, the ones with most named."""
    title = title or _("Map of partners by country")
    columns = {
        "partners": _("Partners"),
        "projects": _("Projects"),
        "lead_partners": _("Lead partners"),
    }
    sentence = N_("Partners from {countries}, darker for more partners; the most from {leaders}.")
    return _shaded_countries(by_country, title, sentence, columns)


def _shaded_countries(
    by_country: pl.DataFrame, title: str, sentence: str, columns: dict[str, str]
) -> TextAlternative:
    """A country map shaded by its first measure (of `columns`: column -> label), the
    countries with most named in `sentence` (an N_ text with {countries} and {leaders})."""
    measure = next(iter(columns))
    country = _("Country")
    data = (
        _country_names(by_country)
        .sort([measure, "country"], descending=[True, False])
        .select(pl.col("country").alias(country), *(pl.col(c).alias(a) for c, a in columns.items()))
    )
    if data.is_empty():
        return _nothing("Map", title, data)
    leaders = _ranked(data[country].to_list(), data[columns[measure]].to_list())
    summary = _(sentence, countries=_countries(data.height), leaders=listing(leaders))
    return TextAlternative("Map", title, summary, data)


def budget_by_funding_programme(
    frame: pl.DataFrame, *, title: str | None = None
) -> TextAlternative:
    """The total budget and the funding programmes with the largest budgets."""
    title = title or _("Budget by funding programme")
    programme, budget, eu = _("Funding programme"), _("Budget"), _("EU funding")
    data = pl.DataFrame(
        {
            programme: frame["funding_programme"].to_list() if frame.height else [],
            _("Projects"): frame["projects"].to_list() if frame.height else [],
            budget: [money(v) for v in frame["budget_eur"]] if frame.height else [],
            eu: [money(v) for v in frame["eu_contribution_eur"]] if frame.height else [],
        },
        schema_overrides=dict.fromkeys((programme, budget, eu), pl.String),
    )
    if frame.is_empty():
        return _nothing("Chart", title, data)
    budgets = [
        (n or "–", v or Decimal("0"))
        for n, v in zip(frame["funding_programme"], frame["budget_eur"], strict=True)
    ]
    total = sum((v for _, v in budgets), Decimal("0.00"))
    ranked = sorted(budgets, key=lambda p: (-p[1], p[0]))
    # Translators: "3 funding programmes, € 1,771,082.62 budgeted; the largest: A (€ 1,462,380.00),
    # B (€ 222,202.62) and C (€ 86,500.00)."
    sentence = n_(
        "{n} funding programme, {total} budgeted; the largest: {leaders}.",
        "{n} funding programmes, {total} budgeted; the largest: {leaders}.",
        frame.height,
        total=money(total),
        leaders=listing([(n, money(v)) for n, v in ranked]),
    )
    return TextAlternative("Chart", title, sentence, data)
