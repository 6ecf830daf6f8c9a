"""Scans spread over sites: the controller plans a scan in a PostgreSQL store and queues a job
per host (procrastinate) on its site's queue; a worker per site audits them through the same
engine as ``auditor scan`` and stores each host once; ``auditor scan --wait`` follows it."""
