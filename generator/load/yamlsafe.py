"""A safe YAML reader that knows where every value came from.

PyYAML's safe loader already refuses ``!!python/...`` tags. On top of it this module
rejects duplicate keys (PyYAML silently keeps the last), bounds alias expansion so an
"alias bomb" fails fast instead of eating memory in later code, and records the line
and column of every mapping key so validators can point at the exact field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import Diagnostic

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """The C safe loader where available (fast), with marked errors for bad dates."""


def _timestamp(loader: yaml.SafeLoader, node: ScalarNode) -> object:
    """PyYAML accepts ``2026-13-45`` as a timestamp and then fails without a line number."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"invalid date `{node.value}`: {exc}", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

#: Nodes a document may expand to, counting every alias use. Real front matter has a
#: few dozen; an alias bomb has billions.
MAX_NODES = 20_000
#: Bytes of YAML we are willing to parse for one file.
MAX_YAML_BYTES = 256 * 1024

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based place in a file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Scalar:
    """How a scalar was written, to catch YAML 1.1 surprises (``no`` → false)."""

    raw: str
    tag: str
    plain: bool


@dataclass
class YamlDoc:
    """Parsed data plus where each key and value sits in the file."""

    data: object
    keys: dict[KeyPath, Pos] = field(default_factory=dict)
    values: dict[KeyPath, Pos] = field(default_factory=dict)
    scalars: dict[KeyPath, Scalar] = field(default_factory=dict)
    start: Pos = Pos(1, 1)

    def pos(self, path: KeyPath) -> Pos:
        """The best place to report a problem with ``path``: its value, key, or parent."""
        while path:
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.start

    def key_pos(self, path: KeyPath) -> Pos:
        return self.keys.get(path) or self.pos(path)


#: One object per distinct place, scalar and key path: the same few positions, values
#: and paths (``(2, 1)``, ``published``, ``("title",)``) recur in every file, and a
#: shared object is stored once wherever the parse is kept (``incremental.store``).
_pos = lru_cache(maxsize=4096)(Pos)
_scalar = lru_cache(maxsize=65536)(Scalar)
_PATHS: dict[KeyPath, KeyPath] = {}


def _path(kp: KeyPath) -> KeyPath:
    """The one object for a key path (``("kpi", "target")``), while there are few."""
    found = _PATHS.get(kp)
    if found is None:
        found = _PATHS.setdefault(kp, kp) if len(_PATHS) < 65536 else kp
    return found


class _Walker:
    """Walks the composed node graph once, as a consumer that expands aliases would."""

    def __init__(self, doc: YamlDoc, line_offset: int, path: str) -> None:
        self.doc = doc
        self.offset = line_offset
        self.path = path
        self.count = 0
        self.problems: list[Diagnostic] = []

    def at(self, node: Node) -> Pos:
        mark = node.start_mark
        return _pos(mark.line + self.offset, mark.column + 1)

    def walk(self, node: Node, key_path: KeyPath) -> bool:
        """Record the place of every value and key below ``node``; False (with a
        diagnostic) once the document expands to more than ``MAX_NODES`` values."""
        stack: list[tuple[Node, KeyPath]] = [(node, key_path)]
        while stack:
            node, kp = stack.pop()
            self.count += 1
            if self.count > MAX_NODES:
                self.problems.append(self._too_large(node))
                return False
            self.doc.values.setdefault(kp, self.at(node))
            if isinstance(node, ScalarNode):
                self.doc.scalars.setdefault(kp, _scalar(node.value, node.tag, not node.style))
            elif isinstance(node, SequenceNode):
                for index, child in enumerate(node.value):
                    stack.append((child, _path((*kp, index))))
            elif isinstance(node, MappingNode):
                stack.extend(self._mapping(node, kp))
        return True

    def _mapping(self, node: MappingNode, kp: KeyPath) -> list[tuple[Node, KeyPath]]:
        """Record the keys of one mapping and report a key set twice (PyYAML would keep
        the last silently); returns the nodes still to walk."""
        todo: list[tuple[Node, KeyPath]] = []
        seen: dict[str, Pos] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                todo.append((key_node, kp))
                todo.append((value_node, kp))
                continue
            key = key_node.value
            pos = self.at(key_node)
            if key in seen and key != "<<":
                self.problems.append(
                    Diagnostic(
                        self.path,
                        pos.line,
                        pos.column,
                        "error",
                        "duplicate-key",
                        f"duplicate key `{key}` (first set on line {seen[key].line})",
                        "remove one of the two lines",
                    )
                )
            seen.setdefault(key, pos)
            child_path = _path((*kp, key))
            self.doc.keys.setdefault(child_path, pos)
            todo.append((value_node, child_path))
        return todo

    def _too_large(self, node: Node) -> Diagnostic:
        pos = self.at(node)
        return Diagnostic(
            self.path,
            pos.line,
            pos.column,
            "error",
            "yaml-too-large",
            f"front matter expands to more than {MAX_NODES} values (too many aliases?)",
            "write the values out instead of repeating anchors",
        )


def load_yaml(
    text: str, path: str, *, first_line: int = 1
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse one YAML document; ``first_line`` is the file line where ``text`` starts."""
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        return None, [
            Diagnostic(
                path,
                first_line,
                1,
                "error",
                "yaml-too-large",
                f"front matter is {size // 1024} KiB; the limit is {MAX_YAML_BYTES // 1024} KiB",
                "move long text into the Markdown body",
            )
        ]
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
            doc = YamlDoc(data=None, start=Pos(first_line, 1))
            if node is None:
                return doc, []
            walker = _Walker(doc, first_line, path)
            if not walker.walk(node, ()) or walker.problems:
                return None, walker.problems
            doc.data = loader.construct_document(node)
            return doc, []
        except yaml.MarkedYAMLError as exc:
            return None, [_yaml_problem(exc, text, path, first_line)]
        except yaml.YAMLError as exc:
            return None, [Diagnostic(path, first_line, 1, "error", "yaml-syntax", str(exc))]
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            # e.g. a timestamp such as 2026-13-45 that the resolver accepts but
            # datetime refuses, or an unhashable key such as `? [a]`.
            return None, [
                Diagnostic(path, first_line, 1, "error", "yaml-value", f"invalid YAML value: {exc}")
            ]
    finally:
        loader.dispose()


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> Diagnostic:
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    line_index = mark.line if mark else 0
    column = (mark.column if mark else 0) + 1
    if line_index >= len(lines) - 1:
        # The parser ran into the end of the front matter (an unclosed `[` or quote):
        # point at the end of the last line that has something on it.
        filled = [i for i, text_line in enumerate(lines) if text_line.strip()] or [0]
        line_index = filled[-1]
        column = len(lines[line_index]) + 1
    line = line_index + first_line
    problem = exc.problem or exc.context or "invalid YAML"
    if (
        exc.context
        and exc.context_mark is not None
        and exc.problem
        and exc.context_mark.line < len(lines) - 1
    ):
        problem = f"{problem} ({exc.context} on line {exc.context_mark.line + first_line})"
    hint: str | None = None
    source_line = lines[line_index] if line_index < len(lines) else ""
    if "\t" in source_line or "tab" in problem:
        hint = "YAML does not allow tabs for indentation; use spaces"
    elif isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        problem = f"unsupported YAML tag: {problem}"
        hint = "plansite reads plain YAML only; remove the `!!` tag"
    elif "mapping values are not allowed" in problem:
        hint = 'a value containing ": " must be quoted, e.g. title: "Q3: launch"'
    return Diagnostic(path, line, column, "error", "yaml-syntax", f"invalid YAML: {problem}", hint)
