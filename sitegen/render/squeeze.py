"""Generated HTML with the indentation of Material's templates squeezed out, the way a browser
reads it: white space is significant only inside <pre> and <textarea>, and a run of it that holds a
line break renders as that line break does. Character references are never touched (which
minifiers do)."""

from __future__ import annotations

import re

VERBATIM = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)


def squeeze_indentation(html: str) -> str:
    """Each run of white space that holds a line break becomes that line break, outside <pre> and <textarea>."""
    parts = VERBATIM.split(html)
    return "".join(part if i % 2 else _squeeze(part) for i, part in enumerate(parts))


def _squeeze(text: str) -> str:
    r"""re.sub(r"[ \t]*\n\s*", "\n", text), line by line: a line's leading white space and its trailing
    spaces and tabs go, and so does a line left empty (str.strip and re's \s agree on what white
    space is), which runs in a fraction of the pattern's time on the long lists of listing pages,
    whose blocks a rebuild also squeezes to find them in the live pages (reuse.py)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [lines[0].rstrip(" \t")]
    for line in lines[1:-1]:
        if line := line.lstrip():
            kept.append(line.rstrip(" \t"))
    kept.append(lines[-1].lstrip())
    return "\n".join(kept)
