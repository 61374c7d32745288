package mamori.audit;

import java.io.Serial;
import java.util.Objects;

/// An inclusion or consistency proof of the audit log's Merkle tree did not verify
/// (RFC 9162 §2.1.3.2, §2.1.4.2). Checked, so that no caller can mistake a failed proof for a
/// passed one by ignoring a return value.
public final class MerkleProofException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /// Which step of the RFC 9162 verification failed.
    public enum Failure {
        /// The leaf index is negative or not smaller than the tree size (§2.1.3.2 step 1).
        INDEX_OUT_OF_RANGE,
        /// The proof holds more or fewer hashes than the tree sizes and index call for.
        WRONG_PROOF_LENGTH,
        /// The audit path leads from the leaf to a root other than the expected one.
        ROOT_MISMATCH,
        /// The consistency path does not lead to the old root.
        OLD_ROOT_MISMATCH,
        /// The consistency path, starting from the old root, does not lead to the new root.
        NEW_ROOT_MISMATCH,
        /// The old size is not positive, or the tree would have shrunk.
        BAD_SIZES
    }

    private final Failure failure;

    public MerkleProofException(Failure failure, String detail) {
        super(Objects.requireNonNull(failure, "failure") + ": " + detail);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
