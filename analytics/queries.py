"""Every SQL statement the pages run: parameterised, aggregated in DuckDB, returning small frames.

Filters reach SQL only as named parameters ($programmes, $start, ...); the only text joined into
statements is the constant fragments below and column names from fixed whitelists.

Filter semantics, stated once:
- a mission is selected by programme, by overlapping the period, by its (target) country, and by
  having one of the selected sectors;
- a contact by its mission (programme, period, country) and by its own sector, or, when it has
  none, its mission's sectors;
- budget and expenses follow programme and period only (money is not booked per country);
- a target country (the scoreboard's "Target countries reached", the Sectors heatmap, the PDF) is
  a country a mission went to that is not the home country of one of that mission's programme's
  own partners (`TARGET_COUNTRY`): a partners' meeting in Ljubljana held by a programme with a
  Slovenian partner is a mission, not a target country reached.

Organisations met are counted as distinct contacts.organisation_no, the load's number for each
organisation_id (the same count, on integers).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import duckdb
import polars as pl

from analytics.filters import Filters

_MISSIONS_BASE = """
    SELECT mi.*, coalesce(mi.end_date, mi.start_date) AS last_date
    FROM missions mi
    WHERE (len($programmes::VARCHAR[]) = 0
           OR list_contains($programmes::VARCHAR[], mi.programme_id))
      AND ($start::DATE IS NULL OR coalesce(mi.end_date, mi.start_date) >= $start::DATE)
      AND ($end::DATE IS NULL OR mi.start_date <= $end::DATE)
      AND (len($countries::VARCHAR[]) = 0
           OR list_contains($countries::VARCHAR[], mi.country))
"""


def target_country(programme: str, country: str) -> str:
    """The one definition of a target country (issue 21), as a condition on a row's programme
    and mission country columns: no partner of that programme is based in that country."""
    return (
        "NOT EXISTS (SELECT 1 FROM partners tp "
        f"WHERE tp.programme_id = {programme} AND tp.country = {country})"
    )


_SECTOR_MATCH = """
    EXISTS (SELECT 1 FROM mission_sectors s
            WHERE s.mission_id = mb.mission_id
              AND list_contains($sectors::VARCHAR[], s.sector))
"""

# The filtered sets every query starts from: mb (missions, sector ignored), m (missions),
# c (contacts), d (delegations).
FILTERED = f"""
WITH mb AS ({_MISSIONS_BASE}),
m AS (
    SELECT mb.* FROM mb
    WHERE len($sectors::VARCHAR[]) = 0 OR {_SECTOR_MATCH}
),
c AS (
    SELECT ct.*, mb.programme_id, mb.country AS mission_country, mb.title AS mission_title,
           coalesce(ct.date, mb.start_date) AS contact_date
    FROM contacts ct JOIN mb USING (mission_id)
    WHERE len($sectors::VARCHAR[]) = 0
       OR list_contains($sectors::VARCHAR[], ct.sector)
       OR (ct.sector IS NULL AND ct.mission_id IN (SELECT mission_id FROM m))
),
d AS (
    SELECT dl.*, m.programme_id FROM delegations dl JOIN m USING (mission_id)
)
"""

# Programmes selected and running in the period, with the window of the period filter clipped to
# each programme and to the as-of date (plans and elapsed time never run into the future).
PROGRAMME_WINDOWS = """
WITH p AS (
    SELECT programme_id, name, start_date, end_date, budget_eur,
           (end_date - start_date + 1) AS total_days,
           greatest(start_date, coalesce($start::DATE, start_date)) AS w_start,
           least(end_date, coalesce($end::DATE, $as_of::DATE), $as_of::DATE) AS w_end
    FROM programmes
    WHERE (len($programmes::VARCHAR[]) = 0 OR list_contains($programmes::VARCHAR[], programme_id))
      -- a programme wholly outside the selected period has no budget in it to show
      AND ($start::DATE IS NULL OR end_date >= $start::DATE)
      AND ($end::DATE IS NULL OR start_date <= $end::DATE)
),
pw AS (
    SELECT *, greatest(0, w_end - w_start + 1) AS window_days,
           greatest(0, least(end_date, $as_of::DATE) - start_date + 1) AS elapsed_days
    FROM p
),
e AS (
    SELECT ex.* FROM expenses ex JOIN pw USING (programme_id)
    WHERE ex.date BETWEEN pw.w_start AND pw.w_end
)
"""

_PARAM = re.compile(r"\$([a-z_]+)")

# Long lists are limited in SQL, and the page states the total ("Showing 1,000 of 20,000").
TABLE_ROWS = 1000  # rows of a table on a page
MAP_ARCS = 500  # partner routes drawn on the missions map


def run(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None
) -> pl.DataFrame:
    """Execute with just the named parameters the statement uses (DuckDB rejects extras)."""
    used = set(_PARAM.findall(sql))
    params = _narrowed_to_funding(con, params or {}) if "programmes" in used else params
    given = {k: v for k, v in (params or {}).items() if k in used}
    missing = used - set(given)
    if missing:
        raise ValueError(f"no value for SQL parameter(s): {sorted(missing)}")
    return con.sql(sql, params=given).pl()


NO_PROGRAMME = "\x00"  # an id no programme has (ids start with a letter or digit)


def _narrowed_to_funding(
    con: duckdb.DuckDBPyConnection, params: dict[str, object]
) -> dict[str, object]:
    """The funding-programme level: chosen funding programmes narrow $programmes to their
    programmes (within those chosen, if any), so every statement filtering by programme
    follows it without a clause of its own. None of them: a list that matches nothing."""
    funding = params.get("funding")
    if not funding:
        return params
    chosen = list(params.get("programmes") or [])
    rows = con.execute(
        "SELECT programme_id FROM programmes "
        "WHERE list_contains($funding::VARCHAR[], funding_programme) "
        "AND (len($chosen::VARCHAR[]) = 0 OR list_contains($chosen::VARCHAR[], programme_id)) "
        "ORDER BY programme_id",
        {"funding": list(funding), "chosen": chosen},
    ).fetchall()
    return {**params, "programmes": [r[0] for r in rows] or [NO_PROGRAMME]}


def _budget_params(filters: Filters, as_of: date) -> dict[str, object]:
    return {**filters.params(), "as_of": as_of}


# ---------------------------------------------------------------- options and meta


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """What the sidebar offers: every programme, target country and sector in the data."""
    return {
        "programmes": run(
            con,
            "SELECT programme_id, name, start_date, end_date, funding_programme FROM programmes"
            " ORDER BY start_date, programme_id",
        ),
        "countries": run(
            con,
            "SELECT DISTINCT m.country, coalesce(k.name, m.country) AS name FROM missions m "
            "LEFT JOIN countries k USING (country) ORDER BY name",
        ),
        "sectors": run(
            con,
            "SELECT sector FROM (SELECT sector FROM mission_sectors UNION "
            "SELECT sector FROM contacts WHERE sector IS NOT NULL UNION "
            "SELECT unnest(string_split(sectors, ';')) FROM programmes WHERE sectors IS NOT NULL)"
            " ORDER BY sector",
        ),
        "dates": run(
            con,
            "SELECT min(start_date) AS first, max(end_date) AS last FROM programmes",
        ),
        "periods": reporting_periods(con),
    }


def reporting_periods(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every programme's reporting periods (programme_id, number, start_date, end_date): those of
    the `periods` table where a programme has any, else six-month periods from its start, the
    last one cut at its end."""
    return run(
        con,
        """
        WITH given AS (
            SELECT programme_id, number, start_date, end_date FROM periods
        ),
        six AS (
            SELECT p.programme_id, (n + 1)::INTEGER AS number,
                   (p.start_date + to_months(6 * n))::DATE AS start_date,
                   least(p.end_date, (p.start_date + to_months(6 * (n + 1)))::DATE - 1)
                       AS end_date
            FROM programmes p,
                 range(0, (datediff('month', p.start_date, p.end_date) // 6 + 1)::BIGINT) AS t(n)
            WHERE p.programme_id NOT IN (SELECT programme_id FROM given)
        )
        SELECT programme_id, number, start_date, end_date FROM given
        UNION ALL
        SELECT * FROM six WHERE start_date <= (SELECT end_date FROM programmes q
                                               WHERE q.programme_id = six.programme_id)
        ORDER BY programme_id, number
        """,
    )


