"""The short hashes kept between builds depend on the data's value only, never on how a process holds it;
files written over hold exactly what was written last."""

from __future__ import annotations

import ast
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from sitegen.state_files import overwrite, plain_key


def test_plain_keys_depend_on_values_not_on_shared_or_interned_objects():
    text = "attention is all you need " * 3
    same = "".join(list(text))  # an equal string, another object
    assert plain_key([text, text]) == plain_key([text, same])
    assert plain_key(sys.intern("hello_world")) == plain_key("".join(["hello", "_world"]))
    assert plain_key({"a": [1.5, None, ("x",)]}) == plain_key({"a": [1.5, None, ("x",)]})
    assert plain_key([text, text]) != plain_key([text, text + "."]) and plain_key(1) != plain_key(
        1.0
    )


def test_plain_keys_are_the_same_in_another_process():
    data = '{"id": "2403.09629", "tags": ["agents", "agents"], "score": 0.25, "notes": None}'
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from sitegen.state_files import plain_key; print(plain_key({data}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == plain_key(ast.literal_eval(data))


@given(st.lists(st.binary(max_size=20_000), min_size=1, max_size=4))
def test_a_file_written_over_holds_the_last_bytes_alone(tmp_path_factory, contents):
    path = tmp_path_factory.mktemp("over") / "page.md"
    for data in contents:  # longer, shorter, empty: nothing of an earlier, longer content is left
        overwrite(path, data)
        assert path.read_bytes() == data


def test_a_file_left_half_written_by_a_build_that_died_is_never_published(tmp_path):
    """write_if_changed's temporary file is hidden: MkDocs leaves it out of the site."""
    from site_builder import build_collection

    from sitegen.state_files import temporary

    config, _ = build_collection(tmp_path)
    page = next(config.docs_path.glob("papers/*.md"))
    leftovers = [temporary(page), temporary(config.docs_path / "graph.json")]
    for leftover in leftovers:
        leftover.write_text("half a page", encoding="utf-8")
    config, _ = build_collection(tmp_path)
    published = [
        p.name for p in config.site_path.rglob("*") if p.name in {t.name for t in leftovers}
    ]
    assert published == []
    assert "half a page" not in "".join(
        p.read_text(errors="ignore") for p in config.site_path.rglob("*.json")
    )
