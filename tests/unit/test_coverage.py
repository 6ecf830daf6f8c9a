"""docs/coverage.md is generated from the checks' CIS references and the benchmark's list, and
every reference to a recommendation in the covered sections names a real one."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.coverage import citations, coverage, load_benchmark, share
from auditor.registry import load_checks

DOC = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"


def test_the_coverage_document_is_current():
    generated = CliRunner().invoke(main, ["checks", "coverage"]).stdout
    assert DOC.read_text(encoding="utf-8") == generated, (
        "run: auditor checks coverage > docs/coverage.md"
    )


def test_every_cited_recommendation_of_the_covered_sections_exists():
    benchmark = load_benchmark()
    known = {r.id for r in benchmark.recommendations}
    in_scope = [s for s, _ in benchmark.sections]
    unknown = {
        number: checks
        for number, checks in citations(benchmark, load_checks()).items()
        if any(number == s or number.startswith(f"{s}.") for s in in_scope) and number not in known
    }
    assert not unknown, f"checks cite recommendations the benchmark does not have: {unknown}"


def test_the_benchmark_list_is_consistent():
    benchmark = load_benchmark()
    ids = [r.id for r in benchmark.recommendations]
    assert len(ids) == len(set(ids))
    assert all(benchmark.section_of(r) for r in benchmark.recommendations)
    rows = coverage(benchmark, load_checks())
    covered, total = share(rows)
    assert total >= 100 and 0 < covered <= total
    assert all(r.recommendation.declined for r in rows if r.state == "declined")
