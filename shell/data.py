"""What pages call for data: cached query results keyed by database version, filters and options.

One read-only connection per database file version (st.cache_resource); each query runs on its own
cursor, so Streamlit's session threads never share one. A load that swaps the file changes the
version, so the next rerun opens the new file and no cached result of the old one is served.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from analytics import queries
from analytics.db import DatabaseVersion, cursor, ensure_database, open_readonly, version
from analytics.filters import Filters
from analytics.formatting import source_name
from etl import config
from i18n import countries


def _secrets() -> dict:
    # With no secrets file (the demo, the default hosting), st.secrets looks for the files again
    # on every call, under a lock every session shares: 12% of a page's time under 10 viewers,
    # as every query asks for the database. A file that appears later is still read; secrets
    # already held (a test's AppTest.secrets, a file read before) are used as they are.
    held = getattr(st.secrets, "_secrets", None) is not None
    if not held and not any(os.path.exists(p) for p in st.get_option("secrets.files")):
        return {}
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all: that is the normal case for the demo
        return {}


def database_path() -> Path:
    """The database as every command finds it (etl.config), with the secrets of st.secrets."""
    return config.database_path(_secrets())


def database_source() -> Path | None:
    """The workbook or CSV folder an ephemeral host builds its database from, if configured."""
    return config.database_source(_secrets())


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(token: str, path: str) -> duckdb.DuckDBPyConnection:
    return open_readonly(path)


def current_version() -> DatabaseVersion:
    path = ensure_database(database_path(), database_source())
    return version(path)


def connection(v: DatabaseVersion | None = None) -> duckdb.DuckDBPyConnection:
    v = v or current_version()
    return cursor(_open(v.token, v.path))


def _key(filters: Filters) -> tuple:
    return filters.key()


Query = Callable[..., pl.DataFrame]


# Results are kept as they are, not pickled (st.cache_resource): every rerun of every session
# reads them, and unpickling each frame again took about 8% of a page's time under load. A
# frame is never changed in place by a page (Polars operations return new frames).
@st.cache_resource(max_entries=512, show_spinner=False)
def _cached(
    _run: Query, name: str, token: str, path: str, key: tuple, kwargs: tuple
) -> pl.DataFrame:
    # `_run` is left out of the cache key (Streamlit skips arguments named with a leading
    # underscore): `name`, its qualified name, stands for it.
    filters = Filters(*key)
    con = cursor(_open(token, path))
    try:
        return _run(con, filters, **dict(kwargs))
    finally:
        con.close()


def query(run: Query, filters: Filters, **kwargs: Any) -> pl.DataFrame:
    """run(con, filters, **kwargs), a function of analytics.queries, cached per function (by its
    qualified name), database version, filters and arguments."""
    v = current_version()
    name = f"{run.__module__}.{run.__qualname__}"
    return _cached(run, name, v.token, v.path, _key(filters), tuple(sorted(kwargs.items())))


@st.cache_resource(max_entries=8, show_spinner=False)
def _options(token: str, path: str) -> Mapping[str, pl.DataFrame]:
    con = cursor(_open(token, path))
    try:
        options = queries.filter_options(con)
        options["last_load"] = queries.last_load(con)
        options["country_names"] = pl.DataFrame(
            list(queries.country_names(con).items()), schema=["country", "name"], orient="row"
        )
        return MappingProxyType(options)  # shared by every session: read only
    finally:
        con.close()


def options() -> Mapping[str, pl.DataFrame]:
    """Programmes, countries, sectors and dates in the data, and the last load."""
    v = current_version()
    return _options(v.token, v.path)


@st.cache_resource(max_entries=16, show_spinner=False)
def _unfiltered(_run: Callable[..., Any], name: str, token: str, path: str) -> Any:
    con = cursor(_open(token, path))
    try:
        return _run(con)
    finally:
        con.close()


def unfiltered(run: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
    """run(con), a function of analytics.queries that takes no filters (the load history, the
    data-quality notes), cached per function and database version. The result is shared by
    every session: read it, never change it."""
    v = current_version()
    return _unfiltered(run, f"{run.__module__}.{run.__qualname__}", v.token, v.path)


def last_load() -> dict[str, Any] | None:
    """The load the figures come from (`source` by its own name, `loaded_at`, `sha256`), for the
    sidebar and every download; None before any load."""
    load = options()["last_load"]
    if load.is_empty():
        return None
    row = load.row(0, named=True)
    return {**row, "source": source_name(row["source"])}


def country_names() -> dict[str, str]:
    """Each country of the data by its name in the language of the run (the stored name in
    English); not cached itself: the cached options hold data only (one entry for every
    language)."""
    frame = options()["country_names"]
    return {
        code: countries.name(code, name)
        for code, name in zip(frame["country"], frame["name"], strict=True)
    }


def today() -> date:
    """The as-of date of plans and elapsed time; one place to pin it in tests."""
    pinned = os.environ.get("PROGRAMME_AS_OF")
    return date.fromisoformat(pinned) if pinned else date.today()