def last_load(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return run(
        con,
        "SELECT loaded_at, source, sha256, warnings FROM loads ORDER BY loaded_at DESC LIMIT 1",
    )


def load_history(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pl.DataFrame:
    return run(
        con,
        "SELECT loaded_at, source, sha256, row_counts, warnings FROM loads "
        "ORDER BY loaded_at DESC LIMIT $limit",
        {"limit": limit},
    )


def data_quality(
    con: duckdb.DuckDBPyConnection, limit: int = TABLE_ROWS
) -> dict[str, pl.DataFrame]:
    """What a manager should look at: towns placed only at country level, town spellings shown
    by the gazetteer's name, missions with no contact recorded, spending with no budget line for
    its programme, partner and category.

    Each list is cut at `limit` rows; `total_rows` holds its full length, so the page can say so.
    """
    lists = {
        # countries by name, as everywhere a person reads them (issue 21)
        "unplaced": """
            SELECT 'missions' AS sheet, mission_id AS id, city,
                   coalesce(k.name, mi.country) AS country
            FROM missions mi LEFT JOIN countries k ON k.country = mi.country
            WHERE location_precision = 'country' AND city IS NOT NULL
            UNION ALL
            SELECT 'partners', partner_id, city, coalesce(k.name, pa.country)
            FROM partners pa LEFT JOIN countries k ON k.country = pa.country
            WHERE location_precision = 'country' AND city IS NOT NULL
            """,
        "corrected": """
            SELECT 'missions' AS sheet, city_typed, city, coalesce(k.name, mi.country) AS country,
                   count(*) AS rows
            FROM missions mi LEFT JOIN countries k ON k.country = mi.country
            WHERE city_typed IS NOT NULL GROUP BY ALL
            UNION ALL
            SELECT 'partners', city_typed, city, coalesce(k.name, pa.country), count(*)
            FROM partners pa LEFT JOIN countries k ON k.country = pa.country
            WHERE city_typed IS NOT NULL GROUP BY ALL
            """,
        "missions_without_contacts": """
            SELECT m.mission_id, m.programme_id, m.title, m.start_date
            FROM missions m
            WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.mission_id = m.mission_id)
            """,
        "expenses_without_budget": """
            SELECT e.programme_id, coalesce(e.partner_id, '') AS partner_id, e.category,
                   count(*) AS expenses, sum(e.amount_eur) AS amount_eur
            FROM expenses e
            WHERE NOT EXISTS (
                SELECT 1 FROM budget b
                WHERE b.programme_id = e.programme_id AND b.category = e.category
                  AND (b.partner_id IS NULL OR b.partner_id = e.partner_id))
            GROUP BY ALL
            """,
    }
    order = {
        "unplaced": "sheet, id",
        "corrected": "rows DESC, city, city_typed",
        "missions_without_contacts": "start_date, mission_id",
        "expenses_without_budget": "ALL",
    }
    return {
        key: run(
            con,
            f"SELECT *, count(*) OVER () AS total_rows FROM ({sql}) ORDER BY {order[key]} "
            "LIMIT $limit",
            {"limit": limit},
        )
        for key, sql in lists.items()
    }


def country_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    frame = run(con, "SELECT country, name FROM countries")
    return dict(zip(frame["country"], frame["name"], strict=True))


# ---------------------------------------------------------------- overview


def indicator_values(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The counted indicators of the contract, as (indicator, value) rows."""
    sql = (
        FILTERED
        + """,
e AS (
    SELECT ex.amount_eur FROM expenses ex JOIN programmes p USING (programme_id)
    WHERE (len($programmes::VARCHAR[]) = 0
           OR list_contains($programmes::VARCHAR[], ex.programme_id))
      AND ($start::DATE IS NULL OR ex.date >= $start::DATE)
      AND ($end::DATE IS NULL OR ex.date <= $end::DATE)
)
SELECT * FROM (
    SELECT 'missions' AS indicator, count(*)::DECIMAL(18, 2) AS value FROM m
    UNION ALL SELECT 'events', count(*) FILTER (WHERE public) FROM m
    UNION ALL SELECT 'contacts', count(*) FROM c
    UNION ALL SELECT 'organisations', count(DISTINCT organisation_no) FROM c
    UNION ALL SELECT 'b2b_meetings', count(*) FILTER (WHERE meeting_type = 'b2b') FROM c
    UNION ALL SELECT 'c2c_meetings', count(*) FILTER (WHERE meeting_type = 'c2c') FROM c
    UNION ALL SELECT 'smes_involved',
        count(DISTINCT organisation_id) FILTER (WHERE org_type = 'sme') FROM d
    UNION ALL SELECT 'countries', count(DISTINCT country) FILTER (WHERE {target}) FROM m
    UNION ALL SELECT 'mous', count(*) FILTER (WHERE outcome = 'mou') FROM c
    UNION ALL SELECT 'agreements', count(*) FILTER (WHERE outcome = 'agreement') FROM c
    UNION ALL SELECT 'joint_projects', count(*) FILTER (WHERE outcome = 'joint_project') FROM c
    UNION ALL SELECT 'budget_spent', coalesce(sum(amount_eur), 0) FROM e
)
""".replace("{target}", target_country("m.programme_id", "m.country"))
    )
    return run(con, sql, filters.params())


def indicator_values_by_period(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The counted indicators at the two ends of the period in `filters` (its start and end):
    (indicator, before, cumulative), counted up to the day before it and up to its last day,
    the other filters as given. What the period adds is the difference (kpi.period_board)."""
    if filters.start is None or filters.end is None:
        raise ValueError("a period needs its first and last day")
    ends = {
        "before": replace(filters, start=None, end=filters.start - timedelta(days=1), period=None),
        "cumulative": replace(filters, start=None, period=None),
    }
    frames = [indicator_values(con, f).rename({"value": name}) for name, f in ends.items()]
    return frames[0].join(frames[1], on="indicator", how="left", maintain_order="left")


def indicator_achievements(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The manager's own indicators achieved before and in the reporting period of `filters`,
    summed over the selected programmes: (indicator, before, in_period). Empty without one."""
    return run(
        con,
        """
        SELECT indicator,
               coalesce(sum(value) FILTER (WHERE period < $period), 0) AS before,
               coalesce(sum(value) FILTER (WHERE period = $period), 0) AS in_period
        FROM achievements
        WHERE $period::INTEGER IS NOT NULL
          AND (len($programmes::VARCHAR[]) = 0
               OR list_contains($programmes::VARCHAR[], programme_id))
        GROUP BY indicator
        ORDER BY indicator
        """,
        {**filters.params(), "period": filters.period},
    )


def indicator_targets(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Targets of the selected programmes, summed per indicator, with their codes and units.
    With a period, the programmes that run at some time in it (as the budget's, PROGRAMME_WINDOWS):
    the figures set against them count only those programmes' missions, contacts and money."""
    return run(
        con,
        """
        SELECT indicator, bool_or(counted) AS counted, sum(target) AS target,
               sum(actual) AS actual, string_agg(DISTINCT code, ', ' ORDER BY code) AS code,
               min(unit) AS unit, max(due_date) AS due_date,
               count(DISTINCT programme_id) AS programmes
        FROM targets
        WHERE (len($programmes::VARCHAR[]) = 0
               OR list_contains($programmes::VARCHAR[], programme_id))
          AND programme_id IN (
              SELECT programme_id FROM programmes
              WHERE ($start::DATE IS NULL OR end_date >= $start::DATE)
                AND ($end::DATE IS NULL OR start_date <= $end::DATE))
        GROUP BY indicator
        ORDER BY indicator
        """,
        filters.params(),
    )


def budget_status(con: duckdb.DuckDBPyConnection, filters: Filters, as_of: date) -> pl.DataFrame:
    """Per programme: budget, spent in the window, linear plan, time elapsed, forecast."""
    sql = (
        PROGRAMME_WINDOWS
        + """,
spent AS (SELECT programme_id, sum(amount_eur) AS spent FROM e GROUP BY programme_id),
line_plan AS (
    -- one rounding rule: each budget line's plan to the cent, a total the sum of its lines
    SELECT x.programme_id, sum(round(x.amount_eur * pw.window_days / pw.total_days, 2)) AS plan
    FROM budget x JOIN pw USING (programme_id) GROUP BY x.programme_id
),
spent_to_date AS (
    SELECT ex.programme_id, sum(ex.amount_eur) AS spent_to_date
    FROM expenses ex JOIN pw USING (programme_id)
    WHERE ex.date <= least(pw.end_date, $as_of::DATE)
    GROUP BY ex.programme_id
)
SELECT pw.programme_id, pw.name, pw.start_date, pw.end_date, pw.budget_eur AS budget,
       coalesce(spent.spent, 0)::DECIMAL(14, 2) AS spent,
       coalesce(line_plan.plan,
                round(pw.budget_eur * pw.window_days / pw.total_days, 2))::DECIMAL(14, 2) AS plan,
       pw.elapsed_days / pw.total_days AS time_share,
       CASE WHEN pw.elapsed_days >= pw.total_days OR pw.elapsed_days = 0
            THEN coalesce(std.spent_to_date, 0)
            ELSE round(coalesce(std.spent_to_date, 0) * pw.total_days / pw.elapsed_days, 2)
       END::DECIMAL(14, 2) AS forecast
FROM pw
LEFT JOIN spent USING (programme_id)
LEFT JOIN line_plan USING (programme_id)
LEFT JOIN spent_to_date std USING (programme_id)
ORDER BY pw.start_date, pw.programme_id
"""
    )
    return run(con, sql, _budget_params(filters, as_of))


def latest_missions(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 5
) -> pl.DataFrame:
    sql = (
        FILTERED
        + """
SELECT m.mission_id, m.programme_id, m.title, m.type, m.start_date, m.end_date, m.city,
       coalesce(k.name, m.country) AS country,
       (SELECT count(*) FROM c WHERE c.mission_id = m.mission_id) AS contacts
FROM m LEFT JOIN countries k USING (country)
ORDER BY m.start_date DESC, m.mission_id
LIMIT $limit
"""
    )
    return run(con, sql, {**filters.params(), "limit": limit})


# ---------------------------------------------------------------- missions


def mission_cities(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per place (not per mission or contact), so maps stay light at any scale."""
    sql = (
        FILTERED
        + """,
per_mission AS (
    SELECT m.mission_id, m.programme_id, m.title, m.start_date, m.last_date, m.city, m.country,
           m.latitude, m.longitude, m.location_precision,
           (SELECT count(*) FROM c WHERE c.mission_id = m.mission_id) AS contacts
    FROM m WHERE m.latitude IS NOT NULL
)
SELECT coalesce(pm.city, coalesce(k.name, pm.country) || ' (online)') AS place,
       coalesce(k.name, pm.country) AS country, pm.country AS country_code,
       pm.latitude, pm.longitude, any_value(pm.location_precision) AS precision,
       count(*) AS missions, sum(pm.contacts) AS contacts,
       min(pm.start_date) AS first_date, max(pm.last_date) AS last_date,
       string_agg(pm.title, ' · ' ORDER BY pm.start_date) AS titles,
       string_agg(DISTINCT pm.programme_id, ', ' ORDER BY pm.programme_id) AS programmes,
       min(pm.programme_id) AS programme_id
FROM per_mission pm LEFT JOIN countries k USING (country)
GROUP BY ALL
ORDER BY contacts DESC, place
"""
    )
    return run(con, sql, filters.params())


def mission_arcs(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = MAP_ARCS
) -> pl.DataFrame:
    """Partner home town -> mission place, one row per distinct pair: the `limit` pairs with the
    most missions (total_rows says how many pairs there are in all)."""
    sql = (
        FILTERED
        + """
SELECT p.city AS from_place, p.latitude AS from_latitude, p.longitude AS from_longitude,
       coalesce(m.city, m.country) AS to_place, m.latitude AS to_latitude,
       m.longitude AS to_longitude,
       min(m.programme_id) AS programme_id, count(DISTINCT m.mission_id) AS missions,
       string_agg(DISTINCT p.name, ', ' ORDER BY p.name) AS partners,
       count(*) OVER () AS total_rows
FROM m
JOIN mission_partners mp USING (mission_id)
JOIN partners p ON p.partner_id = mp.partner_id
WHERE m.latitude IS NOT NULL AND p.latitude IS NOT NULL
  AND (m.format IS DISTINCT FROM 'virtual')
  AND (p.latitude <> m.latitude OR p.longitude <> m.longitude)
GROUP BY ALL
ORDER BY missions DESC, from_place, to_place
LIMIT $limit
"""
    )
    return run(con, sql, {**filters.params(), "limit": limit})


def partner_places(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Home towns of the partners of the selected programmes."""
    return run(
        con,
        """
        SELECT p.city AS place, coalesce(k.name, p.country) AS country, p.latitude, p.longitude,
               string_agg(p.name, ', ' ORDER BY p.name) AS partners,
               min(p.programme_id) AS programme_id, count(*) AS count
        FROM partners p LEFT JOIN countries k USING (country)
        WHERE p.latitude IS NOT NULL AND (len($programmes::VARCHAR[]) = 0
              OR list_contains($programmes::VARCHAR[], p.programme_id))
        GROUP BY ALL ORDER BY place
        """,
        filters.params(),
    )


def missions_table(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = TABLE_ROWS
) -> pl.DataFrame:
    sql = (
        FILTERED
        + """
SELECT m.mission_id, m.programme_id, m.title, m.type, m.format, m.public,
       m.start_date, m.end_date, m.city, coalesce(k.name, m.country) AS country,
       m.country AS country_code, m.sectors, m.delegates,
       (SELECT count(*) FROM c WHERE c.mission_id = m.mission_id) AS contacts,
       (SELECT count(DISTINCT organisation_no) FROM c WHERE c.mission_id = m.mission_id)
           AS organisations,
       count(*) OVER () AS total_rows
FROM m LEFT JOIN countries k USING (country)
ORDER BY m.start_date, m.mission_id
LIMIT $limit
"""
    )
    return run(con, sql, {**filters.params(), "limit": limit})


# ---------------------------------------------------------------- contacts

# Dimensions a contacts breakdown may use: a fixed whitelist of SQL expressions over `c`. Rows
# are grouped on the expression; a mission is grouped on its id and labelled after grouping
# (concatenating two million titles before grouping costs more than the grouping).
CONTACT_DIMENSIONS: dict[str, str] = {
    "org_type": "coalesce(c.org_type, 'other')",
    "meeting_type": "coalesce(c.meeting_type, 'not recorded')",
    "outcome": "coalesce(c.outcome, 'not recorded')",
    "sector": "coalesce(c.sector, 'not recorded')",
    "country": "coalesce((SELECT k.name FROM countries k WHERE k.country = c.country), c.country)",
    "mission": "c.mission_id",
    "programme": "c.programme_id",
}
_CONTACT_LABELS = {"mission": "key || ' · ' || (SELECT title FROM missions WHERE mission_id = key)"}


def contacts_by(
    con: duckdb.DuckDBPyConnection, filters: Filters, dimension: str, limit: int = 50
) -> pl.DataFrame:
    """Contacts and distinct organisations per value of one whitelisted dimension, the largest
    first, at most `limit` rows; total_rows is how many values there are in all."""
    expression = CONTACT_DIMENSIONS[dimension]
    label = _CONTACT_LABELS.get(dimension, "key")
    sql = (
        FILTERED
        + f""",
grouped AS (
    SELECT {expression} AS key, min(c.programme_id) AS programme_id, count(*) AS contacts,
           count(DISTINCT c.organisation_no) AS organisations, count(*) OVER () AS total_rows
    FROM c GROUP BY 1 ORDER BY contacts DESC, key LIMIT $limit
)
SELECT {label} AS key, programme_id, contacts, organisations, total_rows
FROM grouped ORDER BY contacts DESC, key
"""
    )
    return run(con, sql, {**filters.params(), "limit": limit})


# A chart with a series per programme stays readable, and quick to draw, with this many series:
# past it, the smallest programmes are drawn as one "Other programmes (N)" series.
MAX_SERIES = 12

_PROGRAMME_SERIES = """
series AS (
    SELECT programme_id,
           CASE WHEN count(*) OVER () <= $top
                  OR row_number() OVER (ORDER BY sum(contacts) DESC, programme_id) < $top
                THEN programme_id
                ELSE 'Other programmes (' || (count(*) OVER () - $top + 1) || ')'
           END AS series
    FROM {source} GROUP BY programme_id
)"""


def contacts_over_time(
    con: duckdb.DuckDBPyConnection, filters: Filters, top: int = MAX_SERIES
) -> pl.DataFrame:
    """Cumulative contacts per programme at each date a contact was made (`day`, real dates, so
    the chart draws steps where the contacts happened, not a ramp across a month), every series
    on every such date so stacks line up; past `top` programmes, the smallest are summed as one
    "Other programmes (N)" series."""
    sql = (
        FILTERED
        + """,
by_programme AS (
    SELECT programme_id, contact_date AS day, count(*) AS contacts FROM c GROUP BY ALL
),"""
        + _PROGRAMME_SERIES.format(source="by_programme")
        + """,
daily AS (
    SELECT series.series AS programme_id, day, sum(contacts)::BIGINT AS contacts
    FROM by_programme JOIN series USING (programme_id) GROUP BY ALL
),
days AS (SELECT DISTINCT day FROM daily),
grid AS (
    SELECT DISTINCT daily.programme_id, days.day FROM daily CROSS JOIN days
)
SELECT grid.day, grid.programme_id, coalesce(daily.contacts, 0) AS contacts,
       sum(coalesce(daily.contacts, 0)) OVER (
           PARTITION BY grid.programme_id ORDER BY grid.day)::BIGINT AS cumulative
FROM grid LEFT JOIN daily USING (programme_id, day)
ORDER BY grid.day, grid.programme_id
"""
    )
    return run(con, sql, {**filters.params(), "top": top})


OUTCOME_STAGES = ("contact", "follow_up", "mou", "agreement", "joint_project")


def outcome_funnel(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Contacts that reached at least each stage (a contact's outcome is its furthest stage)."""
    sql = (
        FILTERED
        + """,
ranked AS (
    SELECT CASE outcome WHEN 'follow_up' THEN 1 WHEN 'mou' THEN 2 WHEN 'agreement' THEN 3
                        WHEN 'joint_project' THEN 4 ELSE 0 END AS rank
    FROM c
)
SELECT stage, position - 1 AS rank,
       (SELECT count(*) FROM ranked WHERE ranked.rank >= position - 1) AS contacts
FROM (SELECT unnest($stages::VARCHAR[]) AS stage,
             generate_subscripts($stages::VARCHAR[], 1) AS position)
WHERE EXISTS (SELECT 1 FROM c)
ORDER BY rank
"""
    )
    return run(con, sql, {**filters.params(), "stages": list(OUTCOME_STAGES)})


# ---------------------------------------------------------------- sectors


def sector_ranking(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    sql = (
        FILTERED
        + """,
by_contacts AS (
    SELECT sector, count(*) AS contacts, count(DISTINCT organisation_no) AS organisations
    FROM c WHERE sector IS NOT NULL GROUP BY sector
),
by_missions AS (
    SELECT s.sector, count(DISTINCT s.mission_id) AS missions
    FROM mission_sectors s JOIN m USING (mission_id)
    WHERE len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], s.sector)
    GROUP BY s.sector
)
SELECT sector, coalesce(contacts, 0) AS contacts, coalesce(organisations, 0) AS organisations,
       coalesce(missions, 0) AS missions
FROM by_contacts FULL JOIN by_missions USING (sector)
ORDER BY contacts DESC, missions DESC, sector
"""
    )
    return run(con, sql, filters.params())


def sector_country(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Contacts per sector and target country (`target_country`; its English name and ISO code,
    for the reader's language), for the heatmap."""
    sql = (
        FILTERED
        + """
SELECT c.sector, coalesce(k.name, c.mission_country) AS country,
       c.mission_country AS country_code, count(*) AS contacts
FROM c LEFT JOIN countries k ON k.country = c.mission_country
WHERE c.sector IS NOT NULL AND {target}
GROUP BY ALL ORDER BY sector, country
""".replace("{target}", target_country("c.programme_id", "c.mission_country"))
    )
    return run(con, sql, filters.params())


def sector_share_by_programme(
    con: duckdb.DuckDBPyConnection, filters: Filters, top: int = MAX_SERIES
) -> pl.DataFrame:
    """Each programme's contacts by sector, as shares; past `top` programmes, the smallest are
    one "Other programmes (N)" bar."""
    sql = (
        FILTERED
        + """,
by_programme AS (
    SELECT programme_id, coalesce(sector, 'not recorded') AS sector, count(*) AS contacts
    FROM c GROUP BY ALL
),"""
        + _PROGRAMME_SERIES.format(source="by_programme")
        + """,
folded AS (
    SELECT series.series AS programme_id, sector, sum(contacts)::BIGINT AS contacts,
           min(series.series = by_programme.programme_id) AS single
    FROM by_programme JOIN series USING (programme_id) GROUP BY ALL
)
SELECT programme_id, sector, contacts,
       contacts / sum(contacts) OVER (PARTITION BY programme_id) AS share
FROM folded
ORDER BY NOT bool_and(single) OVER (PARTITION BY programme_id), programme_id, contacts DESC,
         sector
"""
    )
    return run(con, sql, {**filters.params(), "top": top})


# ---------------------------------------------------------------- countries


def contacts_by_country(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Per country of the organisations met: contacts, organisations, missions."""
    sql = (
        FILTERED
        + """
SELECT c.country AS country_code, coalesce(k.name, c.country) AS country,
       count(*) AS contacts, count(DISTINCT c.organisation_no) AS organisations,
       count(DISTINCT c.mission_id) AS missions,
       count(*) FILTER (WHERE c.outcome IN ('mou', 'agreement', 'joint_project')) AS agreements,
       any_value(k.latitude) AS latitude, any_value(k.longitude) AS longitude
FROM c LEFT JOIN countries k USING (country)
GROUP BY ALL ORDER BY contacts DESC, country
"""
    )
    return run(con, sql, filters.params())


# ---------------------------------------------------------------- budget

BUDGET_DIMENSIONS: dict[str, tuple[str, str]] = {
    # dimension: (key expression on a budget or expense row, label expression)
    # a category as the programme worded it where it gave its own words (`words`), else its key
    "category": (
        "x.category",
        "coalesce((SELECT w.typed FROM words w "
        "WHERE w.programme_id = x.programme_id AND w.key = x.category), x.category)",
    ),
    "partner": (
        "coalesce(x.partner_id, '')",
        "coalesce((SELECT name FROM partners pa WHERE pa.partner_id = x.partner_id), "
        "'Programme level')",
    ),
    "work_package": ("coalesce(x.work_package, '')", "coalesce(x.work_package, 'No work package')"),
}

VARIANCE_THRESHOLD = 0.10


BUDGET_ROWS = 25  # lines of a budget breakdown on a page; the rest are summed as one line
_OTHER_LINES = {"category": "categories", "partner": "partners", "work_package": "work packages"}


def spend_vs_budget(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    dimension: str,
    as_of: date,
    top: int | None = None,
) -> pl.DataFrame:
    """Budget, linear plan to date, spent and variance per category, partner or work package.
    A category's label is the programme's own wording where it typed one ("External services"),
    else its key (formatting.label names it: External expertise and services).

    The plan of a line is its budget times its programme's share of the window elapsed; a line
    more than 10% over or under its plan is flagged. With `top`, past `top` lines the smallest
    budgets are summed as one "Other partners (N)" line (key NULL), last; total_rows is the
    number of lines before folding. Totals are the same either way.
    """
    key, label = BUDGET_DIMENSIONS[dimension]
    sql = (
        PROGRAMME_WINDOWS
        + f""",
words AS (
    -- each programme's own wording of a cost category: the budget's (the grant agreement's),
    -- else the expenses'; one per programme and key, so a line is never split by spelling
    SELECT programme_id, category AS key,
           coalesce(min(category_typed) FILTER (WHERE from_budget), min(category_typed)) AS typed
    FROM (SELECT programme_id, category, category_typed, true AS from_budget FROM budget
          UNION ALL
          SELECT programme_id, category, category_typed, false FROM expenses)
    GROUP BY programme_id, category
),
b AS (
    SELECT {key} AS key, {label} AS label, x.programme_id, sum(x.amount_eur) AS budget,
           sum(round(x.amount_eur * pw.window_days / pw.total_days, 2)) AS plan
    FROM budget x JOIN pw USING (programme_id) GROUP BY ALL
),
s AS (
    SELECT {key} AS key, {label} AS label, x.programme_id, sum(x.amount_eur) AS spent
    FROM e x GROUP BY ALL
),
joined AS (
    SELECT coalesce(b.key, s.key) AS key, coalesce(b.label, s.label) AS label,
           coalesce(b.budget, 0)::DECIMAL(14, 2) AS budget,
           coalesce(b.plan, 0)::DECIMAL(14, 2) AS plan,
           coalesce(s.spent, 0)::DECIMAL(14, 2) AS spent
    FROM b FULL JOIN s ON b.key = s.key AND b.programme_id = s.programme_id
),
lines AS (
    SELECT key, label, sum(budget) AS budget, sum(plan) AS plan, sum(spent) AS spent,
           row_number() OVER (ORDER BY sum(budget) DESC, label) AS position,
           count(*) OVER () AS total_rows
    FROM joined GROUP BY key, label
),
folded AS (
    SELECT total_rows <= $top OR position < $top AS shown, total_rows, budget, plan, spent,
           CASE WHEN total_rows <= $top OR position < $top THEN key END AS key,
           CASE WHEN total_rows <= $top OR position < $top THEN label
                ELSE 'Other ' || $other || ' (' || (total_rows - $top + 1) || ')' END AS label
    FROM lines
)
SELECT key, label, sum(budget)::DECIMAL(14, 2) AS budget, sum(plan)::DECIMAL(14, 2) AS plan,
       sum(spent)::DECIMAL(14, 2) AS spent,
       (sum(spent) - sum(plan))::DECIMAL(14, 2) AS variance,
       CASE WHEN sum(plan) = 0 THEN NULL
            ELSE ((sum(spent) - sum(plan)) / sum(plan))::DOUBLE END AS variance_share,
       CASE WHEN sum(plan) = 0 AND sum(spent) > 0 THEN 'unbudgeted'
            WHEN sum(plan) = 0 THEN 'on plan'
            WHEN (sum(spent) - sum(plan)) / sum(plan) > $threshold THEN 'over'
            WHEN (sum(spent) - sum(plan)) / sum(plan) < -$threshold THEN 'under'
            ELSE 'on plan' END AS flag,
       any_value(total_rows) AS total_rows
FROM folded GROUP BY shown, key, label ORDER BY NOT shown, budget DESC, label
"""
    )
    params = {
        **_budget_params(filters, as_of),
        "threshold": VARIANCE_THRESHOLD,
        "top": top or 2**31 - 1,
        "other": _OTHER_LINES[dimension],
    }
    return run(con, sql, params)


def expenditure(con: duckdb.DuckDBPyConnection, filters: Filters, as_of: date) -> pl.DataFrame:
    """The list of expenditure: every expense line the Budget page counts as spent (dated in the
    period within its programme's dates, up to the as-of date), oldest first, with its partner's
    name ('Programme level' without one). Its amounts sum to the Spent card to the cent."""
    sql = (
        PROGRAMME_WINDOWS
        + """
SELECT e.date, e.programme_id, e.partner_id,
       coalesce(pa.name, 'Programme level') AS partner, e.category, e.work_package,
       e.description, e.invoice_ref, e.amount_eur, e.expense_id, e.mission_id
FROM e LEFT JOIN partners pa ON pa.partner_id = e.partner_id
ORDER BY e.date, e.programme_id, partner, e.expense_id
"""
    )
    return run(con, sql, _budget_params(filters, as_of))


def cumulative_spend(con: duckdb.DuckDBPyConnection, filters: Filters, as_of: date) -> pl.DataFrame:
    """Month by month over the programmes' span, or over the selected period within it:
    cumulative spent in the period (to the as-of date) and the linear plan (each budget line
    spread evenly over its programme's days, counted from the period's start, each line
    rounded to the cent as on the cards and tables, so the end points equal their totals)."""
    sql = (
        PROGRAMME_WINDOWS
        + """,
cw AS (
    SELECT *, greatest(start_date, coalesce($start::DATE, start_date)) AS c_start,
           least(end_date, coalesce($end::DATE, end_date)) AS c_end
    FROM pw
),
months AS (
    SELECT unnest(generate_series(date_trunc('month', min(c_start)),
                                  date_trunc('month', max(c_end)), INTERVAL 1 MONTH))::DATE
           AS month
    FROM cw
),
month_ends AS (SELECT month, (month + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS month_end
               FROM months),
lines AS (  -- the budget lines, or a programme's whole budget where it has none
    SELECT programme_id, amount_eur FROM budget WHERE programme_id IN (SELECT programme_id FROM cw)
    UNION ALL
    SELECT programme_id, budget_eur FROM cw
    WHERE programme_id NOT IN (SELECT programme_id FROM budget)
),
plan AS (
    SELECT me.month, sum(round(l.amount_eur * greatest(0, least(me.month_end, cw.c_end)
                     - cw.c_start + 1) / cw.total_days, 2)) AS plan
    FROM month_ends me CROSS JOIN (lines l JOIN cw USING (programme_id)) GROUP BY me.month
),
spent AS (
    SELECT date_trunc('month', date)::DATE AS month, sum(amount_eur) AS spent FROM e GROUP BY 1
)
SELECT plan.month, plan.plan::DECIMAL(14, 2) AS plan,
       CASE WHEN plan.month <= $as_of::DATE THEN
           (sum(coalesce(spent.spent, 0)) OVER (ORDER BY plan.month))::DECIMAL(14, 2)
       END AS spent
FROM plan LEFT JOIN spent USING (month)
ORDER BY plan.month
"""
    )
    return run(con, sql, _budget_params(filters, as_of))


# ---------------------------------------------------------------- report


def programme_details(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The selected programmes as a report's title page names them."""
    return run(
        con,
        """
        SELECT programme_id, name, funding_programme, start_date, end_date, budget_eur,
               eu_contribution_eur
        FROM programmes
        WHERE len($programmes::VARCHAR[]) = 0 OR list_contains($programmes::VARCHAR[], programme_id)
        ORDER BY start_date, programme_id
        """,
        filters.params(),
    )


def mission_outcomes(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per selected mission: contacts, organisations met and the contacts that reached
    at least each outcome (as the funnel counts them: an MoU is also a follow-up), and, on every
    row, the distinct organisations over all the missions (organisations_total: one organisation
    met on two missions is one)."""
    sql = (
        FILTERED
        + """
SELECT m.mission_id, m.programme_id, m.title, m.type, m.format, m.start_date, m.end_date,
       m.city, coalesce(k.name, m.country) AS country, m.country AS country_code,
       count(c.mission_id) AS contacts,
       count(DISTINCT c.organisation_no) AS organisations,
       count(*) FILTER (WHERE c.outcome IN ('follow_up', 'mou', 'agreement', 'joint_project'))
           AS follow_up,
       count(*) FILTER (WHERE c.outcome IN ('mou', 'agreement', 'joint_project')) AS mou,
       count(*) FILTER (WHERE c.outcome IN ('agreement', 'joint_project')) AS agreement,
       count(*) FILTER (WHERE c.outcome = 'joint_project') AS joint_project,
       (SELECT count(DISTINCT organisation_no) FROM c
        WHERE c.mission_id IN (SELECT mission_id FROM m)) AS organisations_total
FROM m
LEFT JOIN c ON c.mission_id = m.mission_id
LEFT JOIN countries k ON k.country = m.country
GROUP BY ALL
ORDER BY m.start_date, m.mission_id
"""
    )
    return run(con, sql, filters.params())


# ---------------------------------------------------------------- portfolio: programmes, partners

# The selected programmes for the portfolio pages: by programme (and funding programme, see
# run), by overlapping the period, and by their own sectors (keep.eu's themes) when they have any.
_PORTFOLIO = """
WITH p AS (
    SELECT * FROM programmes
    WHERE (len($programmes::VARCHAR[]) = 0
           OR list_contains($programmes::VARCHAR[], programme_id))
      AND ($start::DATE IS NULL OR end_date >= $start::DATE)
      AND ($end::DATE IS NULL OR start_date <= $end::DATE)
      AND (len($sectors::VARCHAR[]) = 0
           OR list_has_any(string_split(coalesce(sectors, ''), ';'), $sectors::VARCHAR[]))
),
pa AS (SELECT partners.* FROM partners JOIN p USING (programme_id))
"""


def portfolio_summary(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row: the selected programmes (projects), their partners, the partners' countries and
    distinct organisations, budget and EU contribution, and how many missions they hold."""
    sql = (
        _PORTFOLIO
        + """
        , ps AS (
            SELECT count(*) AS projects, count(DISTINCT funding_programme) AS funding_programmes,
                   sum(budget_eur) AS budget_eur, sum(eu_contribution_eur) AS eu_contribution_eur
            FROM p
        ),
        pas AS (
            SELECT count(*) AS partners,
                   count(DISTINCT lower(name) || chr(0) || country) AS organisations,
                   count(DISTINCT country) AS countries
            FROM pa
        ),
        ms AS (SELECT count(*) AS missions FROM missions SEMI JOIN p USING (programme_id)),
        bs AS (SELECT count(*) AS budget_lines FROM budget SEMI JOIN p USING (programme_id))
        SELECT projects, funding_programmes, partners, organisations, countries, budget_eur,
               eu_contribution_eur, missions, budget_lines
        FROM ps, pas, ms, bs
        """
    )
    return run(con, sql, filters.params())


def partner_towns(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per partner home town: how many partners and projects it holds, the first few
    partner names, and whether the town was placed only at its country's centre."""
    sql = (
        _PORTFOLIO
        + """
        SELECT pa.city AS place, pa.country AS country_code,
               coalesce(k.name, pa.country) AS country,
               avg(pa.latitude) AS latitude, avg(pa.longitude) AS longitude,
               count(*) AS partners, count(DISTINCT pa.programme_id) AS projects,
               list_sort(list(DISTINCT pa.name))[1:3] AS names,
               bool_or(pa.location_precision = 'country') AS at_country_centre
        FROM pa LEFT JOIN countries k ON k.country = pa.country
        WHERE pa.latitude IS NOT NULL
        GROUP BY pa.city, pa.country, k.name
        ORDER BY partners DESC, place
        """
    )
    return run(con, sql, filters.params())


def partners_by_country(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Partners per country of the partner, with projects, lead partners and the centre."""
    sql = (
        _PORTFOLIO
        + """
        SELECT coalesce(k.name, pa.country) AS country, count(*) AS partners,
               count(DISTINCT pa.programme_id) AS projects,
               count(*) FILTER (WHERE pa.role = 'lead') AS lead_partners,
               pa.country AS country_code, k.latitude, k.longitude
        FROM pa LEFT JOIN countries k ON k.country = pa.country
        GROUP BY pa.country, k.name, k.latitude, k.longitude
        ORDER BY partners DESC, country
        """
    )
    return run(con, sql, filters.params())


def budget_by_funding_programme(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Budget and EU contribution per funding programme, largest budget first."""
    sql = (
        _PORTFOLIO
        + """
        SELECT funding_programme, count(*) AS projects,
               sum(budget_eur) AS budget_eur, sum(eu_contribution_eur) AS eu_contribution_eur
        FROM p GROUP BY funding_programme
        ORDER BY budget_eur DESC NULLS LAST, funding_programme
        """
    )
    return run(con, sql, filters.params())


def portfolio_projects(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = TABLE_ROWS
) -> pl.DataFrame:
    """The selected programmes (projects) with their partner count and partner countries (by
    name: Austria, Slovenia), largest budget first; `total` holds how many there are in all."""
    sql = (
        _PORTFOLIO
        + """
        SELECT p.programme_id, p.name, p.funding_programme, p.start_date, p.end_date,
               p.budget_eur, p.eu_contribution_eur, count(pa.partner_id) AS partners,
               string_agg(DISTINCT coalesce(k.name, pa.country), ', '
                          ORDER BY coalesce(k.name, pa.country)) AS countries,
               count(*) OVER () AS total
        FROM p LEFT JOIN pa USING (programme_id) LEFT JOIN countries k ON k.country = pa.country
        GROUP BY ALL
        ORDER BY p.budget_eur DESC NULLS LAST, p.programme_id
        LIMIT $limit
        """
    )
    return run(con, sql, {**filters.params(), "limit": limit})
