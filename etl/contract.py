"""The input contract, declared once as data.

The reader, the validator, the database writer, the Excel template, docs/contract.md and the drift
test all read these declarations: adding a column means adding one line here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from i18n import N_

# Column kinds: how a cell is parsed and which DuckDB type it is stored as.
SQL_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "city": "VARCHAR",
    "date": "DATE",
    "amount": "DECIMAL(14,2)",
    "quantity": "DECIMAL(14,2)",
    "int": "INTEGER",
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
    "country": "VARCHAR",
    "vocab": "VARCHAR",
    "vocab_list": "VARCHAR",
    "id_list": "VARCHAR",
    "yesno": "BOOLEAN",
}

EXPECTED: dict[str, str] = {
    "id": N_("an identifier (letters, digits, - _ . /)"),
    "text": N_("text"),
    "city": N_("a town or city name"),
    "date": N_("a date such as 2021-09-15, 15/09/2021, 15.09.2021 or an Excel date"),
    "amount": N_("an amount in euro such as 1234.50, 1.234,50 € or 1,234.50 (at most 2 decimals)"),
    "quantity": N_(
        "a number such as 100 or 12.5 (at most 2 decimals): a count for a counted "
        "indicator, euro for budget_spent"
    ),
    "int": N_("a whole number of 0 or more"),
    "latitude": N_("a latitude in decimal degrees between -90 and 90"),
    "longitude": N_("a longitude in decimal degrees between -180 and 180"),
    "country": N_("a country name in English or an ISO code (e.g. Viet Nam, Czechia, CL)"),
    "vocab": N_("one of the listed values"),
    "vocab_list": N_("listed values separated by ;"),
    "id_list": N_("identifiers separated by ;"),
    "yesno": N_("yes or no"),
}


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list: canonical values, each with the other ways users write it."""

    name: str
    values: dict[str, tuple[str, ...]]

    @property
    def canonical(self) -> list[str]:
        return list(self.values)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    description: str = ""
    example: str = ""
    vocabulary: str | None = None
    references: tuple[str, str] | None = None  # (table, column)
    unique: bool = False
    # A list the template offers in a drop-down without requiring it (etl/catalogue.py's codes).
    offers: str | None = None
    # A controlled value whose own wording is kept beside its key, in `<name>_typed` (the cost
    # category a grant agreement calls "External services" is shown so, grouped as its key).
    keep_typed: bool = False

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    required: bool = False
    key: tuple[str, ...] = ()
    extra_columns: tuple[tuple[str, str], ...] = field(default=())  # derived: (name, sql type)
    # The columns that name a row in a problem line beside its Excel row (the key, else these).
    record: tuple[str, ...] = ()
    # A table most workbooks leave out (its absence has a meaning: six-month periods...): no
    # warning when it is missing.
    optional: bool = False

    @property
    def record_columns(self) -> tuple[str, ...]:
        return self.record or self.key

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _vocabulary(name: str, **values: tuple[str, ...]) -> Vocabulary:
    return Vocabulary(name, dict(values))


VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in [
        _vocabulary(
            "mission_type",
            exploratory=("exploratory mission", "exploration", "scouting"),
            business=("business mission", "trade mission", "b2b mission"),
            virtual=("virtual mission", "online mission", "virtual working mission", "webinar"),
            partner_meeting=("partners meeting", "consortium meeting", "partnership meeting"),
            conference=("final conference", "forum", "summit", "event"),
            matchmaking=("match making", "brokerage", "brokerage event", "b2b event"),
            study_visit=("study tour", "visit", "delegation visit", "site visit"),
        ),
        _vocabulary(
            "mission_format",
            in_person=("in person", "on site", "onsite", "physical", "face to face", "f2f"),
            virtual=("online", "remote", "digital", "web"),
            hybrid=("blended", "mixed"),
        ),
        _vocabulary(
            "org_type",
            public_authority=(
                "public",
                "authority",
                "government",
                "municipality",
                "ministry",
                "city hall",
                "public body",
                "local authority",
                "embassy",
                "agency",
                "public agency",
            ),
            company=("large company", "enterprise", "corporation", "firm", "business"),
            sme=("small business", "small and medium enterprise", "sme company"),
            startup=("start-up", "start up", "scaleup", "scale-up"),
            university=("academia", "higher education", "college"),
            research=(
                "research centre",
                "research center",
                "rto",
                "research institute",
                "technology centre",
                "technology center",
                "institute",
            ),
            cluster=("cluster organisation", "cluster organization", "association"),
            support_organisation=(
                "support organization",
                "business support",
                "intermediary",
                "incubator",
                "accelerator",
                "science park",
                "technology park",
                "chamber",
                "chamber of commerce",
                "innovation agency",
                "een",
                "enterprise europe network",
            ),
            investor=("venture capital", "vc", "business angel", "fund", "bank"),
            other=("ngo", "citizen", "media"),
        ),
        _vocabulary(
            "meeting_type",
            b2b=("business to business",),
            c2c=("cluster to cluster",),
            b2g=("business to government", "g2b"),
            institutional=("institutional meeting", "official", "protocol"),
            pitch=("pitching", "presentation", "demo"),
            other=(),
        ),
        _vocabulary(
            "outcome",
            none=("no", "no outcome"),
            follow_up=("follow-up", "followup", "follow up meeting", "further contact"),
            mou=("memorandum of understanding", "memorandum", "letter of intent", "loi"),
            agreement=("contract", "signed agreement", "cooperation agreement", "deal"),
            joint_project=("project", "joint proposal", "joint development"),
        ),
        _vocabulary(
            "partner_role", lead=("lead partner", "coordinator", "lp"), partner=("pp", "member")
        ),
        # Cost categories: the Interreg 2021-2027 ones (formatting.CATEGORY_LABELS names them as
        # managers know them) under the keys the data has always used; the wording a programme
        # typed is kept beside the key (budget.category_typed, expenses.category_typed).
        _vocabulary(
            "category",
            staff=("staff costs", "personnel", "personnel costs", "salaries", "wages"),
            travel=(
                "travel and accommodation",
                "travel and accommodation costs",
                "travel and subsistence",
                "travel costs",
                "travel & subsistence",
                "travel & accommodation",
                "mission costs",
            ),
            subcontracting=(
                "external expertise and services",
                "external expertise and services costs",
                "subcontracting costs",
                "external services",
                "external expertise",
            ),
            equipment=("equipment costs", "investment", "hardware"),
            infrastructure=(
                "infrastructure and works",
                "infrastructure and works costs",
                "infrastructure costs",
                "works",
            ),
            other=("other costs", "other direct costs", "other goods and services", "consumables"),
            indirect=(
                "office and administration",
                "office and administration costs",
                "office and administrative costs",
                "administration costs",
                "indirect costs",
                "overheads",
                "overhead",
                "flat rate",
            ),
        ),
        _vocabulary(
            "sector",
            agriculture=("agri", "agrifood", "agri-food", "farming", "agritech", "agro"),
            water=("water management", "water treatment", "water sector", "wastewater"),
            ict=(
                "information and communication technologies",
                "it",
                "digital",
                "software",
                "information technology",
                "ict sector",
                "digitalisation",
                "digitalization",
            ),
            energy=("energy sector", "energy efficiency", "power", "electricity"),
            renewable_energy=(
                "solar",
                "solar energy",
                "solar sector",
                "renewables",
                "renewable energy",
                "pv",
                "photovoltaics",
                "wind",
                "green energy",
                "clean energy",
            ),
            nanotechnology=("nano", "nanotech", "nanotechnologies", "nanotechnology sector"),
            smart_city=("smart city", "smart cities", "smart city solutions", "smart territories"),
            green_tech=("greentech", "cleantech", "green technologies", "environment", "circular"),
            mobility=("transport", "automotive", "e-mobility", "logistics"),
            health=("healthcare", "medtech", "life sciences", "biotech"),
            manufacturing=("industry", "industry 4.0", "smart industry", "advanced manufacturing"),
            construction=("buildings", "smart buildings", "architecture"),
            cybersecurity=("cyber security", "cyber", "security"),
            tourism=("travel industry", "hospitality"),
            creative_industries=("creative", "culture", "media industries"),
            other=(),
        ),
        _vocabulary(
            "indicator",
            missions=("missions held", "number of missions"),
            events=("public events", "events organised"),
            contacts=("contacts made", "number of contacts"),
            organisations=("organisations met", "organizations", "organizations met"),
            b2b_meetings=("b2b", "b2b meetings held"),
            c2c_meetings=("c2c", "c2c meetings held"),
            smes_involved=("smes", "sme involved", "smes supported"),
            countries=("target countries", "countries reached"),
            mous=("mou", "mous signed", "memoranda of understanding"),
            agreements=("agreements signed",),
            joint_projects=("joint projects started",),
            budget_spent=("budget", "spend", "spent"),
        ),
    ]
}

