"""Numbers, money, percentages and dates the way the language of the run writes them (CLDR,
through Babel): 1.234,56 € in German, 1 234,56 € in French, 83 % in German.

English keeps the dashboard's own forms (€ 222,202.62, 83%), which its reports have used from
the start. Amounts are Decimal throughout: Babel formats a Decimal without a float on the way.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, get_date_format
from babel.numbers import format_currency, format_decimal, format_percent

from i18n import SOURCE, language


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def count(value: int | float | Decimal) -> str:
    code = language()
    if code == SOURCE:
        return f"{int(value):,}"
    return format_decimal(int(value), locale=_locale(code))


def money(amount: Decimal) -> str:
    code = language()
    if code == SOURCE:
        sign = "-" if amount < 0 else ""
        return f"{sign}€ {abs(amount):,.2f}"
    return format_currency(amount, "EUR", locale=_locale(code))


@cache
def _percent_pattern(code: str, decimals: int) -> str:
    pattern = _locale(code).percent_formats[None].pattern
    if decimals:
        pattern = re.sub(r"0(?=[^0#]*%)", "0." + "0" * decimals, pattern, count=1)
    return pattern


def percent(value: Decimal, decimals: int = 0) -> str:
    """`value` is the percent already rounded (83 for 83%), as the spreadsheet shows it."""
    code = language()
    if code == SOURCE:
        return f"{value}%"
    return format_percent(
        value / 100, format=_percent_pattern(code, decimals), locale=_locale(code)
    )


@cache
def date_pattern(code: str) -> str:
    """The language's numeric date with the whole year: dd.MM.y in German, dd/MM/y in French."""
    pattern = get_date_format("short", locale=_locale(code)).pattern
    return re.sub(r"(?<!y)yy(?!y)", "y", pattern)


def day(value: date) -> str:
    code = language()
    if code == SOURCE:
        return value.isoformat()
    return format_date(value, date_pattern(code), locale=_locale(code))


def month(value: date) -> str:
    """Jan 2024 / janv. 2024: a month on an axis or in a sentence."""
    code = language()
    if code == SOURCE:
        return value.strftime("%b %Y")
    return format_date(value, "LLL y", locale=_locale(code))
