"""Words for people, in their language: every text a person reads goes through here.

Write the English text whole, with named placeholders, and let the translation reorder it:

    _("{count} missions to {country}", count=..., country=...)      # a sentence with values
    n_("{n} mission", "{n} missions", n)                             # plural forms: CLDR's rules
    N_("Contacts made")                                              # a constant, translated at use
    p_("meeting type", "Visit")                                      # a word with a context

Values from data are never translated and are escaped by the caller for the place they are
written into (analytics/text.py); `_` only fills them in after the translation is chosen. The
catalogues are `i18n/locales/<code>/LC_MESSAGES/messages.po`, kept by `python -m i18n`; the
language of a run is `language()`: set by `using(code)` (the commands, the tests) or, in the app,
read from the session by the resolver the shell installs.
"""

from __future__ import annotations

import gettext
import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from i18n.languages import (
    CODES,
    LANGUAGES,
    SOURCE,
    TRANSLATED,
    Language,
    argument,
    by_code,
    match,
    of_command,
)

__all__ = [
    "CODES",
    "LANGUAGES",
    "N_",
    "SOURCE",
    "TRANSLATED",
    "Language",
    "_",
    "argument",
    "by_code",
    "language",
    "match",
    "n_",
    "of_command",
    "p_",
    "set_resolver",
    "speak",
    "translations",
    "using",
]

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"

_chosen: ContextVar[str | None] = ContextVar("language", default=None)
_resolver: Callable[[], str | None] | None = None
_lock = threading.Lock()


def set_resolver(resolver: Callable[[], str | None] | None) -> None:
    """How to find the language when no `using` block set one: the app reads its session."""
    global _resolver
    _resolver = resolver


def language() -> str:
    chosen = _chosen.get()
    if chosen is None and _resolver is not None:
        chosen = _resolver()
    return chosen if chosen in CODES else SOURCE


def speak(code: str | None) -> None:
    """Speak `code` from now on in this thread (the app: once at the start of each run, so
    the many `_` of a run need not ask the session)."""
    _chosen.set(match(code))


@contextmanager
def using(code: str | None) -> Iterator[str]:
    """Speak `code` inside the block (None or an unknown code: the resolver's, else English)."""
    token = _chosen.set(match(code))
    try:
        yield language()
    finally:
        _chosen.reset(token)


def po_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalogue of `code`, compiled from its .po on first use (no build step; a .po that
    is missing gives the English words). Fuzzy entries are left out, as msgfmt does."""
    if code == SOURCE or not po_path(code).is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with _lock, po_path(code).open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def _(message: str, /, **values: object) -> str:
    """`message` in the language of the run, with `values` filled into its {placeholders}."""
    return _fill(translations(language()).gettext(message), values)


def n_(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of the sentence for `n` by the language's plural rules; {n} is `n` written the
    language's way (1.234 in German)."""
    from i18n.formats import count

    text = translations(language()).ngettext(singular, plural, int(n))
    return _fill(text, {"n": count(n), **values})


def p_(context: str, message: str, /, **values: object) -> str:
    """`message` as meant in `context` ("meeting type", "Visit"): one English word can need
    two translations."""
    return _fill(translations(language()).pgettext(context, message), values)


def N_(message: str) -> str:
    """Marks a constant for the catalogue; translate it where it is shown, with `_`."""
    return message
