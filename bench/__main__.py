"""python -m bench: the benchmark (bench/run.py), or `python -m bench viewers ...`, viewers at once
against a running server (bench/viewers.py)."""

import sys

if sys.argv[1:2] == ["viewers"]:
    from bench.viewers import main as viewers

    sys.exit(viewers(sys.argv[2:]))

from bench.run import main

sys.exit(main())
