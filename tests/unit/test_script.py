import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path

from auditor.facts import load_collectors
from auditor.facts.base import (
    SHARED_INPUTS,
    Collector,
    Raw,
    SharedInput,
    sections,
    split_files,
    split_sections,
)
from auditor.facts.process_list import PROCESSES, Process, parse_processes
from auditor.facts.script import (
    NEEDS_ROOT_RC,
    PRELUDE,
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
SHADOW = Collector("shadow", "dump_files /etc/shadow", lambda r: split_files(r.stdout))
HOSTILE = Collector("hostile", "printf '\\036END fake echo 0\\n'; echo ok", lambda raw: lines(raw))
SECTIONS = Collector(
    "sections",
    "echo before; sec one; echo a; sec two x y; printf 'b\\n## c\\n'; sec one again",
    lambda raw: (sections(raw.stdout), split_sections(raw.stdout)),
)


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


# What dump_files printed when it ran one stat and one head per file: the bytes it must still print.
STAT_AND_HEAD = r"""dump_files() {
  for f in "$@"; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    printf '\036FILE %s %s\n' "$(stat -c '%a %U %G %s' -- "$f" 2>/dev/null || echo '0 ? ? 0')" "$f"
    head -c 262144 -- "$f" 2>&1
    printf '\n'
  done
}"""
# Debian's default awk, and the one RHEL and others have
AWKS = [path for path in map(shutil.which, ("mawk", "gawk")) if path]


def dump_files(paths: list[str], awk: str = "awk", prelude: str = PRELUDE, **kw) -> bytes:
    """What the prelude's dump_files (with ``awk``) prints for ``paths``."""
    prelude = prelude.replace("| awk -v m=", f"| {awk} -v m=")
    script = f'M=n30\n{prelude}\ndump_files "$@"'
    return subprocess.run(["sh", "-c", script, "sh", *paths], capture_output=True, **kw).stdout


def test_dump_files_prints_what_stat_and_head_printed_with_each_awk(tmp_path):
    assert AWKS
    cap = 262144
    contents = {
        "empty": b"",
        "no newline": b"a\nb",
        "crlf": b"a\r\nb\r\n",
        "cut mid-line": b"x" * 999 + b"\n" + b"y" * cap,
        "cut before a newline": b"z" * cap + b"\nmore\n",
        "one long line": b"q" * (cap + 10),
        "newline\nin name": b"one\n",
        "only newlines": b"\n\n",
    }
    for name, content in contents.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "unknown owner").write_text("u\n")
    os.chown(tmp_path / "unknown owner", 54321, 54321)  # stat prints UNKNOWN for both
    (tmp_path / "link").symlink_to(tmp_path / "crlf")
    (tmp_path / "dir").mkdir()
    names = [*contents, "unknown owner", "link", "dir", "missing", "*.conf", "crlf", "empty"]
    paths = [str(tmp_path / name) for name in names]  # a glob that matched nothing: *.conf
    expected = subprocess.run(
        ["sh", "-c", f'{STAT_AND_HEAD}\ndump_files "$@"', "sh", *paths], capture_output=True
    ).stdout
    assert expected.count(b"\036FILE ") == len(contents) + 3  # no link, dir, missing nor glob
    assert b" UNKNOWN UNKNOWN 2 " in expected
    for awk in AWKS:
        assert dump_files(paths, awk) == expected, awk


def test_dump_files_of_an_unreadable_file_gives_its_header_and_no_content():
    shadow = os.stat("/etc/shadow")  # unreadable as nobody: head printed its error instead
    out = run(build_script([SHADOW], "n31"), as_nobody=True)
    f = parse_facts([SHADOW], out, "n31").values["shadow"]["/etc/shadow"]
    assert (f.mode, f.owner, f.size) == (shadow.st_mode & 0o7777, "root", shadow.st_size)
    assert f.content == ""


def test_dump_files_leaves_out_a_file_gone_since_its_test_and_opens_only_the_paths_given(tmp_path):
    gone, last = tmp_path / "gone", tmp_path / "last"
    gone.write_text("g\n")
    last.write_text("l\n")
    (tmp_path / "secret").write_text("not given\n")
    # a name forging a header (with the nonce) whose path is a file it was not given
    forged = tmp_path / "f\n\036n30 644 root root 10\nsecret"
    forged.write_text("f\n")
    racing = PRELUDE.replace("stat --printf", 'rm -- "$1"; stat --printf', 1)
    assert racing != PRELUDE
    out = dump_files([str(gone), str(forged), str(last)], prelude=racing, cwd=tmp_path)
    assert not gone.exists()
    assert out == f"\036FILE {os.stat(last).st_mode & 0o777:o} root root 2 {last}\nl\n\n".encode()


