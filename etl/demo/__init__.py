"""The demo data: four real programmes, built by code from a seeded random generator.

Facts taken from the seed documents (/work/shared/seeds, summarised in data/demo/README.md) are
written out literally and their rows carry source "seed"; everything the seeds do not say is
generated with `random.Random(seed)` and carries source "illustrative". Illustrative organisations
have plainly generic names ("Solar start-up 3 (Santiago)") so nobody takes them for real companies,
and no person is ever named. Running the module twice writes byte-identical files.

One module per programme (gssc, sme2go, sctp, uca: `build` and `add_targets`), the shared row
collector in builder.py, budget and expenses in finance.py. The programmes share one random
generator, so their order below is part of the output.

    python -m etl.demo          # writes data/demo/<table>.csv
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from etl.contract import TABLES
from etl.demo import gssc, sctp, sme2go, uca
from etl.demo.builder import Demo
from etl.demo.finance import add_budget, add_expenses

PROGRAMMES = (gssc, sme2go, sctp, uca)


def demo_tables(seed: int = 20200901) -> dict[str, list[dict[str, str]]]:
    """Every contract table as rows of strings keyed by contract column (empty string: no value)."""
    d = Demo(seed)
    finances = [programme.build(d) for programme in PROGRAMMES]
    for finance in finances:
        add_expenses(d, finance, add_budget(d, finance))
    for programme in PROGRAMMES:
        programme.add_targets(d)
    return d.tables


def _csv_text(table: str, rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TABLES[table].column_names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_demo_csv(folder: Path) -> None:
    """Write <table>.csv for every contract table: UTF-8, commas, LF, the same bytes each run."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in demo_tables().items():
        if not rows:
            continue  # an optional table the demo leaves out (periods: six-month ones)
        (folder / f"{table}.csv").write_bytes(_csv_text(table, rows).encode("utf-8"))
