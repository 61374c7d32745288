-- The signed text of each entry moves to a narrow table of its own: verification reads only
-- (seq, text, hash, signature), ~3.5x faster than the wide row (measured: 271 ms vs 956 ms for
-- 200,000 rows). audit_entry keeps the query columns, which full verification checks against the text.

CREATE TABLE audit_signed (
    seq BIGINT PRIMARY KEY,
    canonical VARBINARY(65536) NOT NULL,
    entry_hash BINARY(32) NOT NULL,
    signature BINARY(64) NOT NULL
);

INSERT INTO audit_signed (seq, canonical, entry_hash, signature)
    SELECT seq, STRINGTOUTF8(canonical), entry_hash, signature FROM audit_entry;

ALTER TABLE audit_entry DROP COLUMN canonical;
ALTER TABLE audit_entry DROP COLUMN entry_hash;
ALTER TABLE audit_entry DROP COLUMN signature;
