"""Sample frames, one per query of analytics/queries.py, each with that query's result schema.

Chart, text-alternative and empty-frame tests draw from these instead of frames made up in each
test file; tests/unit/test_samples.py runs every query on the demo database and checks that its
columns and types are the sample's, so a query whose result changes shape fails there first.
The values are small and chosen by hand: the tests that use them work out what to expect.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from types import ModuleType

import polars as pl

from analytics import queries

MONEY = pl.Decimal(14, 2)  # amounts read from a table
SUM = pl.Decimal(38, 2)  # sums of amounts
WHOLE = pl.Decimal(38, 0)  # sums of counts
COUNT = pl.Int64


def _frame(**columns: tuple[pl.DataType, list]) -> pl.DataFrame:
    """A frame from name=(type, values), so each column's type sits beside its values."""
    return pl.DataFrame([pl.Series(name, values, dtype=t) for name, (t, values) in columns.items()])


def budget_by_funding_programme() -> pl.DataFrame:
    return _frame(
        funding_programme=(pl.String, ["B", "A", "C"]),
        projects=(COUNT, [1, 1, 1]),
        budget_eur=(SUM, [Decimal("222202.62"), Decimal("1462380.00"), Decimal("86500.00")]),
        eu_contribution_eur=(SUM, [Decimal("166651.97"), Decimal("1096785.00"), None]),
    )


def budget_status() -> pl.DataFrame:
    return _frame(
        programme_id=(pl.String, ["GSSC", "UCA"]),
        name=(pl.String, ["Green Small Smart Cities", "UCA business missions"]),
        start_date=(pl.Date, [date(2020, 9, 1), date(2023, 3, 1)]),
        end_date=(pl.Date, [date(2022, 8, 31), date(2023, 12, 31)]),
        budget=(MONEY, [Decimal("222202.62"), Decimal("86500.00")]),
        spent=(MONEY, [Decimal("204426.41"), Decimal("60550.00")]),
        plan=(MONEY, [Decimal("222202.62"), Decimal("86500.00")]),
        time_share=(pl.Float64, [1.0, 1.0]),
        forecast=(MONEY, [Decimal("204426.41"), Decimal("60550.00")]),
    )


def contacts_by(
    keys: list[str | None] | None = None, programmes: list[str] | None = None
) -> pl.DataFrame:
    """Contacts per value of one dimension (5, 9, 2, 7 contacts to the first four keys)."""
    keys = ["company", "sme", "other"] if keys is None else keys
    contacts = [5, 9, 2, 7][: len(keys)]
    return _frame(
        key=(pl.String, keys),
        programme_id=(pl.String, programmes or ["GSSC"] * len(keys)),
        contacts=(COUNT, contacts),
        organisations=(COUNT, [c - 1 for c in contacts]),
        total_rows=(COUNT, [len(keys)] * len(keys)),
    )


def contacts_by_country() -> pl.DataFrame:
    return _frame(
        country_code=(pl.String, ["CZ", "CL", "VN"]),
        country=(pl.String, ["Czechia", "Chile", "Vietnam"]),
        contacts=(COUNT, [56, 37, 37]),
        organisations=(COUNT, [54, 23, 30]),
        missions=(COUNT, [3, 3, 4]),
        agreements=(COUNT, [9, 2, 3]),
        latitude=(pl.Float64, [49.7275, -35.6751, 14.0583]),
        longitude=(pl.Float64, [15.316, -71.543, 108.2772]),
    )


def contacts_over_time() -> pl.DataFrame:
    return _frame(
        day=(pl.Date, [date(2021, 9, 14), date(2021, 9, 14), date(2021, 10, 3), date(2021, 10, 3)]),
        programme_id=(pl.String, ["GSSC", "UCA", "GSSC", "UCA"]),
        contacts=(COUNT, [3, 0, 2, 5]),
        cumulative=(COUNT, [3, 0, 5, 5]),
    )


