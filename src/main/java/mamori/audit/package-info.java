/// The signed, tamper-evident audit log: events, the canonical entry text, the hash chain, Ed25519
/// signatures, the Merkle tree over entries (RFC 9162), and verification that names the first bad
/// entry and the kind of damage. Services append before they act. Never touches JavaFX.
package mamori.audit;
