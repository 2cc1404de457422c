"""No Python callback runs inside Polars' thread pool on any path the app serves (issue 27).

A callback (map_elements and kin) makes a pool worker wait for the GIL; another session's thread
that holds the GIL while it waits on the same pool (to_pandas, a collect) then waits for ever, and
the whole server freezes. tests/load/ proves the server stays up under many sessions; this scan
keeps the cause from coming back, anywhere the app or a load from the Data page runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest

from analytics.formatting import each, money

ROOT = Path(__file__).resolve().parents[2]
SERVED = ("app.py", "analytics", "views", "etl", "shell")
# Methods that call Python from Polars' pool; the fold family only as pl.<name> (Python lambdas).
CALLBACKS = {"map_elements", "map_batches", "map_rows", "map_groups"}
POLARS_CALLBACKS = {"fold", "reduce", "cum_fold", "cum_reduce", "Object"}


def callbacks_in(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        on_polars = isinstance(node.value, ast.Name) and node.value.id == "pl"
        if node.attr in CALLBACKS or (on_polars and node.attr in POLARS_CALLBACKS):
            found.append((node.lineno, node.attr))
    return sorted(found)


def served_files() -> list[Path]:
    files = []
    for name in SERVED:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def test_the_scan_finds_each_kind_of_callback() -> None:
    source = (
        "a = frame.with_columns(pl.col('x').map_elements(str))\n"
        "b = frame.map_rows(f)\n"
        "c = pl.fold(0, lambda x, y: x + y, pl.all())\n"
        "d = pl.Series([object()], dtype=pl.Object)\n"
        "e = frame.group_by('k').map_groups(f)\n"
        "f = pl.col('x').map_batches(f)\n"
        "g = functools.reduce(f, items)\n"  # not Polars: allowed
    )
    assert [attr for _, attr in callbacks_in(source)] == [
        "map_elements",
        "map_rows",
        "fold",
        "Object",
        "map_groups",
        "map_batches",
    ]


def test_no_python_callback_in_polars_pool_on_the_served_path() -> None:
    files = served_files()
    assert len(files) > 20, "the scan must see the app's code"
    found = [
        f"{path.relative_to(ROOT)}:{line} {attr}"
        for path in files
        for line, attr in callbacks_in(path.read_text("utf-8"))
    ]
    assert not found, "Python callbacks in Polars' pool:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        (["1234.5", None, "-0.01"], pl.Decimal(14, 2)),
        ([], pl.Decimal(14, 2)),
        ([None, None], pl.Decimal(14, 2)),
    ],
)
def test_each_formats_like_a_callback_did(values: list, dtype: pl.DataType) -> None:
    """Empty cells stay empty (null), as map_elements left them, and the text is the formatter's."""
    series = pl.Series("amount", values, dtype=pl.String).cast(dtype)
    shown = each(series, money)
    assert shown.dtype == pl.String and shown.name == "amount"
    expected = [None if v is None else money(v) for v in series.to_list()]
    assert shown.to_list() == expected
