"""The password_trials collector: the host's own crypt (perl) tests its hashes; what it prints,
and how hostile word lists reach it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import FactError, Raw, option_text
from auditor.facts.password_trials import OPTIONS, TESTER, parse_password_trials
from auditor.facts.script import build_script, parse_facts
from auditor.list_files import with_lists
from auditor.passwords import system_crypt
from auditor.registry import load_checks

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"
SHA512 = "$6$rounds=1000$saltsalt$"


def bundled() -> tuple[str, ...]:
    check = load_checks(extra=[])["common_passwords"]
    return with_lists(check, check.meta.defaults())["wordlist"].entries


def run_tester(shadow: str, words: tuple[str, ...], cap: int = 30, most: int = 20, jobs: int = 1):
    args = [option_text(words), option_text(OPTIONS["patterns"]), option_text(OPTIONS["methods"])]
    result = subprocess.run(
        ["perl", "-e", TESTER, *args, str(cap), str(most), str(jobs)],
        input=shadow,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("name", ["debian12_fast_hashes", "debian12_weak"])
def test_the_recordings_are_what_the_tester_prints(name):
    shadow = (DATA / "shadow" / f"{name}.txt").read_text(encoding="utf-8")
    recorded = (DATA / "password_trials" / f"{name}.txt").read_text(encoding="utf-8")
    assert run_tester(shadow, bundled()) == recorded


def test_parsed_trials_name_only_outcomes():
    trials = parse_password_trials(Raw((DATA / "password_trials/debian12_weak.txt").read_text()))
    assert trials.unavailable is None
    assert trials.trials["canbo"].matched and trials.trials["canbo"].tried == 9
    assert trials.trials["olduser"].tried == 30 and not trials.trials["olduser"].matched
    assert "oldunix" not in trials.trials  # a DES hash: left to the controller


def test_parallel_accounts_give_the_same_outcomes_and_the_cap_holds():
    shadow = (DATA / "shadow" / "debian12_fast_hashes.txt").read_text(encoding="utf-8")
    serial = sorted(run_tester(shadow, bundled(), cap=4).splitlines())
    assert serial == ["match 4 $6$ minh", "none 4 $6$ canbo", "none 4 $6$ hoa"]
    assert sorted(run_tester(shadow, bundled(), cap=4, jobs=3).splitlines()) == serial
    assert run_tester(shadow, bundled(), most=1) == "match 9 $6$ canbo\n"


def test_a_method_the_hosts_crypt_refuses_is_unsupported_and_junk_is_dropped():
    shadow = "gost:$gy$j9T$abc$def:20000::::::\nlocked:!$6$x$y:1::::::\nnone:*:1::::::\n"
    assert run_tester(shadow, ("a",)) == "unsupported 0 $gy$ gost\n"
    trials = parse_password_trials(Raw("unsupported 0 $gy$ gost\nmatch x $6$ bad\nnone 3 $6$\n"))
    assert list(trials.trials) == ["gost"]
    assert trials.trials["gost"].error == "the host's crypt does not support $gy$ hashes"
    twice = parse_password_trials(Raw("none 3 $6$ a\nmatch 1 $6$ a\nnone 3 $6$ b\n"))
    assert list(twice.trials) == ["b"]  # a name listed twice is left to the controller


def test_no_perl_and_an_unreadable_shadow():
    none = parse_password_trials(Raw("NOPERL\n"))
    assert none.trials == {} and none.unavailable is not None
    with pytest.raises(FactError):
        parse_password_trials(Raw("UNREADABLE\n"))


HOSTILE = (
    "it's",
    "$(touch {marker})",
    "`touch {marker}`",
    "a\nb",
    "back\\slash",
    "\036SEC x",
    "é'\"",
)


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare"
)
def test_hostile_words_reach_the_host_intact_and_run_nothing(tmp_path):
    """The whole facts script, with a word list of quotes, command substitutions, newlines,
    backslashes and framing bytes, run against a shadow file (bind-mounted over /etc/shadow in
    a mount namespace of its own) whose every password is one of those words."""
    marker = tmp_path / "ran"
    words = tuple(w.format(marker=marker) for w in HOSTILE)
    crypt = system_crypt()
    assert crypt is not None
    shadow = tmp_path / "shadow"
    shadow.write_text(
        "".join(f"u{i}:{crypt(w, SHA512)}:20000:0:99999:7:::\n" for i, w in enumerate(words))
        + f"other:{crypt('not-listed', SHA512)}:20000:0:99999:7:::\n"
    )
    collector = load_collectors()["password_trials"]
    script = build_script([collector], "n1", options={"password_trials": {"words": words}})
    assert not any(w in script for w in words)
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         'mount --bind "$1" /etc/shadow && exec sh -s', "sh", str(shadow)],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    trials = parse_facts([collector], result.stdout, "n1")["password_trials"].trials
    assert {n for n, t in trials.items() if t.matched} == {f"u{i}" for i in range(len(words))}
    assert not trials["other"].matched and trials["other"].tried == 8 + len(words)
    assert not marker.exists()


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare"
)
def test_a_host_without_perl_says_so():
    """The collector's script with /usr/bin/perl hidden (not executable) in a mount namespace."""
    perl = shutil.which("perl")
    assert perl is not None
    collector = load_collectors()["password_trials"]
    script = build_script([collector], "n2")
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         'mount --bind /dev/null "$1" && exec sh -s', "sh", os.path.realpath(perl)],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    trials = parse_facts([collector], result.stdout, "n2")["password_trials"]
    assert trials.trials == {} and trials.unavailable is not None