def cumulative_spend() -> pl.DataFrame:
    return _frame(
        month=(pl.Date, [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]),
        plan=(MONEY, [Decimal("1000.00"), Decimal("2000.00"), Decimal("3000.00")]),
        spent=(MONEY, [Decimal("400.50"), Decimal("900.25"), None]),
    )


def expenditure() -> pl.DataFrame:
    return _frame(
        date=(pl.Date, [date(2021, 9, 14), date(2021, 9, 30), date(2021, 10, 3)]),
        programme_id=(pl.String, ["GSSC", "GSSC", "GSSC"]),
        partner_id=(pl.String, ["GSSC-P1", "GSSC-P2", "GSSC-P1"]),
        partner=(pl.String, ["Greentech Clust-ER", "Smart city SME", "Greentech Clust-ER"]),
        category=(pl.String, ["travel", "staff", "other"]),
        work_package=(pl.String, ["WP3", "WP2", "WP1"]),
        description=(pl.String, ["Flights to Da Nang", "Staff costs", "Bank charges"]),
        invoice_ref=(pl.String, ["INV-GSSC-P1-2021-004", None, "INV-GSSC-P1-2021-005"]),
        amount_eur=(MONEY, [Decimal("812.40"), Decimal("2500.00"), Decimal("12.35")]),
        expense_id=(pl.String, ["GSSC-E0101", "GSSC-E0102", "GSSC-E0103"]),
        mission_id=(pl.String, ["GSSC-M6", None, None]),
    )


def indicator_targets() -> pl.DataFrame:
    return _frame(
        indicator=(pl.String, ["contacts", "smart-city position paper"]),
        counted=(pl.Boolean, [True, False]),
        target=(SUM, [Decimal("140.00"), Decimal("1.00")]),
        actual=(SUM, [None, Decimal("1.00")]),
        code=(pl.String, [None, None]),
        unit=(pl.String, ["contacts", "paper"]),
        due_date=(pl.Date, [date(2023, 12, 31), date(2023, 12, 31)]),
        programmes=(COUNT, [2, 1]),
    )


def indicator_achievements() -> pl.DataFrame:
    return _frame(
        indicator=(pl.String, ["jointly developed solutions"]),
        before=(SUM, [Decimal("1.00")]),
        in_period=(SUM, [Decimal("2.00")]),
    )


def indicator_values_by_period() -> pl.DataFrame:
    return _frame(
        indicator=(pl.String, ["missions", "contacts"]),
        before=(SUM, [Decimal("5.00"), Decimal("60.00")]),
        cumulative=(SUM, [Decimal("8.00"), Decimal("99.00")]),
    )


def indicator_values() -> pl.DataFrame:
    return _frame(
        indicator=(pl.String, ["missions", "contacts"]),
        value=(SUM, [Decimal("8.00"), Decimal("99.00")]),
    )


def last_load() -> pl.DataFrame:
    return _frame(
        loaded_at=(pl.Datetime("us"), [datetime(2026, 1, 2, 3, 4)]),
        source=(pl.String, ["x" * 200 + "/workbook.xlsx"]),
        sha256=(pl.String, ["0123456789abcdef" * 4]),
        warnings=(pl.Int32, [0]),
    )


def latest_missions() -> pl.DataFrame:
    return _frame(
        mission_id=(pl.String, ["SCTP-M2", "SCTP-M1"]),
        programme_id=(pl.String, ["SCTP", "SCTP"]),
        title=(pl.String, ["Online meeting with candidate partners", "Meeting in Antwerp"]),
        type=(pl.String, ["partner_meeting", "partner_meeting"]),
        start_date=(pl.Date, [date(2024, 5, 14), date(2024, 3, 19)]),
        end_date=(pl.Date, [None, None]),
        city=(pl.String, [None, "Antwerp"]),
        country=(pl.String, ["Bulgaria", "Belgium"]),
        contacts=(COUNT, [6, 1]),
    )


