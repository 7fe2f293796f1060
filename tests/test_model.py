"""Paper.evolve: dataclasses.replace without __init__, for the copies enrichment makes of every paper."""

from __future__ import annotations

import dataclasses

import pytest

from sitegen.model import Mention, Paper, Related


def test_evolve_gives_what_replace_gives_and_leaves_the_paper_as_it_was():
    paper = Paper(title="T", abstract="A", authors=["Ada"], tags=["x"], sources=["f:1"], upvotes=3)
    changes = {
        "id": "2401.00001",
        "tags": ["y"],
        "related": [Related("b", 0.5, "terms: z")],
        "mentions": [Mention("c", "C")],
    }
    evolved = paper.evolve(**changes)
    assert evolved == dataclasses.replace(paper, **changes) and type(evolved) is Paper
    assert paper == Paper(
        title="T", abstract="A", authors=["Ada"], tags=["x"], sources=["f:1"], upvotes=3
    )
    assert evolved.authors is paper.authors  # fields not changed are shared, as replace shares them
    assert paper.evolve() == paper and paper.evolve() is not paper


def test_evolve_refuses_a_field_papers_do_not_have():
    with pytest.raises(TypeError, match="no field colour"):
        Paper(title="T").evolve(colour="red")
