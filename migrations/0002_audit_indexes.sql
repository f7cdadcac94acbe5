-- Hand-written. Indexes Marten does not manage: MikStoreOptions.MigrationOnlyIndexes tells Marten to ignore
-- them, so neither its schema check nor a generated patch drops them.
-- __mik_schema__ is replaced by [database] schema when mik applies this file.

-- Audit queries select by time window; without it every such query scans mt_events.
CREATE INDEX IF NOT EXISTS idx_mt_events_timestamp ON __mik_schema__.mt_events USING btree (timestamp);

-- Safety net for exactly-once spool replay: an event id can be stored once only, so a replay that
-- repeats a batch fails instead of duplicating audit events.
CREATE UNIQUE INDEX IF NOT EXISTS ux_mt_events_id ON __mik_schema__.mt_events USING btree (id);
