"""Agentless security-compliance auditor for hosts connected to the population database."""

__version__ = "0.1.0"
