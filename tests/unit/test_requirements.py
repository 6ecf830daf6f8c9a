"""Profiles as requirement mappings: role variants, thresholds with sources, inheritance by
requirement id, local rules, and validation that names the file and line of every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.audit import ScanPlan
from auditor.errors import ValidationFailed
from auditor.profiles import load_profile
from tests.unit.test_profiles import CHECKS, make_check

TITLE = "title: {vi: Hồ sơ, en: Profile}\n"
REQ = "title: {vi: Yêu cầu, en: Requirement}\n    description: {vi: Mô tả, en: Description}\n"
CATALOGUE = {**CHECKS, "e_term": make_check("e_term", "system", ["terminal-data"])}


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


BASE = f"""id: base
{TITLE}level: 3
requirements:
  - id: ACC-01
    {REQ}    clause: "7.2.2.1"
    checks:
      - check: a_ssh
        roles: [server]
        parameters: {{threshold: 3}}
        source: {{ref: tt-46-2022, clause: "Điều 6.2.đ"}}
      - check: a_ssh
        roles: [terminal]
        parameters: {{threshold: 7}}
        source: {{ref: tt-46-2022, clause: "Điều 6.2.đ", grade: I}}
      - check: b_log
  - id: DATA-01
    {REQ}    clause: "7.1.5.4"
    roles: [terminal]
    checks:
      - check: e_term
  - id: INSP-01
    {REQ}    clause: "Điều 6.2.d"
    manual: true
    questions:
      - {{vi: "Thiết bị đặt ở nơi an toàn?", en: "Are the devices kept in a secure place?"}}
"""


def test_each_role_gets_its_checks_and_thresholds(tmp_path):
    p = load_profile(write(tmp_path, "base", BASE), CATALOGUE)
    assert [c.id for c in p.checks_for("server")] == ["a_ssh", "b_log"]
    assert [c.id for c in p.checks_for("terminal")] == ["a_ssh", "b_log", "e_term"]
    assert p.params_for(CATALOGUE["a_ssh"], "server")["threshold"] == 3
    assert p.params_for(CATALOGUE["a_ssh"], "terminal")["threshold"] == 7
    assert p.params_for(CATALOGUE["b_log"], "server")["threshold"] == 5  # the check's default
    acc = p.requirement("ACC-01")
    assert acc is not None and acc.check_ids("server") == ["a_ssh", "b_log"]
    assert acc.evidence[1].source is not None and acc.evidence[1].source.grade_of() == "I"
    assert acc.evidence[0].source is not None and acc.evidence[0].source.grade_of() == "P"
    manual = p.requirement("INSP-01")
    assert manual is not None and manual.manual and manual.check_ids() == []
    content = p.content()
    assert content["checks"]["a_ssh"] == {
        "server": {"threshold": 3, "names": ["a"]},
        "terminal": {"threshold": 7, "names": ["a"]},
    }
    assert [r["id"] for r in content["requirements"]] == ["ACC-01", "DATA-01", "INSP-01"]
    assert p.digest == load_profile(write(tmp_path, "base", BASE), CATALOGUE).digest


def test_a_child_replaces_requirements_by_id_excludes_and_overrides(tmp_path):
    write(tmp_path, "base", BASE)
    child = write(
        tmp_path,
        "child",
        f"""id: child
{TITLE}extends: base.yaml
requirements:
  - id: ACC-01
    {REQ}    clause: "8.2.2.1"
    checks:
      - check: a_ssh
        parameters: {{threshold: 2}}
        source: {{ref: tt-46-2022}}
exclude: {{requirements: [DATA-01]}}
parameters: {{a_ssh: {{names: [z]}}}}
""",
    )
    p = load_profile(child, CATALOGUE)
    assert [r.id for r in p.requirements] == ["ACC-01", "INSP-01"]
    assert p.requirement("ACC-01").clause == "8.2.2.1"  # type: ignore[union-attr]
    assert [c.id for c in p.checks] == ["a_ssh"]
    assert p.params_for(CATALOGUE["a_ssh"], "terminal") == {"threshold": 2, "names": ["z"]}
    assert p.chain == ("child", "base")


def _problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(ValidationFailed) as err:
        load_profile(write(tmp_path, "bad", text), CATALOGUE)
    return "\n".join(err.value.lines("en"))


def test_validation_reports_every_problem_with_its_line(tmp_path):
    problems = _problems(
        tmp_path,
        f"""id: bad
{TITLE}requirements:
  - id: ACC-01
    {REQ}    clause: "1"
    roles: [server]
    checks:
      - check: nope
      - check: a_ssh
        roles: [terminal]
      - check: b_log
        parameters: {{threshold: -1, colour: red}}
        source: {{ref: no-such-source}}
      - check: c_net
        parameters: {{threshold: 2}}
  - id: NET-01
    {REQ}    clause: "2"
    checks:
      - check: c_net
        parameters: {{threshold: 4}}
        source: {{ref: tt-46-2022}}
