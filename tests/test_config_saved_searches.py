"""Saved searches in sitegen.yml (`feeds:`): read with the config, each mistake one error naming the
file and the entry; a tag that is no tag refused once the sources are read, before anything is written."""

from __future__ import annotations

import pytest
from site_builder import make_collection

from sitegen.config import CONFIG_FILE, load_config
from sitegen.errors import ConfigError
from sitegen.pipeline import build, load_collection
from sitegen.saved_searches import SavedSearch


def feeds_config(tmp_path, entries: str):
    (tmp_path / CONFIG_FILE).write_text(f"feeds:\n{entries}", encoding="utf-8")
    return load_config(root=tmp_path)


def test_entries_are_read_with_their_addresses(tmp_path):
    config = feeds_config(
        tmp_path,
        '  - {name: "LLM evaluation", query: "evaluation benchmark -survey", tag: llm-reasoning}\n'
        "  - name: 'no: [yaml], {here}'\n"
        "    query: '\"chain of thought\" author:Wei'\n",
    )
    assert config.feeds == (
        SavedSearch(
            "LLM evaluation", "evaluation benchmark -survey", "llm-reasoning", "llm-evaluation"
        ),
        SavedSearch("no: [yaml], {here}", '"chain of thought" author:Wei', None, "no-yaml-here"),
    )


def test_no_feeds_is_none(tmp_path):
    assert load_config(root=tmp_path).feeds == ()


@pytest.mark.parametrize(
    "entries, says",
    [
        ("  - {query: reasoning}\n", "feeds entry 1 needs a name (text), got None"),
        ("  - {name: A, query: reasoning}\n  - {name: B}\n", "feeds entry 2 ('B') needs a query"),
        ("  - {name: '  ', query: reasoning}\n", "feeds entry 1 needs a name"),
        ("  - {name: A, query: 12}\n", "feeds entry 1 ('A') needs a query (text), got 12"),
        ("  - reasoning\n", "feeds entry 1 must be a mapping with a name and a query"),
        ("  - {name: A, querry: x, query: robots}\n", "feeds entry 1 ('A'): unknown key 'querry'"),
        ("  - {name: A, query: agents, tag: [a, b]}\n", "feeds entry 1 ('A'): tag must be a tag's"),
        ("  - {name: '!!!', query: agents}\n", "('!!!'): the name has no letter or digit"),
        (
            "  - {name: LLM evaluation, query: agents}\n  - {name: 'llm: evaluation!', query: robots}\n",
            "feeds entry 2 ('llm: evaluation!'): its address searches/llm-evaluation/ is also "
            "that of 'LLM evaluation'",
        ),
        ("  - {name: A, query: -survey}\n", "('A'): the query '-survey' cannot be searched"),
        ("  - {name: A, query: the of}\n", "cannot be searched: the query has no words"),
        (f"  - {{name: A, query: {'word ' * 120}}}\n", "the limit is 500"),
        (f"  - {{name: A, query: {' '.join(f'w{n}' for n in range(40))}}}\n", "more than 32"),
    ],
)
def test_each_mistake_is_one_error_naming_the_file_and_the_entry(tmp_path, entries, says):
    with pytest.raises(ConfigError) as caught:
        feeds_config(tmp_path, entries)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / CONFIG_FILE)) and says in message
    assert "\n" not in message


def test_feeds_must_be_a_list(tmp_path):
    with pytest.raises(ConfigError, match="option 'feeds' must be a list"):
        feeds_config(tmp_path, "  name: A\n  query: x\n")


def test_exclusions_alone_are_a_saved_search_when_a_tag_limits_them(tmp_path):
    config = feeds_config(
        tmp_path,
        "  - {name: A, query: -survey, tag: agents}\n  - {name: B, query: 'tag:agents -survey'}\n",
    )
    assert [s.slug for s in config.feeds] == ["a", "b"]


@pytest.mark.parametrize(
    "entry",
    [
        "{name: Typo, query: agents, tag: llm-reasonin}",
        "{name: Typo, query: 'agents tag:nothing-such'}",
    ],
)
def test_a_tag_no_paper_or_topic_has_is_refused_once_the_sources_are_read(tmp_path, entry):
    config = feeds_config(tmp_path, f"  - {entry}\n")
    with pytest.raises(ConfigError, match=r"saved search 'Typo' \(feeds\): no tag is named"):
        load_collection(config)


def test_a_topic_of_the_taxonomy_no_paper_has_yet_is_a_tag_with_no_matches(tmp_path):
    (tmp_path / "topics.yaml").write_text(
        "- {slug: basket-weaving, name: Basket Weaving, phrases: [underwater basket weaving]}\n",
        encoding="utf-8",
    )
    config = make_collection(
        tmp_path,
        taxonomy="topics.yaml",
        feeds=[{"name": "Baskets", "query": "agents", "tag": "Basket Weaving"}],
    )
    report = build(config)
    assert "basket-weaving" not in report.collection.tags
    page = (config.site_path / "searches" / "baskets" / "index.html").read_text(encoding="utf-8")
    assert "0 papers match" in page and "papers/" not in page.split("sg-feed", 1)[1]
