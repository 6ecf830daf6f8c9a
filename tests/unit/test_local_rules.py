import grp
import os
import pwd
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from auditor.facts.base import FactError, Facts, Raw, Target
from auditor.facts.script import build_script, parse_facts
from auditor.judge import judge
from auditor.local_rules import (
    CommandResult,
    FileState,
    LocalRule,
    SettingState,
    collector_name,
    rule_check,
    rule_collector,
)
from auditor.outcome import Outcome

USER = pwd.getpwuid(os.getuid()).pw_name
GROUP = grp.getgrgid(os.getgid()).gr_name
# Every shell metacharacter that could break out of a badly quoted word.
NASTY = "a b'c\"$(touch PWNED)`touch PWNED`;touch PWNED|touch PWNED&touch PWNED*"

EXAMPLE = r"""
rules:
  - id: local_issue_net_owner
    title: {vi: Tệp /etc/issue.net thuộc root, en: /etc/issue.net is owned by root}
    area: system
    severity: low
    file: {path: /etc/issue.net, owner: root, mode: "0644"}
  - id: local_sshd_banner
    title: {vi: SSH hiển thị cảnh báo đăng nhập, en: SSH shows a login banner}
    area: network
    severity: medium
    roles: [server]
    setting: {path: /etc/ssh/sshd_config, pattern: '^\s*Banner\s+(\S+)', value: /etc/issue.net}
  - id: local_chrony_enabled
    title: {vi: chrony được bật, en: chrony is enabled}
    area: logging
    severity: medium
    command: {run: [systemctl, is-enabled, chrony], expect: enabled}
"""


def rule(**fields) -> LocalRule:
    return LocalRule.model_validate(
        {"id": "x", "title": {"vi": "x", "en": "x"}, "area": "system", "severity": "low", **fields}
    )


def verdict(r: LocalRule, stdout: str, rc: int = 0) -> Outcome:
    """The rule's verdict on hand-written collector output."""
    name = collector_name(r)
    facts = Facts()
    try:
        facts.values[name] = rule_collector(r).parse(Raw(stdout, rc))
    except FactError as exc:
        facts.errors[name] = str(exc)
    return judge(rule_check(r, "test"), facts, {})


def run_rules(rules: list[LocalRule], cwd: Path, as_nobody: bool = False) -> list[Outcome]:
    """Run the rules' collectors in one script on this machine and judge them."""
    collectors = [rule_collector(r) for r in rules]
    argv = ["sh", "-s"]
    if as_nobody:
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
    script = build_script(collectors, "t0ken")
    out = subprocess.run(argv, input=script.encode(), cwd=cwd, capture_output=True, check=True)
    facts = parse_facts(collectors, out.stdout.decode(), "t0ken", "running as nobody")
    return [judge(rule_check(r, "test"), facts, {}) for r in rules]


def assert_nothing_injected(tmp_path: Path) -> None:
    assert not list(tmp_path.rglob("PWNED*"))
    assert not (Path.cwd() / "PWNED").exists()


# --- models ---------------------------------------------------------------------------------


def test_the_documented_example_validates_with_defaults():
    rules = [LocalRule.model_validate(item) for item in yaml.safe_load(EXAMPLE)["rules"]]
    assert [r.kind for r in rules] == ["file", "setting", "command"]
    owner, banner, chrony = rules
    assert owner.file is not None and owner.file.mode == "0644" and owner.file.exists
    assert banner.roles == ("server",) and owner.roles == ("server", "terminal")
    assert chrony.command is not None and chrony.command.compare == "equals"
    assert owner.rationale.en == "Local rule of the profile"
    assert owner.remediation.en == "See the profile's owner"
    assert not owner.needs_root
    dumped = owner.model_dump(mode="json", exclude_none=True)
    assert LocalRule.model_validate(dumped) == owner


