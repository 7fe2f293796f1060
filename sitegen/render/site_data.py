"""Files the pages link to, written into the docs folder beside them: the feeds and the graph's data.

They go into the docs folder (not straight into the built site) so that MkDocs copies them and
checks the pages' links to them like any other file. The site's URL, which feeds need for
absolute links, is sitegen.yml's `site_url`, else mkdocs.yml's; without either, feed links stay
relative to the site's root (feed readers resolve them against the feed's own URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.mkdocs_config import load_mkdocs_config
from sitegen.model import Collection
from sitegen.render.explore import GRAPH_FILE
from sitegen.render.feeds import FeedMemo, write_feeds
from sitegen.render.graph import graph_json
from sitegen.state_files import write_if_changed


@dataclass(frozen=True)
class SiteSettings:
    name: str
    url: str  # "" when unknown


def site_settings(config: Config) -> SiteSettings:
    mkdocs_config = load_mkdocs_config(config)
    return SiteSettings(
        name=mkdocs_config.site_name, url=config.site_url or mkdocs_config.site_url or ""
    )


def write_site_data(
    collection: Collection, docs_dir: Path, site: SiteSettings, feeds: FeedMemo, graph: dict
) -> list[Path]:
    """Write the feeds and graph.json into docs_dir; returns the files that changed.

    `feeds` (the feeds' keys as written last time) gets this run's, for the caller to save; `graph`
    is graph_data(collection)."""
    changed = write_feeds(collection, docs_dir, site.url, site.name, memo=feeds)
    if write_if_changed(docs_dir / GRAPH_FILE, graph_json(graph)):
        changed.append(docs_dir / GRAPH_FILE)
    return changed
