"""Reading rsyslog (and sysklogd) and syslog-ng configuration: what goes to which file or host.

Each rule found becomes a :class:`SyslogRule` naming the facilities it receives at level
``info`` (the level of login messages), or ``None`` when its filter is a condition this reader
does not evaluate (an ``if`` expression, a syslog-ng ``match()``...).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from auditor.facts.base import FileDump

_NAMED = ("auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news", "syslog")
FACILITIES = frozenset((*_NAMED, "user", "uucp", *(f"local{i}" for i in range(8))))
_ALIASES = {"security": "auth"}
LEVELS = ("debug", "info", "notice", "warning", "err", "crit", "alert", "emerg")
_LEVEL_ALIASES = {"warn": "warning", "error": "err", "panic": "emerg"}
INFO = LEVELS.index("info")
FORWARD_TYPES = frozenset({"omfwd", "omrelp", "omgssapi", "omelasticsearch", "omkafka", "omhttp"})


@dataclass(frozen=True)
class SyslogRule:
    """One rule: the facilities it receives at info level, what it does, and where."""

    daemon: str
    file: str
    text: str
    facilities: frozenset[str] | None
    kind: str  # "file", "forward" or "other"
    target: str

    def receives(self, facility: str) -> bool:
        return self.facilities is not None and facility in self.facilities


def _level(name: str) -> int | None:
    name = _LEVEL_ALIASES.get(name.lower(), name.lower())
    if name in ("*", ""):
        return 0
    return LEVELS.index(name) if name in LEVELS else None


# --- rsyslog / sysklogd ------------------------------------------------------------------------


def _priority_includes_info(priority: str) -> bool | None:
    """Whether a selector priority lets info messages through; None: it does not decide."""
    priority = priority.strip().lower()
    if priority == "none":
        return False
    negate = priority.startswith("!")
    priority = priority.lstrip("!")
    exact = priority.startswith("=")
    level = _level(priority.lstrip("="))
    if level is None:
        return None
    included = level == INFO if exact else level <= INFO
    if negate:
        return False if included else None
    return included


def selector_facilities(selector: str) -> frozenset[str] | None:
    """Facilities a legacy selector (``auth,authpriv.*;kern.none``) receives at info level."""
    state = dict.fromkeys(FACILITIES, False)
    for part in selector.split(";"):
        names, dot, priority = part.strip().rpartition(".")
        if not dot:
            return None
        decision = _priority_includes_info(priority)
        if decision is None:
            continue
        for name in names.split(","):
            name = _ALIASES.get(name.strip().lower(), name.strip().lower())
            for facility in FACILITIES if name == "*" else [name] if name in FACILITIES else []:
                state[facility] = decision
    return frozenset(f for f, on in state.items() if on)


_QUOTE_OR_HASH = re.compile(r'["#]')


def _strip_comment(line: str) -> str:
    """The line up to the first ``#`` outside quotes that starts it or follows a blank."""
    quoted = False
    for match in _QUOTE_OR_HASH.finditer(line):
        i = match.start()
        if match.group() == '"':
            quoted = not quoted
        elif not quoted and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def rsyslog_statements(text: str) -> list[tuple[str, int]]:
    """Logical statements (comments removed, continued lines joined) with their block depth.

    The depth counts the ``{`` blocks of ``if``/``ruleset`` the statement is inside.
    """
    statements: list[tuple[str, int]] = []
    depth, buffer = 0, ""
    for raw_line in text.splitlines():
        line = _strip_comment(raw_line).strip()
        if not line and not buffer:
            continue
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        buffer += line
        if buffer.count("(") > buffer.count(")"):
            buffer += " "
            continue
        statement, buffer = buffer.strip(), ""
        opens = statement.endswith("{")
        statement = statement.rstrip("{").strip()
        while statement.startswith("}"):
            depth = max(depth - 1, 0)
            statement = statement[1:].strip()
        if statement:
            statements.append((statement, depth))
        if opens:
            depth += 1
    return statements


_PARAM = re.compile(r'([\w.]+)\s*=\s*"([^"]*)"')


def _params(text: str) -> dict[str, str]:
    """The ``name="value"`` parameters of a statement, by lower-case name."""
    if "=" not in text:  # most statements: a legacy selector and action, or a $directive
        return {}
    return {k.lower(): v for k, v in _PARAM.findall(text)}


