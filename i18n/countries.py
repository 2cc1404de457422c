"""Country names in the language of the run, from the ISO 3166 translations pycountry ships.

English keeps the names the loader stored (the countries table); another language looks the
country up by its ISO code and translates pycountry's name for it.
"""

from __future__ import annotations

import gettext
from functools import cache, lru_cache

import pycountry

from i18n import SOURCE, language


@cache
def _iso3166(code: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code], fallback=True)


@lru_cache(maxsize=4096)
def _name(alpha_2: str, code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha_2.upper())
    if country is None:
        return None
    # pycountry's common name ("Czechia", "Viet Nam"), the msgid of its catalogues
    return _iso3166(code).gettext(country.name)


def name(alpha_2: str | None, english: str | None = None) -> str | None:
    """The name of `alpha_2` (SI) for a person reading the run's language: `english` (the
    stored name) in English, else the translation; an unknown code keeps `english` or itself."""
    if alpha_2 is None:
        return english
    code = language()
    if code == SOURCE:
        return english or _name(alpha_2, SOURCE) or alpha_2
    return _name(alpha_2, code) or english or alpha_2
