"""The languages the dashboard speaks, declared once: the sidebar's list, the link's ?lang=, the
commands' --lang, the catalogues `python -m i18n` keeps and the tests that check them all read
this table. English is the source language: its words are the catalogues' message ids."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in ?lang= and the catalogue's folder
    name: str  # in English
    native: str  # as its speakers write it: what the sidebar lists


SOURCE = "en"

# The 24 official languages of the EU, in the order of their codes, and Ukrainian.
LANGUAGES: tuple[Language, ...] = (
    Language("bg", "Bulgarian", "Български"),
    Language("cs", "Czech", "Čeština"),
    Language("da", "Danish", "Dansk"),
    Language("de", "German", "Deutsch"),
    Language("el", "Greek", "Ελληνικά"),
    Language("en", "English", "English"),
    Language("es", "Spanish", "Español"),
    Language("et", "Estonian", "Eesti"),
    Language("fi", "Finnish", "Suomi"),
    Language("fr", "French", "Français"),
    Language("ga", "Irish", "Gaeilge"),
    Language("hr", "Croatian", "Hrvatski"),
    Language("hu", "Hungarian", "Magyar"),
    Language("it", "Italian", "Italiano"),
    Language("lt", "Lithuanian", "Lietuvių"),
    Language("lv", "Latvian", "Latviešu"),
    Language("mt", "Maltese", "Malti"),
    Language("nl", "Dutch", "Nederlands"),
    Language("pl", "Polish", "Polski"),
    Language("pt", "Portuguese", "Português"),
    Language("ro", "Romanian", "Română"),
    Language("sk", "Slovak", "Slovenčina"),
    Language("sl", "Slovenian", "Slovenščina"),
    Language("sv", "Swedish", "Svenska"),
    Language("uk", "Ukrainian", "Українська"),
)

CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
TRANSLATED: tuple[str, ...] = tuple(code for code in CODES if code != SOURCE)


def by_code(code: str) -> Language:
    return next(lang for lang in LANGUAGES if lang.code == code)


def match(tag: str | None) -> str | None:
    """The language we speak for a browser's or a user's tag ("de-AT", "pt_BR", "EL", "fr"),
    or None: the region is dropped, the case ignored."""
    if not tag:
        return None
    primary = str(tag).strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in CODES else None


def unknown(tag: str) -> str:
    """What every command answers a --lang it does not speak with (one line, every code)."""
    return f"{tag!r} is not a language of the dashboard; use one of {', '.join(CODES)}"


def argument(tag: str) -> str:
    """An argparse type for --lang: the code we speak for `tag`, else argparse's usage error."""
    code = match(tag)
    if code is None:
        raise argparse.ArgumentTypeError(unknown(tag))
    return code


def of_command(tag: str | None) -> str | None:
    """The language a command's --lang names (English without one); None, after writing the
    usage error to stderr in one line, for a tag we do not speak: the command then exits 2."""
    if tag is None:
        return SOURCE
    code = match(tag)
    if code is None:
        print(f"usage error: --lang {unknown(tag)}", file=sys.stderr)
    return code