def _legacy_target(action: str) -> tuple[str, str]:
    """(kind, target) of a legacy action: a file, ``@host``/``@@host``, ``:omrelp:``..."""
    action = action.split(";")[0].strip()
    if action.startswith("@"):
        proto = "tcp" if action.startswith("@@") else "udp"
        host = re.sub(r"^@@?(\([^)]*\))?", "", action)
        return "forward", f"{host} ({proto})"
    if action.startswith(":omrelp:"):
        return "forward", f"{action[len(':omrelp:') :]} (relp)"
    if action.startswith(("-/", "/")):
        return "file", action.lstrip("-")
    if action.startswith("?"):
        return "file", action
    return "other", action


def _action_target(text: str) -> tuple[str, str]:
    params = _params(text)
    kind = params.get("type", "").lower()
    if kind == "omfile":
        return "file", params.get("file") or f"?{params.get('dynafile', '')}"
    if kind in FORWARD_TYPES:
        host = params.get("target") or params.get("server") or params.get("broker", "")
        port = params.get("port", "")
        proto = params.get("protocol", "udp" if kind == "omfwd" else kind[2:])
        return "forward", f"{host}{':' + port if port else ''} ({proto.lower()})"
    return "other", kind or text


_SELECTOR = re.compile(r"^([^\s(]*\.[^\s(]*)\s+(.+)$")
_PRIFILT = re.compile(r'^if\s+prifilt\("([^"]+)"\)\s+then\s+(.*)$', re.IGNORECASE)


def _statement_rule(path: str, statement: str, depth: int, daemon: str) -> SyslogRule | None:
    """The rule an rsyslog statement makes, or None when it is not a rule."""
    facilities: frozenset[str] | None
    match = _PRIFILT.match(statement)
    if match:
        facilities, action = selector_facilities(match.group(1)), match.group(2)
    elif statement.lower().startswith("if ") and " then" in statement.lower():
        action = re.split(r"\s+then\s+", statement, maxsplit=1, flags=re.I)[-1]
        facilities = None
    elif (match := _SELECTOR.match(statement)) and not statement.startswith(("$", ":")):
        facilities = selector_facilities(match.group(1))
        action = match.group(2)
    elif statement.lower().startswith("action("):
        facilities, action = FACILITIES, statement
    else:
        return None
    if not action:
        return None
    if action.lower().startswith("action("):
        kind, target = _action_target(action)
    else:
        kind, target = _legacy_target(action)
    if depth:
        facilities = None  # inside an if/ruleset block: the condition is not evaluated
    return SyslogRule(daemon, path, statement, facilities, kind, target)


# --- rsyslog: modes of the files it creates, network inputs ------------------------------------

DEFAULT_CREATE_MODE = "0644"  # rsyslog's own default for $FileCreateMode / fileCreateMode
NETWORK_INPUTS = frozenset({"imtcp", "imudp", "imptcp", "imrelp", "imgssapi", "imdtls"})
_LEGACY_INPUTS = re.compile(
    r"^\$(InputTCPServerRun|UDPServerRun|InputUDPServerRun|InputPTCPServerRun|"
    r"InputRELPServerRun|InputGSSServerRun)\b",
    re.IGNORECASE,
)
_INCLUDE = re.compile(r'^(?:\$IncludeConfig\s+(\S+)|include\(.*?\bfile\s*=\s*"([^"]+)")', re.I)


@dataclass(frozen=True)
class CreateMode:
    """The mode rsyslog gives a log file it creates, and the statement that set it."""

    target: str
    mode: str
    where: str  # "file: statement", or "" for rsyslog's default


@dataclass(frozen=True)
class SyslogInput:
    """A statement making the syslog daemon receive messages from the network."""

    daemon: str
    file: str
    text: str


_FILE_CREATE_MODE = re.compile(r"^\$FileCreateMode\s+(\d+)", re.IGNORECASE)

# a statement of a file: its text, block depth and the rule it makes (see _statement_rule)
Statement = tuple[str, int, SyslogRule | None]


