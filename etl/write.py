"""Write a validated dataset to a new DuckDB file beside the target, then swap it in atomically.

A dashboard holding the old file open keeps reading it until it reopens; it never sees half a load
and never meets a write lock, because nothing ever writes to the file it has open.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from concurrent.futures import Future, ThreadPoolExecutor
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
    staged = StagedDatabase(target)
    try:
        return staged.commit(tables, source, sha256, warnings, loaded_at)
    finally:
        staged.discard()


class StagedDatabase:
    """A new database file built beside `target` in the background, renamed over `target` by
    `commit`, removed by `discard`.

    The loader hands over a large table (`add`) as soon as it is checked: DuckDB writes it (on
    its own threads, without the GIL) while the loader still checks the others, instead of
    after them. Two lanes, each a thread with its own connection, so the small tables do not
    queue behind the largest. No transaction is needed for all or nothing: nothing is written
    to `target` itself until the rename, so a load that fails leaves it as it was.
    """

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.target.with_name(f".{self.target.name}.tmp-{os.getpid()}")
        _remove(self.tmp)
        _remove(self._wal)
        self.counts: dict[str, int] = {}
        self._queued_rows = [0, 0]
        self._pending: list[Future[None]] = []
        con = duckdb.connect(str(self.tmp))
        self._cons: list[duckdb.DuckDBPyConnection] = [con]
        try:
            for name in [*TABLES, *HELPER_TABLES]:
                con.execute(table_ddl(name))
            con.execute(f"COMMENT ON TABLE loads IS '{schema_stamp()}'")
            self._cons.append(con.cursor())
        except BaseException:
            self.discard()
            raise
        # One thread per connection: each is used by one thread at a time, in order.
        self._lanes = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"write-{n}") for n in (0, 1)
        ]

    @property
    def _wal(self) -> Path:
        return self.tmp.with_name(self.tmp.name + ".wal")

    def add(self, name: str, frame: pl.DataFrame) -> None:
        """Queue a table's rows on the lane with fewer rows queued; written in the background."""
        if name in TABLES:
            self.counts[name] = frame.height
        lane = 0 if self._queued_rows[0] <= self._queued_rows[1] else 1
        self._queued_rows[lane] += frame.height
        self._pending.append(self._lanes[lane].submit(self._insert, lane, name, frame))

    def commit(
        self,
        tables: dict[str, pl.DataFrame],
        source: str,
        sha256: str,
        warnings: int = 0,
        loaded_at: datetime | None = None,
    ) -> dict[str, int]:
        """Write the tables not yet added, the load's history row, and swap the file in."""
        for name in [*TABLES, *HELPER_TABLES]:
            if name == "countries":
                self.add(name, country_reference())
            elif name != "loads" and name not in self.counts:
                self.add(name, tables[name])
        self._wait()
        con = self._cons[0]
        _copy_load_history(con, self.target)
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?)",
            [
                (loaded_at or datetime.now(UTC)).replace(tzinfo=None),
                source,
                sha256,
                json.dumps({t: self.counts[t] for t in TABLES}),
                warnings,
            ],
        )
        con.execute("CHECKPOINT")
        self._close()
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.target)
        _fsync_dir(self.target.parent)
        return {t: self.counts[t] for t in TABLES}

    def discard(self) -> None:
        """Stop, close and remove the new file (after `commit` there is nothing left to remove)."""
        for future in self._pending:
            future.cancel()
        for lane in getattr(self, "_lanes", []):
            lane.shutdown(wait=True)
        self._close()
        _remove(self.tmp)
        _remove(self._wal)

    def _wait(self) -> None:
        """Raise the first error of the background writes, if any."""
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()

    def _insert(self, lane: int, name: str, frame: pl.DataFrame) -> None:
        if not frame.height:
            return
        con = self._cons[lane]
        # Arrow string views: DuckDB takes polars' strings without a copy.
        arrow = frame.to_arrow(compat_level=pl.CompatLevel.newest())
        con.register("incoming", arrow)
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM incoming')
        con.unregister("incoming")

    def _close(self) -> None:
        cons, self._cons = self._cons, []
        for con in reversed(cons):
            con.close()


def country_reference() -> pl.DataFrame:
    """Names and centres of every country, so queries can label and place countries in SQL."""
    from etl.parse import country_name

    frame = pl.read_csv(CENTROIDS_CSV, infer_schema=False, null_values=[])
    # Named in this thread, not by a callback in Polars' pool (a load runs in the app's session).
    names = pl.Series("name", [country_name(c) for c in frame["iso2"].to_list()], pl.String)
    return frame.select(
        pl.col("iso2").alias("country"),
        pl.lit(names).alias("name"),
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
