"""python -m bench: the benchmark (bench/run.py), or `python -m bench viewers ...`, viewers at once
against a running server (bench/viewers.py), or `python -m bench first-start`, a fresh
host's first page (bench/first_start.py)."""

import sys

if sys.argv[1:2] == ["first-start"]:
    from bench.first_start import main as first_start

    sys.exit(first_start(sys.argv[2:]))

if sys.argv[1:2] == ["viewers"]:
    from bench.viewers import main as viewers

    sys.exit(viewers(sys.argv[2:]))

from bench.run import main

sys.exit(main())
