"""The code base stays lint- and type-clean and keeps its shape: ruff, mypy and the
import-linter layers contract run as part of the suite, with limits on sizes."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import REPO


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is a test dependency")
def test_ruff_is_clean() -> None:
    folders = [f for f in ("generator", "tests", "bench") if (REPO / f).is_dir()]
    result = subprocess.run(["ruff", "check", *folders], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # mypy --strict over the package: about 4 s
def test_mypy_is_clean() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "generator"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_are_kept() -> None:
    """A lower phase never imports a higher one (the contract in pyproject.toml)."""
    result = subprocess.run(["lint-imports"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_and_functions_stay_short() -> None:
    """Modules under 450 lines, functions under 60, at most 8 modules at the top: a reader
    takes a function in at once and finds a rule by the folder of its phase."""
    import ast

    package = REPO / "generator"
    top = sorted(p.name for p in package.glob("*.py"))
    assert len(top) <= 8, top
    too_long = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 450:
            too_long.append(f"{path.relative_to(REPO)}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    too_long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {length}")
    assert not too_long, "\n".join(too_long)
