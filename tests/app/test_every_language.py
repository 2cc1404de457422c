"""Every page in every language (issue 25): no English phrase of the interface is left.

The English phrases are taken from the catalogue itself (i18n/messages.pot): each message's
literal pieces between its placeholders and markup, of two words or more, whose translation in
the language differs from the English. A page's text is everything it sends to the browser:
headings, captions, notices, metrics, widget labels and options, table headers, and the specs of
its charts and maps (titles, axes, hovers).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

import i18n
from shell import pages
from tests.apptest import TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = i18n.TRANSLATED  # every language but the source, English
_PIECES = re.compile(r"\{\{|\}\}|%\{[^}]*\}|\{[^{}]*\}|<[^>]*>|\*\*|`|\n|[·:;()\[\]|–—]")


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", "2026-11-23")
    return demo_db


@cache
def english_phrases(code: str) -> frozenset[str]:
    """Pieces of English that must not appear on a page in `code`."""
    with i18n.po_path(code).open("rb") as file:
        catalog = read_po(file, locale=code)
    kept = " ".join(
        s
        for m in catalog
        if m.id
        for s in (m.string if isinstance(m.string, tuple) else [m.string])
    )
    phrases = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            for piece in _PIECES.split(text):
                piece = piece.strip(" .,!?'\"")
                if len(piece.split()) >= 2 and len(piece) >= 10 and piece not in kept:
                    phrases.add(piece)
        if len(ids[0]) >= 4 and not _PIECES.search(ids[0]) and ids[0] not in kept:
            phrases.add(f'"{ids[0]}"')  # a whole label, as a JSON string of the page
    return frozenset(phrases)


def _strings(value: object, found: set[str]) -> None:
    """Every text leaf of a proto's fields, a chart's or map's JSON spec opened up (their
    geometry is numbers, and searching megabytes of it cost 90% of the test's time)."""
    if isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, list):
        for item in value:
            _strings(item, found)
    elif isinstance(value, str):
        if value[:1] in "{[":
            try:
                _strings(json.loads(value), found)
                return
            except ValueError:
                pass
        found.add(value)


def _texts(node: object, found: set[str]) -> None:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _texts(child, found)
    proto = getattr(node, "proto", None)
    if getattr(node, "type", "") == "arrow_data_frame":
        found.update(str(c) for c in node.value.columns)  # type: ignore[attr-defined]
    elif proto is not None:
        _strings(MessageToDict(proto), found)


def _says(text: str, phrase: str) -> bool:
    """`phrase` as words of `text`: "Green tech" is not in the data's "Green technologies"."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def page_text(at: AppTest) -> str:
    """The page's texts, each as a JSON string ("Budget"), one a line."""
    found: set[str] = set()
    _texts(at._tree, found)
    return "\n".join(json.dumps(text, ensure_ascii=False) for text in sorted(found))


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_english_phrase_is_left_on_any_page(demo: Path, code: str) -> None:
    """One session per language walks every page, as a reader following the menu does (the
    language chosen once, by the link, stays across pages)."""
    found: dict[str, list[str]] = {}
    with i18n.using(code):  # AppTest formats a widget's options in the test's own thread
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        at.query_params["lang"] = code
        for page in pages.PAGES:
            if page.default:
                at.run()
            else:
                at.switch_page(page.file).run()
            assert not at.exception, (page.slug, [e.value for e in at.exception])
            text = page_text(at)
            left = sorted(p for p in english_phrases(code) if _says(text, p))
            if left:
                found[page.slug] = left[:10]
    assert not found, f"English left in {code}: {found}"