def load_history() -> pl.DataFrame:
    return _frame(
        loaded_at=(pl.Datetime("us"), [datetime(2026, 1, 2, 3, 4)]),
        source=(pl.String, ["data/demo"]),
        sha256=(pl.String, ["0123456789abcdef" * 4]),
        row_counts=(pl.String, ['{"programmes": 4, "missions": 18}']),
        warnings=(pl.Int32, [0]),
    )


def mission_arcs() -> pl.DataFrame:
    return _frame(
        from_place=(pl.String, ["Dnipro", "Bologna"]),
        from_latitude=(pl.Float64, [48.46664, 44.49381]),
        from_longitude=(pl.Float64, [35.04066, 11.33875]),
        to_place=(pl.String, ["Prague", "Da Nang"]),
        to_latitude=(pl.Float64, [50.08804, 16.06778]),
        to_longitude=(pl.Float64, [14.42076, 108.22083]),
        programme_id=(pl.String, ["UCA", "GSSC"]),
        missions=(COUNT, [2, 1]),
        partners=(pl.String, ["Smart.City Resource Centre of UCA", "Greentech Clust-ER"]),
        total_rows=(COUNT, [2, 2]),
    )


def mission_cities() -> pl.DataFrame:
    return _frame(
        place=(pl.String, ["Prague", "Da Nang", "Hanoi", "Chile (online)"]),
        country=(pl.String, ["Czechia", "Vietnam", "Vietnam", "Chile"]),
        country_code=(pl.String, ["CZ", "VN", "VN", "CL"]),
        latitude=(pl.Float64, [50.08804, 16.06778, 21.0245, -35.6751]),
        longitude=(pl.Float64, [14.42076, 108.22083, 105.84117, -71.543]),
        precision=(pl.String, ["city", "city", "city", "country"]),
        missions=(COUNT, [2, 1, 1, 1]),
        contacts=(WHOLE, [44, 20, 20, 0]),
        first_date=(
            pl.Date,
            [date(2023, 4, 24), date(2022, 5, 9), date(2021, 1, 2), date(2020, 3, 1)],
        ),
        last_date=(
            pl.Date,
            [date(2023, 12, 7), date(2022, 5, 13), date(2021, 1, 5), date(2020, 3, 1)],
        ),
        titles=(pl.String, ["Smart City Forum · Cyber Security", "Da Nang", "Hanoi", "Online"]),
        programmes=(pl.String, ["UCA", "GSSC", "GSSC", "GSSC"]),
        programme_id=(pl.String, ["UCA", "GSSC", "GSSC", "GSSC"]),
    )


def mission_outcomes() -> pl.DataFrame:
    return _frame(
        mission_id=(pl.String, ["GSSC-M6", "GSSC-M3"]),
        programme_id=(pl.String, ["GSSC", "GSSC"]),
        title=(pl.String, ["Exploratory mission to Da Nang", "C2C virtual working mission"]),
        type=(pl.String, ["exploratory", "virtual"]),
        format=(pl.String, ["in_person", "virtual"]),
        start_date=(pl.Date, [date(2022, 5, 9), date(2021, 10, 21)]),
        end_date=(pl.Date, [date(2022, 5, 13), None]),
        city=(pl.String, ["Da Nang", None]),
        country=(pl.String, ["Vietnam", "Vietnam"]),
        country_code=(pl.String, ["VN", "VN"]),
        contacts=(COUNT, [20, 10]),
        organisations=(COUNT, [20, 9]),
        follow_up=(COUNT, [15, 6]),
        mou=(COUNT, [2, 0]),
        agreement=(COUNT, [0, 0]),
        joint_project=(COUNT, [0, 0]),
        organisations_total=(COUNT, [27, 27]),
    )


