package mamori.audit;

/// What a verification that found no damage covered: `entries` entries up to `lastSeq`, the chain
/// head's hash and the Merkle root over all entries (RFC 9162), to compare with checkpoints.
public record VerifiedLog(long entries, long lastSeq, byte[] headHash, byte[] merkleRoot, VerificationMode mode) {
}
