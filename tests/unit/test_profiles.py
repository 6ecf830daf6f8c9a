import unicodedata
from pathlib import Path

import pytest

from auditor.errors import UsageError, ValidationFailed
from auditor.metadata import CheckMeta
from auditor.outcome import passed
from auditor.outputs.sources_doc import sources_markdown
from auditor.profiles import load_profile, profile_paths
from auditor.registry import Check, load_checks
from auditor.standards import load_sources


def make_check(check_id: str, area: str, tags: list[str], threshold: int = 5) -> Check:
    text = {"vi": "x", "en": "x"}
    meta = CheckMeta.model_validate(
        {
            "id": check_id,
            "title": text,
            "area": area,
            "severity": "low",
            "rationale": text,
            "remediation": text,
            "references": {"controls": ["X-01"]},
            "facts": ["clock"],
            "tags": tags,
            "parameters": {
                "threshold": {"default": threshold, "description": text, "source": "test"},
                "names": {"default": ["a"], "description": text, "source": "test"},
            },
        }
    )
    return Check(meta, lambda facts, params: passed("ok"), "test")


CHECKS = {
    c.id: c
    for c in (
        make_check("a_ssh", "credentials", ["ssh"]),
        make_check("b_log", "logging", []),
        make_check("c_net", "network", ["ssh"]),
        make_check("d_patch", "patching", []),
    )
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


TITLE = "title: {vi: Hồ sơ, en: Profile}\n"


def test_root_profile_without_include_selects_every_check(tmp_path):
    p = load_profile(str(write(tmp_path, "all", f"id: all\n{TITLE}")), CHECKS)
    assert [c.id for c in p.checks] == ["a_ssh", "b_log", "c_net", "d_patch"]
    assert p.params_for(CHECKS["a_ssh"]) == {"threshold": 5, "names": ["a"]}


def test_include_and_exclude_by_id_area_and_tag(tmp_path):
    text = f"""id: some
{TITLE}include: {{areas: [credentials, logging], tags: [ssh]}}
exclude: {{ids: [b_log]}}
"""
    p = load_profile(str(write(tmp_path, "some", text)), CHECKS)
    assert [c.id for c in p.checks] == ["a_ssh", "c_net"]


def test_extends_inherits_selection_and_parameters_then_overrides(tmp_path):
    write(
        tmp_path,
        "base",
        f"id: base\n{TITLE}exclude: {{areas: [patching]}}\n"
        "parameters: {a_ssh: {threshold: 3, names: [x]}}\n",
    )
    child = write(
        tmp_path,
        "child",
        f"id: child\n{TITLE}extends: {tmp_path / 'base.yaml'}\n"
        "exclude: {ids: [c_net]}\ninclude: {ids: [d_patch]}\n"
        "parameters: {a_ssh: {threshold: 1}, b_log: {threshold: 9}}\n",
    )
    p = load_profile(str(child), CHECKS)
    assert [c.id for c in p.checks] == ["a_ssh", "b_log", "d_patch"]
    assert p.params_for(CHECKS["a_ssh"]) == {"threshold": 1, "names": ["x"]}
    assert p.params_for(CHECKS["b_log"])["threshold"] == 9


def test_unknown_checks_parameters_and_wrong_types_are_all_reported(tmp_path):
    text = f"""id: bad
{TITLE}include: {{ids: [nope]}}
parameters:
  a_ssh: {{threshold: many, colour: red}}
  ghost: {{x: 1}}
"""
    with pytest.raises(ValidationFailed) as err:
        load_profile(str(write(tmp_path, "bad", text)), CHECKS)
    problems = "\n".join(err.value.lines("en"))
    assert "bad.yaml:3: include.ids[0]: unknown check 'nope'" in problems
    assert "parameters.a_ssh.threshold: expected a number, got 'many'" in problems
    assert "parameters.a_ssh.colour: unknown parameter" in problems
    assert "parameters.ghost: unknown check" in problems


def test_schema_problems_have_lines(tmp_path):
    with pytest.raises(ValidationFailed) as err:
        load_profile(
            str(write(tmp_path, "x", f"id: x\n{TITLE}include: {{areas: [weather]}}\n")), CHECKS
        )
    assert any(":3: include.areas[0]:" in p for p in err.value.lines("en"))


def test_extends_cycle_is_an_error(tmp_path):
    write(tmp_path, "one", f"id: one\n{TITLE}extends: {tmp_path / 'two.yaml'}\n")
    write(tmp_path, "two", f"id: two\n{TITLE}extends: {tmp_path / 'one.yaml'}\n")
    with pytest.raises(ValidationFailed, match="problem"):
        load_profile(str(tmp_path / "one.yaml"), CHECKS)


def test_unknown_profile_name():
    with pytest.raises(UsageError, match=r"unknown profile 'nope'.*de-an-06"):
        load_profile("nope", CHECKS)


def test_builtin_profiles_are_valid_and_default_runs_every_check():
    checks = load_checks()
    assert "de-an-06" in profile_paths()
    for pid in profile_paths():
        load_profile(pid, checks)
    assert {c.id for c in load_profile("de-an-06", checks).checks} <= set(checks)


SHIPPED = [
    "de-an-06",
    "tcvn-11930-level3",
    "tcvn-11930-level4",
    "tcvn-14423-level3",
    "tcvn-14423-level4",
]


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_shipped_profiles_map_every_check_to_a_requirement(profile_id):
    checks = load_checks()
    p = load_profile(profile_id, checks)
    required = {c for r in p.requirements for c in r.check_ids()}
    assert required == set(checks), sorted(set(checks) - required)
    assert any(r.manual for r in p.requirements)
    for req in p.requirements:
        for text in (req.title.vi, req.title.en, req.description.vi, req.description.en):
            assert text == unicodedata.normalize("NFC", text) and text.strip()
        for e in req.evidence:
            assert not e.parameters or e.source is not None
    roles = {role: {c.id for c in p.checks_for(role)} for role in ("server", "terminal")}
    assert roles["server"] != roles["terminal"]  # terminal-only checks, at least
    assert p.model.level in (3, 4)


def test_the_default_profile_asks_the_quarterly_questions_and_differs_by_role():
    p = load_profile("de-an-06", load_checks())
    manual = [r for r in p.requirements if r.manual]
    assert len(manual) >= 4 and all(r.questions for r in manual)
    idle = load_checks()["shell_idle_timeout"]
    assert p.params_for(idle, "server") != p.params_for(idle, "terminal")


def test_level_4_is_at_least_as_strict_as_level_3():
    checks = load_checks()
    for low, high in (
        ("tcvn-11930-level3", "tcvn-11930-level4"),
        ("tcvn-14423-level3", "tcvn-14423-level4"),
    ):
        p3, p4 = load_profile(low, checks), load_profile(high, checks)
        retention = checks["log_retention"]
        assert (
            p4.params_for(retention, "server")["months"]
            >= p3.params_for(retention, "server")["months"]
        )
        assert all(
            r.clause != s.clause
            for r in p4.requirements
            for s in p3.requirements
            if r.id == s.id and not r.manual
        )


def test_docs_sources_is_current():
    doc = Path(__file__).resolve().parents[2] / "docs" / "sources.md"
    assert doc.read_text(encoding="utf-8") == sources_markdown(), (
        "regenerate with: auditor profiles sources > docs/sources.md"
    )
    for source in load_sources().values():
        assert source.grade in ("V", "P", "I") and source.summary
