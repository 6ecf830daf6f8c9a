"""docs/coverage.md is generated from the checks' CIS references and the benchmark's list, and
every reference to a recommendation in the covered sections names a real one."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.coverage import EQUIVALENT_FILES, citations, coverage, load_benchmark, share
from auditor.registry import load_checks

DOC = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"


def test_the_coverage_document_is_current():
    generated = CliRunner().invoke(main, ["checks", "coverage"]).stdout
    assert DOC.read_text(encoding="utf-8") == generated, (
        "run: auditor checks coverage > docs/coverage.md"
    )


def test_every_cited_recommendation_of_the_covered_sections_exists():
    benchmarks = [load_benchmark(), *map(load_benchmark, EQUIVALENT_FILES)]
    for benchmark in benchmarks:
        known = {r.id for r in benchmark.recommendations}
        in_scope = [s for s, _ in benchmark.sections]
        unknown = {
            number: checks
            for number, checks in citations(benchmark, load_checks()).items()
            if any(number == s or number.startswith(f"{s}.") for s in in_scope)
            and number not in known
        }
        assert not unknown, f"checks cite {benchmark.name} numbers it does not have: {unknown}"
    prefixes = tuple(f"{b.cited_as} " for b in benchmarks)
    stray = [
        (check.id, ref)
        for check in load_checks().values()
        for ref in check.meta.references.get("cis", [])
        if not ref.startswith(prefixes)
    ]
    assert not stray, f"CIS references naming no known benchmark: {stray}"


def test_the_benchmark_list_is_consistent():
    benchmark = load_benchmark()
    ids = [r.id for r in benchmark.recommendations]
    assert len(ids) == len(set(ids))
    assert all(benchmark.section_of(r) for r in benchmark.recommendations)
    rows = coverage(benchmark, load_checks())
    covered, total = share(rows)
    assert total >= 100 and 0 < covered <= total
    assert all(r.recommendation.declined for r in rows if r.state == "declined")


def test_each_equivalent_benchmark_follows_real_recommendations_and_inherits_their_checks():
    debian = {c.recommendation.id: c for c in coverage(load_benchmark(), load_checks())}
    for name in EQUIVALENT_FILES:
        other = load_benchmark(name)
        assert other.equivalent_of == load_benchmark().file
        ids = [r.id for r in other.recommendations]
        assert len(ids) == len(set(ids))
        for row in coverage(other, load_checks()):
            same = row.recommendation.same_as
            if same is None:
                continue
            assert same in debian, f"{name} {row.recommendation.id}: no Debian {same}"
            assert set(debian[same].checks) <= set(row.checks)
            assert row.declined == (row.recommendation.declined or debian[same].declined)
