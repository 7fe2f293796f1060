"""The state package alone names the files a build keeps, and their names are the disk format."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import sitegen
from sitegen.state.paths import STAMP, StatePaths, old_path, spare_path

PACKAGE = Path(sitegen.__file__).parent
ROLES = [name for name, value in inspect.getmembers(StatePaths) if isinstance(value, property)]


def test_every_file_keeps_the_name_collections_built_before_have():
    paths = StatePaths(Path("/c/.sitegen"))
    assert {role: str(getattr(paths, role)) for role in ROLES} == {
        "registry": "/c/.sitegen/ids.json",
        "index": "/c/.sitegen/index",
        "lock": "/c/.sitegen/build.lock",
        "pairing_token": "/c/.sitegen/inbox-token",
        "paired_origin": "/c/.sitegen/inbox-origin",
        "cache": "/c/.sitegen/cache",
        "registry_backup": "/c/.sitegen/cache/ids.backup.json",
        "texts": "/c/.sitegen/cache/texts.json",
        "topics": "/c/.sitegen/cache/topics.json",
        "embeddings": "/c/.sitegen/cache/embeddings.npz",
        "related_weights": "/c/.sitegen/cache/related-weights.npz",
        "sources_head": "/c/.sitegen/cache/sources.json",
        "sources_items": "/c/.sitegen/cache/sources.jsonl",
        "pages": "/c/.sitegen/cache/pages.json",
        "feeds": "/c/.sitegen/cache/feeds.json",
        "search_keys": "/c/.sitegen/cache/search-main.json",
        "templates": "/c/.sitegen/cache/templates",
    }
    assert STAMP == ".sitegen-build.json"
    assert (spare_path(Path("/c/site")), old_path(Path("/c/site"))) == (
        Path("/c/.site.spare"),
        Path("/c/.site.old"),
    )


def test_no_module_outside_the_state_package_names_a_state_file():
    """File names only: the folders' (index, cache, templates) are words other code uses too."""
    paths = StatePaths(Path("state"))
    files = {getattr(paths, role).name for role in ROLES} | {STAMP}
    files = {name for name in files if "." in name or "-" in name}
    named = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.is_relative_to(PACKAGE / "state")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if any(re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", node.value) for name in files)
    ]
    assert named == []
