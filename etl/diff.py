"""What a load would change, table by table, before anything is written.

Tables with a key (programmes, partners, missions, targets) are compared row by row on it:
added, removed, changed. Tables without one are compared as multisets of rows: a row edited in
place shows as one removed and one added.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl.contract import TABLES

MONEY = {"programmes": "budget_eur", "budget": "amount_eur", "expenses": "amount_eur"}


def preview(tables: dict[str, pl.DataFrame], db: Path | str) -> pl.DataFrame:
    """One row per contract table: rows now, rows after, added, changed, removed, and the money
    total after (for tables that hold money)."""
    con = duckdb.connect(":memory:")
    try:
        existing = Path(db).exists()
        if existing:
            con.execute("ATTACH ? AS current (READ_ONLY)", [str(db)])
        out = []
        for name, contract in TABLES.items():
            new = tables[name].select(contract.column_names)
            con.register("new_rows", new.to_arrow())
            cols = ", ".join(f'"{c}"' for c in contract.column_names)
            old = (
                f'(SELECT {cols} FROM current."{name}")'
                if existing
                else ("(SELECT * FROM new_rows WHERE false)")
            )
            if contract.key:
                key = ", ".join(f'"{k}"' for k in contract.key)
                added, removed, changed = con.execute(
                    f"""
                    SELECT
                      (SELECT count(*) FROM (SELECT {key} FROM new_rows
                                             EXCEPT SELECT {key} FROM {old})),
                      (SELECT count(*) FROM (SELECT {key} FROM {old}
                                             EXCEPT SELECT {key} FROM new_rows)),
                      (SELECT count(*) FROM (SELECT {key} FROM (
                           SELECT * FROM new_rows EXCEPT SELECT * FROM {old})
                         INTERSECT SELECT {key} FROM {old}))
                    """
                ).fetchall()[0]
            else:
                added, removed = con.execute(
                    f"""SELECT (SELECT count(*) FROM (SELECT * FROM new_rows
                                                      EXCEPT ALL SELECT * FROM {old})),
                               (SELECT count(*) FROM (SELECT * FROM {old}
                                                      EXCEPT ALL SELECT * FROM new_rows))"""
                ).fetchall()[0]
                changed = 0
            before = con.execute(f"SELECT count(*) FROM {old}").fetchall()[0][0]
            total = None
            if name in MONEY:
                total = con.execute(
                    f'SELECT coalesce(sum("{MONEY[name]}"), 0) FROM new_rows'
                ).fetchall()[0][0]
            out.append((name, before, new.height, added, changed, removed, total))
            con.unregister("new_rows")
        return pl.DataFrame(
            out,
            schema={
                "table": pl.String,
                "rows_now": pl.Int64,
                "rows_after": pl.Int64,
                "added": pl.Int64,
                "changed": pl.Int64,
                "removed": pl.Int64,
                "amount_after": pl.Decimal(14, 2),
            },
            orient="row",
        )
    finally:
        con.close()
