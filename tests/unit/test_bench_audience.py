"""The viewers benchmark says how its viewers behaved: no pause (far heavier than people), or an
audience that reads each page, or one that opens the same link at once."""

from __future__ import annotations

import pytest

from bench import viewers


def _result(**kw) -> dict:
    base = {"sessions": 50, "unruly": 0, "seconds": 60.0, "pages": 600, "p50_s": 0.5}
    return {**base, "p95_s": 1.0, "max_s": 2.0, "errors": 0, **kw}


def test_every_output_labels_the_mode() -> None:
    assert viewers.mode(_result()) == "no pause between pages"
    assert viewers.mode(_result(think_s=10.0)) == "audience: reads each page ~10 s"
    burst = _result(think_s=10.0, burst=True, first_p95_s=2.5, first_pages=50)
    assert viewers.mode(burst).endswith("all open one link at once")
    table = viewers.markdown([_result(), burst]).splitlines()
    assert "| no pause between pages |" in table[2]
    assert "| audience: reads each page ~10 s, all open one link at once |" in table[3]
    assert "| 2.50 |" in table[3]  # the first page's p95, from opening the link


def test_a_negative_pause_is_refused() -> None:
    with pytest.raises(SystemExit):
        viewers.main(["--think", "-1"])