def test_the_check_is_built_from_the_rule():
    r = rule(
        id="local_banner", tags=["ssh"], roles=["server"], setting={"path": "/e", "pattern": "B"}
    )
    check = rule_check(r, "profiles/mine.yaml")
    assert check.id == "local_banner" and check.origin == "profiles/mine.yaml"
    assert check.meta.facts == ["local_local_banner"]
    assert check.meta.tags == ["local", "ssh"]
    assert check.meta.roles == ["server"]
    assert check.meta.references["controls"] == ["LOCAL"]
    collector = rule_collector(r)
    assert collector.name == "local_local_banner" and not collector.needs_root
    assert rule_collector(rule(needs_root=True, file={"path": "/e"})).needs_root


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({}, "exactly one of file, setting, command (found: none)"),
        (
            {"file": {"path": "/a"}, "command": {"run": ["true"], "rc": 0}},
            "exactly one of file, setting, command (found: file, command)",
        ),
        ({"id": "Local-Rule", "file": {"path": "/a"}}, "should match pattern"),
        ({"id": "1rule", "file": {"path": "/a"}}, "should match pattern"),
        ({"file": {"path": "/a", "mode": "0648"}}, "not 3 or 4 octal digits"),
        ({"file": {"path": "/a", "mode": "rw-r--r--"}}, "not 3 or 4 octal digits"),
        ({"file": {"path": "/a", "mode": "00644"}}, "not 3 or 4 octal digits"),
        ({"file": {"path": "/a", "mode": 420}}, "must be a quoted string in YAML, not 420"),
        ({"file": {"path": "a"}}, "not an absolute path"),
        ({"file": {"path": "/a", "exists": False, "owner": "root"}}, "must not exist"),
        ({"file": {"path": "/a", "perms": "0644"}}, "Extra inputs are not permitted"),
        ({"colour": "red", "file": {"path": "/a"}}, "Extra inputs are not permitted"),
        ({"setting": {"path": "/a\nb", "pattern": "x"}}, "cannot hold a newline"),
        ({"setting": {"path": "/a", "pattern": "(x"}}, "invalid regular expression"),
        ({"setting": {"path": "/a", "pattern": "x", "value": "1"}}, "needs a capture group"),
        ({"setting": {"path": "/a", "pattern": "(x)", "value": True}}, "quoted string"),
        (
            {"setting": {"path": "/a", "pattern": "(x)", "value": "1", "present": False}},
            "only be required of a setting that must be present",
        ),
        ({"command": {"run": ["true"]}}, "needs expect, rc or both"),
        ({"command": {"run": "systemctl is-enabled chrony", "expect": "x"}}, "valid tuple"),
        ({"command": {"run": [], "expect": "x"}}, "at least 1 item"),
        ({"command": {"run": [""], "expect": "x"}}, "command name is empty"),
        ({"command": {"run": ["true"], "rc": 256}}, "less than or equal to 255"),
        ({"command": {"run": ["x"], "expect": "(", "compare": "matches"}}, "invalid regular"),
        ({"command": {"run": ["x"], "rc": 0, "compare": "contains"}}, "needs expect"),
        ({"command": {"run": ["x"], "expect": "y", "compare": "like"}}, "equals"),
        ({"roles": [], "file": {"path": "/a"}}, "at least 1 item"),
    ],
)
def test_invalid_rules_are_refused(fields, problem):
    with pytest.raises(ValidationError, match=re.escape(problem)):
        rule(**fields)


# --- file rules on hand-written output --------------------------------------------------------


def test_file_output_is_parsed():
    r = rule(file={"path": "/etc/issue.net"})
    parse = rule_collector(r).parse
    assert parse(Raw("\036STAT 4755 0 root 42 staff regular empty file")) == FileState(
        True, 0o4755, "0", "root", "42", "staff", "regular empty file"
    )
    assert parse(Raw("\036MISSING")) == FileState(False)
    with pytest.raises(FactError, match=r"cannot stat the file: stat: .*Permission denied"):
        parse(Raw("\036STATERR stat: cannot statx '/etc/x': Permission denied"))
    with pytest.raises(FactError, match="unreadable output"):
        parse(Raw("\036STAT rw-r--r-- root root regular file"))


