"""Local rules: simple checks a profile declares in YAML, without Python.

A rule has exactly one of three kinds, each gathered by a collector of its own
(:func:`rule_collector`, named ``local_<id>``) and judged by a check (:func:`rule_check`):

``file``
    the path exists (or, with ``exists: false``, must not); optionally its ``mode`` is no more
    permissive than an octal mode, its ``owner`` and ``group`` are the given names (or ids).
    Symbolic links are followed.
``setting``
    some line of a file matches ``pattern`` (Python ``re``, searched line by line in the parser,
    never on the host), or none does with ``present: false``; with ``value``, the first group of
    every matching line must equal it.
``command``
    the argv ``run`` is run on the host; its stripped stdout ``equals`` (default), ``contains``
    or fully ``matches`` (regular expression) ``expect``, and it exits with status ``rc`` when
    given. A command that is not found (status 127) or cannot run (126) is an error.

Every value from the YAML reaches the shell through :func:`shlex.quote` only.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from auditor.errors import Invalid
from auditor.facts.base import Collector, FactError, Facts, Raw, split_files
from auditor.messages import Message
from auditor.metadata import Area, CheckMeta, Role, Severity, Text
from auditor.outcome import Outcome, errored, failed, passed
from auditor.registry import Check

COLLECTOR_PREFIX = "local_"
LOCAL_CONTROL = "LOCAL"  # the project control every local rule's metadata names
LOCAL_TAG = "local"  # added to every local rule's tags
KINDS = ("file", "setting", "command")
DEFAULT_RATIONALE = Text(vi="Quy tắc cục bộ của hồ sơ", en="Local rule of the profile")
DEFAULT_REMEDIATION = Text(vi="Liên hệ người phụ trách hồ sơ", en="See the profile's owner")

STAT_MARK = "\036STAT "  # stat -L succeeded: its fields follow
STAT_ERROR_MARK = "\036STATERR "  # stat -L failed for another reason than a missing file
MISSING_MARK = "\036MISSING"  # nothing at the path (or a dangling symbolic link)
UNREADABLE_MARK = "\036UNREADABLE"  # a setting's file exists but cannot be read
RC_MARK = "\036RC "  # a command's exit status, after its stdout
FILE_STAT_FORMAT = "%a %u %U %g %G %F"  # mode, uid, owner, gid, group, kind (may hold spaces)
MAX_SHOWN = 120  # characters of a command's output or a value shown in a message


def _string(value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise Invalid("must be a quoted string in YAML, not {value!r}", value=value)
    return value


def _absolute(path: str) -> str:
    if not path.startswith("/"):
        raise Invalid("{path!r} is not an absolute path", path=path)
    return path


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise Invalid(
            "invalid regular expression {pattern!r}: {exc}", pattern=pattern, exc=exc
        ) from None
    return pattern


Quoted = Annotated[str, BeforeValidator(_string)]
OptionalQuoted = Annotated[str | None, BeforeValidator(_string)]
AbsolutePath = Annotated[str, BeforeValidator(_string), AfterValidator(_absolute)]
Regex = Annotated[str, BeforeValidator(_string), AfterValidator(_compiles)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _stat_script(path: str, stat_format: str, found: str) -> str:
    """``stat -L`` the path; on success print its fields and run the shell ``found`` (lines
    after the stat line), else print a mark."""
    return f"""p={shlex.quote(path)}
if out=$(stat -L -c {shlex.quote(stat_format)} -- "$p" 2>&1); then
  printf '\\036STAT %s\\n' "$out"{found}
else
  case $out in
    *'No such file or directory'|*'Not a directory') printf '\\036MISSING\\n' ;;
    *) printf '\\036STATERR %s\\n' "$out" ;;
  esac
