"""Check parameters set the bounds of collector scripts (collector options), per role."""

from pathlib import Path

import pytest
import yaml

from auditor.audit import ScanPlan
from auditor.errors import ValidationFailed
from auditor.facts import load_collectors
from auditor.facts.base import MAX_LIST_CHARS, collector, option_text
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


def refusal(tmp_path: Path, fact: str, parameters: str) -> str:
    """Why a check reading ``fact`` with ``parameters`` (YAML lines) is refused at load."""
    (tmp_path / "bounded.yaml").write_text(
        "id: bounded\ntitle: {vi: T, en: T}\narea: system\nseverity: low\n"
        "rationale: {vi: L, en: W}\nremediation: {vi: S, en: F}\n"
        f"references: {{controls: [HARD-01]}}\nfacts: [{fact}]\nparameters:\n{parameters}",
        "utf-8",
    )
    (tmp_path / "bounded.py").write_text(
        "from auditor.outcome import passed\n\n\ndef evaluate(facts, params):\n"
        "    return passed('ok')\n",
        "utf-8",
    )
    with pytest.raises(ValidationFailed) as err:
        load_check(tmp_path / "bounded.py")
    return "\n".join(err.value.lines("en"))


def test_a_parameter_may_only_set_an_option_of_a_fact_its_check_reads(tmp_path: Path):
    text = refusal(
        tmp_path,
        "clock",
        "  files: {default: 5, collector_option: citizen_data_files.max_files,\n"
        "          description: {vi: T, en: F}, source: test}\n"
        "  seconds: {default: 5, collector_option: clock.nothing,\n"
        "          description: {vi: T, en: F}, source: test}\n",
    )
    assert "parameter files sets 'citizen_data_files.max_files'" in text
    assert "parameter seconds sets 'clock.nothing'" in text


def test_a_list_option_is_rendered_as_hex_and_a_list_file_parameter_sets_it(tmp_path: Path):
    assert option_text(("a b", "it's", "")) == "612062,69742773,"
    assert option_text(7) == "7"
    many = tuple(f"word{i}" for i in range(20000))
    cut = option_text(many)
    assert len(cut) <= MAX_LIST_CHARS and not cut.endswith(",")
    assert cut.split(",") == [w.encode().hex() for w in many[: cut.count(",") + 1]]
    words = tmp_path / "words.txt"
    words.write_text("# ours\nmatkhau\n$(reboot)\n", "utf-8")
    profile = tmp_path / "p.yaml"
    profile.write_text(
        yaml.safe_dump(
            {
                "id": "p",
                "title": {"vi": "P", "en": "P"},
                "include": {"ids": ["common_passwords"]},
                "parameters": {"common_passwords": {"wordlist": str(words), "max_candidates": 5}},
            }
        )
    )
    plan = ScanPlan.of(load_profile(str(profile), load_checks()))
    options = plan.options["server"]["password_trials"]
    assert options["words"] == ("matkhau", "$(reboot)") and options["max_candidates"] == 5
    script = build_script(plan.collectors, "n1", options=plan.options["server"])
    assert f"words={b'matkhau'.hex()},{b'$(reboot)'.hex()}\n" in script
    assert "$(reboot)" not in script
    bundled = ScanPlan.of(load_profile("de-an-06", load_checks())).options["server"]
    assert bundled["password_trials"]["words"][0] == "123456a@"  # the bundled list, in order


def test_a_list_option_is_set_only_by_a_list_file_and_a_bound_only_by_a_number(tmp_path: Path):
    text = refusal(
        tmp_path,
        "password_trials",
        "  count: {default: 5, collector_option: password_trials.words,\n"
        "          description: {vi: T, en: F}, source: test}\n"
        "  names: {default: '', list_file: true, collector_option: password_trials.max_accounts,\n"
        "          description: {vi: T, en: F}, source: test}\n",
    )
    assert "parameter count sets 'password_trials.words'" in text
    assert "parameter names sets 'password_trials.max_accounts'" in text


def test_a_collector_option_is_a_whole_number_or_a_list_of_text():
    with pytest.raises(ValueError, match="whole numbers or lists of text"):
        collector("bad_options", "true", options={"ratio": 0.5})(lambda raw: raw)  # type: ignore[dict-item]