# Indicators the dashboard counts from the data; any other indicator is a custom one whose value
# the manager gives in `actual`.
COUNTED_INDICATORS: tuple[str, ...] = tuple(VOCABULARIES["indicator"].canonical)

SOURCE = Column(
    "source",
    "text",
    description=N_("Where the row's facts come from (a report, a URL, 'illustrative')"),
)


# Budget lines and expenses name their cost category alike (the budget page compares them).
COST_CATEGORY = Column(
    "category",
    "vocab",
    True,
    N_("Cost category (your own wording is kept and shown)"),
    "travel",
    "category",
    keep_typed=True,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "programmes",
            "One row per EU-funded project or programme followed by the dashboard.",
            (
                Column("programme_id", "id", True, N_("Short stable code"), "GSSC", unique=True),
                Column("name", "text", True, N_("Full name"), "Green Small Smart Cities"),
                Column("funding_programme", "text", True, N_("EU programme and call"), "COSME"),
                Column("start_date", "date", True, N_("First day of the project"), "2020-09-01"),
                Column("end_date", "date", True, N_("Last day of the project"), "2022-08-31"),
                Column("budget_eur", "amount", True, N_("Total eligible budget"), "222202.62"),
                Column("eu_contribution_eur", "amount", False, N_("EU grant"), "166651.97"),
                Column("description", "text", False, N_("One or two sentences"), "Smart city SMEs"),
                Column(
                    "sectors",
                    "vocab_list",
                    False,
                    N_("Sectors or themes, separated by ;"),
                    "smart_city;ict",
                    "sector",
                ),
            ),
            required=True,
            key=("programme_id",),
        ),
        Table(
            "partners",
            "The consortium: one row per partner organisation of a programme.",
            (
                Column("partner_id", "id", True, N_("Short stable code"), "GSSC-P1", unique=True),
                Column(
                    "programme_id",
                    "id",
                    True,
                    N_("Programme the partner belongs to"),
                    "GSSC",
                    references=("programmes", "programme_id"),
                ),
                Column("name", "text", True, N_("Organisation name"), "Greentech Clust-ER"),
                Column("country", "country", True, N_("Country of the partner"), "Italy"),
                Column(
                    "city",
                    "city",
                    False,
                    N_("Home town (without one: placed at the country's centre, with a warning)"),
                    "Bologna",
                ),
                Column("type", "vocab", False, N_("Kind of organisation"), "cluster", "org_type"),
                Column("role", "vocab", False, N_("lead or partner"), "partner", "partner_role"),
                Column("members", "int", False, N_("Member organisations represented"), "80"),
                Column("latitude", "latitude", False, N_("Overrides geocoding"), ""),
                Column("longitude", "longitude", False, N_("Overrides geocoding"), ""),
            ),
            key=("partner_id",),
            extra_columns=(("location_precision", "VARCHAR"), ("city_typed", "VARCHAR")),
        ),
        Table(
            "missions",
            "Missions, meetings and events, abroad or online.",
            (
                Column("mission_id", "id", True, N_("Short stable code"), "GSSC-M6", unique=True),
                Column(
                    "programme_id",
                    "id",
                    True,
                    N_("Programme"),
                    "GSSC",
                    references=("programmes", "programme_id"),
                ),
                Column("title", "text", True, N_("Title"), "Exploratory mission to Da Nang"),
                Column("type", "vocab", True, N_("Kind of mission"), "exploratory", "mission_type"),
                Column(
                    "format", "vocab", False, N_("How it was held"), "in_person", "mission_format"
                ),
                Column("public", "yesno", False, N_("An event open to the public"), "no"),
                Column("start_date", "date", True, N_("First day"), "2022-05-09"),
                Column("end_date", "date", False, N_("Last day (empty: one day)"), "2022-05-13"),
                Column(
                    "city", "city", False, N_("Target city (required unless virtual)"), "Da Nang"
                ),
                Column("country", "country", True, N_("Target country"), "Viet Nam"),
                Column("latitude", "latitude", False, N_("Overrides geocoding"), ""),
                Column("longitude", "longitude", False, N_("Overrides geocoding"), ""),
                Column(
                    "organiser",
                    "id",
                    False,
                    N_("partner_id of the organising partner"),
                    "GSSC-P1",
                    references=("partners", "partner_id"),
                ),
                Column(
                    "partners",
                    "id_list",
                    False,
                    N_("partner_ids taking part, separated by ;"),
                    "GSSC-P1",
                    references=("partners", "partner_id"),
                ),
                Column(
                    "sectors",
                    "vocab_list",
                    False,
                    N_("Sectors, separated by ;"),
                    "ict;water",
                    "sector",
                ),
                Column("delegates", "int", False, N_("People in the delegation"), "8"),
            ),
            key=("mission_id",),
            extra_columns=(("location_precision", "VARCHAR"), ("city_typed", "VARCHAR")),
        ),
        Table(
            "contacts",
            "Organisations met on a mission: one row per organisation and meeting.",
            (
                Column(
                    "contact_id", "id", False, N_("Optional stable code"), "GSSC-C001", unique=True
                ),
                Column(
                    "mission_id",
                    "id",
                    True,
                    N_("Mission"),
                    "GSSC-M6",
                    references=("missions", "mission_id"),
                ),
                Column(
                    "organisation", "text", True, N_("Organisation met"), "Da Nang Hi-Tech Park"
                ),
                Column(
                    "organisation_id",
                    "id",
                    False,
                    N_("Stable key of the organisation (else derived from name and country)"),
                    "",
                ),
                Column(
                    "org_type",
                    "vocab",
                    True,
                    N_("Kind of organisation"),
                    "public_authority",
                    "org_type",
                ),
                Column("country", "country", True, N_("Country of the organisation"), "Viet Nam"),
                Column("sector", "vocab", False, N_("Main sector"), "ict", "sector"),
                Column(
                    "meeting_type", "vocab", False, N_("Kind of meeting"), "b2g", "meeting_type"
                ),
                Column("date", "date", False, N_("Date of the meeting"), "2022-05-10"),
                Column(
                    "outcome", "vocab", False, N_("Furthest result so far"), "follow_up", "outcome"
                ),
            ),
            # A number per distinct organisation_id: counting distinct organisations over
            # millions of contacts is twice as fast on integers as on text.
            extra_columns=(("organisation_no", "INTEGER"),),
            record=("contact_id", "mission_id", "organisation"),
        ),
        Table(
            "delegations",
            "Who took part from the consortium's side: one row per organisation and mission.",
            (
                Column(
                    "mission_id",
                    "id",
                    True,
                    N_("Mission"),
                    "GSSC-M6",
                    references=("missions", "mission_id"),
                ),
                Column(
                    "organisation", "text", True, N_("Organisation taking part"), "Solar SME Ltd"
                ),
                Column("organisation_id", "id", False, N_("Stable key (else derived)"), ""),
                Column("org_type", "vocab", True, N_("Kind of organisation"), "sme", "org_type"),
                Column("country", "country", True, N_("Country of the organisation"), "Italy"),
                Column("sector", "vocab", False, N_("Main sector"), "renewable_energy", "sector"),
            ),
            record=("mission_id", "organisation"),
        ),
        Table(
            "budget",
            "The approved budget, one row per line (programme, partner, work package, category).",
            (
                Column(
                    "programme_id",
                    "id",
                    True,
                    N_("Programme"),
                    "GSSC",
                    references=("programmes", "programme_id"),
                ),
                Column(
                    "partner_id",
                    "id",
                    False,
                    N_("Partner (empty: whole programme)"),
                    "GSSC-P1",
                    references=("partners", "partner_id"),
                ),
                Column("work_package", "text", False, N_("Work package"), "WP2"),
                COST_CATEGORY,
                Column("amount_eur", "amount", True, N_("Budgeted amount"), "12500.00"),
            ),
            record=("programme_id", "partner_id", "work_package", "category"),
            extra_columns=(("category_typed", "VARCHAR"),),
        ),
        Table(
            "expenses",
            "Money spent, one row per expense or cost claim line.",
            (
                Column(
                    "expense_id", "id", False, N_("Optional stable code"), "GSSC-E0001", unique=True
                ),
                Column(
                    "programme_id",
                    "id",
                    True,
                    N_("Programme"),
                    "GSSC",
                    references=("programmes", "programme_id"),
                ),
                Column(
                    "partner_id",
                    "id",
                    False,
                    N_("Partner"),
                    "GSSC-P1",
                    references=("partners", "partner_id"),
                ),
                Column("work_package", "text", False, N_("Work package"), "WP2"),
                COST_CATEGORY,
                Column("date", "date", True, N_("Date of the expense"), "2022-05-20"),
                Column("amount_eur", "amount", True, N_("Amount spent"), "1234.50"),
                Column(
                    "mission_id",
                    "id",
                    False,
                    N_("Mission the cost belongs to"),
                    "GSSC-M6",
                    references=("missions", "mission_id"),
                ),
                Column("description", "text", False, N_("What it was"), "Flights to Da Nang"),
                Column(
                    "invoice_ref",
                    "text",
                    False,
                    N_(
                        "Reference of the invoice or supporting document (for the list of "
                        "expenditure of a reporting period)"
                    ),
                    "INV-2022-0147",
                ),
            ),
            record=("expense_id", "programme_id", "partner_id", "date"),
            extra_columns=(("category_typed", "VARCHAR"),),
        ),
        Table(
            "targets",
            "Indicator targets; `actual` only for indicators the data cannot count.",
            (
                Column(
                    "programme_id",
                    "id",
                    True,
                    N_("Programme"),
                    "GSSC",
                    references=("programmes", "programme_id"),
                ),
                Column("indicator", "text", True, N_("Counted indicator or your own"), "contacts"),
                Column(
                    "target",
                    "quantity",
                    True,
                    N_(
                        "Target: a count (100 contacts, 5 missions) for counted indicators, euro "
                        "for budget_spent, in `unit` for your own"
                    ),
                    "100",
                ),
                Column(
                    "actual",
                    "quantity",
                    False,
                    N_("Achieved, in the same unit as the target (your own indicators only)"),
                    "",
                ),
                Column("unit", "text", False, N_("Unit shown"), "contacts"),
                Column("due_date", "date", False, N_("When the target is due"), "2022-08-31"),
                Column(
                    "code",
                    "text",
                    False,
                    N_(
                        "A 2021-2027 common indicator code (RCO/RCR, see "
                        "etl/common_indicators.csv) or the programme's own"
                    ),
                    "RCO87",
                    offers="common_indicators",
                ),
                Column(
                    "own_code",
                    "yesno",
                    False,
                    N_("yes: `code` is the programme's own, not a common indicator"),
                    "no",
                ),
            ),
            key=("programme_id", "indicator"),
            extra_columns=(("counted", "BOOLEAN"),),
        ),
        Table(
            "periods",
            "Reporting periods (optional): without them, six-month periods from each "
            "programme's start. A period ends on or after its first day, the periods of a "
            "programme do not overlap and their numbers are unique; one outside its programme's "
            "dates is a warning.",
            (
                Column(
                    "programme_id",
                    "id",
                    True,
                    N_("Programme"),
                    "GSSC",
                    references=("programmes", "programme_id"),
                ),
                Column("number", "int", True, N_("Number of the period: 1, 2, 3..."), "1"),
                Column("start_date", "date", True, N_("First day of the period"), "2020-09-01"),
                Column("end_date", "date", True, N_("Last day of the period"), "2021-02-28"),
            ),
            key=("programme_id", "number"),
            optional=True,
        ),
        Table(
            "achievements",
            "What the programme's own indicators achieved, one row per indicator and reporting "
            "period (optional; counted indicators are counted from the data).",
            (
                Column(
                    "programme_id",
                    "id",
                    True,
                    N_("Programme"),
                    "GSSC",
                    references=("programmes", "programme_id"),
                ),
                Column(
                    "indicator",
                    "text",
                    True,
                    N_("Your own indicator, as named in targets"),
                    "market studies published",
                ),
                Column("period", "int", True, N_("Number of the reporting period"), "3"),
                Column("value", "quantity", True, N_("Achieved in that period"), "1"),
            ),
            key=("programme_id", "indicator", "period"),
            optional=True,
        ),
    ]
}

