from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from auditor.errors import ValidationFailed
from auditor.metadata import AREAS, CheckMeta
from auditor.registry import load_check, load_checks

META = """\
id: {id}
title: {{vi: Kiểm tra thử, en: Test check}}
area: system
severity: medium
rationale: {{vi: Lý do, en: Why}}
remediation: {{vi: Sửa, en: Fix}}
references: {{controls: [HARD-01]}}
facts: [{fact}]
parameters:
  limit: {{default: 3, description: {{vi: Giới hạn, en: Limit}}, source: test}}
"""
CODE = """\
from auditor.outcome import passed


def evaluate(facts, params):
    return passed(f"limit {params['limit']}")
"""


def plugin(tmp_path: Path, check_id: str, fact: str = "clock", code: str = CODE) -> Path:
    (tmp_path / f"{check_id}.yaml").write_text(META.format(id=check_id, fact=fact), "utf-8")
    path = tmp_path / f"{check_id}.py"
    path.write_text(code, "utf-8")
    return path


def test_builtin_checks_load_with_unique_ids_equal_to_file_names():
    checks = load_checks(extra=[])
    assert checks
    for check_id, check in checks.items():
        assert Path(check.origin).stem == check_id
        assert Path(check.origin).parent.name == check.meta.area in AREAS


def test_third_party_check_is_loaded_beside_builtins(tmp_path):
    checks = load_checks(extra=[(plugin(tmp_path, "site_rule"), None)])
    assert checks["site_rule"].meta.title.vi == "Kiểm tra thử"
    assert checks["site_rule"].evaluate(None, {"limit": 3}).message == "limit 3"


def test_problems_are_collected_across_checks(tmp_path):
    a = plugin(tmp_path, "wrong_name")
    (tmp_path / "wrong_name.yaml").write_text(META.format(id="other", fact="clock"), "utf-8")
    b = plugin(tmp_path, "bad_fact", fact="no_such_fact")
    c = plugin(tmp_path, "no_eval", code="X = 1\n")
    d = plugin(tmp_path, "ssh_root_login")
    with pytest.raises(ValidationFailed) as err:
        load_checks(extra=[(a, None), (b, None), (c, None), (d, None)])
    text = "\n".join(err.value.lines("en"))
    assert "id 'other' differs from the file name 'wrong_name'" in text
    assert "unknown fact 'no_such_fact'" in text
    assert "no evaluate(facts, params) function" in text
    assert "check id 'ssh_root_login' already defined" in text


def test_metadata_schema_is_enforced(tmp_path):
    path = plugin(tmp_path, "incomplete")
    (tmp_path / "incomplete.yaml").write_text(
        "id: incomplete\ntitle: {vi: '', en: x}\narea: weather\nseverity: low\n", "utf-8"
    )
    with pytest.raises(ValidationFailed) as err:
        load_check(path)
    text = "\n".join(err.value.lines("en"))
    for missing in ("title.vi", "area", "rationale", "remediation", "references", "facts"):
        assert missing in text


def test_missing_metadata_file(tmp_path):
    path = tmp_path / "lonely.py"
    path.write_text(CODE, "utf-8")
    with pytest.raises(ValidationFailed, match="problem"):
        load_check(path)


def test_entry_point_plugin_package_is_discovered(tmp_path, monkeypatch):
    package = tmp_path / "site" / "vn_extra_checks"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    plugin(package, "unit_banner_text")
    dist = tmp_path / "site" / "vn_extra_checks-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: vn-extra-checks\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[auditor.checks]\nextra = vn_extra_checks\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    checks = load_checks()
    assert checks["unit_banner_text"].origin == str(package / "unit_banner_text.py")
    assert "ssh_root_login" in checks


def test_references_name_known_standards_only():
    """A new standard is a data change (standards/standards.yaml), not a schema change."""
    meta = yaml.safe_load(META.format(id="x", fact="clock"))
    good = CheckMeta.model_validate(
        {**meta, "references": {"controls": ["HARD-01"], "cis": ["Debian 12 v1.1.0 5.1.20"]}}
    )
    assert good.references["cis"] == ["Debian 12 v1.1.0 5.1.20"]
    for refs, message in (
        ({"controls": ["HARD-01"], "nist_800_53": ["AC-2"]}, "unknown standard nist_800_53"),
        ({"cis": ["x"]}, "at least one project control"),
    ):
        with pytest.raises(ValidationError, match=message):
            CheckMeta.model_validate({**meta, "references": refs})
