"""Reading and enriching run with Python's cycle collector paused, the rest of a build with what they
made frozen out of its passes; both leave the collector as they found it. What they freed goes back to
the system before the index process is forked."""

import ctypes
import gc
import os
from pathlib import Path

import pytest
from site_builder import make_collection

from sitegen.config import Config
from sitegen.pipeline import build, load_collection
from sitegen.runtime import collection_frozen, collector_paused, release_freed_memory


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()
    gc.unfreeze()


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_is_off_inside_and_as_it_was_after(collector_state, enabled):
    (gc.enable if enabled else gc.disable)()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_collector_comes_back_after_an_error(collector_state):
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a bad source")
    assert gc.isenabled()


def test_loading_the_sample_leaves_no_cycles_per_paper(collector_state, tmp_path):
    """What the pause rests on: the papers read and enriched are not garbage held in cycles (a
    library's lookups leave a handful, however many papers there are)."""
    gc.enable()
    gc.collect()
    report = load_collection(Config(root=tmp_path))
    assert gc.isenabled()
    # A cycle holds two objects at least: one per paper would leave twice as many as there are papers.
    assert gc.collect() < len(report.collection.papers) / 2


def test_frozen_objects_go_back_to_the_collector_after(collector_state):
    gc.unfreeze()
    with pytest.raises(RuntimeError), collection_frozen():
        assert gc.get_freeze_count() > 0
        raise RuntimeError("MkDocs failed")
    assert gc.get_freeze_count() == 0


def test_a_build_writes_its_pages_with_the_collection_frozen(collector_state, tmp_path):
    gc.enable()
    gc.unfreeze()
    seen = []

    def progress(iterable, **_):
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return iterable

    report = build(make_collection(tmp_path), progress=progress)
    assert report.pages_written > 50
    enabled, frozen = seen[0]
    assert enabled and frozen > 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


def resident_mb() -> float:
    return int(Path(f"/proc/{os.getpid()}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024


@pytest.mark.skipif(
    not hasattr(ctypes.CDLL(None), "malloc_trim") or not Path("/proc/self/status").exists(),
    reason="glibc on Linux",
)
def test_memory_freed_between_objects_that_live_on_goes_back_to_the_system():
    # 180 MB from malloc, not Python's small-object arenas
    blocks = [bytes(3000) for _ in range(60_000)]
    kept = blocks[::40]
    del blocks
    held = resident_mb()
    release_freed_memory()
    assert held - resident_mb() > 100 and len(kept) == 1500
