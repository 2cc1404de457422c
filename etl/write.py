"""Write a validated dataset to a new DuckDB file beside the target, then swap it in atomically.

A dashboard holding the old file open keeps reading it until it reopens; it never sees half a load
and never meets a write lock, because nothing ever writes to the file it has open.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from etl.contract import HELPER_TABLES, TABLES
from etl.geocode import CENTROIDS_CSV

DDL_PRIMARY_KEYS = {
    "programmes": "programme_id",
    "partners": "partner_id",
    "missions": "mission_id",
}


def table_ddl(name: str) -> str:
    """CREATE TABLE for a contract table, with the contract's SQL types."""
    if name in TABLES:
        contract = TABLES[name]
        columns = [(c.name, c.sql_type) for c in contract.columns] + list(contract.extra_columns)
    else:
        columns = list(HELPER_TABLES[name])
    lines = [f'    "{col}" {sql_type}' for col, sql_type in columns]
    if name in DDL_PRIMARY_KEYS:
        lines.append(f"    PRIMARY KEY ({DDL_PRIMARY_KEYS[name]})")
    return f'CREATE TABLE "{name}" (\n' + ",\n".join(lines) + "\n)"


def schema_stamp() -> str:
    """A stamp of the tables this version writes: the app compares it with a database's own, so
    a file written by an older version (a column missing) is reloaded or named, never queried
    into a traceback."""
    ddl = "\n".join(table_ddl(name) for name in [*TABLES, *HELPER_TABLES])
    return "schema " + hashlib.sha256(ddl.encode("utf-8")).hexdigest()[:16]


def write_database(
    tables: dict[str, pl.DataFrame],
    target: Path,
    source: str,
    sha256: str,
    warnings: int = 0,
    loaded_at: datetime | None = None,
) -> dict[str, int]:
    """Build the new database beside `target` and rename it over `target`; returns row counts."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    _remove(tmp)
    counts: dict[str, int] = {}
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("BEGIN")
            for name in [*TABLES, *HELPER_TABLES]:
                con.execute(table_ddl(name))
                if name == "loads":
                    con.execute(f"COMMENT ON TABLE loads IS '{schema_stamp()}'")
                    continue
                frame = tables[name] if name != "countries" else country_reference()
                if name in TABLES:
                    counts[name] = frame.height
                if frame.height:
                    # Arrow string views: DuckDB takes polars' strings without a copy.
                    arrow = frame.to_arrow(compat_level=pl.CompatLevel.newest())
                    con.register("incoming", arrow)
                    cols = ", ".join(f'"{c}"' for c in frame.columns)
                    con.execute(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM incoming')
                    con.unregister("incoming")
            con.execute("COMMIT")
            _copy_load_history(con, target)
            con.execute(
                "INSERT INTO loads VALUES (?, ?, ?, ?, ?)",
                [
                    (loaded_at or datetime.now(UTC)).replace(tzinfo=None),
                    source,
                    sha256,
                    json.dumps({t: counts[t] for t in TABLES}),
                    warnings,
                ],
            )
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        _remove(tmp)
        _remove(tmp.with_name(tmp.name + ".wal"))
    return counts


def country_reference() -> pl.DataFrame:
    """Names and centres of every country, so queries can label and place countries in SQL."""
    from etl.parse import country_name

    frame = pl.read_csv(CENTROIDS_CSV, infer_schema=False, null_values=[])
    return frame.select(
        pl.col("iso2").alias("country"),
        pl.col("iso2").map_elements(country_name, return_dtype=pl.String).alias("name"),
        pl.col("latitude").cast(pl.Float64),
        pl.col("longitude").cast(pl.Float64),
    ).sort("country")


def _copy_load_history(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Keep the history of earlier loads; an unreadable old file just starts a new history."""
    if not target.exists():
        return
    try:
        con.execute("ATTACH ? AS previous (READ_ONLY)", [str(target)])
    except duckdb.Error:
        return
    try:
        con.execute(
            "INSERT INTO loads SELECT loaded_at, source, sha256, row_counts, warnings "
            "FROM previous.loads ORDER BY loaded_at"
        )
    except duckdb.Error:
        pass
    finally:
        con.execute("DETACH previous")


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
