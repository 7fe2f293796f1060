"""Files shared between an old build's output and a new one's, where nothing is ever written into either.

A new site is made in the last site but one (publish.py), whose files may be hard links to the live
site's: before anything writes into it, every file it will write is removed (`sweep`), so that a
write never goes through a link into the live site.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mkdocs.structure.files import Files

Decision = Literal["keep", "descend", "remove"]


@dataclass(frozen=True, slots=True)
class Listed:
    """A folder entry as `list_tree` saw it: what `sweep`, `remove` and `inode` ask of an os.DirEntry."""

    path: str
    name: str
    folder: bool
    ino: int  # of a file (by stat, as `inode`); 0 for a folder

    def is_dir(self, follow_symlinks: bool = False) -> bool:
        return self.folder


# Each folder of a tree (relative path, "" for its root) -> the names of its folders, and its files'
# names with their inodes. Plain lists and dicts: a listing of 190,000 folders comes from another
# process, and unpickling as many objects took the build's process seconds.
Listing = dict[str, tuple[list[str], dict[str, int]]]


def list_tree(root: str) -> Listing:
    """Every folder under root with its entries; empty if root is missing.

    For `sweep` to go by later, instead of reading the folders then: only while nothing writes into
    the tree in between."""
    if not os.path.isdir(root):
        return {}
    listing: Listing = {"": ([], {})}

    def decide(relative: str, entry: os.DirEntry) -> Decision:
        below, files = listing[relative.rpartition("/")[0]]
        if entry.is_dir(follow_symlinks=False):
            below.append(sys.intern(entry.name))
            listing[relative] = ([], {})
            return "descend"
        files[sys.intern(entry.name)] = inode(entry)
        return "keep"

    sweep(root, decide)
    return listing


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """A hard link where the file system has them, else a copy with the same modification time
    (slower, same result: nothing is ever written into either file afterwards)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def sweep(
    root: str,
    decide: Callable[[str, os.DirEntry | Listed], Decision],
    listed: Listing | None = None,
) -> None:
    """Walk root (folders only where `decide` says "descend") and remove each entry it says "remove".

    `decide` gets the entry's path relative to root ('/'-separated) and its DirEntry (its Listed
    entry when `listed`, root's `list_tree` made earlier, gives the folders' entries); "descend" on
    a file (where a folder should be) removes it.
    """
    folders = [""]
    while folders:
        folder = folders.pop()
        for entry in _entries(root, folder, listed):
            relative = f"{folder}/{entry.name}" if folder else entry.name
            decision = decide(relative, entry)
            if decision == "descend" and entry.is_dir(follow_symlinks=False):
                folders.append(relative)
            elif decision == "remove" or decision == "descend":
                remove(entry)


def _entries(root: str, folder: str, listed: Listing | None) -> list[os.DirEntry | Listed]:
    path = os.path.join(root, folder)
    if listed is None:
        with os.scandir(path) as entries:
            return list(entries)
    below, files = listed.get(folder, ((), {}))
    return [Listed(os.path.join(path, name), name, True, 0) for name in below] + [
        Listed(os.path.join(path, name), name, False, ino) for name, ino in files.items()
    ]


def remove(entry: os.DirEntry | Listed) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def inode(entry: os.DirEntry | Listed) -> int:
    """A file's inode number by stat: a directory listing's (DirEntry.inode) may differ from it, as on overlayfs."""
    if isinstance(entry, Listed):
        return entry.ino
    return entry.stat(follow_symlinks=False).st_ino


def parents(paths: set[str]) -> set[str]:
    """Every folder above the given relative paths."""
    found = set()
    for path in paths:
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path in found:
                break
            found.add(path)
    return found


def link_tree(
    source: str,
    target: str,
    files: dict[str, int],
    folders: AbstractSet[str] = frozenset(),
    listed: Listing | None = None,
) -> None:
    """Make `target` hold, at each relative path of `files`, the file at that path under `source` (a hard
    link; `files` gives its inode), and nothing else but the `folders` (and those above the files).

    Files already linked are left alone, so that updating a tree that changed little costs a
    directory listing per folder (`listed`: target's, read ahead by `list_tree`), not a link per file.
    """
    os.makedirs(target, exist_ok=True)
    keep_folders = folders | parents(set(files))
    linked = set()

    def decide(relative: str, entry: os.DirEntry) -> Decision:
        if relative in keep_folders:
            return "descend"
        if not entry.is_dir(follow_symlinks=False) and files.get(relative) == inode(entry):
            linked.add(relative)
            return "keep"
        return "remove"

    sweep(target, decide, listed)
    made = set()
    for relative in files.keys() - linked:
        path = os.path.join(target, relative)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        link_or_copy(os.path.join(source, relative), path)


def tree_files(root: str) -> tuple[dict[str, int], set[str]]:
    """Every file under root with its inode, and every folder, as paths relative to root."""
    files, folders = {}, set()

    def decide(relative: str, entry: os.DirEntry) -> Decision:
        if entry.is_dir(follow_symlinks=False):
            folders.add(relative)
            return "descend"
        files[relative] = inode(entry)
        return "keep"

    sweep(root, decide)
    return files, folders


def link_unchanged_files(files: Files, live: Path) -> None:
    """Hard-link (or copy) into the site being made the live site's copy of each file MkDocs copies
    (theme assets, feeds, images) that is not older than its source: MkDocs' dirty mode then skips it
    (File.is_modified) instead of copying every one into the spare the build cleared. Files a plugin
    makes are written anew and never linked; nor are files MkDocs leaves out."""
    for file in files:
        if (
            file.is_documentation_page()
            or file.generated_by is not None
            or file.abs_src_path is None
        ):
            continue
        live_copy, target = os.path.join(live, file.dest_uri), file.abs_dest_path
        try:
            if (
                not file.inclusion.is_included()
                or os.path.lexists(target)
                or os.stat(live_copy).st_mtime < os.stat(file.abs_src_path).st_mtime
            ):
                continue
        except FileNotFoundError:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        link_or_copy(live_copy, target)
