"""How the auditor reaches a host: over SSH, or this machine directly."""