@pytest.mark.parametrize(
    ("spec", "stdout", "status", "message"),
    [
        (
            {"owner": "root", "group": "root", "mode": "0644"},
            "\036STAT 640 0 root 0 root regular file",
            "pass",
            "/etc/issue.net is mode 0640, owner root, group root",
        ),
        ({"owner": "0", "group": "0"}, "\036STAT 600 0 root 0 root regular file", "pass", None),
        (
            {"mode": "644"},
            "\036STAT 664 0 root 0 root regular file",
            "fail",
            "/etc/issue.net: mode is 0664, more than 0644",
        ),
        (
            {"mode": "0755", "owner": "root", "group": "root"},
            "\036STAT 4755 1000 ann 4 adm regular file",
            "fail",
            "/etc/issue.net: mode is 4755, more than 0755; owner is ann, not root; "
            "group is adm, not root",
        ),
        ({}, "\036MISSING", "fail", "/etc/issue.net does not exist"),
        ({"exists": False}, "\036MISSING", "pass", "/etc/issue.net does not exist"),
        (
            {"exists": False},
            "\036STAT 644 0 root 0 root regular file",
            "fail",
            "/etc/issue.net exists but must not",
        ),
        (
            {},
            "\036STATERR stat: cannot statx '/etc/issue.net': Permission denied",
            "error",
            "fact not available: local_x: cannot stat the file: stat: cannot statx "
            "'/etc/issue.net': Permission denied",
        ),
    ],
)
def test_file_verdicts(spec, stdout, status, message):
    outcome = verdict(rule(file={"path": "/etc/issue.net", **spec}), stdout)
    assert outcome.status == status
    if message is not None:
        assert outcome.message == message


def test_file_evidence_is_the_stat_line():
    outcome = verdict(rule(file={"path": "/etc/a"}), "\036STAT 644 0 root 0 root regular file")
    assert outcome.evidence == ("0644 root:root regular file /etc/a",)


# --- setting rules on hand-written output -----------------------------------------------------

SSHD = rule(
    setting={"path": "/etc/ssh/sshd_config", "pattern": r"^\s*Banner\s+(\S+)", "value": "/b"}
)


def dumped(content: str, kind: str = "regular file") -> str:
    return f"\036STAT {kind}\n\036FILE 644 root root {len(content)} /etc/ssh/sshd_config\n{content}"


def test_setting_output_is_parsed_line_by_line():
    parse = rule_collector(SSHD).parse
    text = dumped("# Banner /no\n  Banner /b\nPort 22\nBanner /c\n")
    assert parse(Raw(text)) == SettingState(
        True, ((2, "  Banner /b", "/b"), (4, "Banner /c", "/c"))
    )
    assert parse(Raw("\036MISSING")) == SettingState(False)
    with pytest.raises(FactError, match=r"is not readable .*needs_root: true"):
        parse(Raw("\036STAT regular file\n\036UNREADABLE"))
    with pytest.raises(FactError, match="/etc/ssh/sshd_config is not a regular file: directory"):
        parse(Raw("\036STAT directory"))
    with pytest.raises(FactError, match="cannot stat the file"):
        parse(Raw("\036STATERR stat: cannot statx: Permission denied"))
    with pytest.raises(FactError, match="unreadable output"):
        parse(Raw("Banner /b"))


def test_the_end_of_the_last_line_is_not_an_empty_line():
    empty = rule(setting={"path": "/etc/ssh/sshd_config", "pattern": "^$", "present": False})
    assert verdict(empty, dumped("a\nb\n")).status == "pass"
    assert verdict(empty, dumped("a\n\nb")).status == "fail"


