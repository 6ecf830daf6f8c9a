"""No account uses a well-known password (tested on the host itself, else on the controller;
nothing is revealed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.password_trials import HostTrials
from auditor.facts.shadow import ShadowEntry
from auditor.list_files import ListFile
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed
from auditor.passwords import TESTER, Trial, candidates_for


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    usable = [e for e in facts["shadow"].values() if e.state == "usable"]
    entries, beyond = usable[: params["max_accounts"]], usable[params["max_accounts"] :]
    host: HostTrials = facts["password_trials"]
    matched, untested, evidence = [], [], []
    if beyond:
        untested.append(
            Message.of(
                "{names}: not tested (more than max_accounts={max_accounts})",
                names=[e.name for e in beyond],
                max_accounts=params["max_accounts"],
            )
        )
    for entry in entries:
        trial, where = _trial(entry, host, params)
        if trial.error:
            untested.append(Message.of("{name}: {reason}", name=entry.name, reason=trial.reason))
        elif trial.matched:
            matched.append(entry.name)
            evidence.append(
                f"{entry.name}: {entry.method} hash matches a listed common password, {where}"
            )
        else:
            evidence.append(
                f"{entry.name}: {entry.method} hash, {trial.tried} candidates {where}, no match"
            )
    if matched:
        return failed(
            "accounts with a common password: {accounts}",
            evidence + [m.render("en") for m in untested],
            accounts=matched,
        )
    if untested:
        return errored("could not test: {untested}", evidence, untested=untested)
    return passed(
        "{count} password hash(es) tested against up to {limit} common passwords each; "
        "none matched",
        evidence,
        count=len(entries),
        limit=params["max_candidates"],
    )


def _trial(entry: ShadowEntry, host: HostTrials, params: Mapping[str, Any]) -> tuple[Trial, str]:
    """The host's trial of the account's hash, else the controller's (on fewer candidates), and
    where it was tested."""
    trial = host.trials.get(entry.name)
    if trial is not None and trial.reason is None:
        return trial, "tested on the host"
    why = host.unavailable or (trial.reason if trial else None)
    wordlist: ListFile = params["wordlist"]
    limit = params["controller_candidates"]
    tested = TESTER.test(entry.password, candidates_for(entry.name, wordlist.entries), limit)
    where = "tested on the controller" + (f" ({why.render('en')})" if why else "")
    return tested, where
