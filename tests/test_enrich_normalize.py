"""Text normalisation on the bundled seed and on real HF API records with TeX, `$`, `<EOS>` and hard wraps."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitegen.enrich import normalize
from sitegen.enrich.normalize import TextMemo, clean_line, clean_lines, clean_text, normalize_papers
from sitegen.model import Paper
from sitegen.sources import bundled_sources, read_sources
from sitegen.state.memos import load_texts, save_texts
from sitegen.state.paths import StatePaths

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"


def hf_records() -> dict[str, dict]:
    """Real API entries (tests/fixtures/enrich/hf-traps.jsonl), by arXiv id."""
    lines = (FIXTURES / "hf-traps.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["paper"]["id"]: r["paper"] for r in map(json.loads, lines)}


def test_seed_latex_leftover_in_a_title_is_removed():
    seed = [p for p in read_sources(bundled_sources()[:1]).papers]
    titles = [p.title for p in normalize_papers(seed)[0]]
    assert (
        "Inference Scaling FLaws: The Limits of LLM Resampling with Imperfect Verifiers" in titles
    )
    assert not any("scriptsize" in t for t in titles)
    assert len(titles) == len(seed) == 72


def test_lost_backslash_arrow_between_numbers():
    abstract = clean_text(hf_records()["2509.07295"]["summary"])
    assert "GenEval (0.73 → 0.90) and DPGBench (80.93 → 88.15)" in abstract
    assert "rightarrow" not in abstract


def test_lost_backslash_times_but_not_words_that_start_like_a_command():
    records = hf_records()
    assert "ImageNet 256×256." in clean_text(records["2504.05304"]["summary"])
    assert "sim2real transfer" in clean_text(records["2407.15815"]["summary"])


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("up 5.9%rightarrow10.9%", "up 5.9% → 10.9%"),
        ("a 2Leftarrow3 b", "a 2 ⇐ 3 b"),
        ("size leq6.9B models", "size ≤6.9B models"),
        ("at geq2 GPUs", "at ≥2 GPUs"),
        ("approx3 times", "≈3 times"),
        ("acc 81.2pm0.5 over", "acc 81.2±0.5 over"),
        ("x neq1", "x ≠1"),
        ("sim2times faster", "∼2× faster"),
        ("scriptsizeFLaws", "FLaws"),
        ("the textbf Model", "the Model"),
        ("mathcal1 set", "1 set"),
        ("normalsize text", "text"),
        ("footnotesizeA", "A"),
        ("textsc9", "9"),
        ("mathrmX", "X"),
        (
            "sim2real and similar, contextual texts and mathematics",
            "sim2real and similar, contextual texts and mathematics",
        ),
    ],
)
def test_every_lost_backslash_name(text, cleaned):
    assert clean_text(text) == cleaned


def test_tex_commands_keep_their_text():
    records = hf_records()
    assert "termed backbone-optimizer coupling bias" in clean_text(records["2410.06373"]["summary"])
    assert "alignment vs. high-resolution" in clean_text(records["2405.16759"]["summary"])
    assert "Shallow UNet" in clean_text(records["2405.16759"]["summary"])
    cleaned = clean_text(records["2505.14464"]["summary"])
    assert "\\href" not in cleaned and "https://huggingface.co/datasets/" in cleaned


def test_dollars_eos_tokens_and_hard_wrapped_titles_stay_as_text():
    records = hf_records()
    title = clean_text(records["2502.12115"]["title"])
    assert (
        title
        == "SWE-Lancer: Can Frontier LLMs Earn $1 Million from Real-World Freelance Software Engineering?"
    )
    assert "$32,000 feature" in clean_text(records["2502.12115"]["summary"])
    assert "the last <EOS> token embedding from LLMs" in clean_text(
        records["2405.17428"]["summary"]
    )
    assert clean_text(records["2603.07980"]["title"]).startswith("$OneMillion-Bench: How Far")
    assert "\n" not in clean_text(records["2405.15738"]["title"])


def test_small_cases():
    assert clean_text("see \\cite{smith2020} and \\emph{this}") == "see and this"
    assert (
        clean_text("loss \\mathcal{L} is 2.3\\times lower, 10\\% fewer")
        == "loss L is 2.3× lower, 10% fewer"
    )
    assert clean_text('na\\"{\\i}vely, 360{\\deg} views') == "naïvely, 360° views"
    assert (
        clean_text("we present \\method, and \\GitChameleon{}.")
        == "we present method, and GitChameleon."
    )
    assert clean_text("Cafe\u0301  au\n lait ") == "Café au lait"
    assert clean_text("x_1 and y^{2} cost 5% of $3") == "x_1 and y^{2} cost 5% of $3"


def test_a_title_empty_after_cleaning_is_reported_and_dropped():
    papers = [Paper(title="\\textbf{}  ", sources=["day.json record 3"]), Paper(title="Kept")]
    kept, problems = normalize_papers(papers)
    assert [p.title for p in kept] == ["Kept"]
    assert (
        len(problems) == 1
        and problems[0].where == "day.json record 3"
        and problems[0].severity == "error"
    )


@given(st.text(alphabet="ab $_%<>*#[]()\n\t", max_size=60))
def test_plain_text_loses_only_surplus_whitespace(text):
    assert clean_text(text) == " ".join(text.split())


def test_accents_leave_no_garbage_per_paper():
    """Reading an accent once made a converter whose tables refer to each other: dozens of objects
    per accented abstract that only the cycle collector frees (the build pauses it while it reads)."""
    papers = [
        Paper(title=f"Paper {i}", abstract=f'Sch\\"on, na\\"{{\\i}}vely and G\\"odel ({i}).')
        for i in range(200)
    ]
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        cleaned, _ = normalize_papers(papers)
        garbage = gc.collect()
    finally:
        (gc.enable if was else gc.disable)()
    assert cleaned[7].abstract == "Schön, naïvely and Gödel (7)."
    assert garbage < len(papers)


def test_papers_that_list_the_same_name_or_keyword_share_one_string():
    # Built at run time, as a reader's strings are: equal, but each its own object.
    names = ["".join(["Ada ", "Lovelace"]) for _ in range(3)]
    papers = [
        Paper(
            title=f"P{i}",
            authors=[names[i], " ".join(["Alan", "Turing"])],
            keywords=["".join(["diff", "usion"])],
        )
        for i in range(3)
    ]
    assert papers[0].authors[0] is not papers[1].authors[0]
    cleaned, _ = normalize_papers(papers)
    assert [p.authors for p in cleaned] == [["Ada Lovelace", "Alan Turing"]] * 3
    for name in range(2):
        assert len({id(p.authors[name]) for p in cleaned}) == 1
    assert len({id(p.keywords[0]) for p in cleaned}) == 1


def test_texts_cleaned_before_are_taken_from_the_memo(tmp_path, monkeypatch):
    papers = read_sources(bundled_sources()[:1]).papers + [
        Paper(title="T", abstract=r"A \textbf{bold}  claim, 256times256.")
    ]
    plain, _ = normalize_papers(papers)
    first = TextMemo()
    assert normalize_papers(papers, first)[0] == plain
    save_texts(StatePaths(tmp_path).texts, first)
    # most texts are clean
    assert len(first.found_cleaned) < len(papers) < len(first.found_same) + len(first.found_cleaned)

    def no_cleaning(text):
        raise AssertionError(f"cleaned again: {text[:40]!r}")

    monkeypatch.setattr(normalize, "clean_text", no_cleaning)
    again = load_texts(StatePaths(tmp_path).texts)
    assert normalize_papers(papers, again)[0] == plain
    assert (again.found_same, again.found_cleaned) == (first.found_same, first.found_cleaned)
    # A text not seen before is cleaned.
    with pytest.raises(AssertionError, match="cleaned again"):
        normalize_papers(
            [Paper(title="New", abstract="Never  seen.")], load_texts(StatePaths(tmp_path).texts)
        )


def test_many_texts_are_cleaned_on_both_cores_as_on_one(monkeypatch):
    traps = [Paper(title=r["title"], abstract=r["summary"]) for r in hf_records().values()]
    papers = traps + read_sources(bundled_sources()[:1]).papers + traps[::-1]  # TeX in both halves
    one_core = TextMemo()
    expected, _ = normalize_papers(papers, one_core)
    monkeypatch.setattr(normalize, "AHEAD_FROM", 10)
    assert len(normalize.cleaned_ahead(papers, TextMemo())) == len(
        {t for p in papers for t in (p.title, p.abstract)}
    )
    both_cores = TextMemo()
    assert normalize_papers(papers, both_cores)[0] == expected
    assert (both_cores.found_same, both_cores.found_cleaned) == (
        one_core.found_same,
        one_core.found_cleaned,
    )
    assert normalize_papers(papers)[0] == expected


def test_a_memo_of_other_code_or_a_damaged_one_is_not_used(tmp_path):
    memo = TextMemo()
    normalize_papers([Paper(title="T", abstract=r"\emph{x}  y")], memo)
    save_texts(StatePaths(tmp_path).texts, memo)
    path = StatePaths(tmp_path).texts
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data["cleaned"].values()) == ["x y"]
    path.write_text(json.dumps({**data, "version": "other"}), encoding="utf-8")
    assert not load_texts(StatePaths(tmp_path).texts).cleaned
    path.write_text(
        json.dumps({**data, "cleaned": {k: 1 for k in data["cleaned"]}}), encoding="utf-8"
    )
    assert not load_texts(StatePaths(tmp_path).texts).cleaned
    path.write_text("{not json", encoding="utf-8")
    assert (
        not load_texts(StatePaths(tmp_path).texts).same
        and not load_texts(StatePaths(tmp_path / "missing").texts).cleaned
    )


@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ab \t\n\r\x1c\xa0e\u0301\u00e9"), max_size=8), max_size=5
    )
)
@example(["e\u0301"]).via("composed by NFC")
@example(["a\nb"]).via("a line break inside a name")
@example([""]).via("one empty name")
@example(["a", "", "b"]).via("an empty name between")
@settings(max_examples=300)
def test_cleaning_a_list_is_cleaning_each_text_and_dropping_the_empty_ones(texts):
    assert clean_lines(texts) == [t for t in map(clean_line, texts) if t]


def test_every_tex_name_has_its_quick_test():
    """strip_tex runs its patterns only where a quick test finds a part of a name: a name added to the
    patterns without one would never be cleaned."""
    assert sorted(n for _, names in normalize._SWITCH_GROUPS for n in names) == sorted(
        normalize._SWITCH_NAMES
    )
    for name in normalize._SYMBOL_NAMES:  # a glued name ends just before its digit
        assert any(name.endswith(hint) for hint, _ in normalize._SYMBOL_HINTS), name