include: {{ids: [d_patch]}}
exclude: {{tags: [weather], requirements: [LOG-09]}}
parameters: {{e_term: {{threshold: 1}}}}
""",
    )
    expected = [
        "bad.yaml:10: requirements[0].checks[0].check: unknown check 'nope'",
        "bad.yaml:12: requirements[0].checks[1].roles: roles terminal are not roles of "
        "requirement ACC-01",
        "bad.yaml:14: requirements[0].checks[2].parameters.threshold: -1 is out of range",
        "bad.yaml:14: requirements[0].checks[2].parameters.colour: unknown parameter of b_log",
        "bad.yaml:15: requirements[0].checks[2].source.ref: unknown source 'no-such-source'",
        "bad.yaml:17: requirements[0].checks[3].parameters: thresholds need a source",
        "bad.yaml:26: include: check 'd_patch' belongs to no requirement",
        "bad.yaml:27: exclude.tags[0]: no check has tag 'weather'",
        "bad.yaml:27: exclude.requirements[0]: unknown requirement 'LOG-09'",
        "bad.yaml:28: parameters.e_term: the profile does not run this check",
        "requirements ACC-01 and NET-01 set c_net.threshold differently for a server (2 and 4)",
    ]
    for line in expected:
        assert line in problems, f"missing: {line}\n{problems}"


def test_requirement_schema_problems(tmp_path):
    problems = _problems(
        tmp_path,
        f"""id: bad
{TITLE}requirements:
  - id: acc1
    {REQ}    clause: "1"
    checks: [{{check: a_ssh}}]
  - id: INSP-02
    {REQ}    clause: "2"
    manual: true
""",
    )
    assert "bad.yaml:4: requirements[0].id: must match ^[A-Z]" in problems
    assert "bad.yaml:9: requirements[1]: a manual requirement has questions" in problems


def test_local_rules_are_checks_of_the_profile_run_in_the_one_script(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: local_motd_owner\n"
        "    title: {vi: Chủ tệp motd, en: motd owner}\n"
        "    area: system\n    severity: low\n"
        "    file: {path: /etc/motd, owner: root}\n",
        encoding="utf-8",
    )
    text = BASE.replace(
        "      - check: b_log\n", "      - check: b_log\n      - check: local_motd_owner\n"
    )
    text += "rule_files: [rules.yaml]\n"
    p = load_profile(write(tmp_path, "local", text), CATALOGUE)
    assert "local_motd_owner" in [c.id for c in p.checks_for("server")]
    assert [r.id for r in p.local_rules] == ["local_motd_owner"]
    plan = ScanPlan.of(p)
    assert "local_local_motd_owner" in [c.name for c in plan.collectors]
    assert p.content()["rules"][0]["file"]["path"] == "/etc/motd"


def test_a_local_rule_may_not_take_a_check_id_and_is_validated_with_lines(tmp_path):
    problems = _problems(
        tmp_path,
        f"""id: bad
{TITLE}rules:
  - id: a_ssh
    title: {{vi: x, en: x}}
    area: system
    severity: low
    file: {{path: /etc/motd}}
""",
    )
    assert "bad.yaml:4: rules[0].id: 'a_ssh' is already a check id" in problems
    kinds = _problems(
        tmp_path,
        f"id: bad\n{TITLE}rules:\n  - {{id: local_two, title: {{vi: x, en: x}}, area: system, "
        "severity: low}\n",
    )
    assert "bad.yaml:4: rules[0]: a rule needs exactly one of file, setting, command" in kinds


def test_the_readme_local_rules_load_and_run_in_one_script(tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Local rules without Python", 1)[1].split("```yaml\n", 1)[1]
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(block.split("```", 1)[0], encoding="utf-8")
    profile = write(
        tmp_path,
        "readme",
        f"id: readme\n{TITLE}include: {{ids: [a_ssh]}}\nrule_files: [rules.yaml]\n",
    )
    p = load_profile(profile, CATALOGUE)
    assert [r.id for r in p.local_rules] == [
        "local_sshd_banner", "local_issue_net_owner", "local_chrony_enabled"]  # fmt: skip
    assert [c.id for c in p.checks_for("terminal")] == [
        "a_ssh", "local_chrony_enabled", "local_issue_net_owner"]  # fmt: skip
