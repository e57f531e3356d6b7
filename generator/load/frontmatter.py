"""Split a Markdown file into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

_OPEN = "---"
_CLOSE = ("---", "...")


@dataclass(frozen=True, slots=True)
class Split:
    """The two halves of a file; ``yaml`` is None when the file has no front matter."""

    yaml: str | None
    yaml_line: int  # file line of the first YAML line
    body: str
    body_line: int  # file line of the first body line
    unclosed: bool = False


def split_front_matter(text: str) -> Split:
    """``text`` has LF line endings and no BOM (see ``sources.decode``)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _OPEN:
        return Split(None, 1, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSE:
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return Split(yaml_text, 2, body, index + 2)
    return Split(None, 1, "", 1, unclosed=True)
