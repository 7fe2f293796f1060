"""Clean paper text: Unicode NFC, collapsed whitespace, and TeX that leaked into titles and abstracts.

Two kinds of TeX leftovers are handled, both by rule rather than by listing known papers:
real commands (``\\textbf{x}``, ``\\cite{y}``, ``\\times``, ``{\\it vs.}``, a user macro like
``\\method``) and commands whose backslash was lost on the way, glued to the next token
("scriptsizeFLaws", "5.9%rightarrow10.9%", "256times256"). Everything else stays as written:
``$`` (a title may say "$1 Million"), ``_``, ``%``, ``<EOS>``-like tokens and Markdown-looking text
are data, escaped later by the renderer. pylatexenc's full latex2text is not run over whole texts
because it turns ``$...$`` into math and ``%`` into a comment; it only translates small fragments.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, partial
from importlib import metadata
from pathlib import Path

from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

from sitegen.model import Paper, Problem
from sitegen.runtime import Forked
from sitegen.state_files import hash_key, plain_key

# Commands whose argument is the text to keep.
# fmt: skip
KEEP_ARGUMENT = {
    "textbf",
    "textit",
    "textsc",
    "texttt",
    "textrm",
    "textsf",
    "textup",
    "textmd",
    "textnormal",
    "emph",
    "underline",
    "mbox",
    "text",
    "b",
    "url",
    "mathbf",
    "mathcal",
    "mathrm",
    "mathit",
    "mathsf",
    "mathtt",
    "mathbb",
    "mathfrak",
    "boldsymbol",
}
# Commands that only make sense in the paper's own PDF: dropped with their argument.
DROP_WITH_ARGUMENT = {
    "cite",
    "citep",
    "citet",
    "citeauthor",
    "ref",
    "eqref",
    "label",
    "color",
    "vspace",
    "hspace",
}
# Switches and spacing, dropped; size and font switches are also what loses its backslash most.
# fmt: skip
SWITCHES = {
    "it",
    "em",
    "bf",
    "rm",
    "sf",
    "tt",
    "sc",
    "sl",
    "itshape",
    "bfseries",
    "scshape",
    "ttfamily",
    "tiny",
    "scriptsize",
    "footnotesize",
    "small",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "allowbreak",
    "nobreakdash",
    "noindent",
    "centering",
    "xspace",
    "quad",
    "qquad",
    "newline",
    "linebreak",
    "left",
    "right",
    "displaystyle",
}
# Text macros pylatexenc does not know (or renders as nothing).
# fmt: skip
WORDS = {
    "eg": "e.g.",
    "ie": "i.e.",
    "etc": "etc.",
    "etal": "et al.",
    "vs": "vs.",
    "wrt": "w.r.t.",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "deg": "°",
    "textgreater": ">",
    "textless": "<",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textdegree": "°",
    "dots": "…",
    "cdots": "⋯",
}

_COMMAND = re.compile(
    r"\\href\{(?P<href>[^{}]*)\}\{(?P<label>[^{}]*)\}"
    r"|\\(?P<name>[A-Za-z]+)\*?(?:\s*\{(?P<arg>[^{}]*)\})?"
    r"|\\(?P<accent>[\"'`^~=.])\{?(?P<base>\\?[A-Za-z])\}?"
    r"|\\(?P<escaped>[%&_#$])"
)
_GROUP = re.compile(r"(?<![_^\\])\{([^{}]*)\}")
_TIE = re.compile(r"(?<=\w)~(?=\w)")

# Lost backslashes.  A switch name at the start of a word, glued to a capital or a digit.
_SWITCH_NAMES = (
    "scriptsize",
    "footnotesize",
    "normalsize",
    "textbf",
    "textit",
    "textsc",
    "texttt",
    "mathbf",
    "mathcal",
    "mathrm",
)
_GLUED_SWITCH = re.compile(rf"(?<![A-Za-z])(?:{'|'.join(_SWITCH_NAMES)})(?=[A-Z0-9]|\s)")
# A symbol name next to a number ("5.9%rightarrow10.9%", "leq6.9B", "sim2times"), but not the
# start of a word that merely begins with it and goes on in letters ("sim2real").
_GLUED_TIMES = re.compile(r"(?<=\d)times(?![a-z])")
_SYMBOL_NAMES = (
    "rightarrow",
    "leftarrow",
    "Rightarrow",
    "Leftarrow",
    "sim",
    "leq",
    "geq",
    "approx",
    "pm",
    "neq",
)
_GLUED_SYMBOL = re.compile(rf"(?<![A-Za-z])({'|'.join(_SYMBOL_NAMES)})(?=\d)(?![\d.,]+[a-z]{{2,}})")
# Substring tests first: the glued-name regexes are run only on the few texts that hold a name.
# The switch names by a part they share (one test each, not ten, for most texts).
_SWITCH_GROUPS = tuple(
    (part, tuple(n for n in _SWITCH_NAMES if part in n)) for part in ("size", "text", "math")
)
# Each symbol name ends with one of these, and a glued one has a digit next: a literal-prefix
# pattern, tried only where the plain test found its text ("sim" is in many abstracts, glued in
# few).
_SYMBOL_HINTS = tuple(
    (hint, re.compile(hint + r"\d").search)
    for hint in ("arrow", "sim", "leq", "geq", "approx", "pm", "neq")
)
_ARROWS = {"rightarrow", "leftarrow", "Rightarrow", "Leftarrow"}


@cache
def _accented(tex: str) -> str:
    # The same few accents recur across thousands of abstracts, and each conversion copies
    # pylatexenc's tables into objects that refer to each other, which only the cycle collector frees.
    return LatexNodes2Text().latex_to_text(tex)


@cache
def _symbol(name: str) -> str | None:
    """pylatexenc's plain-text replacement for a command without arguments, if it has one."""
    spec = get_default_latex_context_db().get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None)
    return repl if isinstance(repl, str) and "%" not in repl else None