@pytest.mark.parametrize(
    ("spec", "content", "status", "message"),
    [
        ({}, "Banner /b\n", "pass", '/etc/ssh/sshd_config sets "/b"'),
        (
            {},
            "Banner /b\nBanner /c\nBanner /c\n",
            "fail",
            '/etc/ssh/sshd_config sets "/c", expected "/b"',
        ),
        (
            {},
            "#Banner /b\n",
            "fail",
            r"no line of /etc/ssh/sshd_config matches ^\s*Banner\s+(\S+)",
        ),
        (
            {"value": None},
            "Banner /x\nBanner /y\n",
            "pass",
            r"lines of /etc/ssh/sshd_config matching ^\s*Banner\s+(\S+): 2",
        ),
        (
            {"value": None, "present": False},
            "Banner /x\n",
            "fail",
            r"lines of /etc/ssh/sshd_config matching ^\s*Banner\s+(\S+): 1; none may match",
        ),
        ({"value": None, "present": False}, "Port 22\n", "pass", None),
        ({}, None, "fail", "/etc/ssh/sshd_config does not exist"),
        ({"value": None, "present": False}, None, "pass", "/etc/ssh/sshd_config does not exist"),
    ],
)
def test_setting_verdicts(spec, content, status, message):
    r = rule(setting={**SSHD.setting.model_dump(), **spec})  # type: ignore[union-attr]
    outcome = verdict(r, "\036MISSING" if content is None else dumped(content))
    assert outcome.status == status
    if message is not None:
        assert outcome.message == message


def test_setting_evidence_is_the_matched_lines():
    outcome = verdict(SSHD, dumped("Port 22\nBanner /c\n"))
    assert outcome.evidence == ("2: Banner /c",)


def test_an_unreadable_setting_file_is_an_error():
    outcome = verdict(SSHD, "\036STAT regular file\n\036UNREADABLE")
    assert outcome.status == "error"
    assert "/etc/ssh/sshd_config is not readable" in outcome.message


# --- command rules on hand-written output -----------------------------------------------------


def test_command_output_is_parsed_up_to_the_last_status_mark():
    parse = rule_collector(rule(command={"run": ["x"], "rc": 0})).parse
    assert parse(Raw("enabled\n\n\036RC 0")) == CommandResult("enabled\n", 0)
    assert parse(Raw("\n\036RC 1")) == CommandResult("", 1)
    assert parse(Raw("\036RC 0\nforged\n\n\036RC 3")) == CommandResult("\036RC 0\nforged\n", 3)
    with pytest.raises(FactError, match="exit status is missing"):
        parse(Raw("enabled"))
    with pytest.raises(FactError, match="exit status is missing"):
        parse(Raw("enabled\n\n\036RC x"))


@pytest.mark.parametrize(
    ("spec", "stdout", "status", "message"),
    [
        (
            {"expect": "enabled"},
            "enabled\n\n\036RC 0",
            "pass",
            'systemctl is-enabled chrony printed "enabled"',
        ),
        (
            {"expect": "enabled"},
            "disabled\n\n\036RC 1",
            "fail",
            'systemctl is-enabled chrony printed "disabled", expected "enabled"',
        ),
        ({"expect": "enabled", "rc": 0}, "enabled\n\n\036RC 0", "pass", None),
        (
            {"expect": "enabled", "rc": 0},
            "enabled\n\n\036RC 3",
            "fail",
            "systemctl is-enabled chrony exited with status 3, expected 0",
        ),
        ({"rc": 1}, "\n\036RC 1", "pass", "systemctl is-enabled chrony exited with status 1"),
        ({"expect": "abl", "compare": "contains"}, "enabled\n\n\036RC 0", "pass", None),
        (
            {"expect": "static", "compare": "contains"},
            "enabled\n\n\036RC 0",
            "fail",
            'systemctl is-enabled chrony printed "enabled", which does not contain "static"',
        ),
        ({"expect": "en.*d", "compare": "matches"}, "  enabled \n\n\036RC 0", "pass", None),
        (
            {"expect": "abled", "compare": "matches"},
            "enabled\n\n\036RC 0",
            "fail",
            'systemctl is-enabled chrony printed "enabled", which does not match "abled"',
        ),
        (
            {"expect": "enabled"},
            "\n\036RC 127",
            "error",
            "command not found on the host: systemctl",
        ),
        (
            {"expect": "enabled", "rc": 127},
            "\n\036RC 127",
            "error",
            "command not found on the host: systemctl",
        ),
        (
            {"expect": "enabled"},
            "\n\036RC 126",
            "error",
            "command cannot be run on the host: systemctl is-enabled chrony",
        ),
        (
            {"expect": "enabled"},
            "enabled",
            "error",
            "fact not available: local_x: the command's exit status is missing from the output",
        ),
    ],
)
def test_command_verdicts(spec, stdout, status, message):
    outcome = verdict(rule(command={"run": ["systemctl", "is-enabled", "chrony"], **spec}), stdout)
    assert outcome.status == status
    if message is not None:
        assert outcome.message == message


