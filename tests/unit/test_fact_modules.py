"""Each built-in fact module holds one collector, named after the module."""

from auditor.facts import load_collectors, misplaced
from auditor.facts.base import Collector, Raw


def _parser(module: str):
    def parse(raw: Raw) -> str:
        return raw.stdout

    parse.__module__ = module
    return parse


def test_every_built_in_collector_lives_in_the_module_named_after_it():
    collectors = load_collectors()
    assert collectors, "no collectors loaded"
    for name, c in collectors.items():
        if c.parse.__module__.startswith("auditor.facts."):
            assert c.parse.__module__ == f"auditor.facts.{name}"


def test_a_collector_elsewhere_or_two_in_one_module_are_refused():
    collectors = {
        "sshd": Collector("sshd", "sshd -T", _parser("auditor.facts.ssh")),
        "kernel": Collector("kernel", "uname -r", _parser("auditor.facts.host")),
        "clock": Collector("clock", "date +%s", _parser("auditor.facts.host")),
        "mounts": Collector("mounts", "cat /proc/self/mountinfo", _parser("auditor.facts.mounts")),
        "plugin": Collector("plugin", "true", _parser("vendor.facts")),
    }
    problems = misplaced(collectors, ["ssh", "host", "mounts", "empty"])
    assert problems == [
        "auditor.facts.host registers 'clock': a collector lives in the module named after it",
        "auditor.facts.host registers 'kernel': a collector lives in the module named after it",
        "auditor.facts.ssh registers 'sshd': a collector lives in the module named after it",
        "auditor.facts.host holds 2 collectors, not one",
        "auditor.facts.empty holds 0 collectors, not one",
    ]
