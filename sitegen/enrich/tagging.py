"""Tag papers: hand-made tags, tags that came with the input, then taxonomy topics found in the text.

Every paper ends with 1 to `max_tags` tags, hand-made and input tags first. A paper that matches
nothing gets the fallback tag "Uncategorized" (slug `uncategorized`). A taxonomy topic is given
when its phrases score at least MIN_SCORE (a title hit counts TITLE_WEIGHT, each abstract hit 1,
at most ABSTRACT_CAP per phrase) and, unless its title names it, at least RELATIVE_MIN of the
paper's best topic, so that a topic the abstract only passes through does not tag a paper.
A paper with no topic that strong gets its one best topic all the same, if its text names any:
graded on real papers, "Uncategorized" is wrong for nearly every paper with no strong topic, and
most of those have a weaker hit of their topic.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import yaml
from slugify import slugify

from sitegen.config import Config
from sitegen.enrich import phrases
from sitegen.enrich.phrases import PhraseIndex
from sitegen.errors import ConfigError
from sitegen.model import Paper, Problem, Tag
from sitegen.state_files import hash_key, plain_key

TITLE_WEIGHT = 3
ABSTRACT_CAP = 2
MIN_SCORE = 3
RELATIVE_MIN = 0.7
KEYWORD_SCORE = MIN_SCORE  # an HF ai_keyword naming a topic is enough on its own
FALLBACK = Tag("uncategorized", "Uncategorized", "Papers that match no topic of the taxonomy.")
# MkDocs Material prints tag names without escaping them: input tag names keep only these.
_UNSAFE_NAME = re.compile(r"[^\w +\-./&]")
# What decides the topics found in a text besides the taxonomy: this module and the phrase matcher.
_CODE = hash_key([Path(__file__).read_bytes(), Path(phrases.__file__).read_bytes()])


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str = ""
    phrases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def tag(self) -> Tag:
        return Tag(self.slug, self.name, self.description)


def parse_taxonomy(raw: object, where: str) -> list[Topic]:
    topics = raw.get("topics") if isinstance(raw, dict) else raw
    if not isinstance(topics, list):
        raise ConfigError(f"{where}: a taxonomy is a list of topics (or a mapping with 'topics:')")
    parsed = []
    for number, item in enumerate(topics, start=1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or not item["name"].strip()
        ):
            raise ConfigError(
                f"{where}: topic {number} needs a 'name' (and may have slug, description, phrases)"
            )
        phrases = item.get("phrases", [])
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(
                f"{where}: topic {number} ({item['name']}): 'phrases' must be a list of strings"
            )
        name = clean_tag_name(item["name"])
        slug = slugify(str(item.get("slug") or name))
        if not slug:
            raise ConfigError(f"{where}: topic {number}: its name gives an empty slug")
        parsed.append(Topic(slug, name, str(item.get("description", "")), tuple(phrases)))
    return parsed


def load_taxonomy(config: Config) -> list[Topic]:
    """The built-in taxonomy, extended or replaced by the site's own file."""
    builtin = resources.files("sitegen.enrich") / "taxonomy.yaml"
    topics = parse_taxonomy(yaml.safe_load(builtin.read_text(encoding="utf-8")), "taxonomy.yaml")
    if not config.taxonomy:
        return topics
    path = Path(config.root) / config.taxonomy
    try:
        own = parse_taxonomy(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the taxonomy: {exc}") from exc
    if config.taxonomy_mode == "replace":
        return own
    merged = {t.slug: t for t in topics}
    merged.update({t.slug: t for t in own})
    return list(merged.values())


def clean_tag_name(name: str) -> str:
    return " ".join(_UNSAFE_NAME.sub(" ", name).split())


class TopicMemo:
    """The topics found in each paper's text last time, by a hash of the text, for the same taxonomy.

    A rebuild sees mostly the same papers, and the memo spares it finding their topics again.
    `found` collects this run's (all the next run needs), for the taxonomy `start` was given.
    """

    def __init__(self, version: str = "", known: dict[str, list[str]] | None = None):
        self.version, self.known = version, known or {}
        self.found: dict[str, list[str]] = {}

    def start(self, version: str) -> dict[str, list[str]]:
        """Begin a run for the taxonomy (and code) `version`; returns what is known for it."""
        known = self.known if self.version == version else {}
        self.version, self.known, self.found = version, {}, {}
        return known


class Tagger:
    """The taxonomy compiled once, applied to each paper."""

    def __init__(self, topics: list[Topic], max_tags: int, memo: TopicMemo | None = None):
        self.memo = memo if memo is not None else TopicMemo()
        self.known = self.memo.start(hash_key((_CODE, topics)))
        self.topics = {t.slug: t for t in topics}
        self.tags = {t.slug: t.tag for t in topics}  # made once, not once per paper
        self.order = {slug: i for i, slug in enumerate(self.topics)}
        self.index = PhraseIndex((p, t.slug) for t in topics for p in (*t.phrases, t.name))
        self.max_tags = max_tags

    def named_tag(self, name: str) -> Tag | None:
        """A tag from a name in the input or the config: its topic if it names one, else its own."""
        name = clean_tag_name(name)
        slug = slugify(name)
        if not slug:
            return None
        if slug in self.topics:
            return self.tags[slug]
        matches = sorted(self.index.labels(name), key=self.order.__getitem__)
        return self.tags[matches[0]] if matches else Tag(slug, name)

    def topic_scores(self, paper: Paper, title_hits: dict) -> Counter:
        """Each topic's score; `title_hits` is self.index.count(paper.title)."""
        scores: Counter = Counter()
        for (slug, _), hits in title_hits.items():
            scores[slug] += TITLE_WEIGHT * hits
        for (slug, _), hits in self.index.count(paper.abstract).items():
            scores[slug] += min(hits, ABSTRACT_CAP)
        for keyword in paper.keywords:
            for slug in self.index.labels(keyword):
                scores[slug] = max(scores[slug], KEYWORD_SCORE)
        return scores

    def found_topics(self, paper: Paper) -> list[str]:
        key = plain_key((paper.title, paper.abstract, paper.keywords))
        found = self.known.get(key)
        if not isinstance(found, list) or not all(
            isinstance(s, str) and s in self.topics for s in found
        ):
            found = self.scored_topics(paper)  # not known, or a memo file edited by hand
        self.memo.found[key] = found
        return found

    def scored_topics(self, paper: Paper) -> list[str]:
        title_hits = self.index.count(paper.title)
        scores = self.topic_scores(paper, title_hits)
        if not scores:
            return []
        floor = max(MIN_SCORE, RELATIVE_MIN * max(scores.values()))
        titled = {slug for slug, _ in title_hits}
        ranked = sorted(scores, key=lambda s: (-scores[s], self.order[s]))
        return [
            s for s in ranked if scores[s] >= floor or s in titled and scores[s] >= MIN_SCORE
        ] or ranked[:1]


def _first_of_each_slug(tags: list[Tag]) -> list[Tag]:
    seen: dict[str, Tag] = {}
    for tag in tags:
        seen.setdefault(tag.slug, tag)
    return list(seen.values())


class Tagged(NamedTuple):
    """Papers with their tags as slugs, every tag used (by slug), and the problems with hand or
    input tags."""

    papers: list[Paper]
    tags: dict[str, Tag]
    problems: list[Problem]


def tag_papers(
    papers: list[Paper],
    config: Config,
    topics: list[Topic] | None = None,
    memo: TopicMemo | None = None,
) -> Tagged:
    """The papers tagged: from the config's and the input's tags, then the taxonomy's topics found.

    With a `memo`, topics found before in the same text are taken from it, and it gets this run's.
    """
    tagger = Tagger(load_taxonomy(config) if topics is None else topics, config.max_tags, memo)
    used: dict[str, Tag] = {}
    problems: list[Problem] = []
    tagged = []
    for paper in papers:
        given = [*config.tags.get(paper.id, []), *paper.tags]
        chosen: list[Tag] = [t for t in map(tagger.named_tag, given) if t]
        chosen += [tagger.tags[s] for s in tagger.found_topics(paper)]
        chosen = _first_of_each_slug(chosen)
        if len(chosen) > config.max_tags and len(given) > config.max_tags:
            where = paper.sources[0] if paper.sources else paper.id
            problems.append(
                Problem(
                    where,
                    f"{len(given)} tags given, only the first {config.max_tags} kept",
                    "warning",
                )
            )
        chosen = chosen[: config.max_tags] or [FALLBACK]
        for tag in chosen:
            used.setdefault(tag.slug, tag)
        tagged.append(paper.evolve(tags=[t.slug for t in chosen]))
    return Tagged(tagged, used, problems)
