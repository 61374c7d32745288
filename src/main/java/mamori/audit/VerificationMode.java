package mamori.audit;

/// Full checks every entry's signature; fast checks the hash chain, the Merkle root and the
/// checkpoint signatures, trusting the per-entry signatures it does not check.
public enum VerificationMode {
    FULL,
    FAST
}
