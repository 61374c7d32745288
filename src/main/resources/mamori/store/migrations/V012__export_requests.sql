-- Export requests and their decisions (decision 0024). A request waits for a second person's
-- approval until it expires; the audit log holds every step, this table only the current state.
-- The package's passphrase is never stored.
CREATE TABLE export_request (
    id VARCHAR(36) PRIMARY KEY,
    terminal_id VARCHAR(64) NOT NULL,
    camera_id VARCHAR(36) NOT NULL REFERENCES camera (id),
    recorded_from TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_to TIMESTAMP WITH TIME ZONE NOT NULL,
    purpose VARCHAR(500) NOT NULL,
    recipient_kind VARCHAR(20) NOT NULL,
    recipient_text VARCHAR(200) NOT NULL,
    requester_id VARCHAR(36) NOT NULL REFERENCES person (id),
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    state VARCHAR(12) NOT NULL,
    decided_by VARCHAR(36) REFERENCES person (id),
    decided_at TIMESTAMP WITH TIME ZONE,
    decision_comment VARCHAR(500),
    masks_lifted BOOLEAN NOT NULL DEFAULT FALSE,
    package_sha256 VARCHAR(64),
    package_bytes BIGINT,
    CHECK (state IN ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED', 'WRITTEN', 'CANCELLED')),
    CHECK (recorded_to >= recorded_from),
    CHECK (decided_by IS NULL OR decided_by <> requester_id)
);
CREATE INDEX export_request_state ON export_request (state, expires_at);