def _command_text(match: re.Match) -> str:
    if match["href"] is not None:
        return f"{match['label']} ({match['href']})"
    if match["escaped"]:
        return match["escaped"]
    if match["accent"]:
        return _accented(match.group(0))
    name, arg = match["name"], match["arg"]
    if name in KEEP_ARGUMENT:
        return arg or ""
    if name in DROP_WITH_ARGUMENT:
        return ""
    if name == "footnote":
        return f" ({arg})" if arg else ""
    head = WORDS.get(name)
    if head is None:
        head = "" if name in SWITCHES else _symbol(name)
    if head is None:
        head = name  # a paper's own macro ("\method", "\GitChameleon{}"): its name is the best text left
    return head + (f" {arg}" if arg and name not in SWITCHES else arg or "")


def strip_tex(text: str) -> str:
    """Replace TeX commands by the text they stand for; leave text without commands as it is."""
    if "\\" in text:
        cleaned = _COMMAND.sub(_command_text, text)
        if cleaned != text:
            text = _TIE.sub(" ", _GROUP.sub(r"\1", _GROUP.sub(r"\1", cleaned)))
    if any(part in text and any(name in text for name in names) for part, names in _SWITCH_GROUPS):
        text = _GLUED_SWITCH.sub("", text)
    if "times" in text:
        text = _GLUED_TIMES.sub("×", text)
    if not any(hint in text and glued(text) for hint, glued in _SYMBOL_HINTS):
        return text
    return _GLUED_SYMBOL.sub(
        lambda m: f" {_symbol(m[1])} " if m[1] in _ARROWS else _symbol(m[1]), text
    )


def clean_text(text: str) -> str:
    """NFC, TeX leftovers out, whitespace runs (hard-wrapped lines included) to one space."""
    text = unicodedata.normalize("NFC", text or "")
    # str.split() and re's \s agree on what whitespace is
    return _same(text, " ".join(strip_tex(text).split()))


def clean_line(text: str) -> str:
    """Names, tags and keywords: NFC and whitespace only (TeX rules are for prose)."""
    text = unicodedata.normalize("NFC", text or "")
    return _same(text, " ".join(text.split()))


def clean_lines(texts: list[str]) -> list[str]:
    """clean_line of each text, the texts left empty dropped.

    Most lists (names, keywords) are ASCII already clean, which one look at them all tells: words
    separated by single spaces, and no text empty or holding a line break. Those lists are kept as
    they are, rather than cleaning each name on its own.
    """
    joined = "\n".join(texts)
    if (
        all(texts)
        and joined.isascii()
        and joined.count("\n") == len(texts) - 1
        and " ".join(joined.split()) == joined.replace("\n", " ")
    ):
        return list(texts)
    return [t for t in map(clean_line, texts) if t]


def _same(text: str, cleaned: str) -> str:
    """The text as read when cleaning changed nothing: the papers as read and as cleaned then share
    it, held once in memory."""
    return text if cleaned == text else cleaned


