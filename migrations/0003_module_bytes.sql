-- Hand-written. Module bytes for the cluster's desired state (docs/operations.md, Instances and the cluster):
-- content-addressed by sha256 and written in the same transaction as the ModuleDeployed event that names them.
-- Tables of mik's own (mik_ prefix), not Marten's: Marten's schema check does not look at them.
-- __mik_schema__ is replaced by [database] schema when mik applies this file.

CREATE TABLE IF NOT EXISTS __mik_schema__.mik_module_bytes (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint NOT NULL CHECK (size_bytes = octet_length(bytes)),
    bytes      bytea NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);

-- Which versions of a module are kept ([cluster] keep_versions); version is the deployment number of the
-- ModuleDeployed in module:<name> (1, 2, 3 ...). Bytes no row references are deleted; the events stay.
CREATE TABLE IF NOT EXISTS __mik_schema__.mik_module_versions (
    module      text NOT NULL,
    version     int NOT NULL,
    sha256      text NOT NULL REFERENCES __mik_schema__.mik_module_bytes (sha256),
    source      text NOT NULL,
    deployed_at timestamptz NOT NULL,
    PRIMARY KEY (module, version)
);

CREATE INDEX IF NOT EXISTS idx_mik_module_versions_sha256 ON __mik_schema__.mik_module_versions USING btree (sha256);
