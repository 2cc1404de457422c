"""The demo data with names that carry markup: what an attacker with an editor's upload (or a
partner's workbook) would type. Every page must show these names as the text they are.

Built from data/demo/ by code (no copy of the data in git): programme and mission ids, titles,
towns, organisations, partner names, work packages and custom indicators get a payload each.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.config import DEMO_DIR

# Each names evil.example, so a test can tell data from the app's own text and links.
PAYLOADS = [
    "[x](http://evil.example/a)",
    "![](http://evil.example/p.png)",
    "<b>evil</b>",
    "<img src=http://evil.example/i.png>",
    "<a href='http://evil.example/l'>evil</a>",
    ":red[evil] :material/home: :smile:",
    "$evil^2$",
    "**evil** http://evil.example/auto www.evil.example",
    "<br>evil &amp; <i>it</i>",
]

# Ids hold letters, digits and - _ . / only: enough for a link GitHub Markdown makes by itself.
PROGRAMME_IDS = {"GSSC": "GSSC_www.evil.example"}


def _pick(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


def write_payload_csvs(folder: Path) -> Path:
    """The demo CSV files, rewritten with payload names, in `folder`; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    frames = {p.stem: pl.read_csv(p, infer_schema=False) for p in sorted(DEMO_DIR.glob("*.csv"))}
    missions = frames["missions"]["mission_id"].to_list()
    mission_ids = {m: f"{m}_www.evil.example/{i}" for i, m in enumerate(missions) if i % 4 == 0}

    def ids(frame: pl.DataFrame) -> pl.DataFrame:
        if "programme_id" in frame.columns:
            frame = frame.with_columns(pl.col("programme_id").replace(PROGRAMME_IDS))
        if "mission_id" in frame.columns:
            frame = frame.with_columns(pl.col("mission_id").replace(mission_ids))
        return frame

    def text(frame: pl.DataFrame, column: str, every: int = 1) -> pl.DataFrame:
        values = [
            v if v is None or i % every else f"{v} {_pick(i)}"
            for i, v in enumerate(frame[column].to_list())
        ]
        return frame.with_columns(pl.Series(column, values, dtype=pl.String))

    out = {name: ids(frame) for name, frame in frames.items()}
    out["programmes"] = text(out["programmes"], "name")
    out["missions"] = text(text(out["missions"], "title"), "city", every=3)
    out["partners"] = text(out["partners"], "name")
    out["contacts"] = text(out["contacts"], "organisation")
    out["budget"] = text(out["budget"], "work_package")
    out["expenses"] = text(out["expenses"], "work_package")
    out["expenses"] = text(out["expenses"], "description")
    targets = out["targets"]
    custom = pl.DataFrame(
        {
            "programme_id": [targets["programme_id"][0]] * 2,
            "indicator": ["<b>evil</b> solutions", "[x](http://evil.example/a) labs"],
            "target": ["5", "3"],
            "actual": ["2", "1"],
            "unit": ["$evil$", ":red[evil]"],
            "code": ["<img src=http://evil.example/c.png>", ":material/home:"],
        }
    )
    out["targets"] = pl.concat([targets, custom], how="diagonal")
    for name, frame in out.items():
        frame.write_csv(folder / f"{name}.csv")
    return folder
