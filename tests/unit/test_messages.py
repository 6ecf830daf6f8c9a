"""Result messages are language-neutral templates: literal, with fields matching their arguments."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from auditor.i18n import template_arg
from auditor.messages import Message
from auditor.outcome import failed

ROOT = Path(__file__).resolve().parents[2]
DEFINED_IN = {"auditor/outcome.py", "auditor/messages.py"}  # build messages from templates given


def _marked_calls() -> list[tuple[str, ast.Call, int]]:
    """Every call whose argument is a template to translate (verdicts, messages, errors), with
    the template's position; a call passing on a parameter named ``template`` is left out (its
    callers are the marked calls)."""
    calls = []
    for path in sorted([*ROOT.glob("checks/**/*.py"), *ROOT.glob("auditor/**/*.py")]):
        if str(path.relative_to(ROOT)) in DEFINED_IN:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            index = template_arg(node)
            if index is None or node.func.__dict__.get("id") == "_":
                continue
            arg = node.args[index] if len(node.args) > index else None
            if isinstance(arg, ast.Name) and arg.id == "template":
                continue
            calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node, index))
    return calls


def test_every_message_and_error_is_a_literal_template_whose_fields_are_its_arguments():
    calls = _marked_calls()
    assert len(calls) > 300
    problems = []
    for where, call, index in calls:
        first = call.args[index] if len(call.args) > index else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            problems.append(f"{where}: the message is not a literal string")
            continue
        fields = {f for _, f, _, _ in string.Formatter().parse(first.value) if f is not None}
        if any(not f.isidentifier() for f in fields):
            problems.append(f"{where}: fields must be plain names: {sorted(fields)}")
        given = {k.arg for k in call.keywords if k.arg not in (None, "evidence")}
        if any(k.arg is None for k in call.keywords):
            continue
        if fields != given and not (isinstance(call.func, ast.Name) and call.func.id == "N_"):
            problems.append(f"{where}: fields {sorted(fields)} but arguments {sorted(given)}")
    assert not problems, "\n".join(problems)


def test_render_joins_lists_and_keeps_the_template_language_neutral():
    outcome = failed("PermitRootLogin is {value}; allowed: {allowed}", ["x"], value="yes",
                     allowed=("no", "prohibit-password"))  # fmt: skip
    assert outcome.message == "PermitRootLogin is yes; allowed: no, prohibit-password"
    assert outcome.text.to_json() == {
        "template": "PermitRootLogin is {value}; allowed: {allowed}",
        "args": {"value": "yes", "allowed": ["no", "prohibit-password"]},
    }
    assert Message.from_json(outcome.text.to_json()) == outcome.text
    nested = Message.of("a: {parts}", parts=[Message.of("b {n}", n=1)])
    assert Message.from_json(nested.to_json()) == nested


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        (Message("{missing} field", {"other": 1}), "{missing} field (other=1)"),
        (Message.literal("a {brace} in text"), "a {brace} in text"),
        (Message.of("sets {n}", n={"b", "a"}), "sets a, b"),
        (
            Message.of(
                "not restricted: {problems}",
                problems=[
                    Message.of("limit is {v}", v=0),
                    Message.of("storage is {s}", s="external"),
                ],
            ),
            "not restricted: limit is 0; storage is external",
        ),
    ],
)
def test_render_never_loses_a_message(message, shown):
    assert message.render("en") == shown
    assert message.render("vi") == shown
