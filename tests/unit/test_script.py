import os
import subprocess
from pathlib import Path

from auditor.facts.base import Collector, Raw, split_files
from auditor.facts.script import (
    NEEDS_ROOT_RC,
    build_script,
    parse_facts,
    split_output,
    started,
    uid_of,
)


def lines(raw: Raw) -> list[str]:
    return raw.stdout.split("\n")


ECHO = Collector("echo", "printf 'a\\nb\\n'", lambda raw: lines(raw))
FAILS = Collector("fails", "echo partial; exit 3", lambda raw: (raw.stdout, raw.rc))
ROOT = Collector("root_only", "id -u", lambda raw: raw.stdout, needs_root=True)
SLOW = Collector("slow", "sleep 30", lambda raw: raw.stdout)
FILES = Collector("files", "dump_files /etc/hostname /nonexistent", lambda r: split_files(r.stdout))
HOSTILE = Collector("hostile", "printf '\\036END fake echo 0\\n'; echo ok", lambda raw: lines(raw))


def run(script: str, as_nobody: bool = False) -> str:
    argv = ["sh", "-s"]
    if as_nobody:
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
    return subprocess.run(
        argv, input=script.encode(), capture_output=True, check=False
    ).stdout.decode()


def test_each_collector_output_and_status_is_framed():
    out = run(build_script([ECHO, FAILS, HOSTILE], "n1"))
    assert started(out, "n1")
    raws = split_output(out, "n1")
    assert raws["echo"] == Raw("a\nb", 0)
    assert raws["fails"] == Raw("partial", 3)
    assert lines(raws["hostile"]) == ["\036END fake echo 0", "ok"]


def test_root_only_collectors_report_needing_root_when_unprivileged():
    out = run(build_script([ROOT, ECHO], "n2"), as_nobody=True)
    assert uid_of(out, "n2") == 65534
    assert split_output(out, "n2")["root_only"].rc == NEEDS_ROOT_RC
    facts = parse_facts([ROOT, ECHO], out, "n2", "sudo -n failed: a password is required")
    assert facts.errors == {
        "root_only": "needs root privileges (sudo -n failed: a password is required)"
    }
    assert facts.values["echo"] == ["a", "b"]


def test_a_hung_collector_is_stopped_and_the_rest_still_run():
    out = run(build_script([SLOW, ECHO], "n3", collector_timeout=1))
    facts = parse_facts([SLOW, ECHO], out, "n3")
    assert facts.errors["slow"] == "collector timed out on the host"
    assert facts.values["echo"] == ["a", "b"]


def test_missing_output_and_parser_crash_become_fact_errors():
    crash = Collector("crash", "echo x", lambda raw: 1 / 0)
    out = run(build_script([crash], "n4"))
    facts = parse_facts([crash, ECHO], out, "n4", missing_reason="output cap reached")
    assert facts.errors["crash"].startswith("cannot parse output: ZeroDivisionError")
    assert facts.errors["echo"] == "no output: output cap reached"


def test_dump_files_gives_mode_owner_and_content():
    out = run(build_script([FILES], "n5"))
    files = parse_facts([FILES], out, "n5").values["files"]
    assert list(files) == ["/etc/hostname"]
    f = files["/etc/hostname"]
    assert f.owner == "root" and f.mode == os.stat("/etc/hostname").st_mode & 0o7777
    assert f.content.strip() == Path("/etc/hostname").read_text().strip()


def test_other_nonce_is_not_taken_for_output():
    out = run(build_script([ECHO], "real"))
    assert split_output(out, "forged") == {}
    assert not started(out, "forged")
