-- Signed checkpoints of the audit log (C2SP signed notes). `frontier` is the Merkle compact range
-- at `tree_size`, so the log resumes its tree without rereading every entry.

CREATE TABLE audit_checkpoint (
    tree_size BIGINT PRIMARY KEY,
    made_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reason VARCHAR(20) NOT NULL,
    root BINARY(32) NOT NULL,
    frontier VARBINARY(2048) NOT NULL,
    note VARCHAR(8192) NOT NULL
);