def missions_table(total_rows: int = 2) -> pl.DataFrame:
    """Two GSSC missions; `total_rows` says how many the query found before its limit."""
    return _frame(
        mission_id=(pl.String, ["GSSC-M6", "GSSC-M3"]),
        programme_id=(pl.String, ["GSSC", "GSSC"]),
        title=(pl.String, ["Exploratory mission to Da Nang", "C2C virtual working mission"]),
        type=(pl.String, ["exploratory", "virtual"]),
        format=(pl.String, ["in_person", "virtual"]),
        public=(pl.Boolean, [False, True]),
        start_date=(pl.Date, [date(2022, 5, 9), date(2021, 10, 21)]),
        end_date=(pl.Date, [date(2022, 5, 13), None]),
        city=(pl.String, ["Da Nang", None]),
        country=(pl.String, ["Vietnam", "Vietnam"]),
        country_code=(pl.String, ["VN", "VN"]),
        sectors=(pl.String, ["smart_city;ict", "green_tech"]),
        delegates=(pl.Int32, [12, 45]),
        contacts=(COUNT, [20, 10]),
        organisations=(COUNT, [20, 9]),
        total_rows=(COUNT, [total_rows, total_rows]),
    )


def outcome_funnel(counts: tuple[int, ...] = (200, 100, 20, 10, 5)) -> pl.DataFrame:
    return _frame(
        stage=(pl.String, list(queries.OUTCOME_STAGES)),
        rank=(COUNT, [0, 1, 2, 3, 4]),
        contacts=(COUNT, list(counts)),
    )


def partner_places() -> pl.DataFrame:
    return _frame(
        place=(pl.String, ["Aalborg", "Sofia"]),
        country=(pl.String, ["Denmark", "Bulgaria"]),
        latitude=(pl.Float64, [57.048, 42.69751]),
        longitude=(pl.Float64, [9.9187, 23.32415]),
        partners=(pl.String, ["Aalborg Green Hub", "Cluster Sofia – City of Knowledge"]),
        programme_id=(pl.String, ["SCTP", "SCTP"]),
        count=(COUNT, [1, 1]),
    )


def partner_towns() -> pl.DataFrame:
    return _frame(
        place=(pl.String, ["Aalborg", "Sofia", "Västerås"]),
        country_code=(pl.String, ["DK", "BG", "SE"]),
        country=(pl.String, ["Denmark", "Bulgaria", "Sweden"]),
        latitude=(pl.Float64, [57.048, 42.69751, 59.61617]),
        longitude=(pl.Float64, [9.9187, 23.32415, 16.55276]),
        partners=(COUNT, [1, 2, 1]),
        projects=(COUNT, [1, 2, 1]),
        names=(pl.List(pl.String), [["Aalborg Green Hub"], ["A", "B"], ["Västerås Science Park"]]),
        at_country_centre=(pl.Boolean, [False, False, False]),
    )


def partners_by_country() -> pl.DataFrame:
    return _frame(
        country=(pl.String, ["Spain", "Latvia", "Ukraine"]),
        partners=(COUNT, [3, 1, 4]),
        projects=(COUNT, [2, 1, 1]),
        lead_partners=(COUNT, [1, 0, 1]),
        country_code=(pl.String, ["ES", "LV", "UA"]),
        latitude=(pl.Float64, [40.2085, 56.8796, 49.1155]),
        longitude=(pl.Float64, [-3.713, 24.6032, 31.2839]),
    )


def portfolio_projects() -> pl.DataFrame:
    return _frame(
        programme_id=(pl.String, ["SME2GO", "UCA"]),
        name=(pl.String, ["SME2GO", "UCA business missions to Czechia"]),
        funding_programme=(pl.String, ["Interreg Central Baltic 2014-2020", "Czech Ministry"]),
        start_date=(pl.Date, [date(2015, 3, 1), date(2023, 3, 1)]),
        end_date=(pl.Date, [date(2018, 6, 30), date(2023, 12, 31)]),
        budget_eur=(MONEY, [Decimal("1462380.00"), Decimal("86500.00")]),
        eu_contribution_eur=(MONEY, [Decimal("1096785.00"), None]),
        partners=(COUNT, [5, 4]),
        countries=(pl.String, ["EE, FI, LV, SE", "UA"]),
        total=(COUNT, [2, 2]),
    )