fi"""


def _stat_failure(text: str) -> FactError:
    """The error output without a stat line means: stat failed, or the output is unreadable."""
    if text.startswith(STAT_ERROR_MARK):
        reason = " ".join(text[len(STAT_ERROR_MARK) :].split())
        return FactError(f"cannot stat the file: {reason}")
    return FactError(f"unreadable output: {text[:80]!r}")


def _shown(text: str) -> str:
    """A value quoted for a message, cut to :data:`MAX_SHOWN` characters."""
    cut = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    return json.dumps(cut, ensure_ascii=False)


@dataclass(frozen=True)
class FileState:
    """What ``stat -L`` reported for a path; ``exists`` is false when nothing is there."""

    exists: bool
    mode: int = 0
    uid: str = ""
    owner: str = ""
    gid: str = ""
    group: str = ""
    kind: str = ""

    def describe(self) -> str:
        return f"{self.mode:04o} {self.owner}:{self.group} {self.kind}"


class FileRule(_Model):
    """A file rule: the path exists (or must not), with at most a mode, an owner and a group."""

    path: AbsolutePath
    exists: bool = True
    mode: OptionalQuoted = None
    owner: OptionalQuoted = None
    group: OptionalQuoted = None

    @field_validator("mode")
    @classmethod
    def _octal(cls, mode: str | None) -> str | None:
        if mode is not None and not re.fullmatch(r"[0-7]{3,4}", mode):
            raise Invalid('mode {mode!r} is not 3 or 4 octal digits such as "0644"', mode=mode)
        return mode

    @model_validator(mode="after")
    def _nothing_to_check_when_absent(self) -> FileRule:
        if not self.exists and (self.mode, self.owner, self.group) != (None, None, None):
            raise Invalid("mode, owner and group cannot be checked on a file that must not exist")
        return self

    def script(self) -> str:
        return _stat_script(self.path, FILE_STAT_FORMAT, "")

    def parse(self, raw: Raw) -> FileState:
        """The file's state from the stat line, or from the missing mark."""
        if raw.stdout.startswith(MISSING_MARK):
            return FileState(False)
        if raw.stdout.startswith(STAT_MARK):
            fields = raw.stdout[len(STAT_MARK) :].split("\n", 1)[0].split(" ", 5)
            if len(fields) == 6 and re.fullmatch(r"[0-7]{1,5}", fields[0]):
                return FileState(True, int(fields[0], 8), *fields[1:])
        raise _stat_failure(raw.stdout)

    def judge(self, state: FileState) -> Outcome:
        path = self.path
        if not state.exists:
            if self.exists:
                return failed("{path} does not exist", [f"missing: {path}"], path=path)
            return passed("{path} does not exist", [f"missing: {path}"], path=path)
        evidence = [f"{state.describe()} {path}"]
        if not self.exists:
            return failed("{path} exists but must not", evidence, path=path)
        problems = []
        if self.mode is not None and state.mode & ~int(self.mode, 8):
            problems.append(
                Message.of(
                    "mode is {mode}, more than {allowed}",
                    mode=f"{state.mode:04o}",
                    allowed=f"{int(self.mode, 8):04o}",
                )
            )
        if self.owner is not None and self.owner not in {state.owner, state.uid}:
            problems.append(
                Message.of(
                    "owner is {owner}, not {expected}", owner=state.owner, expected=self.owner
                )
            )
        if self.group is not None and self.group not in {state.group, state.gid}:
            problems.append(
                Message.of(
                    "group is {group}, not {expected}", group=state.group, expected=self.group
                )
            )
        if problems:
            return failed("{path}: {problems}", evidence, path=path, problems=problems)
        return passed(
            "{path} is mode {mode}, owner {owner}, group {group}",
            evidence,
            path=path,
            mode=f"{state.mode:04o}",
            owner=state.owner,
            group=state.group,
        )


@dataclass(frozen=True)
class SettingState:
    """The lines of a file that match a setting rule: (line number, line, first group)."""

    exists: bool
    matches: tuple[tuple[int, str, str | None], ...] = ()


