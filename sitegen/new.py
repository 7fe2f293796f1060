"""`sitegen new DIR`: a fresh collection folder (config, MkDocs config, docs, sources, CI workflow) that builds as it is."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitegen import __version__
from sitegen.errors import SitegenError

# Package data keeps no dot-files or dot-folders reliably: "dot-x" in the scaffold becomes ".x".
DOT = "dot-"


def scaffold_files(
    folder: Any = None, prefix: tuple[str, ...] = ()
) -> dict[tuple[str, ...], bytes]:
    """Every file of the packaged scaffold: its path parts in the new collection -> its bytes."""
    folder = folder or resources.files("sitegen") / "scaffold"
    files: dict[tuple[str, ...], bytes] = {}
    for item in folder.iterdir():
        name = "." + item.name[len(DOT) :] if item.name.startswith(DOT) else item.name
        if item.name == "__pycache__":
            continue
        if item.is_dir():
            files.update(scaffold_files(item, (*prefix, name)))
        else:
            files[(*prefix, name)] = item.read_bytes()
    return files


def with_site_name(mkdocs_yml: str, name: str) -> str:
    """The scaffold's mkdocs.yml with its site_name line replaced by a YAML-safe one (comments kept)."""
    line = yaml.safe_dump({"site_name": name}, allow_unicode=True, width=2**16).strip()
    lines = [
        line if current.startswith("site_name:") else current for current in mkdocs_yml.splitlines()
    ]
    return "\n".join(lines) + "\n"


def create_collection(
    target: Path, name: str = "Research papers", requirement: str | None = None
) -> list[Path]:
    """Write a new collection into target (missing or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SitegenError(
            f"{target}: already exists and is not an empty folder; sitegen new never overwrites"
        )
    files = scaffold_files()
    files[("mkdocs.yml",)] = with_site_name(files[("mkdocs.yml",)].decode("utf-8"), name).encode(
        "utf-8"
    )
    # CI installs sitegen from here; the default works once sitegen is on a package index.
    spec = requirement or f"sitegen=={__version__}"
    files[("requirements.txt",)] = (
        f"# Where CI installs sitegen from (a version, or a git URL).\n{spec}\n".encode()
    )
    written = []
    for parts, data in sorted(files.items()):
        path = target.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
