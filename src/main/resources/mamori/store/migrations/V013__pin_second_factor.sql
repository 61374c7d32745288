-- The optional PIN second factor (decision 0029). A PIN is stored only as its Argon2id hash with
-- the cost it was made with; the audit log holds every change, these tables only the current state.
CREATE TABLE pin_role_rule (
    role VARCHAR(20) PRIMARY KEY,
    required BOOLEAN NOT NULL,
    changed_by VARCHAR(36) NOT NULL REFERENCES person (id),
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CHECK (role IN ('OPERATOR', 'SUPERVISOR', 'AUDITOR', 'ADMINISTRATOR'))
);
CREATE TABLE person_pin (
    person_id VARCHAR(36) PRIMARY KEY REFERENCES person (id),
    algorithm VARCHAR(20) NOT NULL,
    memory_kib INT NOT NULL,
    iterations INT NOT NULL,
    parallelism INT NOT NULL,
    salt VARBINARY(16) NOT NULL,
    hash VARBINARY(32) NOT NULL,
    set_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CHECK (algorithm = 'argon2id')
);
CREATE TABLE pin_alone_allowance (
    person_id VARCHAR(36) PRIMARY KEY REFERENCES person (id),
    allowed_by VARCHAR(36) NOT NULL REFERENCES person (id),
    reason VARCHAR(500) NOT NULL,
    allowed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CHECK (allowed_by <> person_id)
);
