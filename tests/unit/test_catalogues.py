"""Every catalogue is complete (issue 25): each message the code marks is in every language's
catalogue, translated, not fuzzy, with its language's number of plural forms and the same
{placeholders} as the English. tools.catalogues runs the same check; it is what fails here when a
new word was added without its translations."""

from __future__ import annotations

from functools import cache

import pytest
from babel.messages.catalog import Catalog

import i18n
from tools import catalogues


@cache
def template() -> Catalog:
    return catalogues.extract()


@pytest.mark.parametrize("code", i18n.TRANSLATED)
def test_the_catalogue_is_complete_and_sound(code: str) -> None:
    gaps = catalogues.check(code, template())
    assert gaps == [], "\n".join(str(g) for g in gaps[:20])


def test_the_template_in_the_repository_is_the_extraction() -> None:
    """i18n/messages.pot is what `python -m tools.catalogues` writes from the code now."""
    on_disk = catalogues.read(catalogues.TEMPLATE)
    fresh = template()
    assert {(m.id, m.context) for m in on_disk if m.id} == {
        (m.id, m.context) for m in fresh if m.id
    }


def test_every_language_of_the_table_has_a_catalogue_and_a_glossary() -> None:
    for code in i18n.TRANSLATED:
        assert i18n.po_path(code).is_file(), code
        assert (catalogues.ROOT / "i18n" / "glossary" / f"{code}.csv").is_file(), code