def portfolio_summary() -> pl.DataFrame:
    return _frame(
        projects=(COUNT, [4]),
        funding_programmes=(COUNT, [4]),
        partners=(COUNT, [21]),
        organisations=(COUNT, [21]),
        countries=(COUNT, [12]),
        budget_eur=(SUM, [Decimal("1813082.62")]),
        eu_contribution_eur=(SUM, [Decimal("1263436.97")]),
        missions=(COUNT, [18]),
        budget_lines=(COUNT, [236]),
    )


def programme_details() -> pl.DataFrame:
    return _frame(
        programme_id=(pl.String, ["GSSC"]),
        name=(pl.String, ["Green Small Smart Cities"]),
        funding_programme=(pl.String, ["COSME – Cluster Go International"]),
        start_date=(pl.Date, [date(2020, 9, 1)]),
        end_date=(pl.Date, [date(2022, 8, 31)]),
        budget_eur=(MONEY, [Decimal("222202.62")]),
        eu_contribution_eur=(MONEY, [Decimal("166651.97")]),
    )


def reporting_periods() -> pl.DataFrame:
    return _frame(
        programme_id=(pl.String, ["GSSC", "GSSC"]),
        number=(pl.Int32, [1, 2]),
        start_date=(pl.Date, [date(2020, 9, 1), date(2021, 3, 1)]),
        end_date=(pl.Date, [date(2021, 2, 28), date(2021, 8, 31)]),
    )


def sector_country() -> pl.DataFrame:
    return _frame(
        sector=(pl.String, ["ict", "ict", "water"]),
        country=(pl.String, ["Chile", "Vietnam", "Chile"]),
        country_code=(pl.String, ["CL", "VN", "CL"]),
        contacts=(COUNT, [4, 1, 2]),
    )


def sector_ranking() -> pl.DataFrame:
    return _frame(
        sector=(pl.String, ["smart_city", "ict", "nanotechnology"]),
        contacts=(COUNT, [33, 32, 0]),
        organisations=(COUNT, [28, 30, 0]),
        missions=(COUNT, [16, 12, 2]),
    )


def sector_share_by_programme() -> pl.DataFrame:
    return _frame(
        programme_id=(pl.String, ["GSSC", "GSSC", "UCA", "UCA"]),
        sector=(pl.String, ["not recorded", "ict", "ict", "water"]),
        contacts=(COUNT, [1, 3, 2, 2]),
        share=(pl.Float64, [0.25, 0.75, 0.5, 0.5]),
    )


def spend_vs_budget() -> pl.DataFrame:
    """One line over plan, one under, one spent without a budget."""
    return _frame(
        key=(pl.String, ["staff", "travel", "equipment"]),
        label=(pl.String, ["staff", "travel", "equipment"]),
        budget=(MONEY, [Decimal("222202.62"), Decimal("1000.00"), Decimal("0.00")]),
        plan=(MONEY, [Decimal("100000.00"), Decimal("500.00"), Decimal("0.00")]),
        spent=(MONEY, [Decimal("120000.01"), Decimal("100.00"), Decimal("0.10")]),
        variance=(MONEY, [Decimal("20000.01"), Decimal("-400.00"), Decimal("0.10")]),
        variance_share=(pl.Float64, [0.2000001, -0.8, None]),
        flag=(pl.String, ["over", "under", "unbudgeted"]),
        total_rows=(COUNT, [3, 3, 3]),
    )


