"""Values from data as literal text: the one escaping helper every page, chart, map and report uses.

A name in a workbook is text to show, never markup. Each place that renders text reads its own
syntax, so each has a function here; pass every value from data through the one for the place it
is written into, and nothing else (our own markup around it stays markup):

- `md`      Streamlit Markdown: st.markdown, st.caption, st.info/warning/error/success, st.metric
            labels, st.title/subheader, widget labels and help. Streamlit reads GitHub Markdown
            (links, images, autolinked URLs), raw HTML, ``:red[...]``-style directives,
            ``:material/icon:``, emoji shortcodes (``:smile:``) and ``$...$`` LaTeX.
- `html`    HTML we write ourselves (the PDF report, st.html, unsafe_allow_html markdown).
- `plotly`  Plotly text: titles, axis ticks and categories, legend names, annotations, bar
            text, hover text. Plotly reads a few tags (``<a href>``, ``<b>``, ``<br>``,
            ``<span style>``...) and entities, and typesets ``$...$`` when MathJax is on the page.

Not needed: st.dataframe cells and headers and downloads (literal); pydeck tooltips, which
Streamlit fills from ``{field}`` with the values HTML-escaped (see analytics/maps.py); deck.gl
text layers (drawn on a canvas).
"""

from __future__ import annotations

import html as _html
import re

# CommonMark lets a backslash escape any ASCII punctuation character; escaping all of them is
# simpler to trust than choosing (links, images, emphasis, code, HTML, tables, headings, lists,
# autolinks, entities, Streamlit's ``:directive[...]`` and ``$`` maths all start with one).
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
# Some syntax is found in the parsed text, after backslash escapes are read: emoji shortcodes
# and Material icons (":smile:", ":material/home:") and GitHub's autolinked URLs and addresses
# ("http://x", "www.x", "a@x"). A word joiner (invisible, zero width) breaks each pattern.
_PATTERN_BREAKS = re.compile(r"(?<=:)(?=[\w+\-/]+:|/)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def md(value: object) -> str:
    """`value` as Streamlit Markdown that shows exactly its text: no link, image, HTML,
    emphasis, heading, list, directive, icon, emoji or maths. Line breaks become spaces (a
    name on two lines would otherwise start a new block)."""
    text = _LINE_BREAKS.sub(" ", _text(value))
    text = _PATTERN_BREAKS.sub(WORD_JOINER, text)
    return _MD_PUNCTUATION.sub(r"\\\1", text)


def html(value: object) -> str:
    """`value` as HTML text (quotes too, so it is also safe inside an attribute)."""
    return _html.escape(_text(value), quote=True)


def plotly(value: object) -> str:
    """`value` as Plotly text: ``&``, ``<``, ``>`` as entities, which Plotly turns back into
    characters after reading its tags; ``$`` as an entity so MathJax never sees maths."""
    return (
        _text(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("$", "&#36;")
    )


def plotly_all(values: object) -> list[str]:
    """`plotly` over a sequence (a polars Series or list of names for a trace)."""
    return [plotly(v) for v in values]  # type: ignore[union-attr]