# Every table may carry `source`; it is kept.
for _name, _table in list(TABLES.items()):
    TABLES[_name] = Table(
        _table.name,
        _table.description,
        (*_table.columns, SOURCE),
        _table.required,
        _table.key,
        _table.extra_columns,
        _table.record,
        _table.optional,
    )

# Derived helper tables the writer adds: (name, columns with SQL types).
HELPER_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "mission_partners": (("mission_id", "VARCHAR"), ("partner_id", "VARCHAR"), ("role", "VARCHAR")),
    "mission_sectors": (("mission_id", "VARCHAR"), ("sector", "VARCHAR")),
    # Reference data from data/shapes: every ISO country with its display name and centre.
    "countries": (
        ("country", "VARCHAR"),
        ("name", "VARCHAR"),
        ("latitude", "DOUBLE"),
        ("longitude", "DOUBLE"),
    ),
    "loads": (
        ("loaded_at", "TIMESTAMP"),
        ("source", "VARCHAR"),
        ("sha256", "VARCHAR"),
        ("row_counts", "VARCHAR"),
        ("warnings", "INTEGER"),
    ),
}

# Columns whose values would be a contact person's personal data: never stored.
PERSONAL_DATA_PATTERN = re.compile(
    r"(e-?mail|phone|telephone|mobile|cellphone|fax|whatsapp|linkedin|"
    r"contact_?person|contact_?name|person|first_?name|last_?name|surname|given_?name|"
    r"full_?name|participant|attendee|representative|^name_?of_?contact)",
    re.IGNORECASE,
)

