"""The measured steps, each run by bench/run.py in a process of its own (so its peak memory is its
own): `python -m bench.steps duckdb|pandas CSV_DIR DB`, `python -m bench.steps page PAGE DB` and
`python -m bench.steps tour DB` (every page in one session, for the app's peak memory).

Each prints one line of JSON on stdout; the parent measures wall time and peak memory.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from shell import pages

ROOT = Path(__file__).resolve().parents[1]


def _fresh(db: Path) -> None:
    for path in (db, db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)


def duckdb_read(folder: Path, db: Path) -> dict:
    """The floor: DuckDB alone reads each CSV file into a table (types sniffed by DuckDB)."""
    import duckdb

    _fresh(db)
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    for path in sorted(folder.glob("*.csv")):
        con.execute(f'CREATE TABLE "{path.stem}" AS SELECT * FROM read_csv(?)', [str(path)])
    con.close()
    return {}


def pandas_read(folder: Path, db: Path) -> dict:
    """What a plain script would do: pandas.read_csv each file, insert the frame into DuckDB."""
    import duckdb
    import pandas as pd

    _fresh(db)
    con = duckdb.connect(str(db))
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig") as fh:  # the managers' form: ";" and a BOM
            first = fh.readline()
        separator = ";" if first.count(";") > first.count(",") else ","
        frame = pd.read_csv(path, sep=separator, encoding="utf-8-sig")
        con.register("incoming", frame)
        con.execute(f'CREATE TABLE "{path.stem}" AS SELECT * FROM incoming')
        con.unregister("incoming")
        del frame
    con.close()
    return {}


def _import_app_modules() -> None:
    """What a running server has imported before any session: the app's own modules."""
    import importlib
    import pkgutil

    import analytics
    import shell

    for package in (analytics, shell):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")


def _record_queries(calls: list[tuple[str, tuple, dict]]) -> dict:
    """Wrap the query functions of analytics.queries so each call the app makes is recorded."""
    import functools
    import inspect

    from analytics import queries

    originals = {}
    for name, fn in list(vars(queries).items()):
        if name.startswith("_") or name == "run" or not inspect.isfunction(fn):
            continue
        if fn.__module__ != queries.__name__:
            continue
        params = list(inspect.signature(fn).parameters)
        if not params or params[0] != "con":
            continue
        originals[name] = fn

        def wrapper(con, *args, __name=name, __fn=fn, **kwargs):
            calls.append((__name, args, kwargs))
            return __fn(con, *args, **kwargs)

        setattr(queries, name, functools.wraps(fn)(wrapper))
    return originals


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _check(at, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page}: " + "; ".join(str(e.value) for e in at.exception))
    if not at.title:
        raise RuntimeError(f"{page}: no title rendered")


def page_run(page: str, db: Path) -> dict:
    """One page through AppTest: cold (caches empty) and warm runs, and its SQL run directly.

    A first run of the overview imports and initialises everything a running server already
    has (Python modules, plotly's lazy parts); then every cache is cleared, so the timed cold
    run pays for everything a first visit after a new load pays: opening the database, the
    sidebar's options, every query of the page and the building of its charts, maps and tables.
    """
    os.environ["PROGRAMME_DB"] = str(db)
    os.environ.setdefault("PROGRAMME_AS_OF", "2025-06-30")
    from streamlit.testing.v1 import AppTest

    _import_app_modules()
    calls: list[tuple[str, tuple, dict]] = []
    originals = _record_queries(calls)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    _check(at, "overview")

    _clear_caches()
    calls.clear()
    started = time.perf_counter()
    row = pages.by_slug(page)
    if row.default:
        at.run()
    else:
        at.switch_page(row.file).run()
    cold = time.perf_counter() - started
    _check(at, page)
    title = at.title[0].value
    recorded = list(calls)

    started = time.perf_counter()
    at.run()
    warm = time.perf_counter() - started
    _check(at, page)
    if at.title[0].value != title:
        raise RuntimeError(f"{page}: the warm run showed another page ({at.title[0].value})")

    # The same query functions, called directly on a connection of their own.
    from analytics.db import cursor, open_readonly

    con = open_readonly(str(db))
    sql = 0.0
    timings = []
    for name, args, kwargs in recorded:
        cur = cursor(con)
        started = time.perf_counter()
        originals[name](cur, *args, **kwargs)
        elapsed = time.perf_counter() - started
        cur.close()
        sql += elapsed
        timings.append([name, {k: str(v) for k, v in kwargs.items()}, round(elapsed, 4)])
    con.close()
    return {
        "page": page,
        "title": title,
        "first_run_s": first,
        "cold_s": cold,
        "warm_s": warm,
        "sql_s": sql,
        "queries": timings,
    }


def tour(db: Path) -> dict:
    """Every page in one session, caches kept: the app process as a user who looks at it all."""
    os.environ["PROGRAMME_DB"] = str(db)
    os.environ.setdefault("PROGRAMME_AS_OF", "2025-06-30")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    started = time.perf_counter()
    at.run()
    _check(at, "the default page")
    for row in pages.PAGES:
        if not row.default:
            at.switch_page(row.file).run()
            _check(at, row.slug)
    return {"pages": len(pages.PAGES), "total_s": time.perf_counter() - started}


def main(argv: list[str]) -> int:
    step = argv[0]
    if step == "duckdb":
        result = duckdb_read(Path(argv[1]), Path(argv[2]))
    elif step == "pandas":
        result = pandas_read(Path(argv[1]), Path(argv[2]))
    elif step == "page":
        result = page_run(argv[1], Path(argv[2]))
    elif step == "tour":
        result = tour(Path(argv[1]))
    else:
        print(f"unknown step {step}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
