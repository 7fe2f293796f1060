"""bench.measure: a command's output, then its time, memory and CPU as one line of JSON."""

from __future__ import annotations

import json
import sys

from bench import measure

# A child that holds about 60 MB and spins for a while, started by the measured process.
CHILD = "b = bytearray(60 * 2**20); b[::4096] = b'x' * len(b[::4096]); import time; t = time.process_time()\nwhile time.process_time() - t < 0.6: pass"
PARENT = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {CHILD!r}]); print('done')"


def test_the_command_its_children_and_their_memory_are_measured(capsys):
    assert measure.main(["--", sys.executable, "-c", PARENT]) == 0
    output, figures = capsys.readouterr().out.rsplit("\n", 2)[:2]
    assert output == "done"
    figures = json.loads(figures)
    assert figures["seconds"] >= figures["cpu_s"] - 0.1 >= 0.5  # the child's CPU counts
    assert figures["pss_mb"] >= 60 and figures["max_rss_mb"] >= 60
