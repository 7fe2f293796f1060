"""Named points of the build where the fault-injection tests (tests/test_build_faults.py) stop it, to
kill or interrupt it there.

With SITEGEN_FAULT_AT=<point>, the process of the build that reaches <point> says so on stderr and
waits there for a signal; without it, a point does nothing. Read here only, when a point is reached.
"""

from __future__ import annotations

import os
import signal

FAULT_AT = "SITEGEN_FAULT_AT"


def fault_point(name: str) -> None:
    if os.environ.get(FAULT_AT) != name:
        return
    os.write(2, f"sitegen: stopped at {name}\n".encode())
    while True:  # until a signal whose handler raises (SIGINT) or that kills
        signal.pause()
