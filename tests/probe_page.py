"""A pytest plugin that adds one page to the registry, as a developer adds a page: a file (named
by PROBE_PAGE) and a row. Loaded with ``-p tests.probe_page`` before any test module is imported,
so tests/unit/test_page_registry.py can show every suite collecting the page without an edit."""

from __future__ import annotations

import os

from shell import pages

PROBE = pages.Page("probe", "Probe", ":material/science:", file=os.environ["PROBE_PAGE"])
pages.PAGES = (*pages.PAGES, PROBE)
