"""Every marked text reaches the catalogue (issue 25): Babel's extractor does not look inside
f-strings, so a `_("...")` written in one is never offered to translators and stays English."""

from __future__ import annotations

import ast

from tools.catalogues import ROOT, source_files

MARKERS = {"_", "n_", "N_", "p_"}


def test_no_translated_text_is_marked_inside_an_f_string() -> None:
    hidden = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for sub in ast.walk(node):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Name)
                    and sub.func.id in MARKERS
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{sub.lineno} {ast.unparse(sub)}")
    assert not hidden, hidden