# Texts to clean from which half are cleaned in a forked process: with fewer, the other core saves
# too little to pay for the fork.
AHEAD_FROM = 20_000
# What cleaning a text depends on besides the text: this module and pylatexenc's tables.
_CODE = hash_key([Path(__file__).read_bytes(), metadata.version("pylatexenc")])


class TextMemo:
    """Titles and abstracts as cleaned last time, by a hash of each text as read.

    Cleaning abstracts is most of normalising, and a rebuild reads mostly the same texts. The texts
    cleaning leaves as they are (most of them) are kept as their hash alone. `found_same` and
    `found_cleaned` collect this run's (all the
    next run needs); the caller saves them after a successful build, as it does the topics (tagging.TopicMemo).
    """

    version = _CODE  # a memo saved by other code is not used

    def __init__(self, same: set[str] | None = None, cleaned: dict[str, str] | None = None):
        self.same, self.cleaned = same or set(), cleaned or {}
        self.found_same: set[str] = set()
        self.found_cleaned: dict[str, str] = {}

    def clean(self, text: str, cleaner: Callable[[str], str] = clean_text) -> str:
        """clean_text(text), as remembered when it is known (else as `cleaner` gives it)."""
        key = plain_key(text)
        if key in self.same:
            self.found_same.add(key)
            return text
        cleaned = self.cleaned.get(key)
        if cleaned is None:
            cleaned = cleaner(text)
        if cleaned == text:
            self.found_same.add(key)
            return text
        self.found_cleaned[key] = cleaned
        return cleaned


def cleaned_ahead(papers: list[Paper], memo: TextMemo | None) -> dict[str, str]:
    """Every title and abstract cleaned, by text, half of them in a forked process, when all are to be
    cleaned (the memo knows none: a first build, or new cleaning code) and they are many; else {}.

    Cleaning is most of normalising, and without this it runs on one core while the other is idle.
    """
    if memo is not None and (memo.same or memo.cleaned):
        return {}
    texts = list(dict.fromkeys(text for paper in papers for text in (paper.title, paper.abstract)))
    if len(texts) < AHEAD_FROM:
        return {}
    middle = len(texts) // 2
    with Forked(partial(_changed, texts[middle:]), "text cleaning") as other:
        changed = _changed(texts[:middle])
        changed.update((middle + i, cleaned) for i, cleaned in other.wait().items())
    return {text: changed.get(i, text) for i, text in enumerate(texts)}


def _changed(texts: list[str]) -> dict[int, str]:
    """{position: clean_text(text)} of the texts cleaning changes: the few, all that comes back from
    the fork."""
    return {i: cleaned for i, text in enumerate(texts) if (cleaned := clean_text(text)) != text}


def normalize_paper(paper: Paper, clean: Callable[[str], str], words: dict[str, str]) -> Paper:
    """The paper with its title and abstract cleaned by `clean`. `words` (names and keywords met so far,
    each as itself) makes every paper that lists the same name or keyword share one string."""
    shared = words.setdefault
    return paper.evolve(
        title=clean(paper.title),
        abstract=clean(paper.abstract),
        authors=[shared(name, name) for name in clean_lines(paper.authors)],
        tags=clean_lines(paper.tags),
        keywords=[shared(word, word) for word in clean_lines(paper.keywords)],
        notes=(paper.notes or "").strip(),
        arxiv_id=clean_line(paper.arxiv_id) or None if paper.arxiv_id else None,
    )


def normalize_papers(
    papers: list[Paper], memo: TextMemo | None = None
) -> tuple[list[Paper], list[Problem]]:
    """Clean every paper; one whose title is empty once cleaned is dropped and reported.

    With a `memo`, texts cleaned before are taken from it, and it gets this run's.
    """
    kept: list[Paper] = []
    problems: list[Problem] = []
    # Authors recur across a collection's papers, keywords more so: one string for each, shared by
    # every paper that names it, takes a fraction of the memory of one string per mention.
    words: dict[str, str] = {}
    ahead = cleaned_ahead(papers, memo)
    cleaner = ahead.__getitem__ if ahead else clean_text
    clean = partial(memo.clean, cleaner=cleaner) if memo is not None else cleaner
    for number, paper in enumerate(papers, start=1):
        cleaned = normalize_paper(paper, clean, words)
        if cleaned.title:
            kept.append(cleaned)
        else:
            where = paper.sources[0] if paper.sources else f"paper {number}"
            problems.append(
                Problem(where, f"title is empty after cleaning ({paper.title!r}); skipped")
            )
    return kept, problems
