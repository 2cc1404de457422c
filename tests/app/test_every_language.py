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
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

import i18n
from shell import pages
from tests.app.test_pages import TIMEOUT

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


def _texts(node: object) -> list[str]:
    texts: list[str] = []
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            texts += _texts(child)
        proto = getattr(node, "proto", None)
        if proto is not None:
            texts.append(MessageToJson(proto, ensure_ascii=False))
        return texts
    proto = getattr(node, "proto", None)
    if getattr(node, "type", "") == "arrow_data_frame":
        texts.append(json.dumps([str(c) for c in node.value.columns], ensure_ascii=False))  # type: ignore[attr-defined]
    elif proto is not None:
        text = MessageToJson(proto, ensure_ascii=False)
        texts.append(text)
        if '"spec"' in text:  # a chart's JSON inside the proto, unescaped
            texts.append(json.dumps(json.loads(text).get("spec", "{}"), ensure_ascii=False))
    return texts


def _says(text: str, phrase: str) -> bool:
    """`phrase` as words of `text`: "Green tech" is not in the data's "Green technologies"."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def page_text(at: AppTest) -> str:
    return "\n".join(_texts(at._tree))


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
