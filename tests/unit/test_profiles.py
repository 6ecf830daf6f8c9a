from pathlib import Path

import pytest

from auditor.errors import UsageError, ValidationFailed
from auditor.metadata import CheckMeta
from auditor.outcome import passed
from auditor.profiles import load_profile, profile_paths
from auditor.registry import Check, load_checks


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
    problems = "\n".join(err.value.problems)
    assert "bad.yaml:3: include.ids[0]: unknown check 'nope'" in problems
    assert "parameters.a_ssh.threshold: expected a number, got 'many'" in problems
    assert "parameters.a_ssh.colour: unknown parameter" in problems
    assert "parameters.ghost: unknown check" in problems


def test_schema_problems_have_lines(tmp_path):
    with pytest.raises(ValidationFailed) as err:
        load_profile(
            str(write(tmp_path, "x", f"id: x\n{TITLE}include: {{areas: [weather]}}\n")), CHECKS
        )
    assert any(":3: include.areas[0]:" in p for p in err.value.problems)


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