class RsyslogConfig:
    """rsyslog's (or sysklogd's) configuration files, each read once into its statements and
    the rule each makes, for the rules, the creation modes and the network inputs."""

    def __init__(self, files: dict[str, FileDump], daemon: str = "rsyslog") -> None:
        self.daemon = daemon
        self.statements: dict[str, list[Statement]] = {
            path: [
                (statement, depth, _statement_rule(path, statement, depth, daemon))
                for statement, depth in rsyslog_statements(dump.content)
            ]
            for path, dump in files.items()
        }

    def rules(self) -> list[SyslogRule]:
        """The rules of the files, in the order given."""
        return [rule for found in self.statements.values() for _, _, rule in found if rule]

    def _walk(self, main: str) -> list[tuple[str, Statement]]:
        """The statements (with their file) in reading order from ``main``, included files
        read where the include stands."""
        walked: list[tuple[str, Statement]] = []
        done: set[str] = set()

        def read(path: str) -> None:
            done.add(path)
            for found in self.statements[path]:
                match = _INCLUDE.match(found[0])
                if not match:
                    walked.append((path, found))
                    continue
                pattern = match.group(1) or match.group(2)
                for name in sorted(p for p in self.statements if fnmatch.fnmatchcase(p, pattern)):
                    if name not in done:
                        read(name)

        if main in self.statements:
            read(main)
        return walked

    def create_modes(self, main: str = "/etc/rsyslog.conf") -> list[CreateMode]:
        """The creation mode in force for each file action, in reading order from ``main``."""
        mode, where = DEFAULT_CREATE_MODE, ""
        found = []
        for path, (statement, _, rule) in self._walk(main):
            legacy = _FILE_CREATE_MODE.match(statement)
            params = _params(statement)
            if legacy:
                mode, where = legacy.group(1), f"{path}: {statement}"
            elif statement.lower().startswith("module(") and "filecreatemode" in params:
                mode, where = params["filecreatemode"], f"{path}: {statement}"
            if rule is None or rule.kind != "file":
                continue
            if "filecreatemode" in params and not statement.lower().startswith("module("):
                own = params["filecreatemode"]
                found.append(CreateMode(rule.target, own, f"{path}: {statement}"))
            else:
                found.append(CreateMode(rule.target, mode, where))
        return found

    def inputs(self) -> list[SyslogInput]:
        """The statements that listen on the network: input() of a network module or the
        legacy ``$...ServerRun`` directives."""
        found = []
        for path, statements in self.statements.items():
            for statement, _, _ in statements:
                network = statement.lower().startswith("input(") and (
                    _params(statement).get("type", "").lower() in NETWORK_INPUTS
                )
                if network or _LEGACY_INPUTS.match(statement):
                    found.append(SyslogInput(self.daemon, path, statement))
        return found


def rsyslog_rules(files: dict[str, FileDump], daemon: str = "rsyslog") -> list[SyslogRule]:
    """Rules of rsyslog (or sysklogd) config files, in the order given."""
    return RsyslogConfig(files, daemon).rules()


def rsyslog_create_modes(
    files: dict[str, FileDump], main: str = "/etc/rsyslog.conf"
) -> list[CreateMode]:
    """The creation mode in force for each file action, in reading order."""
    return RsyslogConfig(files).create_modes(main)


def rsyslog_inputs(files: dict[str, FileDump]) -> list[SyslogInput]:
    """rsyslog statements that listen on the network (see :meth:`RsyslogConfig.inputs`)."""
    return RsyslogConfig(files).inputs()


# --- syslog-ng ---------------------------------------------------------------------------------


def _strip_ng_comments(text: str) -> str:
    return "\n".join(_strip_comment(line) for line in text.splitlines())


def _blocks(text: str) -> list[tuple[str, str, str]]:
    """Top-level ``kind name { body };`` objects (name empty for ``log``)."""
    found = []
    for match in re.finditer(r"\b(source|destination|filter|log)\b\s*([\w-]*)\s*\{", text):
        start, depth = match.end(), 1
        i = start
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        found.append((match.group(1), match.group(2), text[start : i - 1]))
    return found


def _level_set(args: str) -> set[str]:
    levels: set[str] = set()
    for part in args.split(","):
        low, dots, high = part.partition("..")
        lo, hi = _level(low.strip()), _level(high.strip()) if dots else _level(low.strip())
        if lo is not None and hi is not None:
            levels.update(LEVELS[min(lo, hi) : max(lo, hi) + 1])
    return levels


