"""The results store: scans, the unit tree and hosts as they were, results with evidence.

It is the one hand-off between scanning and everything shown: a scan writes each host as it
finishes (one transaction per host), and every output reads the scan back from here.

Importing the package is cheap: SQLAlchemy comes with :mod:`auditor.store.database` (the
:class:`~auditor.store.database.Store`) and :mod:`auditor.store.engine`, so that a scan can
start its hosts before it opens the store, and the records that outputs read
(:mod:`auditor.store.records`) come without it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DB_ENV = "AUDITOR_DB"


def default_db() -> str:
    """``$AUDITOR_DB`` or ``auditor.sqlite`` in the user's data directory."""
    return os.environ.get(DB_ENV) or str(Path(user_data_dir("auditor")) / "auditor.sqlite")