# Extra column-header spellings people use, beyond case, spaces and underscores.
COLUMN_SYNONYMS: dict[str, dict[str, str]] = {
    "programmes": {
        "id": "programme_id",
        "project_id": "programme_id",
        "budget": "budget_eur",
        "total_budget": "budget_eur",
        "eu_contribution": "eu_contribution_eur",
        "funding": "funding_programme",
        "start": "start_date",
        "end": "end_date",
    },
    "partners": {
        "id": "partner_id",
        "organisation": "name",
        "organization": "name",
        "project_id": "programme_id",
        "lat": "latitude",
        "lon": "longitude",
        "lng": "longitude",
        "town": "city",
    },
    "missions": {
        "id": "mission_id",
        "project_id": "programme_id",
        "start": "start_date",
        "end": "end_date",
        "date": "start_date",
        "lat": "latitude",
        "lon": "longitude",
        "lng": "longitude",
        "town": "city",
        "sector": "sectors",
        "participants": "delegates",
    },
    "contacts": {
        "organization": "organisation",
        "organization_id": "organisation_id",
        "organisation_type": "org_type",
        "organization_type": "org_type",
        "type": "org_type",
        "meeting": "meeting_type",
    },
    "delegations": {
        "organization": "organisation",
        "organization_id": "organisation_id",
        "organisation_type": "org_type",
        "organization_type": "org_type",
        "type": "org_type",
    },
    "budget": {
        "project_id": "programme_id",
        "amount": "amount_eur",
        "wp": "work_package",
        "budget_eur": "amount_eur",
    },
    "expenses": {
        "id": "expense_id",
        "project_id": "programme_id",
        "amount": "amount_eur",
        "wp": "work_package",
        "spent_eur": "amount_eur",
        "invoice": "invoice_ref",
        "invoice_no": "invoice_ref",
        "invoice_number": "invoice_ref",
        "invoice_reference": "invoice_ref",
    },
    "targets": {"project_id": "programme_id", "value": "target", "indicator_code": "code"},
    "periods": {
        "project_id": "programme_id",
        "period": "number",
        "start": "start_date",
        "end": "end_date",
        "from": "start_date",
        "to": "end_date",
    },
    "achievements": {"project_id": "programme_id", "achieved": "value", "actual": "value"},
}


def header_key(text: str) -> str:
    """Headers, sheet and file names match regardless of case, spaces, underscores and a '*'."""
    return re.sub(r"[\s_\-*]+", "", str(text)).casefold()
