"""The escaping helper: every value comes out as text that its renderer reads back literally.

A Markdown reader is modelled by what CommonMark and GitHub's extensions can do with escaped
text: every ASCII punctuation character is backslash-escaped (so no construct can start), and
the patterns found after parsing (autolinked URLs, emoji and icon shortcodes) are broken by a
word joiner. What a reader shows is then the text with the backslashes and joiners removed.
The browser test (tests/e2e) checks the same payloads as Chromium renders them.
"""

from __future__ import annotations

import html as std_html
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import text
from analytics.text import WORD_JOINER

PAYLOADS = [
    "[x](http://evil.example/a)",
    "![](http://evil.example/p.png)",
    "<b>bold</b>",
    "<img src=http://evil.example/i.png>",
    "<a href='http://evil.example'>l</a>",
    ":red[x]",
    ":blue-background[y] :small[z]",
    "$x^2$",
    ":smile: :material/home: :streamlit:",
    "http://evil.example/auto",
    "https://evil.example",
    "WWW.evil.example",
    "a@evil.example",
    "**b** _i_ `c` ~s~",
    "# heading",
    "1. item",
    "- item",
    "> quote",
    "&amp; &lt;",
    "a\\b",
    "|a|b|",
    "<http://evil.example>",
    "[x][1]\n\n[1]: http://evil.example",
    "Smart Digital Technology Co., Ltd.",
]

PUNCTUATION = set(string.punctuation)


def shown(markdown: str) -> str:
    """What a Markdown reader shows of escaped text: escapes read, joiners invisible."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def every_punctuation_escaped(markdown: str) -> bool:
    i = 0
    while i < len(markdown):
        if markdown[i] == "\\":
            if i + 1 >= len(markdown) or markdown[i + 1] not in PUNCTUATION:
                return False
            i += 2
            continue
        if markdown[i] in PUNCTUATION:
            return False
        i += 1
    return True


def no_late_patterns(markdown: str) -> bool:
    """Nothing GitHub's autolinker, emoji or icon replacement finds in the parsed text."""
    parsed = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
    return not (
        re.search(r"https?://|www\.|@[-\w]", parsed, re.IGNORECASE)
        or re.search(r":[\w+\-/]+:", parsed)
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_is_literal(payload: str) -> None:
    out = text.md(payload)
    assert every_punctuation_escaped(out)
    assert no_late_patterns(out)
    if "\n" not in payload:
        assert shown(out) == payload


def test_md_folds_line_breaks_into_one_space() -> None:
    assert shown(text.md("a \r\n\n  b\u2028c")) == "a b c"
    assert "\n" not in text.md("x\n# heading")


def test_md_of_none_and_numbers() -> None:
    assert text.md(None) == ""
    assert shown(text.md(12.5)) == "12.5"


def test_md_leaves_ordinary_names_readable() -> None:
    assert text.md("Da Nang") == "Da Nang"
    assert text.md("10:30") == "10\\:30"  # a time is not a shortcode: no joiner


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_md_round_trips_any_text(value: str) -> None:
    out = text.md(value)
    assert every_punctuation_escaped(out)
    assert no_late_patterns(out)
    if not re.search(r"[\r\n\u2028\u2029\x0b\x0c\x85]", value) and WORD_JOINER not in value:
        assert shown(out) == value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_plotly_has_no_tag_and_no_maths(payload: str) -> None:
    out = text.plotly(payload)
    assert "<" not in out and ">" not in out and "$" not in out
    assert std_html.unescape(out) == payload  # Plotly turns entities back into characters


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_plotly_and_html_round_trip(value: str) -> None:
    assert std_html.unescape(text.plotly(value)) == value
    assert std_html.unescape(text.html(value)) == value
    assert not set("<>\"'") & set(text.html(value))


def test_html_escapes_attributes_too() -> None:
    assert text.html("<a href='x'>\"") == "&lt;a href=&#x27;x&#x27;&gt;&quot;"
    assert text.html(None) == ""
    assert text.plotly_all(["<b>", None]) == ["&lt;b&gt;", ""]