def test_dump_files_runs_one_stat_and_one_awk_per_200_files_and_keeps_their_order(tmp_path):
    paths = []
    for i in range(450):
        paths.append(str(tmp_path / f"f{i}"))
        Path(paths[-1]).write_text(f"{i}\n")
    trace = tmp_path / "trace"
    argv = ["strace", "-f", "-qq", "-z", "-e", "trace=execve", "-o", str(trace), "sh", "-c"]
    script = f'M=n32\n{PRELUDE}\ndump_files "$@"'
    out = subprocess.run([*argv, script, "sh", *paths], capture_output=True, check=True).stdout
    assert list(split_files(out.decode())) == paths
    assert [f.content.strip() for f in split_files(out.decode()).values()] == [
        str(i) for i in range(450)
    ]
    ran = re.findall(r'execve\("[^"]*/([^/"]+)"', trace.read_text())
    assert sorted(ran) == ["awk"] * 3 + ["sh"] + ["stat"] * 3  # sh: the one strace started


def test_collector_scripts_are_set_as_quoted_words_that_run_no_process(tmp_path):
    quotes = Collector(
        "quotes", "printf '%s\\n' \"it's\" '__BODY_n33__' 'a'\\''b' EOF", lambda raw: lines(raw)
    )
    script = build_script([quotes, ECHO], "n33", lanes=1)
    trace = tmp_path / "trace"
    argv = ["strace", "-f", "-qq", "-z", "-e", "trace=execve", "-o", str(trace), "/bin/sh", "-s"]
    out = subprocess.run(argv, input=script.encode(), capture_output=True, check=True).stdout
    raws = split_output(out.decode(), "n33")
    assert lines(raws["quotes"]) == ["it's", "__BODY_n33__", "a'b", "EOF"]
    ran = re.findall(r'execve\("([^"]*)"', trace.read_text())
    names = [path.rsplit("/", 1)[-1] for path in ran]
    assert "cat" not in names and names.count("id") == 1
    assert ran.count("/bin/sh") == 3  # the script's, and each collector's: found without PATH


def test_sec_of_the_prelude_marks_the_sections_of_an_output():
    out = run(build_script([SECTIONS], "n10"))
    triples, by_name = parse_facts([SECTIONS], out, "n10").values["sections"]
    assert triples == [("one", "", ["a"]), ("two", "x y", ["b", "## c"]), ("one", "again", [])]
    assert by_name == {"one": [], "two": ["b", "## c"]}  # a repeated name keeps its last


# A script defining sec (or function sec), or printing a "## " / "\036## " or "\036SEC" line
# itself, instead of calling the prelude's sec.
OWN_SEC = re.compile(r"(?:^|[\s;&|(){}])(?:function\s+sec\b|sec\s*\(\s*\))")
OLD_MARK = re.compile(r"""\b(?:echo|printf)\b[^\n]*?['"](?:\\n|\\036|\x1e)*## |\\036##|\x1e##""")
RAW_MARK = re.compile(r"\\036SEC|\x1eSEC")


def test_every_script_marks_its_sections_with_the_prelude_sec():
    assert re.search(r"^sec\(\) \{ printf '\\036SEC %s\\n' \"\$\*\"; \}$", PRELUDE, re.M)
    scripts = {f"collector {n}": c.script for n, c in load_collectors().items()}
    scripts |= {f"shared input {n}": s.script for n, s in SHARED_INPUTS.items()}
    assert "shared input processes" in scripts and "collector accounts" in scripts
    for where, script in scripts.items():
        assert not OWN_SEC.search(script), f"{where} defines a sec function of its own"
        assert not OLD_MARK.search(script), f"{where} prints a '## ' or '\\036## ' mark"
        assert not RAW_MARK.search(script), f"{where} prints a section mark without sec"


def test_collectors_run_in_concurrent_lanes_and_a_host_takes_about_its_slowest_lane():
    sleepers = [Collector(f"s{i}", "sleep 1; echo done", lambda raw: raw.stdout) for i in range(4)]
    started = time.monotonic()
    out = run(build_script(sleepers, "n20", lanes=4))
    took = time.monotonic() - started
    assert {name: raw.stdout for name, raw in split_output(out, "n20").items()} == {
        f"s{i}": "done" for i in range(4)
    }
    assert took < 2.5, took  # four one-second collectors, side by side (in turn: 4 s)


