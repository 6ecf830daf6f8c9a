"""Fleet mode: many simulated hosts (real sshd, recorded facts output) for measuring the
controller; see benchmarks/README.md."""
