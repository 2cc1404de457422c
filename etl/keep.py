"""keep.eu's Excel export, loaded as downloaded.

keep.eu (run by Interact) is the public database of Interreg projects and partners. Its export is
one workbook: "Projects (lead partners)" (one row per project), "Partners" (one row per partner,
tied to its project by Programme + Acronym) and "Calls". This module recognises it by its sheets
and maps it onto the contract as text tables, so that the one validator, geocoder and writer load
it with the same guarantees as any workbook: exact money, every problem at once, nothing written
on error. Problems are located in keep.eu's own sheets, columns and Excel rows, and each names the
project by programme and acronym (keep.eu has no project id).

- Each project is a programmes row. Its id is stable: the acronym, then a short hash of the exact
  programme and acronym (the same export gives the same ids on every load, whatever the order).
  An acronym that recurs within one programme still loads every project (the second gets "-2",
  ...); keep.eu cannot say which of them a partner belongs to, so their partners are attached to
  the first and a warning says so.
- Each partner is a partners row: id = project id + "-P" + its place in the project's list.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import fastexcel
import polars as pl

from etl import parse
from etl.contract import TABLES, header_key
from etl.limits import Unreadable, within_limits
from etl.problems import ERROR, WARNING, Problem
from etl.raw import RECORD, ROW, RawInput, RawTable
from i18n import _, n_

PROJECTS = "Projects (lead partners)"
PARTNERS = "Partners"
CALLS = "Calls"

# keep.eu header -> contract column; the headers a project or partner row cannot do without.
PROJECT_COLUMNS = {
    "Project Name": "name",
    "Programme": "funding_programme",
    "Project start": "start_date",
    "Project end": "end_date",
    "Budget": "budget_eur",
    "EU Funding": "eu_contribution_eur",
}
PROJECT_REQUIRED = ("Programme", "Acronym", *PROJECT_COLUMNS)
AMOUNTS = ("Budget", "EU Funding")  # read as numbers where Excel stored them so
THEMES = ("Thematic1", "Thematic2", "Thematic3")
DESCRIPTIONS = ("Description EN", "Description 1")
PARTNER_COLUMNS = {
    "Project Partner": "name",
    "Country": "country",
    "Town": "city",
    "Legal Status": "type",
    "Lead Partner": "role",
}
PARTNER_REQUIRED = ("Programme", "Acronym", "Project Partner", "Lead Partner", "Town", "Country")
COUNTRY_CODE = "Country code"

# keep.eu's themes in the dashboard's sectors: the first rule whose word the folded theme holds.
# A theme no rule names is "other" (keep.eu's list has about 40 themes, the sectors 16).
_THEME_RULES: tuple[tuple[str, str], ...] = (
    ("renewable", "renewable_energy"),
    ("energy", "energy"),
    ("agricultur", "agriculture"),
    ("fisher", "agriculture"),
    ("forest", "agriculture"),
    ("rural", "agriculture"),
    ("water", "water"),
    ("river", "water"),
    ("ict", "ict"),
    ("digital", "ict"),
    ("information and communication", "ict"),
    ("smart cit", "smart_city"),
    ("urban", "smart_city"),
    ("transport", "mobility"),
    ("mobility", "mobility"),
    ("traffic", "mobility"),
    ("logistic", "mobility"),
    ("health", "health"),
    ("medic", "health"),
    ("green tech", "green_tech"),
    ("climate", "green_tech"),
    ("waste", "green_tech"),
    ("pollution", "green_tech"),
    ("biodiversity", "green_tech"),
    ("natural resources", "green_tech"),
    ("environment", "green_tech"),
    ("construction", "construction"),
    ("renovation", "construction"),
    ("tourism", "tourism"),
    ("heritage", "creative_industries"),
    ("cultur", "creative_industries"),
    ("creative", "creative_industries"),
    ("industr", "manufacturing"),
    ("manufactur", "manufacturing"),
    ("cyber", "cybersecurity"),
)


def is_keep_workbook(sheet_names: list[str]) -> bool:
    """keep.eu's export, known by its projects sheet (no contract table is called that)."""
    keys = {header_key(s) for s in sheet_names}
    return header_key(PROJECTS) in keys and header_key(PARTNERS) in keys


def project_id(programme: str, acronym: str) -> str:
    """A stable, readable id: the acronym in id letters, then 6 hex of programme and acronym."""
    digest = hashlib.sha256(f"{programme}\0{acronym}".encode()).hexdigest()[:6]
    ascii_form = unicodedata.normalize("NFKD", acronym).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_form).strip("-")[:24].rstrip("-")
    return f"{slug or 'P'}-{digest}"


