"""link_tree: the target ends up holding exactly the source's files (as hard links), touching only what differs."""

from __future__ import annotations

import os

from sitegen.hardlinks import link_tree, tree_files


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_link_tree_links_what_differs_and_removes_the_rest(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    write(source / "a" / "index.html", "a")
    write(source / "b" / "index.html", "b")
    write(source / "top.json", "top")
    link_tree(str(source), str(target), *tree_files(str(source)))
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
    kept = (target / "b" / "index.html").stat().st_ino
    link_tree(str(source), str(target), *tree_files(str(source)))
    assert tree_files(str(target)) == tree_files(str(source))
    assert (target / "a" / "index.html").read_text(encoding="utf-8") == "a, again"
    assert (target / "b" / "index.html").stat().st_ino == kept


def test_link_tree_keeps_the_folders_asked_for_and_only_the_files_given(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    write(source / "a" / "index.html", "a")
    write(source / "b" / "index.html", "b")
    write(target / "b" / "index.html", "stale")
    files, _ = tree_files(str(source))
    # b's page is to be made anew: its folder stays, its old file goes.
    link_tree(str(source), str(target), {"a/index.html": files["a/index.html"]}, {"b"})
    assert sorted(os.listdir(target)) == ["a", "b"] and os.listdir(target / "b") == []
    assert (target / "a" / "index.html").stat().st_ino == (
        source / "a" / "index.html"
    ).stat().st_ino
