-- The signed, hash-chained audit log. `canonical` is the exact text that is hashed and signed;
-- the other columns are copies of its fields for queries, checked against it on verification.

CREATE TABLE audit_entry (
    seq BIGINT PRIMARY KEY,
    recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    terminal_id VARCHAR(64) NOT NULL,
    person_id VARCHAR(36),
    session_id VARCHAR(36),
    action VARCHAR(40) NOT NULL,
    camera_id VARCHAR(36),
    canonical VARCHAR(65536) NOT NULL,
    entry_hash BINARY(32) NOT NULL,
    key_id VARCHAR(16) NOT NULL,
    signature BINARY(64) NOT NULL
);

CREATE INDEX audit_entry_time ON audit_entry (recorded_at);
CREATE INDEX audit_entry_person ON audit_entry (person_id, recorded_at);
CREATE INDEX audit_entry_camera ON audit_entry (camera_id, recorded_at);
CREATE INDEX audit_entry_action ON audit_entry (action, recorded_at);

-- Public keys that have signed entries on this terminal (public, not secret).
CREATE TABLE audit_key (
    key_id VARCHAR(16) PRIMARY KEY,
    terminal_id VARCHAR(64) NOT NULL,
    public_key BINARY(32) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
