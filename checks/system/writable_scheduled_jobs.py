"""No one but root (and the account a job runs as) can change what cron and systemd run: the
job files, the programs they run, and the directories holding them."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.facts.scheduled_jobs import ScheduledJob, ScheduledJobs
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped

STICKY = 0o1000
JOB_FILE = Message.of("job file")
JOB_DIRECTORY = Message.of("directory of the job file")
PROGRAM = Message.of("program")
PROGRAM_DIRECTORY = Message.of("directory of the program")


def writable_by_others(entry: FileEntry, writers: set[str]) -> bool:
    """Whether someone outside ``writers`` (user or group names) may change ``entry``: its
    owner, its group when group-writable, anyone when world-writable; in a sticky directory
    (such as cron's spool, 1730 root:crontab) the group and others cannot replace the files
    of its owner."""
    if entry.owner not in writers:
        return True
    if entry.kind == "d" and entry.mode & STICKY:
        return False
    return bool((entry.mode & 0o020 and entry.group not in writers) or entry.mode & 0o002)


def _paths(job: ScheduledJob) -> list[tuple[str, Message, bool]]:
    """The paths a job depends on, what each is, and whether the account the job runs as may
    write it (its programs: yes; the job file, which names that account: no)."""
    holder = posixpath.dirname(job.file) or "/"
    found = [(job.file, JOB_FILE, False), (holder, JOB_DIRECTORY, False)]
    for program in job.programs:
        found.append((program, PROGRAM, True))
        found.append((posixpath.dirname(program) or "/", PROGRAM_DIRECTORY, True))
    return found


def _findings(scheduled: ScheduledJobs, allowed: set[str]) -> dict[str, Message]:
    """The paths of jobs that others than ``allowed`` (and, for its programs, the account a job
    runs as) may change, each described with the first job depending on it."""
    # more writers never make a path writable by others: one closed to all but ``allowed`` stays
    # closed when a job's account is added, so only the others are looked at job by job
    suspect = {p for p, e in scheduled.modes.items() if writable_by_others(e, allowed)}
    reported: dict[str, Message] = {}
    if not suspect:
        return reported
    for job in scheduled.jobs:
        with_user = allowed | {job.user}
        for path, role, by_user in _paths(job):
            if path in reported or path not in suspect:
                continue
            if by_user and not writable_by_others(scheduled.modes[path], with_user):
                continue
            reported[path] = Message.of(
                "{entry} ({role} of {job}, run as {user})",
                entry=scheduled.modes[path].describe(),
                role=role,
                job=job.describe(),
                user=job.user,
            )
    return reported


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scheduled: ScheduledJobs = facts["scheduled_jobs"]
    if not scheduled.jobs:
        return skipped("no cron job or systemd unit command on the host")
    reported = _findings(scheduled, set(params["allowed_writers"]))
    if reported:
        findings = list(reported.values())
        return failed(
            "{count} file(s) or directories of scheduled jobs writable by others than root: "
            "{findings}",
            [m.render("en") for m in findings],
            count=len(findings),
            findings=findings,
        )
    programs = {p for job in scheduled.jobs for p in job.programs}
    return passed(
        "{jobs} scheduled job(s) and unit command(s) running {programs} program(s), none "
        "writable by others than root or the account they run as",
        [f"{job.user}: {job.describe()}" for job in scheduled.jobs[:5]],
        jobs=len(scheduled.jobs),
        programs=len(programs),
    )
