"""Build real sites in temporary folders for tests, from a new collection's files or the repo's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from sitegen.config import Config, load_config
from sitegen.pipeline import BuildReport, build
from sitegen.render.pages import GENERATED_DIRS, GENERATED_FILES
from sitegen.state.paths import StatePaths

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCAFFOLD = REPO / "sitegen" / "scaffold"  # what `sitegen new` writes


def make_collection(
    root: Path, sources: list[str] | None = None, *, demo: bool = False, **options
) -> Config:
    """A collection folder like `sitegen new` makes: sitegen.yml, mkdocs.yml and the hand-written docs.

    With `demo`, the repo's own site instead (`make demo`): its mkdocs.yml and the user guide.
    """
    root.mkdir(parents=True, exist_ok=True)
    origin = REPO if demo else SCAFFOLD
    shutil.copy(origin / "mkdocs.yml", root / "mkdocs.yml")
    generated = set(GENERATED_DIRS) | set(GENERATED_FILES)
    shutil.copytree(
        origin / "docs",
        root / "docs",
        ignore=lambda d, names: [n for n in names if Path(d) == origin / "docs" and n in generated],
        dirs_exist_ok=True,
    )
    settings = dict(options)
    if sources:
        settings["sources"] = [str(s) for s in sources]
    (root / "sitegen.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return load_config(root / "sitegen.yml")


def build_collection(
    root: Path, sources: list[str] | None = None, **options
) -> tuple[Config, BuildReport]:
    config = make_collection(root, sources, **options)
    return config, build(config)


def clean_build_scored_like(
    other: Config, root: Path, sources: list[str]
) -> tuple[Config, BuildReport]:
    """A clean build that scores related papers with `other`'s kept weights, as a rebuild of `other` does."""
    config = make_collection(root, sources)
    weights = StatePaths(config.state_path).related_weights
    weights.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(StatePaths(other.state_path).related_weights, weights)
    return config, build(config)


def build_with_inbox_folder(root: Path, **options) -> Config:
    """A small collection (the extension fixtures' html-titles.yaml) built from its sources/ folder,
    as `sitegen new` sets it up: the folder where the server's inbox file goes is read."""
    (root / "sources").mkdir(parents=True)
    shutil.copy(FIXTURES / "extension" / "html-titles.yaml", root / "sources" / "papers.yaml")
    config, _ = build_collection(root, ["sources"], **options)
    return config


HOSTILE = FIXTURES / "site" / "hostile.yaml"


def hostile_paper(report: BuildReport):
    """The paper of hostile.yaml whose title and abstract try to be markup."""
    return next(p for p in report.collection.papers.values() if p.title.startswith("<script>"))


def build_hostile(root: Path):
    """(config, report, hostile paper) of hostile.yaml built into a collection at `root`."""
    config, report = build_collection(root, [str(HOSTILE)])
    return config, report, hostile_paper(report)
