-- What a site's worker may do in the results database, and nothing more: read the scans it
-- audits and their unit trees, add hosts with their results and network evidence, mark a scan
-- finished, and run procrastinate's jobs (fetch, finish, retry, heartbeats). Run it as the
-- owner of the tables after the first 'auditor scan --enqueue' has created them (and again
-- after an upgrade that adds tables). The role itself: CREATE ROLE auditor_worker LOGIN ...
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO auditor_worker', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO auditor_worker;

-- the store (Alembic's tables)
GRANT SELECT ON alembic_version, units TO auditor_worker;
GRANT SELECT, UPDATE (finished, interrupted) ON scans TO auditor_worker;
GRANT SELECT, INSERT ON hosts TO auditor_worker;
GRANT INSERT ON results, network_evidence TO auditor_worker;
GRANT USAGE ON SEQUENCE hosts_id_seq, results_id_seq TO auditor_worker;

-- the queue (procrastinate's tables and the functions a worker calls)
GRANT SELECT, UPDATE ON procrastinate_jobs TO auditor_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON procrastinate_workers TO auditor_worker;
GRANT INSERT ON procrastinate_events TO auditor_worker;
GRANT USAGE ON SEQUENCE procrastinate_events_id_seq TO auditor_worker;
GRANT EXECUTE ON FUNCTION
    procrastinate_fetch_job_v2(character varying[], bigint),
    procrastinate_finish_job_v1(bigint, procrastinate_job_status, boolean),
    procrastinate_retry_job_v2(bigint, timestamp with time zone, integer, character varying,
                               character varying),
    procrastinate_register_worker_v1(),
    procrastinate_unregister_worker_v1(bigint),
    procrastinate_update_heartbeat_v1(bigint),
    procrastinate_prune_stalled_workers_v1(double precision)
    TO auditor_worker;