class _FilterEval:
    """Evaluate a syslog-ng filter expression to the set of facilities it passes at info."""

    def __init__(self, filters: dict[str, str]) -> None:
        self.filters = filters
        self.tokens: list[str] = []
        self.seen: frozenset[str] = frozenset()
        self.unknown = False

    def run(self, expression: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        saved = self.tokens, self.seen
        self.tokens = re.findall(r"\w+\s*\([^()]*\)|\(|\)|\w+", expression)
        self.seen = seen
        result = self._or()
        self.tokens, self.seen = saved
        return result

    def _or(self) -> frozenset[str]:
        result = self._and()
        while self.tokens and self.tokens[0].lower() == "or":
            self.tokens.pop(0)
            result = result | self._and()
        return result

    def _and(self) -> frozenset[str]:
        result = self._not()
        while self.tokens and self.tokens[0].lower() == "and":
            self.tokens.pop(0)
            result = result & self._not()
        return result

    def _not(self) -> frozenset[str]:
        if self.tokens and self.tokens[0].lower() == "not":
            self.tokens.pop(0)
            return FACILITIES - self._not()
        return self._atom()

    def _atom(self) -> frozenset[str]:
        if not self.tokens:
            return FACILITIES
        token = self.tokens.pop(0)
        if token == "(":
            result = self._or()
            if self.tokens and self.tokens[0] == ")":
                self.tokens.pop(0)
            return result
        name, _, args = token.partition("(")
        name, args = name.strip().lower(), args.rstrip(")")
        if name == "facility":
            words = {_ALIASES.get(w, w) for w in re.findall(r"[\w]+", args.lower())}
            return frozenset(words & FACILITIES)
        if name in ("level", "priority"):
            return FACILITIES if "info" in _level_set(args) else frozenset()
        if name == "filter" and args.strip() in self.filters and args.strip() not in self.seen:
            ref = args.strip()
            return self.run(self.filters[ref], self.seen | {ref})
        self.unknown = True
        return FACILITIES


def _destinations(body: str) -> list[tuple[str, str]]:
    found = []
    for driver, args in re.findall(r"\b(file|network|syslog|tcp6?|udp6?)\s*\(([^;]*)\)", body):
        host = re.match(r'\s*"?([^"\s)]*)', args)
        target = host.group(1) if host else ""
        if driver == "file":
            found.append(("file", target))
        else:
            port = re.search(r"port\s*\(\s*(\d+)", args)
            proto = re.search(r'transport\s*\(\s*"?(\w+)', args)
            transport = proto.group(1) if proto else ("tcp" if driver == "syslog" else driver)
            where = f"{target}:{port.group(1)}" if port else target
            found.append(("forward", f"{where} ({transport})"))
    return found


def syslog_ng_rules(files: dict[str, FileDump]) -> list[SyslogRule]:
    """One rule per destination driver used in a ``log {}`` path of syslog-ng config files."""
    text_by_file = {path: _strip_ng_comments(dump.content) for path, dump in files.items()}
    filters: dict[str, str] = {}
    destinations: dict[str, list[tuple[str, str]]] = {}
    for text in text_by_file.values():
        for kind, name, body in _blocks(text):
            if kind == "filter":
                filters[name] = body.strip().rstrip(";")
            elif kind == "destination":
                destinations[name] = _destinations(body)
    rules = []
    for path, text in text_by_file.items():
        for kind, _, body in _blocks(text):
            if kind != "log":
                continue
            evaluator = _FilterEval(filters)
            facilities = FACILITIES
            for ref in re.findall(r"\bfilter\s*\(\s*([\w-]+)\s*\)", body):
                facilities = facilities & evaluator.run(filters.get(ref, "unknown()"), frozenset())
            text_line = " ".join(body.split())
            for ref in re.findall(r"\bdestination\s*\(\s*([\w-]+)\s*\)", body):
                for dest_kind, target in destinations.get(ref, []):
                    known = None if evaluator.unknown else frozenset(facilities)
                    statement = f"log {{ {text_line} }}"
                    rules.append(SyslogRule("syslog-ng", path, statement, known, dest_kind, target))
    return rules


def syslog_ng_inputs(files: dict[str, FileDump]) -> list[SyslogInput]:
    """syslog-ng sources used in a ``log {}`` path that listen on the network (network(),
    syslog(), tcp(), udp() drivers)."""
    texts = {path: _strip_ng_comments(dump.content) for path, dump in files.items()}
    used = {
        ref
        for text in texts.values()
        for kind, _, body in _blocks(text)
        if kind == "log"
        for ref in re.findall(r"\bsource\s*\(\s*([\w-]+)\s*\)", body)
    }
    found = []
    for path, text in texts.items():
        for kind, name, body in _blocks(text):
            listening = re.search(r"\b(network|syslog|tcp6?|udp6?)\s*\(", body)
            if kind == "source" and name in used and listening:
                found.append(
                    SyslogInput("syslog-ng", path, f"source {name} {{ {' '.join(body.split())} }}")
                )
    return found