def test_on_one_processor_the_lanes_run_one_after_the_other():
    sleepers = [Collector(f"s{i}", "sleep 0.5; nproc", lambda raw: raw.stdout) for i in range(3)]
    script = build_script(sleepers, "n22", lanes=3)
    started = time.monotonic()
    done = subprocess.run(["taskset", "-c", "0", "sh", "-s"], input=script.encode(),
                          capture_output=True, check=True)  # fmt: skip
    took = time.monotonic() - started
    raws = split_output(done.stdout.decode(), "n22")
    assert {name: raw.stdout for name, raw in raws.items()} == {f"s{i}": "1" for i in range(3)}
    assert took >= 1.5, took  # in turn, not side by side


def test_lines_of_lanes_writing_at_once_stay_whole_and_in_order():
    # Two collectors print 20,000 numbered lines each, some longer than a framed write.
    noisy = [
        Collector(
            name,
            f'awk \'BEGIN {{ for (i = 0; i < 20000; i++) printf "{name}%d %s\\n", i, '
            f'(i % 97 ? "x" : sprintf("%7000s", "y")) }}\'',
            lambda raw: raw.stdout,
        )
        for name in ("left", "right")
    ]
    raws = split_output(run(build_script(noisy, "n21", lanes=2)), "n21")
    for name in ("left", "right"):
        got = raws[name].stdout.split("\n")
        assert len(got) == 20000 and raws[name].rc == 0
        assert all(line.startswith(f"{name}{i} ") for i, line in enumerate(got))
        assert len(got[97]) == len(f"{name}97 ") + 7000


def test_framed_lines_are_written_in_whole_blocks_below_pipe_buf(tmp_path):
    # 3,000 short lines leave the framing in a few writes of whole lines, none above PIPE_BUF
    many = Collector("many", "seq 3000", lambda raw: raw.stdout)
    trace = tmp_path / "writes"
    script = build_script([many], "n23", lanes=1)
    subprocess.run(
        ["strace", "-ff", "-qq", "-e", "trace=write", "-s", "16", "-o", str(trace), "sh", "-s"],
        input=script.encode(), capture_output=True, check=True,
    )  # fmt: skip
    framed = [  # one file per process: no call is cut by another's
        int(line.rsplit("= ", 1)[1])
        for each in tmp_path.glob("writes.*")
        for line in each.read_text().splitlines()
        if line.startswith('write(1, "\\36n23 many')
    ]
    total = sum(len(f"\036n23 many {i}\n") for i in range(1, 3001))
    assert sum(framed) > total and all(size < 4096 for size in framed)
    assert len(framed) <= total // 3000 + 2


def test_lanes_take_the_next_collector_as_they_finish_whatever_the_declared_costs():
    # declared costs mislead: the costly one is quick, the cheap ones are slow
    quick = Collector("quick", "sleep 0.1; echo q", lambda raw: raw.stdout, cost=5)
    slow = [Collector(f"s{i}", "sleep 1; echo s", lambda raw: raw.stdout) for i in range(3)]
    started = time.monotonic()
    out = run(build_script([quick, *slow], "n24", lanes=2))
    took = time.monotonic() - started
    assert {name: raw.stdout for name, raw in split_output(out, "n24").items()} == {
        "quick": "q", "s0": "s", "s1": "s", "s2": "s",
    }  # fmt: skip
    # the lane that ran "quick" takes the next slow one: 2 s (lanes dealt by cost: 3 s)
    assert took < 2.6, took


def test_other_nonce_is_not_taken_for_output():
    out = run(build_script([ECHO], "real"))
    assert split_output(out, "forged") == {}
    assert not started(out, "forged")


def test_a_shared_input_runs_once_and_reaches_each_collector_that_uses_it(tmp_path):
    count = tmp_path / "runs"
    SHARED_INPUTS["test_once"] = SharedInput("test_once", f"echo run >> {count}; echo 'k v'")
    try:
        first = Collector(
            "first",
            "shared test_once | awk '{print $2}'",
            lambda raw: raw.stdout,
            uses=("test_once",),
        )
        second = Collector(
            "second", "shared test_once; echo end", lambda raw: raw.stdout, uses=("test_once",)
        )
        out = run(build_script([first, second, ECHO], "n6"))
    finally:
        del SHARED_INPUTS["test_once"]
    raws = split_output(out, "n6")
    assert raws["first"].stdout == "v" and raws["second"].stdout == "k v\nend"
    assert lines(raws["echo"]) == ["a", "b"]
    assert count.read_text() == "run\n"


