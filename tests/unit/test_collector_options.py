"""Check parameters set the bounds of collector scripts (collector options), per role."""

from pathlib import Path

import pytest
import yaml

from auditor.audit import ScanPlan
from auditor.errors import ValidationFailed
from auditor.facts import load_collectors
from auditor.facts.script import build_script
from auditor.profiles import load_profile
from auditor.registry import load_check, load_checks


def test_the_script_sets_each_option_given_else_its_default():
    citizen = load_collectors()["citizen_data_files"]
    script = build_script([citizen], "n1", options={"citizen_data_files": {"max_files": 50}})
    assert "max_files=50\n" in script and "max_files=2000" not in script
    assert "walk_seconds=80\n" in script  # not given: the collector's default
    assert "max_files=2000\n" in build_script([citizen], "n2")


def test_the_plan_takes_the_options_from_the_profile(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(
        yaml.safe_dump(
            {
                "id": "p",
                "title": {"vi": "P", "en": "P"},
                "include": {"ids": ["citizen_id_files", "ssh_root_login"]},
                "parameters": {"citizen_id_files": {"max_files": 50, "max_seconds": 30}},
            }
        )
    )
    plan = ScanPlan.of(load_profile(str(profile), load_checks()))
    assert plan.options["terminal"]["citizen_data_files"] == {
        "max_files": 50,
        "walk_seconds": 30,
        "file_seconds": 15,
    }
    without = ScanPlan.of(load_profile("de-an-06", load_checks()))
    assert without.options["terminal"]["citizen_data_files"]["max_files"] == 2000  # the default


def test_a_parameter_may_only_set_an_option_of_a_fact_its_check_reads(tmp_path: Path):
    (tmp_path / "bounded.yaml").write_text(
        "id: bounded\ntitle: {vi: T, en: T}\narea: system\nseverity: low\n"
        "rationale: {vi: L, en: W}\nremediation: {vi: S, en: F}\n"
        "references: {controls: [HARD-01]}\nfacts: [clock]\nparameters:\n"
        "  files: {default: 5, collector_option: citizen_data_files.max_files,\n"
        "          description: {vi: T, en: F}, source: test}\n"
        "  seconds: {default: 5, collector_option: clock.nothing,\n"
        "          description: {vi: T, en: F}, source: test}\n",
        "utf-8",
    )
    (tmp_path / "bounded.py").write_text(
        "from auditor.outcome import passed\n\n\ndef evaluate(facts, params):\n"
        "    return passed('ok')\n",
        "utf-8",
    )
    with pytest.raises(ValidationFailed) as err:
        load_check(tmp_path / "bounded.py")
    text = "\n".join(err.value.lines("en"))
    assert "parameter files sets 'citizen_data_files.max_files'" in text
    assert "parameter seconds sets 'clock.nothing'" in text
