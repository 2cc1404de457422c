"""The read-only DuckDB connection, reopened when a load has swapped in a new database file.

A load renames a new file over the old one; the (inode, mtime, size) of the path is the database
version, part of every cache key, so pages see a new load at once and never a half-written file.
"""

from __future__ import annotations

import argparse
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.config import DEMO_DIR, database_path
from i18n import _, n_

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


class OutdatedDatabase(RuntimeError):
    """The database file was written by an older version of the loader: its tables lack
    columns this version's queries use."""


class SourceFailed(OutdatedDatabase):
    """The configured source (`[database] source`) has problems, so no database was built from
    it; the message says which, with every value from the file escaped (it is shown as is)."""


def ensure_database(path: Path | None = None, source: Path | None = None) -> Path:
    """Build the demo database on first start, so the app runs with no other setup; rebuild it
    when it was written by an older version; refuse any other outdated file with a clear
    message (OutdatedDatabase), since only the manager has its source. With a `source` (an
    ephemeral host's committed workbook), build from it instead, and again when it changes."""
    path = Path(path or database_path())
    if source is not None:
        return _ensure_from_source(path, Path(source))
    if path.exists() and _current(version(path)):
        return path
    with _build_lock:  # another thread may have rebuilt it meanwhile: look again
        if path.exists():
            if _current(version(path)):
                return path
            if not _is_demo(path):
                raise OutdatedDatabase(
                    _(
                        "The database {path} was written by an older version of this dashboard "
                        "and lacks tables or columns it now needs. Load your workbook or CSV "
                        "folder again with python -m etl load PATH: nothing in your files is "
                        "lost.",
                        path=path,
                    )
                )
        from etl.load import load

        load(DEMO_DIR, path)
    return path


# digest -> the source that failed and its errors: tried once per version of the file, not on
# every rerun of every session; the message is written in each viewer's language.
_failed: dict[str, tuple[str, list[object]]] = {}


def _failure(name: str, errors: list[object]) -> str:
    """Why no database was built from the source `name`: its first errors (Markdown, escaped)."""
    from analytics.text import md

    shown = "\n".join(f"- {md(str(e))}" for e in errors[:5])
    if len(errors) > 5:
        shown += "\n- " + n_("and {n} more", "and {n} more", len(errors) - 5)
    # Translators: {source} is the file's name; {errors} the list of its first errors (Markdown)
    return n_(
        "The data source {source} ([database] source) has {n} error, so no database was built "
        "from it:\n{errors}\n\nCorrect the file and push it again (or check it with python -m "
        "etl load).",
        "The data source {source} ([database] source) has {n} errors, so no database was built "
        "from it:\n{errors}\n\nCorrect the file and push it again (or check it with python -m "
        "etl load).",
        len(errors),
        source=md(name),
        errors=shown,
    )


def _ensure_from_source(path: Path, source: Path) -> Path:
    digest = _source_digest(source)
    if digest in _failed:
        raise SourceFailed(_failure(*_failed[digest]))
    if _holds(path, digest):
        return path
    with _build_lock:  # one session builds; the others find it built when they get the lock
        if _holds(path, digest):
            return path
        from etl.load import load
        from etl.problems import LoadFailed

        try:
            load(source, path)
        except LoadFailed as exc:
            errors: list[object] = [p for p in exc.problems if p.is_error]
            _failed[digest] = (source.name, errors)
            raise SourceFailed(_failure(source.name, errors)) from None
    return path


def _holds(path: Path, digest: str) -> bool:
    """Whether the database at `path` is current and was last loaded from input `digest` (one
    stat of the file: this runs on every rerun of every session)."""
    if not path.exists():
        return False
    v = version(path)
    return _current(v) and _loaded_digest(v) == digest


# (path, [(name, mtime_ns, size)]) -> digest: the source is hashed again only when it changed.
_digests: dict[tuple, str] = {}


def _source_digest(source: Path) -> str:
    from etl.read import source_digest

    files = sorted(source.iterdir()) if source.is_dir() else [source]
    key = (str(source), tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files))
    if key not in _digests:
        _digests[key] = source_digest(source)
    return _digests[key]


_loaded: dict[str, str | None] = {}


def _loaded_digest(v: DatabaseVersion) -> str | None:
    """The checksum of the input the database was last loaded from (once per file version)."""
    key = f"{v.path}@{v.token}"
    if key not in _loaded:
        con = open_readonly(v.path)
        try:
            row = con.execute("SELECT sha256 FROM loads ORDER BY loaded_at DESC LIMIT 1").fetchone()
        finally:
            con.close()
        _loaded[key] = row[0] if row else None
    return _loaded[key]


_checked: dict[str, bool] = {}


def _current(v: DatabaseVersion) -> bool:
    """Whether this version of the file carries this code's schema stamp (checked once)."""
    key = f"{v.path}@{v.token}"
    if key not in _checked:
        from etl.write import schema_stamp

        con = open_readonly(v.path)
        try:
            found = con.execute(
                "SELECT comment FROM duckdb_tables() "
                "WHERE database_name = 'programme' AND table_name = 'loads'"
            ).fetchall()
        finally:
            con.close()
        _checked[key] = bool(found) and found[0][0] == schema_stamp()
    return _checked[key]


def _is_demo(path: Path) -> bool:
    """Whether the file's last load came from the bundled demo folder."""
    con = open_readonly(str(path))
    try:
        rows = con.execute("SELECT source FROM loads ORDER BY loaded_at DESC LIMIT 1").fetchall()
    except duckdb.Error:
        return False
    finally:
        con.close()
    return bool(rows) and Path(rows[0][0]).resolve() == DEMO_DIR.resolve()


def open_readonly(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to this file as it is now; callers use .cursor() per thread.

    duckdb.connect(path) would hand back the process's cached instance of that path, still
    reading the replaced file; attaching it to a fresh in-memory instance opens the new one.
    """
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS programme (READ_ONLY)", [path])
    con.execute("USE programme")
    return con


def command_cursor(parser: argparse.ArgumentParser, db: Path | None) -> duckdb.DuckDBPyConnection:
    """A command's cursor on its database: `db` (its --db), else the configured one, built from
    the demo on first use; a file an older loader wrote ends the command (exit 1, the reason)."""
    try:
        path = ensure_database(db or database_path())
    except OutdatedDatabase as exc:
        parser.exit(1, f"{exc}\n")
    return cursor(open_readonly(str(path)))


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one thread; a cursor starts in the default catalog, so point it at ours."""
    cur = con.cursor()
    cur.execute("USE programme")
    return cur
