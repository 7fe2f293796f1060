"""sitegen.yml read once into one Config: every option's kind and range checked, each mistake one
clear line naming the file and the option."""

from __future__ import annotations

from dataclasses import fields

import pytest

from sitegen.config import CONFIG_FILE, Config, load_config
from sitegen.errors import ConfigError


def config_from(tmp_path, text: str) -> Config:
    (tmp_path / CONFIG_FILE).write_text(text, encoding="utf-8")
    return load_config(root=tmp_path)


def test_no_file_is_every_default_at_the_folder(tmp_path):
    config = load_config(root=tmp_path)
    assert config == Config(root=tmp_path.resolve())
    assert config.site_path == tmp_path.resolve() / "site"
    assert config.state_path == tmp_path.resolve() / ".sitegen"


def test_options_are_read_and_paths_resolved_against_the_files_folder(tmp_path):
    config = config_from(
        tmp_path,
        "site_dir: out/site\nmax_tags: 3\nauthor_pages_min: 0\n"
        "allowed_hosts: [papers.local]\nsources: [a.yaml, 'b/*.json']\n",
    )
    assert (config.max_tags, config.author_pages_min) == (3, 0)
    assert config.allowed_hosts == ["papers.local"] and config.sources == ["a.yaml", "b/*.json"]
    assert config.site_path == tmp_path.resolve() / "out" / "site"


def test_an_empty_file_is_the_defaults(tmp_path):
    assert config_from(tmp_path, "") == Config(root=tmp_path.resolve())


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("max_tag: 3\n", "unknown option 'max_tag' (known: "),
        ("max_tags: three\n", "option 'max_tags' must be a int, got 'three'"),
        ("max_tags: true\n", "option 'max_tags' must be a int, got True"),
        ("max_tags: 9\n", "option 'max_tags' must be between 1 and 8"),
        ("author_pages_min: -1\n", "option 'author_pages_min' must be 0 (no author pages) or more"),
        ("max_source_mb: 0\n", "option 'max_source_mb' must be at least 1"),
        ("render_processes: 0\n", "option 'render_processes' must be at least 1"),
        ("taxonomy_mode: merge\n", "option 'taxonomy_mode' must be one of extend, replace"),
        ("allowed_hosts: ['']\n", "option 'allowed_hosts' must be a list of names"),
        ("extension_ids: [abc]\n", "takes Chromium extension ids (32 letters a-p)"),
        ("tags: {'2401.00001': Reasoning}\n", "tags for '2401.00001' must be a list of tag names"),
        ("- a list\n", "expected a mapping of options, got list"),
        ("max_tags: [\n", "cannot read the config"),
    ],
)
def test_each_mistake_is_one_line_naming_the_file_and_option(tmp_path, text, says):
    with pytest.raises(ConfigError) as raised:
        config_from(tmp_path, text)
    message = str(raised.value)
    assert message.startswith(str(tmp_path / CONFIG_FILE)) and says in message
    assert "\n" not in message.strip() or "cannot read" in message


def test_every_option_has_a_kind_checked():
    """A new option without an entry in the checks would be taken unchecked from the file."""
    from sitegen.config import _EXPECTED

    assert set(_EXPECTED) == {f.name for f in fields(Config)} - {"root"}