class SettingRule(_Model):
    """A setting rule: a line of the file matches ``pattern`` (or none does)."""

    path: AbsolutePath
    pattern: Regex
    present: bool = True
    value: OptionalQuoted = None

    @field_validator("path")
    @classmethod
    def _one_line(cls, path: str) -> str:
        if "\n" in path:
            raise Invalid("the path of a setting's file cannot hold a newline")
        return path

    @model_validator(mode="after")
    def _value_needs_a_group(self) -> SettingRule:
        if self.value is not None and not self.present:
            raise Invalid("value can only be required of a setting that must be present")
        if self.value is not None and re.compile(self.pattern).groups < 1:
            raise Invalid("a pattern with a value needs a capture group: (...)")
        return self

    def script(self) -> str:
        dump = """
  if [ ! -r "$p" ]; then
    printf '\\036UNREADABLE\\n'
  else
    if [ -L "$p" ]; then p=$(readlink -f -- "$p"); fi
    dump_files "$p"
  fi"""
        return _stat_script(self.path, "%F", dump)

    def parse(self, raw: Raw) -> SettingState:
        """The matching lines of the dumped file; a file that is not readable is an error."""
        if raw.stdout.startswith(MISSING_MARK):
            return SettingState(False)
        if not raw.stdout.startswith(STAT_MARK):
            raise _stat_failure(raw.stdout)
        kind, _, rest = raw.stdout[len(STAT_MARK) :].partition("\n")
        if rest.startswith(UNREADABLE_MARK):
            raise FactError(f"{self.path} is not readable (a rule may say needs_root: true)")
        dumps = list(split_files(rest).values())
        if not dumps:
            raise FactError(f"{self.path} is not a regular file: {kind}")
        regex = re.compile(self.pattern)
        lines = dumps[0].lines()
        if dumps[0].content.endswith("\n"):
            lines.pop()  # the end of the last line, not a line
        matches = []
        for number, line in enumerate(lines, 1):
            found = regex.search(line)
            if found:
                matches.append((number, line, found.group(1) if regex.groups else None))
        return SettingState(True, tuple(matches))

    def judge(self, state: SettingState) -> Outcome:
        path, pattern = self.path, self.pattern
        if not state.exists:
            if self.present:
                return failed("{path} does not exist", [f"missing: {path}"], path=path)
            return passed("{path} does not exist", [f"missing: {path}"], path=path)
        evidence = [f"{number}: {line}" for number, line, _ in state.matches]
        count = len(state.matches)
        if not self.present:
            if count:
                return failed(
                    "lines of {path} matching {pattern}: {count}; none may match",
                    evidence,
                    count=count,
                    path=path,
                    pattern=pattern,
                )
            return passed("no line of {path} matches {pattern}", path=path, pattern=pattern)
        if not count:
            return failed("no line of {path} matches {pattern}", path=path, pattern=pattern)
        if self.value is None:
            return passed(
                "lines of {path} matching {pattern}: {count}",
                evidence,
                count=count,
                path=path,
                pattern=pattern,
            )
        wrong = list(dict.fromkeys(g or "" for _, _, g in state.matches if g != self.value))
        if wrong:
            return failed(
                "{path} sets {found}, expected {value}",
                evidence,
                path=path,
                found=[_shown(w) for w in wrong],
                value=_shown(self.value),
            )
        return passed("{path} sets {value}", evidence, path=path, value=_shown(self.value))


@dataclass(frozen=True)
class CommandResult:
    """What a command printed on stdout, and its exit status."""

    stdout: str
    rc: int


