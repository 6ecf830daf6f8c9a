"""Test suite of auditor (a package so that ``python -m tests.lab`` works from the repo root)."""