def theme_sector(theme: str) -> str:
    """keep.eu's theme as a sector of the contract (a synonym, else a rule, else other)."""
    try:
        return parse.parse_vocab(theme, "sector")
    except parse.ParseError:
        pass
    folded = f" {parse.fold(theme)} "
    for word, sector in _THEME_RULES:
        if f" {word}" in folded:
            return sector
    return "other"


@dataclass
class _Sheet:
    name: str
    frame: pl.DataFrame  # cleaned text, with ROW
    missing: list[str]
    numeric: set[str] = field(default_factory=set)  # columns Excel stored as numbers only


def _load(
    book: fastexcel.ExcelReader,
    file: str,
    sheet: str,
    wanted: tuple[str, ...],
    required: tuple[str, ...],
    problems: list[Problem],
    amounts: tuple[str, ...] = (),
) -> _Sheet:
    """The wanted columns of a sheet as text (numbers as Excel stores them, formulas never run),
    stripped, null words empty, fully blank rows dropped, each with its Excel row."""
    try:
        loaded = book.load_sheet(
            sheet,
            header_row=0,
            use_columns=lambda column: column.name.strip() in wanted,
            dtypes="string",
        )
        frame = loaded.to_polars()
    except Exception as exc:  # calamine raises its own error types
        if "empty" not in str(exc).lower() and "no header" not in str(exc).lower():
            raise Unreadable(
                file,
                # Translators: {reason} is the workbook reader's own words (in English)
                _("the sheet cannot be read: damaged ({reason})", reason=str(exc).strip()[:200]),
                _("open it in Excel and save again"),
                sheet=sheet,
            ) from None
        frame = pl.DataFrame()  # an empty sheet has no header row
    frame = within_limits(file, sheet, frame, list(frame.columns))  # the reader's stated limits
    frame = frame.rename({c: c.strip() for c in frame.columns})
    missing = [c for c in required if c not in frame.columns]
    if missing:
        problems.append(
            Problem(
                ERROR,
                file,
                sheet=sheet,
                row=1,
                column=", ".join(missing),
                message=_(
                    "keep.eu's export always has this column: is it the export as downloaded?"
                ),
            )
        )
    empty = ["", *parse.null_word_spellings()]
    frame = frame.select(
        pl.col(c).cast(pl.String).str.strip_chars().replace(empty, None) for c in frame.columns
    )
    frame = frame.with_columns(
        *(pl.lit(None, pl.String).alias(c) for c in wanted if c not in frame.columns)
    )
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in wanted))
    return _Sheet(sheet, frame, missing, _numeric(book, sheet, amounts))


def _numeric(book: fastexcel.ExcelReader, sheet: str, amounts: tuple[str, ...]) -> set[str]:
    """The amount columns whose every cell Excel stored as a number: their text is the binary
    float Excel keeps (16815482.300000001 where Excel shows 16,815,482.30), read as the cent it
    is within floating-point error of. A column holding any text cell is read as text, where a
    third decimal stays an error."""
    if not amounts:
        return set()
    try:
        loaded = book.load_sheet(
            sheet,
            header_row=0,
            use_columns=lambda column: column.name.strip() in amounts,
            schema_sample_rows=None,
        ).to_polars()
    except Exception:  # calamine raises its own error types; the text load has answered
        return set()
    return {c.strip() for c, t in loaded.schema.items() if t.is_numeric()}


def _record(programme: pl.Expr, acronym: pl.Expr) -> pl.Expr:
    return pl.concat_str(
        pl.lit("programme ") + programme.fill_null("(none)"),
        pl.lit(", acronym ") + acronym.fill_null("(none)"),
    )


def read_keep(book: fastexcel.ExcelReader, file: str, sha256: str, source: str) -> RawInput:
    """The export's projects and partners as the contract's programmes and partners tables."""
    problems: list[Problem] = []
    names = {header_key(s): s for s in book.sheet_names}
    for sheet in book.sheet_names:
        if header_key(sheet) not in {header_key(PROJECTS), header_key(PARTNERS)}:
            problems.append(
                Problem(
                    WARNING,
                    file,
                    sheet=sheet,
                    message=_(
                        "not used by the dashboard (keep.eu's calls or another sheet): ignored"
                    ),
                )
            )
    projects = _load(
        book,
        file,
        names[header_key(PROJECTS)],
        ("Programme", "Acronym", *PROJECT_COLUMNS, *THEMES, *DESCRIPTIONS),
        PROJECT_REQUIRED,
        problems,
        AMOUNTS,
    )
    partners = _load(
        book,
        file,
        names[header_key(PARTNERS)],
        ("Programme", "Acronym", *PARTNER_COLUMNS, COUNTRY_CODE),
        PARTNER_REQUIRED,
        problems,
    )
    tables = {name: _empty(name) for name in TABLES}
    if not projects.missing:
        tables["programmes"], rows_of = _programmes(projects, file, problems)
        if not partners.missing:
            first_of = {key: project_id(*key) for key in rows_of}
            tables["partners"] = _partners(partners, first_of, file, problems)
            counts = tables["partners"].frame.group_by("programme_id").len()
            per_project = dict(counts.iter_rows())
            for (programme, acronym), rows in rows_of.items():
                if len(rows) > 1:
                    problems.append(
                        _recurring(file, projects.name, programme, acronym, rows, per_project)
                    )
    return RawInput(source, sha256, tables, problems)