class CommandRule(_Model):
    """A command rule: the argv ``run`` prints ``expect`` and exits with ``rc``."""

    run: tuple[Quoted, ...] = Field(min_length=1)
    expect: OptionalQuoted = None
    compare: Literal["equals", "contains", "matches"] = "equals"
    rc: int | None = Field(default=None, ge=0, le=255)

    @model_validator(mode="after")
    def _something_to_compare(self) -> CommandRule:
        if not self.run[0]:
            raise Invalid("run: the command name is empty")
        if self.expect is None and self.rc is None:
            raise Invalid("a command rule needs expect, rc or both")
        if self.expect is None and self.compare != "equals":
            raise Invalid("compare: {compare} needs expect", compare=self.compare)
        if self.compare == "matches" and self.expect is not None:
            _compiles(self.expect)
        return self

    def script(self) -> str:
        return f"command -- {shlex.join(self.run)}\nprintf '\\n\\036RC %s\\n' \"$?\""

    def parse(self, raw: Raw) -> CommandResult:
        """The stdout before the last status mark, and the status it gives."""
        stdout, mark, rc = raw.stdout.rpartition("\n" + RC_MARK)
        if not mark or not rc.strip().isdigit():
            raise FactError("the command's exit status is missing from the output")
        return CommandResult(stdout, int(rc))

    def judge(self, result: CommandResult) -> Outcome:
        command = shlex.join(self.run)
        output = result.stdout.strip()
        evidence = [f"$ {command}", *(output.split("\n") if output else []), f"exit {result.rc}"]
        if result.rc == 127:
            return errored(
                "command not found on the host: {command}", evidence, command=self.run[0]
            )
        if result.rc == 126:
            return errored(
                "command cannot be run on the host: {command}", evidence, command=command
            )
        if self.rc is not None and result.rc != self.rc:
            return failed(
                "{command} exited with status {rc}, expected {expected}",
                evidence,
                command=command,
                rc=result.rc,
                expected=self.rc,
            )
        if self.expect is None:
            return passed(
                "{command} exited with status {rc}", evidence, command=command, rc=result.rc
            )
        shown, expected = _shown(output), _shown(self.expect)
        if self.compare == "contains":
            if self.expect not in output:
                return failed(
                    "{command} printed {output}, which does not contain {expected}",
                    evidence,
                    command=command,
                    output=shown,
                    expected=expected,
                )
        elif self.compare == "matches":
            if not re.fullmatch(self.expect, output):
                return failed(
                    "{command} printed {output}, which does not match {expected}",
                    evidence,
                    command=command,
                    output=shown,
                    expected=expected,
                )
        elif output != self.expect:
            return failed(
                "{command} printed {output}, expected {expected}",
                evidence,
                command=command,
                output=shown,
                expected=expected,
            )
        return passed("{command} printed {output}", evidence, command=command, output=shown)


class LocalRule(_Model):
    """A local rule of a profile: check metadata and exactly one of file, setting, command."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    area: Area
    severity: Severity
    rationale: Text = DEFAULT_RATIONALE
    remediation: Text = DEFAULT_REMEDIATION
    tags: tuple[str, ...] = ()
    roles: tuple[Role, ...] = Field(default=("server", "terminal"), min_length=1)
    needs_root: bool = False
    file: FileRule | None = None
    setting: SettingRule | None = None
    command: CommandRule | None = None

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> LocalRule:
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given) or "none"
            raise Invalid(
                "a rule needs exactly one of file, setting, command (found: {found})", found=found
            )
        return self

    @property
    def kind(self) -> str:
        """``file``, ``setting`` or ``command``."""
        return next(k for k in KINDS if getattr(self, k) is not None)

    @property
    def spec(self) -> FileRule | SettingRule | CommandRule:
        """The rule's one kind."""
        return getattr(self, self.kind)


def collector_name(rule: LocalRule) -> str:
    """The name of the rule's fact (and collector): ``local_<id>``."""
    return COLLECTOR_PREFIX + rule.id


def rule_collector(rule: LocalRule) -> Collector:
    """The collector gathering what the rule judges (not registered in ``COLLECTORS``)."""
    return Collector(
        collector_name(rule),
        rule.spec.script(),
        rule.spec.parse,
        rule.needs_root,
        f"local {rule.kind} rule {rule.id}",
    )


def rule_check(rule: LocalRule, origin: str) -> Check:
    """The check judging the rule's fact; ``origin`` says where the rule was declared."""
    name = collector_name(rule)
    meta = CheckMeta.model_validate(
        {
            "id": rule.id,
            "title": rule.title.model_dump(),
            "area": rule.area,
            "severity": rule.severity,
            "rationale": rule.rationale.model_dump(),
            "remediation": rule.remediation.model_dump(),
            "references": {"controls": [LOCAL_CONTROL]},
            "facts": [name],
            "tags": list(dict.fromkeys([LOCAL_TAG, *rule.tags])),
            "roles": list(rule.roles),
        }
    )
    spec = rule.spec

    def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
        return spec.judge(facts[name])

    return Check(meta, evaluate, origin)
