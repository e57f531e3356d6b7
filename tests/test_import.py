"""`plansite import`: a spreadsheet becomes items; bad rows are reported and skipped."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import MakeProject
from tests.helpers import run


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def test_500_rows_with_a_few_bad_ones(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    rows = [["Title", "Persona", "Stage", "Channel", "Publish date", "Status", "Owner", "Notes"]]
    for n in range(500):
        rows.append(
            [
                f"Piece {n}",
                "cfo",
                "awareness",
                "blog",
                f"2027-01-{n % 28 + 1:02d}",
                "planned",
                "aiko",
                f"What piece {n} says.",
            ]
        )
    rows[10][1] = "ceo"  # line 11: unknown persona
    rows[20][4] = "next week"  # line 21: bad date
    rows[30][5] = "pubished"  # line 31: unknown status
    rows[40][0] = ""  # line 41: no title
    sheet = write_csv(tmp_path / "plan.csv", rows)
    result = run("--project", root, "import", sheet)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [int(line.split(":")[1]) for line in errors] == [11, 21, 31, 41]
    assert "did you mean `cfo`?" in errors[0]
    assert "496 of 500 rows written; 4 bad rows skipped" in result.stderr
    assert len(list((root / "content/blog").glob("piece-*.md"))) == 496
    assert run("--project", root, "check", "--strict").exit_code == 0


def test_japanese_headers_and_shift_jis(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    rows = [
        ["タイトル", "ペルソナ", "ステージ", "チャネル", "公開日", "ステータス", "担当者"],
        ["経費精算の見直し方", "cfo", "awareness", "blog", "2027/1/8", "公開済み", "佐藤"],
    ]
    sheet = write_csv(tmp_path / "plan.csv", rows, encoding="cp932")
    refused = run("--project", root, "import", sheet)
    assert refused.exit_code == 1 and "--encoding shift_jis" in refused.stderr
    result = run("--project", root, "import", sheet, "--encoding", "shift_jis")
    assert result.exit_code == 0, result.output
    (path,) = (root / "content/blog").glob("経費精算*.md")
    text = path.read_text(encoding="utf-8")
    assert "title: 経費精算の見直し方" in text and "status: published" in text
    assert "date: 2027-01-08" in text
    assert run("--project", root, "check", "--strict").exit_code == 0


def test_dry_run_writes_nothing(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    sheet = write_csv(
        tmp_path / "plan.csv",
        [["title", "persona", "stage", "channel"], ["One", "cfo", "awareness", "blog"]],
    )
    result = run("--project", root, "import", sheet, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("content/blog/one.md")
    assert result.stdout.startswith("would write ")
    assert not (root / "content/blog/one.md").exists()


def test_missing_columns_and_unknown_columns(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    sheet = write_csv(tmp_path / "plan.csv", [["title", "persona", "colour"], ["One", "cfo", "x"]])
    result = run("--project", root, "import", sheet)
    assert result.exit_code == 1
    assert "no column for stage, channel" in result.stderr
    assert "column `colour` is not a plansite field" in result.stderr


def test_never_overwrites(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "content/blog/first-post.md": "---\ntitle: Keep\npersona: cfo\n"
            "stage: awareness\nchannel: blog\n---\nMine\n"
        }
    )
    sheet = write_csv(
        tmp_path / "plan.csv",
        [["title", "persona", "stage", "channel"], ["First post", "cfo", "awareness", "blog"]],
    )
    assert run("--project", root, "import", sheet).exit_code == 0
    assert "Mine" in (root / "content/blog/first-post.md").read_text(encoding="utf-8")
    assert (root / "content/blog/first-post-2.md").is_file()
