package mamori.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/// The Merkle tree of RFC 9162 §2.1 (the same hashing as RFC 6962 §2.1) over SHA-256, which the
/// audit log's signed checkpoints commit to, with the proofs that let an auditor check one entry
/// or one later checkpoint against a checkpoint already trusted, without reading the whole log.
///
/// Leaves are given as leaf hashes ([#leafHash(byte[])] of each entry), 32 bytes each. Hashes
/// are returned in fresh arrays that the caller may keep or change.
public final class MerkleTree {

    static final int HASH_LENGTH = 32;

    // Domain separation of RFC 9162 §2.1.1: no leaf can pass for an interior node or back.
    static final byte LEAF_PREFIX = 0x00;
    static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
    }

    /// `SHA-256(0x00 || data)`, the leaf hash of RFC 9162 §2.1.1.
    public static byte[] leafHash(byte[] data) {
        return leafHash(sha256(), data);
    }

    /// The same with a digest the caller reuses (verification hashes a million leaves).
    static byte[] leafHash(MessageDigest sha256, byte[] data) {
        Objects.requireNonNull(data, "data");
        sha256.update(LEAF_PREFIX);
        return sha256.digest(data);
    }

    /// `SHA-256(0x01 || left || right)`, the interior node hash of RFC 9162 §2.1.1.
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left child");
        requireHash(right, "right child");
        return hashChildren(sha256(), left, right);
    }

    /// The root of the tree of no leaves: SHA-256 of the empty string.
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /// The Merkle Tree Hash, MTH of RFC 9162 §2.1.1, of the tree with these leaves. Iterative,
    /// in O(log n) memory.
    public static byte[] root(List<byte[]> leafHashes) {
        var accumulator = new MerkleAccumulator();
        for (byte[] leafHash : leafHashes) {
            accumulator.append(leafHash);
        }
        return accumulator.root();
    }

    /// `PATH(index, D[n])` of RFC 9162 §2.1.3.1: the sibling subtree roots from the leaf up to the
    /// root of the tree of all given leaves, lowest first.
    ///
    /// @throws IndexOutOfBoundsException if `index` is not a leaf of the tree
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
        byte[][] leaves = leafArray(leafHashes);
        Objects.checkIndex(index, leaves.length);
        MessageDigest sha256 = sha256();
        // PATH recurses into the half that holds the leaf and lists the other half's root after
        // the deeper part of the path, so walking down from the root finds them in reverse.
        var topDown = new ArrayList<byte[]>();
        int from = 0;
        int to = leaves.length;
        while (to - from > 1) {
            int split = from + largestPowerOfTwoBelow(to - from);
            if (index < split) {
                topDown.add(rangeRoot(sha256, leaves, split, to));
                to = split;
            } else {
                topDown.add(rangeRoot(sha256, leaves, from, split));
                from = split;
            }
        }
        return List.copyOf(topDown.reversed());
    }

    /// `PROOF(oldSize, D[n])` of RFC 9162 §2.1.4.1: what proves that the tree of the first
    /// `oldSize` leaves is a prefix of the tree of all of them. Empty when the sizes are equal.
    ///
    /// @throws IllegalArgumentException unless `0 < oldSize <= leafHashes.size()`
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int oldSize) {
        byte[][] leaves = leafArray(leafHashes);
        if (oldSize < 1 || oldSize > leaves.length) {
            throw new IllegalArgumentException("A consistency proof needs 0 < oldSize <= " + leaves.length
                    + ", not " + oldSize);
        }
        MessageDigest sha256 = sha256();
        // SUBPROOF(m, D[from:to], wholeOldTree) unrolled: each level lists one subtree root after
        // the deeper part of the proof, so walking down finds them in reverse.
        var topDown = new ArrayList<byte[]>();
        int from = 0;
        int to = leaves.length;
        int m = oldSize;
        boolean wholeOldTree = true;
        while (m != to - from) {
            int k = largestPowerOfTwoBelow(to - from);
            if (m <= k) {
                topDown.add(rangeRoot(sha256, leaves, from + k, to));
                to = from + k;
            } else {
                topDown.add(rangeRoot(sha256, leaves, from, from + k));
                from += k;
                m -= k;
                wholeOldTree = false;
            }
        }
        // The root of the subtree reached is sent only when it is part of the old tree, not all
        // of it (SUBPROOF's flag b): the verifier holds the old root already.
        if (!wholeOldTree) {
            topDown.add(rangeRoot(sha256, leaves, from, to));
        }
        return List.copyOf(topDown.reversed());
    }

    /// Checks that `proof` shows the leaf with hash `leafHash` at `index` in the tree of
    /// `treeSize` leaves whose root is `expectedRoot`, by the algorithm of RFC 9162 §2.1.3.2.
    ///
    /// @throws MerkleProofException with [MerkleProofException.Failure#INDEX_OUT_OF_RANGE],
    ///     [MerkleProofException.Failure#WRONG_PROOF_LENGTH] or
    ///     [MerkleProofException.Failure#ROOT_MISMATCH]
    public static void verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> proof,
            byte[] expectedRoot) throws MerkleProofException {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(expectedRoot, "expectedRoot");
        // RFC 9162 §2.1.3.2 step 1.
        if (index < 0 || index >= treeSize) {
            throw new MerkleProofException(MerkleProofException.Failure.INDEX_OUT_OF_RANGE,
                    "leaf index " + index + " is not in a tree of " + treeSize + " leaves");
        }
        // Steps 2 to 4.
        MessageDigest sha256 = sha256();
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw new MerkleProofException(MerkleProofException.Failure.WRONG_PROOF_LENGTH,
                        "the inclusion proof of leaf " + index + " in a tree of " + treeSize
                                + " leaves reaches the root before using all its " + proof.size() + " hashes");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hashChildren(sha256, p, r);
                // Step 4b.2: a last node without a right sibling is carried up unchanged to the
                // level where p is its left sibling.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = hashChildren(sha256, r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 5.
        if (sn != 0) {
            throw new MerkleProofException(MerkleProofException.Failure.WRONG_PROOF_LENGTH,
                    "the inclusion proof of leaf " + index + " in a tree of " + treeSize
                            + " leaves runs out after " + proof.size() + " hashes, below the root");
        }
        if (!MessageDigest.isEqual(r, expectedRoot)) {
            throw new MerkleProofException(MerkleProofException.Failure.ROOT_MISMATCH,
                    "the inclusion proof of leaf " + index + " in a tree of " + treeSize
                            + " leaves leads to another root than the expected one");
        }
    }

    /// Checks that `proof` shows the tree of `oldSize` leaves with root `oldRoot` to be a prefix
    /// of the tree of `newSize` leaves with root `newRoot`, by the algorithm of RFC 9162 §2.1.4.2.
    /// Equal sizes need an empty proof and equal roots.
    ///
    /// A wrong `oldRoot` is reported as [MerkleProofException.Failure#NEW_ROOT_MISMATCH] when
    /// `oldSize` is a power of two: the RFC then starts the path from the old root, so only the
    /// new root it leads to can disagree.
    ///
    /// @throws MerkleProofException with [MerkleProofException.Failure#BAD_SIZES],
    ///     [MerkleProofException.Failure#WRONG_PROOF_LENGTH],
    ///     [MerkleProofException.Failure#OLD_ROOT_MISMATCH] or
    ///     [MerkleProofException.Failure#NEW_ROOT_MISMATCH]
    public static void verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
            List<byte[]> proof) throws MerkleProofException {
        Objects.requireNonNull(oldRoot, "oldRoot");
        Objects.requireNonNull(newRoot, "newRoot");
        Objects.requireNonNull(proof, "proof");
        if (oldSize < 1 || newSize < oldSize) {
            throw new MerkleProofException(MerkleProofException.Failure.BAD_SIZES,
                    "no consistency proof leads from " + oldSize + " leaves to " + newSize + " leaves");
        }
        if (oldSize == newSize) {
            if (!proof.isEmpty()) {
                throw new MerkleProofException(MerkleProofException.Failure.WRONG_PROOF_LENGTH,
                        "the consistency proof between two trees of " + oldSize + " leaves must be empty, not "
                                + proof.size() + " hashes");
            }
            if (!MessageDigest.isEqual(oldRoot, newRoot)) {
                throw new MerkleProofException(MerkleProofException.Failure.NEW_ROOT_MISMATCH,
                        "two trees of " + oldSize + " leaves have different roots");
            }
            return;
        }
        // RFC 9162 §2.1.4.2 step 1.
        if (proof.isEmpty()) {
            throw new MerkleProofException(MerkleProofException.Failure.WRONG_PROOF_LENGTH,
                    "the consistency proof from " + oldSize + " to " + newSize + " leaves is empty");
        }
        // Step 2: SUBPROOF leaves out the old root when the old tree is one perfect subtree of
        // the new one, because the verifier already has it.
        List<byte[]> path = proof;
        if ((oldSize & (oldSize - 1)) == 0) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(oldRoot);
            path.addAll(proof);
        }
        // Steps 3 and 4.
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 5.
        MessageDigest sha256 = sha256();
        byte[] fr = path.getFirst();
        byte[] sr = fr;
        // Step 6.
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                throw new MerkleProofException(MerkleProofException.Failure.WRONG_PROOF_LENGTH,
                        "the consistency proof from " + oldSize + " to " + newSize
                                + " leaves reaches the root before using all its " + proof.size() + " hashes");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hashChildren(sha256, c, fr);
                sr = hashChildren(sha256, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = hashChildren(sha256, sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 7.
        if (sn != 0) {
            throw new MerkleProofException(MerkleProofException.Failure.WRONG_PROOF_LENGTH,
                    "the consistency proof from " + oldSize + " to " + newSize + " leaves runs out after "
                            + proof.size() + " hashes, below the root");
        }
        if (!MessageDigest.isEqual(fr, oldRoot)) {
            throw new MerkleProofException(MerkleProofException.Failure.OLD_ROOT_MISMATCH,
                    "the consistency proof from " + oldSize + " to " + newSize
                            + " leaves leads to another old root than the given one");
        }
        if (!MessageDigest.isEqual(sr, newRoot)) {
            throw new MerkleProofException(MerkleProofException.Failure.NEW_ROOT_MISMATCH,
                    "the consistency proof from " + oldSize + " to " + newSize
                            + " leaves leads to another new root than the given one");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }

    static void requireHash(byte[] hash, String what) {
        Objects.requireNonNull(hash, what);
        if (hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("A " + what + " is a " + HASH_LENGTH + "-byte SHA-256 hash, not "
                    + hash.length + " bytes");
        }
    }

    private static byte[] hashChildren(MessageDigest sha256, byte[] left, byte[] right) {
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /// Copied once so that building a proof never walks a linked list index by index.
    private static byte[][] leafArray(List<byte[]> leafHashes) {
        byte[][] leaves = leafHashes.toArray(byte[][]::new);
        for (byte[] leaf : leaves) {
            requireHash(leaf, "leaf hash");
        }
        return leaves;
    }

    private static byte[] rangeRoot(MessageDigest sha256, byte[][] leaves, int from, int to) {
        var accumulator = new MerkleAccumulator(sha256);
        for (int i = from; i < to; i++) {
            accumulator.append(leaves[i]);
        }
        return accumulator.root();
    }

    /// The split point k of RFC 9162 §2.1.1 for n > 1.
    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
