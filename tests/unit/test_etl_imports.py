"""etl/ has no import cycle (issue 20): etl.read and etl.keep both read the raw types and the
limits check from modules that import neither (etl.raw, etl.limits)."""

from __future__ import annotations

import ast
from pathlib import Path

ETL = Path(__file__).resolve().parents[2] / "etl"


def imports(path: Path) -> set[str]:
    """The etl modules a module imports, at any depth of its code (a function's too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "etl":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("etl."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("etl."))
    return found - {path.stem}


def test_no_module_of_etl_imports_one_that_imports_it_back() -> None:
    graph = {p.stem: imports(p) for p in ETL.glob("*.py")}
    assert "keep" in graph["read"] and "read" not in graph["keep"]

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            module, path = stack.pop()
            for nxt in graph.get(module, ()):
                if nxt == start:
                    return [*path, nxt]
                if nxt not in path:
                    stack.append((nxt, [*path, nxt]))
        return None

    cycles = [c for m in sorted(graph) if (c := cycle_from(m))]
    assert not cycles, " -> ".join(cycles[0])
