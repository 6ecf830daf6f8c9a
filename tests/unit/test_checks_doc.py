from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.registry import load_checks

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_docs_checks_md_is_generated_from_current_metadata():
    generated = CliRunner().invoke(main, ["checks", "list", "--format", "markdown"]).stdout
    assert DOC.read_text(encoding="utf-8") == generated, (
        "docs/checks.md is stale: run 'auditor checks list --format markdown > docs/checks.md'"
    )


def test_every_check_is_a_row_with_its_references():
    text = DOC.read_text(encoding="utf-8")
    for check in load_checks().values():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{check.id}` |"))
        assert f"| {check.meta.area} | {check.meta.severity} |" in row
        assert check.meta.references["controls"][0] in row