def _recurring(
    file: str,
    sheet: str,
    programme: str,
    acronym: str,
    rows: list[int],
    partners_per_project: dict[str, int],
) -> Problem:
    """A warning, not an error: keep.eu does hold projects that share an acronym."""
    base = project_id(programme, acronym)
    ids = [base, *(f"{base}-{n}" for n in range(2, len(rows) + 1))]
    partners = partners_per_project.get(base, 0)
    return Problem(
        WARNING,
        file,
        sheet=sheet,
        row=rows[1],
        column="Acronym",
        value=acronym,
        # Translators: {rows} lists row numbers, {ids} the project ids given, {partners} counts
        # partner rows, {first} is a row number and {id} the first project's id
        message=n_(
            "this acronym recurs in the programme (rows {rows}): every project is loaded "
            "(ids {ids}); keep.eu ties a partner to its project only by programme and acronym, "
            "so all {partners} partner row(s) of this acronym are attached to the first project "
            "(row {first}, id {id})",
            "this acronym recurs in the programme (rows {rows}): every project is loaded "
            "(ids {ids}); keep.eu ties a partner to its project only by programme and acronym, "
            "so all {partners} partner row(s) of this acronym are attached to the first project "
            "(row {first}, id {id})",
            partners,
            rows=", ".join(map(str, rows)),
            ids=", ".join(ids),
            partners=partners,
            first=rows[0],
            id=base,
        ),
        record=f"programme {programme}, acronym {acronym}",
    )


def _empty(table: str) -> RawTable:
    """A table the export does not have: empty, and no warning that a sheet is missing."""
    return RawTable(table, "", None, pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}))


def _programmes(
    sheet: _Sheet, file: str, problems: list[Problem]
) -> tuple[RawTable, dict[tuple[str, str], list[int]]]:
    """The projects, and the Excel rows of each Programme + Acronym (more than one: recurring)."""
    frame = sheet.frame
    keyless = frame.filter(pl.col("Programme").is_null() | pl.col("Acronym").is_null())
    keyless_message = _("a project needs its Programme and Acronym: they are its key in keep.eu")
    for row, programme, acronym in keyless.select(ROW, "Programme", "Acronym").iter_rows():
        problems.append(
            Problem(
                ERROR,
                file,
                sheet=sheet.name,
                row=row,
                column="Acronym" if programme else "Programme",
                message=keyless_message,
                record=f"programme {programme or '(none)'}, acronym {acronym or '(none)'}",
            )
        )
    frame = frame.filter(pl.col("Programme").is_not_null() & pl.col("Acronym").is_not_null())
    keys = frame.select("Programme", "Acronym").rows()
    ids: list[str] = []
    rows_of: dict[tuple[str, str], list[int]] = {}
    for (programme, acronym), row in zip(keys, frame.get_column(ROW).to_list(), strict=True):
        rows_of.setdefault((programme, acronym), []).append(row)
        n = len(rows_of[(programme, acronym)])
        base = project_id(programme, acronym)
        ids.append(base if n == 1 else f"{base}-{n}")
    nameless = frame.filter(pl.col("Project Name").is_null()).height
    if nameless:
        problems.append(
            Problem(
                WARNING,
                file,
                sheet=sheet.name,
                column="Project Name",
                message=n_(
                    "{n} project(s) without a Project Name (keep.eu often holds only the "
                    "acronym): named by their Acronym",
                    "{n} project(s) without a Project Name (keep.eu often holds only the "
                    "acronym): named by their Acronym",
                    nameless,
                ),
            )
        )
        frame = frame.with_columns(pl.coalesce("Project Name", "Acronym").alias("Project Name"))
    themes = frame.select(THEMES).rows()
    distinct = {t for row in themes for t in row if t}
    sector_of = {t: theme_sector(t) for t in distinct}
    sectors = [";".join(dict.fromkeys(sector_of[t] for t in row if t)) or None for row in themes]
    out = frame.select(
        pl.col(ROW),
        pl.Series("programme_id", ids, dtype=pl.String),
        *(pl.col(k).alias(v) for k, v in PROJECT_COLUMNS.items()),
        pl.coalesce(*DESCRIPTIONS).alias("description"),
        pl.Series("sectors", sectors, dtype=pl.String),
        _record(pl.col("Programme"), pl.col("Acronym")).alias(RECORD),
    )
    headers = {
        "programme_id": "Programme + Acronym",
        **{v: k for k, v in PROJECT_COLUMNS.items()},
        "description": DESCRIPTIONS[0],
        "sectors": "Thematic1-3",
    }
    numeric = {PROJECT_COLUMNS[c] for c in sheet.numeric if c in PROJECT_COLUMNS}
    return RawTable("programmes", file, sheet.name, out, headers, numeric), rows_of


