"""Read one Markdown file: decode it, split its YAML front matter from its body (keeping
line numbers), and parse the front matter."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic
from generator.load.sources import SourceFile, read_text
from generator.load.yamlsafe import YamlDoc, load_yaml
from generator.text import clean

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


#: A body bigger than this is refused at load: a content item is an outline or an
#: article, and Markdown rendering time grows with size.
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass
class Parsed:
    """A file's front matter, parsed, or the reason it could not be."""

    source: SourceFile
    doc: YamlDoc | None
    body: str = ""
    body_line: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The body was there but refused (too large): it is not "empty", and must not be
    #: reported as such next to the size error.
    body_refused: bool = False


def read_markdown(source: SourceFile, *, require_front_matter: bool = True) -> Parsed:
    """Decode, split and parse one Markdown file. Every problem becomes a diagnostic in
    the result; ``doc`` stays None when the front matter cannot be used."""
    text, problems = read_text(source)
    parsed = Parsed(source, None, diagnostics=problems)
    if text is None:
        return parsed
    split = split_front_matter(text)
    if split.unclosed:
        parsed.diagnostics.append(
            _front_matter_problem(
                source.rel,
                1,
                "front matter opened with `---` on line 1 is never closed",
                "add a line with `---` after the last YAML line",
            )
        )
        return parsed
    _take_body(parsed, split)
    if split.yaml is None:
        if require_front_matter:
            parsed.diagnostics.append(
                _front_matter_problem(
                    source.rel,
                    1,
                    "missing front matter: the file must start with a `---` line",
                    "start the file with ---, the YAML fields, then ---",
                )
            )
        return parsed
    parsed.doc = _parse_front_matter(parsed, split.yaml, split.yaml_line)
    return parsed


def body_text(split: Split) -> str | None:
    """The body as every output may hold it: line breaks made line feeds, other control
    characters but tab removed (``text.clean``); None when it is refused, being over
    ``MAX_BODY_BYTES``."""
    if len(split.body.encode("utf-8")) > MAX_BODY_BYTES:
        return None
    return clean(split.body)


def _take_body(parsed: Parsed, split: Split) -> None:
    """Keep the body and where it starts; refuse one over ``MAX_BODY_BYTES`` (the file's
    front matter is still read, so its other problems are reported in the same run)."""
    body = body_text(split)
    parsed.body, parsed.body_line = body or "", split.body_line
    if body is None:
        body_bytes = len(split.body.encode("utf-8"))
        parsed.diagnostics.append(
            Diagnostic(
                parsed.source.rel,
                split.body_line,
                1,
                "error",
                "body-too-large",
                f"the body is {body_bytes / 2**20:.1f} MiB; the limit is "
                f"{MAX_BODY_BYTES // 2**20} MiB",
                "split it into several items",
            )
        )
        parsed.body_refused = True


def _parse_front_matter(parsed: Parsed, yaml_text: str, first_line: int) -> YamlDoc | None:
    """The parsed front matter, or None (with diagnostics) when it is not valid YAML or
    not a mapping of fields."""
    rel = parsed.source.rel
    doc, problems = load_yaml(yaml_text, rel, first_line=first_line)
    parsed.diagnostics.extend(problems)
    if doc is not None and not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        parsed.diagnostics.append(
            _front_matter_problem(
                rel, doc.start.line, f"front matter must be a mapping of fields, but it is {what}"
            )
        )
        return None
    return doc


def _front_matter_problem(rel: str, line: int, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(rel, line, 1, "error", "front-matter", message, hint)
