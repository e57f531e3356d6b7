"""Read one Markdown file: decode it, split its YAML front matter from its body (keeping
line numbers), and parse the front matter."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic
from generator.load.sources import SourceFile, read_text
from generator.load.yamlsafe import YamlDoc, load_yaml

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


def read_markdown(source: SourceFile, *, require_front_matter: bool = True) -> Parsed:
    """Decode, split and parse one Markdown file."""
    text, problems = read_text(source)
    parsed = Parsed(source, None, diagnostics=problems)
    if text is None:
        return parsed
    split = split_front_matter(text)
    if split.unclosed:
        parsed.diagnostics.append(
            Diagnostic(
                source.rel,
                1,
                1,
                "error",
                "front-matter",
                "front matter opened with `---` on line 1 is never closed",
                "add a line with `---` after the last YAML line",
            )
        )
        return parsed
    parsed.body, parsed.body_line = split.body, split.body_line
    body_bytes = len(split.body.encode("utf-8"))
    if body_bytes > MAX_BODY_BYTES:
        parsed.diagnostics.append(
            Diagnostic(
                source.rel,
                split.body_line,
                1,
                "error",
                "body-too-large",
                f"the body is {body_bytes / 2**20:.1f} MiB; the limit is "
                f"{MAX_BODY_BYTES // 2**20} MiB",
                "split it into several items",
            )
        )
        parsed.body = ""
    if split.yaml is None:
        if require_front_matter:
            parsed.diagnostics.append(
                Diagnostic(
                    source.rel,
                    1,
                    1,
                    "error",
                    "front-matter",
                    "missing front matter: the file must start with a `---` line",
                    "start the file with ---, the YAML fields, then ---",
                )
            )
        return parsed
    doc, problems = load_yaml(split.yaml, source.rel, first_line=split.yaml_line)
    parsed.diagnostics.extend(problems)
    if doc is not None and not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        parsed.diagnostics.append(
            Diagnostic(
                source.rel,
                doc.start.line,
                1,
                "error",
                "front-matter",
                f"front matter must be a mapping of fields, but it is {what}",
            )
        )
        return parsed
    parsed.doc = doc
    return parsed