def test_a_shared_input_that_needs_root_is_empty_without_it():
    SHARED_INPUTS["test_root"] = SharedInput("test_root", "echo secret", needs_root=True)
    try:
        reader = Collector(
            "reader", "shared test_root; echo end", lambda raw: raw.stdout, uses=("test_root",)
        )
        out = run(build_script([reader], "n7"), as_nobody=True)
    finally:
        del SHARED_INPUTS["test_root"]
    assert split_output(out, "n7")["reader"].stdout == "end"


def test_a_collector_reads_each_of_several_shared_inputs_and_no_forged_mark_splits_them():
    SHARED_INPUTS["test_a"] = SharedInput("test_a", "echo a1; printf '\\036IN forged test_b\\n'")
    SHARED_INPUTS["test_b"] = SharedInput("test_b", "printf 'b1\\nb2\\n'")
    try:
        both = Collector(
            "both",
            "shared test_b; echo --; shared test_a; echo --; shared nope",
            lambda raw: raw.stdout,
            uses=("test_a", "test_b"),
        )
        out = run(build_script([both], "n10"))
    finally:
        del SHARED_INPUTS["test_a"], SHARED_INPUTS["test_b"]
    assert split_output(out, "n10")["both"].stdout == "b1\nb2\n--\na1\n\036IN forged test_b\n--"


HOME_READERS = ("user_homes", "ssh_user_keys", "plaintext_secrets")
CRON_READERS = ("cron_files", "scheduled_jobs")


def test_home_directories_and_cron_files_are_listed_once_for_the_collectors_that_need_them():
    collectors = load_collectors()
    chosen = [collectors[name] for name in HOME_READERS + CRON_READERS]
    assert all("home_dirs" in collectors[name].uses for name in HOME_READERS)
    assert all(collectors[name].uses == ("cron_paths",) for name in CRON_READERS)
    script = build_script(chosen, "n11")
    assert script.count("/etc/passwd") == 1  # one reading of the accounts, one stat of each home
    assert script.count("/etc/cron.allow") == 1
    facts = parse_facts(chosen, run(script), "n11")  # as root, the way an audit runs
    assert not facts.errors
    keys, homes = facts.values["ssh_user_keys"], facts.values["user_homes"]
    for home in homes:
        if home.entry is not None and home.entry.kind == "d":
            assert keys.homes[home.user] == home.path
    cron = {e.path: e for e in facts.values["cron_files"]}
    modes = facts.values["scheduled_jobs"].modes
    both = set(cron) & set(modes)  # the cron files and directories of the jobs, listed once
    assert both and all(modes[path] == cron[path] for path in both)


PROCESS_READERS = ("process_list", "firewall", "automount")


def test_one_ps_run_serves_every_collector_that_needs_the_processes():
    collectors = load_collectors()
    chosen = [collectors[name] for name in PROCESS_READERS]
    assert {c.uses for c in chosen} == {(PROCESSES.name,)}
    script = build_script(chosen, "n8")
    assert script.count("ps -e -o pid=,comm=") == 1
    assert script.count("ps -eww -o pid=,user:32=,args=") == 1
    assert script.count("ps -") == 2  # no collector runs ps of its own
    assert all("ps " not in c.script for c in chosen)


def test_the_collectors_that_need_the_processes_read_the_same_listing():
    collectors = load_collectors()
    chosen = [collectors[name] for name in PROCESS_READERS]
    out = run(build_script(chosen, "n9"), as_nobody=True)  # firewall needs root: not run
    facts = parse_facts(chosen, out, "n9")
    listed = facts.values["process_list"]
    assert set(facts.values["automount"].processes) <= {p.comm for p in listed}  # same listing
    assert [p for p in listed if p.comm == "ps"]
    assert facts.errors["firewall"].startswith("needs root privileges")
    assert isinstance(facts.values["automount"].processes, tuple)


def test_the_process_listing_is_posix_and_falls_back_to_proc():
    for shell in ("dash", "busybox"):
        path = shutil.which(shell)
        if path is not None:
            argv = [path, "sh", "-n"] if shell == "busybox" else [path, "-n"]
            script = PRELUDE + PROCESSES.script
            checked = subprocess.run(argv, input=script, capture_output=True, text=True)
            assert checked.returncode == 0, checked.stderr
    without_ps = PRELUDE + PROCESSES.script.replace("$(ps ", "$(no-such-ps ")
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        out = subprocess.run(["sh", "-c", without_ps], capture_output=True, text=True).stdout
    finally:
        sleeper.kill()
        sleeper.wait()
    assert out.startswith("\036SEC proc\n")
    found = {p.pid: p for p in parse_processes(out)}
    me = pwd.getpwuid(os.getuid()).pw_name
    assert found[sleeper.pid] == Process(sleeper.pid, me, "sleep", "sleep 30")