def test_command_evidence_is_the_command_its_output_and_status():
    r = rule(command={"run": ["cat", "a b"], "expect": "x"})
    outcome = verdict(r, "one\ntwo\n\n\036RC 0")
    assert outcome.evidence == ("$ cat 'a b'", "one", "two", "exit 0")
    long = verdict(r, "y" * 500 + "\n\036RC 0")
    assert len(long.message) < 300


def test_a_rule_for_servers_is_skipped_on_a_terminal():
    r = rule(roles=["server"], command={"run": ["true"], "rc": 0})
    facts = Facts({"target": Target("t1", "10.0.0.1", role="terminal")})
    assert judge(rule_check(r, "test"), facts, {}).status == "skip"


# --- real execution on this machine -----------------------------------------------------------


def test_file_rules_run_on_this_machine_without_injection(tmp_path):
    folder = tmp_path / NASTY
    folder.mkdir()
    plain = folder / "a b'c\"$(touch PWNED)"
    plain.write_text("x")
    plain.chmod(0o640)
    newline = folder / "-line\nbreak `touch PWNED`"
    newline.write_text("x")
    newline.chmod(0o664)
    (folder / "real").write_text("x")
    link = folder / "-link $(touch PWNED)"
    link.symlink_to(plain)
    rules = [
        rule(id="plain", file={"path": str(plain), "mode": "0644", "owner": USER}),
        rule(id="plain_strict", file={"path": str(plain), "mode": "0600"}),
        rule(id="newline", file={"path": str(newline), "mode": "0644", "group": GROUP}),
        rule(id="newline_exists", file={"path": str(newline)}),
        rule(id="glob", file={"path": str(folder / "*")}),
        rule(id="glob_absent", file={"path": str(folder / "*"), "exists": False}),
        rule(id="link", file={"path": str(link), "mode": "0640"}),
        rule(id="missing", file={"path": str(folder / "-missing;touch PWNED")}),
    ]
    outcomes = run_rules(rules, tmp_path)
    statuses = [o.status for o in outcomes]
    assert statuses == ["pass", "fail", "fail", "pass", "fail", "pass", "pass", "fail"]
    assert outcomes[0].evidence == (f"0640 {USER}:{GROUP} regular file {plain}",)
    assert outcomes[1].message == f"{plain}: mode is 0640, more than 0600"
    assert outcomes[2].message == f"{newline}: mode is 0664, more than 0644"
    assert outcomes[4].message == f"{folder / '*'} does not exist"
    assert_nothing_injected(tmp_path)


def test_setting_rules_run_on_this_machine_without_injection(tmp_path):
    folder = tmp_path / NASTY
    folder.mkdir()
    conf = folder / "-conf $(touch PWNED)"
    nasty_value = "$(touch PWNED)`touch PWNED`;|&* 'q' \"d\""
    conf.write_text(f"# Banner /no\nBanner /etc/issue.net\nKey = {nasty_value}\n")
    link = folder / "-link"
    link.symlink_to(conf)
    rules = [
        rule(id="banner", setting={"path": str(conf), "pattern": r"^\s*Banner\s+(\S+)",
                                   "value": "/etc/issue.net"}),
        rule(id="key", setting={"path": str(link), "pattern": r"^Key = (.*)$",
                                "value": nasty_value}),
        rule(id="key_wrong", setting={"path": str(conf), "pattern": r"^Key = (.*)$",
                                      "value": "$(touch PWNED)"}),
        rule(id="no_root", setting={"path": str(conf), "pattern": r"^PermitRootLogin",
                                    "present": False}),
        rule(id="metachars", setting={"path": str(conf), "pattern": r"`touch PWNED`;\|&\*"}),
        rule(id="missing", setting={"path": str(folder / "*"), "pattern": "."}),
        rule(id="folder", setting={"path": str(folder), "pattern": "."}),
    ]  # fmt: skip
    outcomes = run_rules(rules, tmp_path)
    assert [o.status for o in outcomes] == ["pass", "pass", "fail", "pass", "pass", "fail", "error"]
    assert outcomes[0].evidence == ("2: Banner /etc/issue.net",)
    assert outcomes[2].evidence == (f"3: Key = {nasty_value}",)
    assert outcomes[6].message.endswith("is not a regular file: directory")
    assert_nothing_injected(tmp_path)


