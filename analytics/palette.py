"""Colours: colour-blind-safe, and stable, so a programme or sector keeps its colour everywhere.

Programmes use Okabe & Ito's palette; sectors and other categories Paul Tol's "muted" and "light"
schemes. A sector's colour follows its place in the contract's vocabulary, a programme's its place
among all programmes in the database (not among the filtered ones), so filters never repaint.
"""

from __future__ import annotations

from collections.abc import Iterable

from etl.contract import VOCABULARIES

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TOL_MUTED = [
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
]
TOL_LIGHT = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00"]
CATEGORICAL = TOL_MUTED + TOL_LIGHT
GREY = "#BBBBBB"
# Sequential, colour-blind safe (Tol's YlOrBr), light to dark.
SEQUENTIAL = [
    "#FFFFE5",
    "#FFF7BC",
    "#FEE391",
    "#FEC44F",
    "#FB9A29",
    "#EC7014",
    "#CC4C02",
    "#993404",
    "#662506",
]
# Status colours for variance flags: blue under, vermillion over (Okabe-Ito), grey on plan.
STATUS = {"under": "#0072B2", "over": "#D55E00", "on plan": "#999999", "unbudgeted": "#CC79A7"}
ACCENT = OKABE_ITO[0]


def programme_colours(programme_ids: Iterable[str]) -> dict[str, str]:
    """Pass every programme in the database, sorted as the sidebar lists them."""
    return {p: OKABE_ITO[i % len(OKABE_ITO)] for i, p in enumerate(programme_ids)}


def vocabulary_colours(vocabulary: str) -> dict[str, str]:
    values = VOCABULARIES[vocabulary].canonical
    colours = {v: CATEGORICAL[i % len(CATEGORICAL)] for i, v in enumerate(values)}
    colours.setdefault("other", GREY)
    colours["not recorded"] = "#DDDDDD"
    return colours


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def sequential_rgb(share: float, alpha: int = 220) -> list[int]:
    """A colour on the sequential ramp for a value scaled to 0..1."""
    share = min(max(share, 0.0), 1.0)
    index = round(share * (len(SEQUENTIAL) - 1))
    return hex_to_rgb(SEQUENTIAL[index], alpha)
