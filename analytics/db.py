"""The read-only DuckDB connection, reopened when a load has swapped in a new database file.

A load renames a new file over the old one; the (inode, mtime, size) of the path is the database
version, part of every cache key, so pages see a new load at once and never a half-written file.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.config import DEMO_DIR, database_path

_build_lock = threading.Lock()


@dataclass(frozen=True)
class DatabaseVersion:
    path: str
    inode: int
    mtime_ns: int
    size: int

    @property
    def token(self) -> str:
        return f"{self.inode}-{self.mtime_ns}-{self.size}"


def version(path: Path | None = None) -> DatabaseVersion:
    path = Path(path or database_path())
    st = path.stat()
    return DatabaseVersion(str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def ensure_database(path: Path | None = None) -> Path:
    """Build the demo database on first start, so the app runs with no other setup."""
    path = Path(path or database_path())
    if path.exists():
        return path
    with _build_lock:
        if not path.exists():
            from etl.load import load

            load(DEMO_DIR, path)
    return path


def open_readonly(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to this file as it is now; callers use .cursor() per thread.

    duckdb.connect(path) would hand back the process's cached instance of that path, still
    reading the replaced file; attaching it to a fresh in-memory instance opens the new one.
    """
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS programme (READ_ONLY)", [path])
    con.execute("USE programme")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one thread; a cursor starts in the default catalog, so point it at ours."""
    cur = con.cursor()
    cur.execute("USE programme")
    return cur