def filter_options() -> dict[str, pl.DataFrame]:
    return {
        "programmes": _frame(
            programme_id=(pl.String, ["GSSC"]),
            name=(pl.String, ["Green Small Smart Cities"]),
            start_date=(pl.Date, [date(2020, 9, 1)]),
            end_date=(pl.Date, [date(2022, 8, 31)]),
            funding_programme=(pl.String, ["COSME – Cluster Go International"]),
        ),
        "countries": _frame(country=(pl.String, ["VN"]), name=(pl.String, ["Vietnam"])),
        "sectors": _frame(sector=(pl.String, ["ict"])),
        "dates": _frame(first=(pl.Date, [date(2020, 9, 1)]), last=(pl.Date, [date(2022, 8, 31)])),
        "periods": reporting_periods(),
    }


def data_quality() -> dict[str, pl.DataFrame]:
    return {
        "unplaced": _frame(
            sheet=(pl.String, ["missions"]),
            id=(pl.String, ["GSSC-M9"]),
            city=(pl.String, ["Nowhere"]),
            country=(pl.String, ["VN"]),
            total_rows=(COUNT, [1]),
        ),
        "corrected": _frame(
            sheet=(pl.String, ["missions"]),
            city_typed=(pl.String, ["Seongnam"]),
            city=(pl.String, ["Seongnam-si"]),
            country=(pl.String, ["KR"]),
            rows=(COUNT, [1]),
            total_rows=(COUNT, [1]),
        ),
        "missions_without_contacts": _frame(
            mission_id=(pl.String, ["SME2GO-M1"]),
            programme_id=(pl.String, ["SME2GO"]),
            title=(pl.String, ["Kick-off partner meeting"]),
            start_date=(pl.Date, [date(2015, 4, 21)]),
            total_rows=(COUNT, [1]),
        ),
        "expenses_without_budget": _frame(
            programme_id=(pl.String, ["GSSC"]),
            partner_id=(pl.String, ["GSSC-P1"]),
            category=(pl.String, ["equipment"]),
            expenses=(COUNT, [1]),
            amount_eur=(SUM, [Decimal("812.40")]),
            total_rows=(COUNT, [1]),
        ),
    }


# Query name -> its sample, for every query of analytics/queries.py that returns frames.
SAMPLES: dict[str, Callable[[], pl.DataFrame | dict[str, pl.DataFrame]]] = {
    "budget_by_funding_programme": budget_by_funding_programme,
    "budget_status": budget_status,
    "contacts_by": contacts_by,
    "contacts_by_country": contacts_by_country,
    "contacts_over_time": contacts_over_time,
    "cumulative_spend": cumulative_spend,
    "data_quality": data_quality,
    "expenditure": expenditure,
    "filter_options": filter_options,
    "indicator_achievements": indicator_achievements,
    "indicator_targets": indicator_targets,
    "indicator_values": indicator_values,
    "indicator_values_by_period": indicator_values_by_period,
    "last_load": last_load,
    "latest_missions": latest_missions,
    "load_history": load_history,
    "mission_arcs": mission_arcs,
    "mission_cities": mission_cities,
    "mission_outcomes": mission_outcomes,
    "missions_table": missions_table,
    "outcome_funnel": outcome_funnel,
    "partner_places": partner_places,
    "partner_towns": partner_towns,
    "partners_by_country": partners_by_country,
    "portfolio_projects": portfolio_projects,
    "portfolio_summary": portfolio_summary,
    "programme_details": programme_details,
    "reporting_periods": reporting_periods,
    "sector_country": sector_country,
    "sector_ranking": sector_ranking,
    "sector_share_by_programme": sector_share_by_programme,
    "spend_vs_budget": spend_vs_budget,
}


def frame_builders(module: ModuleType) -> set[str]:
    """The public functions of `module` that draw or describe a frame (first parameter a
    pl.DataFrame): the names a test of every builder must cover."""
    found = set()
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module.__name__ or name.startswith("_"):
            continue
        first = next(iter(inspect.signature(function).parameters.values()), None)
        if first is not None and "DataFrame" in str(first.annotation):
            found.add(name)
    return found
