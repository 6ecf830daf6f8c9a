"""The ``password_trials`` fact: each password hash of /etc/shadow tested on the host itself
against candidate passwords, with the host's own crypt (perl's ``crypt()``, which calls the
system's libcrypt), so that the hashes never leave it for this test.

The candidates are the name-derived ones (:data:`auditor.passwords.ACCOUNT_PATTERNS`) then the
words of the check's list, first occurrences only, at most ``max_candidates`` of them, for the
first ``max_accounts`` accounts with a hash of a known method; accounts are tested side by side
on a host with several processors. The host prints, per account, only whether a candidate
matched, how many were tried and the method's prefix: never a candidate or a hash.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from auditor.facts.base import FactError, OptionValue, Raw, collector, whole_number
from auditor.facts.shadow import HASH_METHODS
from auditor.messages import Message
from auditor.passwords import ACCOUNT_PATTERNS, Trial

# Arguments: words, patterns, method prefixes (lists of hex, see option_text), the most
# candidates, the most accounts, the processes at once. No single quote: it sits in one.
TESTER = r"""
use strict;
$| = 1;
my ($w, $p, $m, $cap, $most, $jobs) = @ARGV;
sub listed { map { pack("H*", $_) } grep { /^[0-9a-f]*$/ } split(/,/, $_[0]) }
my @words = grep { index($_, "\0") < 0 } listed($w);
my @patterns = listed($p);
my @methods = listed($m);
sub trial {
  my ($name, $hash, $method) = @_;
  my $probe = crypt("", $hash);
  if (!defined $probe || index($probe, $method) != 0) {
    print "unsupported 0 $method $name\n";
    return;
  }
  my $upper = ucfirst($name);
  my (%seen, @candidates);
  for my $pattern (@patterns) {
    (my $c = $pattern) =~ s/\{name\}/$name/g;
    $c =~ s/\{Name\}/$upper/g;
    push @candidates, $c;
  }
  @candidates = grep { !$seen{$_}++ } (@candidates, @words);
  splice(@candidates, $cap) if @candidates > $cap;
  my $tried = 0;
  for my $c (@candidates) {
    $tried++;
    my $result = crypt($c, $hash);
    if (defined $result && $result eq $hash) {
      print "match $tried $method $name\n";
      return;
    }
  }
  print "none $tried $method $name\n";
}
my @todo;
while (my $line = <STDIN>) {
  last if @todo >= $most;
  chomp $line;
  my ($name, $hash) = split(/:/, $line);
  next unless defined $hash && length $name;
  my ($method) = grep { index($hash, $_) == 0 } @methods;
  push @todo, [$name, $hash, $method] if defined $method;
}
my $running = 0;
for my $t (@todo) {
  if ($jobs > 1) {
    if ($running >= $jobs) { wait; $running--; }
    my $pid = fork;
    if (defined $pid && $pid == 0) { trial(@$t); exit 0; }
    if (defined $pid) { $running++; next; }
  }
  trial(@$t);
}
1 while wait != -1;
"""
assert "'" not in TESTER

SCRIPT = f"""
if ! command -v perl >/dev/null 2>&1; then echo NOPERL; exit 0; fi
if [ ! -r /etc/shadow ]; then echo UNREADABLE; exit 0; fi
jobs=$(nproc 2>/dev/null || echo 1)
perl -e '{TESTER}' "$words" "$patterns" "$methods" "$max_candidates" "$max_accounts" "$jobs" \\
  </etc/shadow
"""

OPTIONS: Mapping[str, OptionValue] = {
    "words": (),
    "patterns": ACCOUNT_PATTERNS,
    "methods": tuple(dict.fromkeys(prefix for prefix, _ in HASH_METHODS)),
    "max_candidates": 30,
    "max_accounts": 20,
}


@dataclass(frozen=True)
class HostTrials:
    """The host's trial of each account it tested, by name; ``unavailable`` says why it
    tested none (no perl), so that the controller tests them instead."""

    trials: Mapping[str, Trial]
    unavailable: Message | None = None


# cost: 30 yescrypt candidates × 3 accounts take about 0.75 s on 2 processors, 1.1 s on one
# (benchmarks/passwords.py), against about 10 s for citizen_data_files (cost 20)
@collector("password_trials", SCRIPT, needs_root=True, options=OPTIONS, cost=2)
def parse_password_trials(raw: Raw) -> HostTrials:
    """Password hashes tested on the host against common passwords (only the outcome leaves it)."""
    text = raw.stdout.strip()
    if text == "NOPERL":
        return HostTrials({}, Message.of("the host has no perl to test them"))
    if text == "UNREADABLE":
        raise FactError("/etc/shadow is missing or unreadable")
    found: list[tuple[str, Trial]] = []
    for line in raw.stdout.split("\n"):
        result, _, rest = line.partition(" ")
        tried, _, rest = rest.partition(" ")
        method, _, name = rest.partition(" ")
        count = whole_number(tried)
        if count is None or not name or result not in {"match", "none", "unsupported"}:
            continue
        reason = None
        if result == "unsupported":
            reason = Message.of("the host's crypt does not support {method} hashes", method=method)
        found.append((name, Trial(result == "match", count, reason)))
    twice = {n for n, k in Counter(n for n, _ in found).items() if k > 1}
    return HostTrials({n: t for n, t in found if n not in twice})