def test_command_rules_run_on_this_machine_without_injection(tmp_path):
    argument = NASTY + "\nsecond line"
    data = tmp_path / "-data $(touch PWNED)"
    data.write_text("chrony is enabled\n")
    rules = [
        rule(id="printf", command={"run": ["printf", "%s|%s\n", argument, "-n"],
                                   "expect": f"{argument}|-n", "rc": 0}),
        rule(id="cat", command={"run": ["cat", "--", str(data)], "expect": "enabled",
                                "compare": "contains"}),
        rule(id="matches", command={"run": ["cat", "--", str(data)], "expect": r"chrony is \w+",
                                    "compare": "matches"}),
        rule(id="status", command={"run": ["sh", "-c", "exit 3"], "rc": 3}),
        rule(id="wrong", command={"run": ["printf", "disabled"], "expect": "enabled"}),
        rule(id="missing", command={"run": ["no-such-command $(touch PWNED)"], "expect": "x"}),
        rule(id="dash", command={"run": ["-n", "touch", "PWNED"], "expect": ""}),
        rule(id="assignment", command={"run": ["PWNED=1", "touch", "PWNED"], "rc": 0}),
        rule(id="keyword", command={"run": ["if", "true;", "then", "touch", "PWNED;", "fi"],
                                    "rc": 0}),
        rule(id="glob", command={"run": ["printf", "%s", str(tmp_path / "*")],
                                 "expect": str(tmp_path / "*")}),
    ]  # fmt: skip
    outcomes = run_rules(rules, tmp_path)
    statuses = [o.status for o in outcomes]
    assert statuses == ["pass", "pass", "pass", "pass", "fail"] + ["error"] * 4 + ["pass"]
    printed = f"{argument}|-n".split("\n")
    assert outcomes[0].evidence == ("$ " + shlex.join(rules[0].spec.run), *printed, "exit 0")
    assert outcomes[4].message == 'printf disabled printed "disabled", expected "enabled"'
    assert outcomes[5].message == "command not found on the host: no-such-command $(touch PWNED)"
    assert_nothing_injected(tmp_path)


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv"
)
def test_what_an_unprivileged_user_cannot_see_is_an_error():
    with tempfile.TemporaryDirectory() as name:
        base = Path(name)
        base.chmod(0o755)
        secret = base / "secret"
        secret.write_text("Banner /b\n")
        secret.chmod(0o600)
        hidden = base / "hidden"
        hidden.mkdir(mode=0o700)
        rules = [
            rule(id="unreadable", setting={"path": str(secret), "pattern": "Banner"}),
            rule(id="unreachable", file={"path": str(hidden / "f"), "exists": False}),
            rule(id="root_only", needs_root=True, file={"path": str(secret)}),
            rule(id="visible", file={"path": str(secret), "mode": "0600", "owner": "root"}),
        ]
        outcomes = run_rules(rules, base, as_nobody=True)
    assert [o.status for o in outcomes] == ["error", "error", "error", "pass"]
    assert "is not readable (a rule may say needs_root: true)" in outcomes[0].message
    assert "Permission denied" in outcomes[1].message
    assert "needs root privileges (running as nobody)" in outcomes[2].message
