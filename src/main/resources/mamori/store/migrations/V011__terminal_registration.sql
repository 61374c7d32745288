-- A terminal is registered by an administrator, on one machine: the registration names the
-- machine (a fingerprint of its machine id) and who registered it. A data directory copied to
-- another PC is no longer registered there. New terminals start unregistered.
ALTER TABLE terminal ADD COLUMN machine_fingerprint VARCHAR(64);
ALTER TABLE terminal ADD COLUMN registered_by VARCHAR(36);
ALTER TABLE terminal ALTER COLUMN registered_at SET NULL;
