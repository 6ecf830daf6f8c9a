import calendar
from datetime import date

import pytest

from auditor.eol import LEVELS, TABLE, lookup
from auditor.facts.base import Raw

CHECK = "os_end_of_life"
TODAY = calendar.timegm((2026, 11, 22, 0, 0, 0))

BULLSEYE = 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n'
BOOKWORM = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
FOCAL = 'PRETTY_NAME="Ubuntu 20.04.6 LTS"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="20.04"\n'
STREAM8 = 'PRETTY_NAME="CentOS Stream 8"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="8"\n'
ROCKY = (
    'PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"\nID="rocky"\n'
    'ID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n'
)


def test_bullseye_past_lts_fails(evaluate):
    outcome = evaluate(CHECK, os_release=Raw(BULLSEYE), clock=TODAY)
    assert outcome.status == "fail"
    assert outcome.message == (
        "Debian 11 bullseye reached the end of its lts support on 2026-08-31 (83 days ago)"
    )


def test_bookworm_in_lts_passes_but_not_with_standard_level(evaluate):
    assert evaluate(CHECK, os_release=Raw(BOOKWORM), clock=TODAY).status == "pass"
    params = {"support_level": "standard"}
    outcome = evaluate(CHECK, params, os_release=Raw(BOOKWORM), clock=TODAY)
    assert outcome.status == "fail"
    assert "standard support on 2026-06-10" in outcome.message


def test_ubuntu_esm_only_counts_when_extended(evaluate):
    assert evaluate(CHECK, os_release=Raw(FOCAL), clock=TODAY).status == "fail"
    params = {"support_level": "extended"}
    outcome = evaluate(CHECK, params, os_release=Raw(FOCAL), clock=TODAY)
    assert outcome.status == "pass"
    assert "extended support until 2030-04-30" in outcome.message


def test_centos_stream_told_from_centos_linux(evaluate):
    outcome = evaluate(CHECK, os_release=Raw(STREAM8), clock=TODAY)
    assert outcome.status == "fail"
    assert "CentOS Stream 8" in outcome.message


def test_rhel_rebuild_minor_version(evaluate):
    outcome = evaluate(CHECK, os_release=Raw(ROCKY), clock=TODAY)
    assert outcome.status == "pass"
    assert "Rocky Linux 9: standard support until 2032-05-31" in outcome.message


def test_unknown_release_skipped(evaluate):
    raw = Raw('PRETTY_NAME="Debian GNU/Linux trixie/sid"\nID=debian\n')
    outcome = evaluate(CHECK, os_release=raw, clock=TODAY)
    assert outcome.status == "skip"
    assert "not in the end-of-life table" in outcome.message


def test_error_on_unknown_level(evaluate):
    outcome = evaluate(CHECK, {"support_level": "forever"}, os_release=Raw(BOOKWORM), clock=TODAY)
    assert outcome.status == "error"


def test_error_without_os_release(evaluate):
    assert evaluate(CHECK, os_release=Raw(""), clock=TODAY).status == "error"


@pytest.mark.parametrize("key", sorted(TABLE))
def test_table_levels_are_ordered(key):
    support = TABLE[key]
    ends = [support.end(level)[0] for level in LEVELS]
    assert ends == sorted(ends)
    assert date(2016, 1, 1) < support.standard < date(2040, 1, 1)


def test_lookup_keys():
    assert lookup("ubuntu", "22.04").name == "Ubuntu 22.04 LTS"
    assert lookup("almalinux", "8.10").name == "AlmaLinux 8"
    assert lookup("debian", "") is None
