"""The layers: analytics/ is the core (queries, charts, maps, text alternatives, report, exports,
filters, formatting, text...), usable by the commands and tests without Streamlit; shell/ is the
Streamlit app around it (data access with caches, sidebar, widgets, presentation mode, access);
views/ are the pages. The core imports neither Streamlit nor the shell."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = sorted((ROOT / "analytics").glob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at its top or inside a function."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_the_core_imports_neither_streamlit_nor_the_shell(path: Path) -> None:
    tops = {m.split(".")[0] for m in imported(path)}
    assert tops.isdisjoint({"streamlit", "shell", "views", "app"}), sorted(tops)


def test_the_scan_sees_an_import_of_streamlit(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from streamlit import cache_data\n", encoding="utf-8")
    assert "streamlit" in imported(module)


def test_importing_the_whole_core_loads_no_streamlit() -> None:
    """Nor through another package (etl, pydeck...): the commands start without it."""
    names = [f"analytics.{p.stem}" for p in CORE if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'shell')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# What each layer may not import (CONTRIBUTING.md states these): the loader stands alone, the
# shell never reaches into a page or a command, a page leaves SQL to analytics/queries.py, and
# the commands and the benchmark are used by nothing the app runs.
FORBIDDEN = {
    "i18n": {"etl", "analytics", "shell", "views", "app", "tools", "bench", "streamlit"},
    "etl": {"analytics", "shell", "views", "app", "tools", "bench", "streamlit"},
    "analytics": {"shell", "views", "app", "tools", "bench", "streamlit"},
    "shell": {"views", "app", "tools", "bench"},
    "views": {"app", "tools", "bench", "duckdb"},
}
LAYERED = sorted(
    path
    for layer in FORBIDDEN
    for path in (ROOT / layer).rglob("*.py")
    if "__pycache__" not in path.parts
)


@pytest.mark.parametrize("path", LAYERED, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_layer_imports_only_what_it_may(path: Path) -> None:
    layer = path.relative_to(ROOT).parts[0]
    tops = {m.split(".")[0] for m in imported(path)}
    assert tops.isdisjoint(FORBIDDEN[layer]), sorted(tops & FORBIDDEN[layer])
