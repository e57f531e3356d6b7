"""The code base stays lint- and type-clean: ruff and mypy run as part of the suite."""

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
