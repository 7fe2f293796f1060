"""link_tree: the target ends up holding exactly the source's files (as hard links), touching only what differs."""

from __future__ import annotations

import os

import pytest

from sitegen.hardlinks import link_tree, list_tree, tree_files


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def listing(target, ahead):
    """What link_tree goes by: the target's folders read as it runs, or a list_tree made before."""
    return list_tree(str(target)) if ahead else None


@pytest.mark.parametrize("ahead", [False, True], ids=["read as it goes", "listed ahead"])
def test_link_tree_links_what_differs_and_removes_the_rest(tmp_path, ahead):
    source, target = tmp_path / "source", tmp_path / "target"
    write(source / "a" / "index.html", "a")
    write(source / "b" / "index.html", "b")
    write(source / "top.json", "top")
    link_tree(str(source), str(target), *tree_files(str(source)), listing(target, ahead))
    assert tree_files(str(target)) == tree_files(str(source))  # same paths, same inodes

    # The source changes one file (a new file, as MkDocs writes it) and loses another; the target
    # has junk of its own, and a file where a folder belongs.
    os.unlink(source / "a" / "index.html")
    write(source / "a" / "index.html", "a, again")
    (source / "top.json").unlink()
    write(target / "gone" / "index.html", "gone")
    write(target / "stray.txt", "stray")
    (target / "c").write_text("a file", encoding="utf-8")
    write(source / "c" / "index.html", "c")
    write(target / "b" / "old" / "deeper" / "index.html", "a folder left inside a kept one")
    kept = (target / "b" / "index.html").stat().st_ino
    link_tree(str(source), str(target), *tree_files(str(source)), listing(target, ahead))
    assert tree_files(str(target)) == tree_files(str(source))
    assert (target / "a" / "index.html").read_text(encoding="utf-8") == "a, again"
    assert (target / "b" / "index.html").stat().st_ino == kept


@pytest.mark.parametrize("ahead", [False, True], ids=["read as it goes", "listed ahead"])
def test_link_tree_keeps_the_folders_asked_for_and_only_the_files_given(tmp_path, ahead):
    source, target = tmp_path / "source", tmp_path / "target"
    write(source / "a" / "index.html", "a")
    write(source / "b" / "index.html", "b")
    write(target / "b" / "index.html", "stale")
    # A link to the source's file where the source's new page will be written: it must go, or the
    # page would be written through it into the source.
    (target / "c").mkdir()
    os.link(source / "b" / "index.html", target / "c" / "index.html")
    files, _ = tree_files(str(source))
    # b's and c's pages are to be made anew: their folders stay, their old files go.
    link_tree(
        str(source),
        str(target),
        {"a/index.html": files["a/index.html"]},
        {"b", "c"},
        listing(target, ahead),
    )
    assert sorted(os.listdir(target)) == ["a", "b", "c"]
    assert os.listdir(target / "b") == [] and os.listdir(target / "c") == []
    assert (target / "a" / "index.html").stat().st_ino == (
        source / "a" / "index.html"
    ).stat().st_ino


def test_list_tree_gives_each_folder_its_folders_and_files_with_their_inodes(tmp_path):
    write(tmp_path / "a" / "index.html", "a")
    write(tmp_path / "a" / "top" / "index.html", "a's top")
    write(tmp_path / "b.json", "b")
    files, folders = tree_files(str(tmp_path))
    assert list_tree(str(tmp_path)) == {
        "": (["a"], {"b.json": files["b.json"]}),
        "a": (["top"], {"index.html": files["a/index.html"]}),
        "a/top": ([], {"index.html": files["a/top/index.html"]}),
    }
    assert folders == {"a", "a/top"}
    assert list_tree(str(tmp_path / "missing")) == {}