def _partners(
    sheet: _Sheet, first_of: dict[tuple[str, str], str], file: str, problems: list[Problem]
) -> RawTable:
    frame = sheet.frame.with_columns(_record(pl.col("Programme"), pl.col("Acronym")).alias(RECORD))
    keys = frame.select("Programme", "Acronym").rows()
    owners = [first_of.get(key) if key[0] and key[1] else None for key in keys]
    frame = frame.with_columns(pl.Series("programme_id", owners, dtype=pl.String))
    orphans = frame.filter(pl.col("programme_id").is_null())
    # Translators: {sheet} is the name of keep.eu's projects sheet (Projects)
    orphan_message = _(
        "no project with this Programme and Acronym in sheet {sheet}", sheet=PROJECTS
    )
    orphan_hint = _("a partner row is tied to its project by both")
    for row, acronym, record in orphans.select(ROW, "Acronym", RECORD).iter_rows():
        problems.append(
            Problem(
                ERROR,
                file,
                sheet=sheet.name,
                row=row,
                column="Acronym",
                value=acronym,
                message=orphan_message,
                hint=orphan_hint,
                record=record,
            )
        )
    frame = frame.filter(pl.col("programme_id").is_not_null())
    number = pl.int_range(1, pl.len() + 1).over("programme_id").cast(pl.String)
    frame = frame.with_columns(
        (pl.col("programme_id") + "-P" + number).alias("partner_id"),
        _role(frame, file, sheet.name, problems),
        _map_distinct(frame.get_column("Legal Status"), _organisation_type).alias("type"),
        _country(frame).alias("country"),
    )
    out = frame.select(
        ROW,
        "partner_id",
        "programme_id",
        pl.col("Project Partner").alias("name"),
        "country",
        pl.col("Town").alias("city"),
        "type",
        "role",
        RECORD,
    )
    headers = {
        "partner_id": "Programme + Acronym",
        "programme_id": "Acronym",
        **{v: k for k, v in PARTNER_COLUMNS.items()},
    }
    return RawTable("partners", file, sheet.name, out, headers)


def _map_distinct(values: pl.Series, function: Callable[[str], str | None]) -> pl.Series:
    mapping = {v: function(v) for v in values.drop_nulls().unique().to_list()}
    return values.replace_strict(mapping, default=None, return_dtype=pl.String)


def _organisation_type(legal_status: str) -> str | None:
    """keep.eu's legal status says an organisation type only when it is public."""
    return "public_authority" if legal_status.casefold() == "public" else None


def _role(frame: pl.DataFrame, file: str, sheet: str, problems: list[Problem]) -> pl.Series:
    def role(text: str) -> str | None:
        try:
            return "lead" if parse.parse_yesno(text) else "partner"
        except parse.ParseError:
            return None

    values = frame.get_column("Lead Partner")
    roles = _map_distinct(values, role).alias("role")
    bad = frame.filter(values.is_not_null() & roles.is_null())
    expected = _("expected Yes or No")
    for row, value, record in bad.select(ROW, "Lead Partner", RECORD).iter_rows():
        problems.append(
            Problem(
                ERROR,
                file,
                sheet=sheet,
                row=row,
                column="Lead Partner",
                value=value,
                message=expected,
                record=record,
            )
        )
    return roles


def _country(frame: pl.DataFrame) -> pl.Series:
    """The country as named; where keep.eu's name is not one we know, its code ("PL Poland /
    POLSKA"); else the name as written, for the validator to report."""

    def readable(text: str | None) -> bool:
        if not text:
            return False
        try:
            parse.parse_country(text)
        except parse.ParseError:
            return False
        return True

    pairs = frame.select("Country", COUNTRY_CODE).unique().rows()
    chosen: dict[tuple[str | None, str | None], str | None] = {}
    for name, code in pairs:
        prefix = code.split()[0] if code else None
        if readable(name) or not readable(prefix):
            chosen[(name, code)] = name
        else:
            chosen[(name, code)] = prefix
    lookup = pl.DataFrame(
        {
            "Country": [k[0] for k in chosen],
            COUNTRY_CODE: [k[1] for k in chosen],
            "_country": list(chosen.values()),
        },
        schema={"Country": pl.String, COUNTRY_CODE: pl.String, "_country": pl.String},
    )
    joined = frame.select("Country", COUNTRY_CODE).join(
        lookup, on=["Country", COUNTRY_CODE], how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.get_column("_country")
