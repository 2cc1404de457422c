"""The 2021-2027 common indicators, kept as data in etl/common_indicators.csv: code, official
name, unit and fund (ERDF: Regulation (EU) 2021/1058, Annex I; Interreg: Regulation (EU)
2021/1059). A target's `code` is checked against it, the template offers its codes, and the
pages show the official name beside the project's own label.

Only codes whose official wording is certain are listed; a programme's own code is marked so in
targets (own_code: yes) rather than added here.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from i18n import _

CATALOGUE_FILE = Path(__file__).with_name("common_indicators.csv")


@dataclass(frozen=True)
class CommonIndicator:
    code: str
    name: str
    unit: str
    fund: str


def _read() -> dict[str, CommonIndicator]:
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: CommonIndicator(**row) for row in csv.DictReader(fh)}


CATALOGUE: dict[str, CommonIndicator] = _read()


def _key(code: str) -> str:
    """RC0 87, rco-87, RCO087 and RCO87 alike: upper case, no separators, O for a zero after RC,
    no leading zeros in the number."""
    text = re.sub(r"[\s\-_.]+", "", code).upper()
    match = re.fullmatch(r"RC([O0R])0*(\d+)", text)
    if not match:
        return text
    return f"RC{'O' if match[1] in 'O0' else 'R'}{match[2]}"


_BY_KEY = {_key(code): code for code in CATALOGUE}


def official_name(code: str) -> str:
    """The official name of a common indicator in the language of the run: the catalogue
    carries the English one (tools/catalogues.py extracts them all for the translators; the
    EU's own wording in each language, from the regulations' language versions)."""
    return _(CATALOGUE[code].name)


def official_names(codes: str | None) -> str | None:
    """The official names of a cell of codes ("RCO87" or "RCO87, RCO04"), joined; None when
    none of them is a common indicator."""
    if not codes:
        return None
    names = [official_name(c) for c in re.split(r"\s*[,;]\s*", codes.strip()) if c in CATALOGUE]
    return "; ".join(names) or None


def suggestion(code: str) -> str:
    """What to write instead of a code that is not in the catalogue: its likely common code, or
    how to mark it as the programme's own."""
    near = _BY_KEY.get(_key(code))
    if near is None:
        close = difflib.get_close_matches(_key(code), list(_BY_KEY), n=1, cutoff=0.75)
        near = _BY_KEY[close[0]] if close else None
    if near is None:
        # Translators: {codes} lists the common indicator codes (RCO04, RCO87, ...)
        return _(
            "not among the 2021-2027 common indicators ({codes}); if it is the programme's own "
            "code, write yes in own_code",
            codes=", ".join(CATALOGUE),
        )
    # Translators: {code} is a common indicator code (RCO87), {name} its official name
    return _(
        "did you mean {code} ({name})? If it is the programme's own code, write yes in own_code",
        code=near,
        name=official_name(near),
    )
