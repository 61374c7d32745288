package mamori.audit;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/// Appends leaf hashes one at a time and gives the RFC 9162 §2.1.1 root of everything appended
/// so far, in O(log n) memory: it keeps only the roots of the perfect subtrees that the leaves
/// form so far (a "compact range"), one for each set bit of the size, largest first. The audit
/// log feeds it every entry's leaf hash and asks for the root when it signs a checkpoint.
///
/// Not thread-safe: the owner serialises appends, as the log already does for its entries.
public final class MerkleAccumulator {

    /// One slot per bit of a `long` size is more than any size can set.
    private static final int MAX_SUBTREES = Long.SIZE;

    private final MessageDigest sha256;
    private final byte[] subtreeRoots;
    private long size;

    public MerkleAccumulator() {
        this(MerkleTree.sha256());
    }

    /// Lets [MerkleTree] reuse one digest for every subtree it roots while building a proof.
    MerkleAccumulator(MessageDigest sha256) {
        this(sha256, new byte[MAX_SUBTREES * MerkleTree.HASH_LENGTH], 0);
    }

    private MerkleAccumulator(MessageDigest sha256, byte[] subtreeRoots, long size) {
        this.sha256 = sha256;
        this.subtreeRoots = subtreeRoots;
        this.size = size;
    }

    /// Adds the next leaf; `leafHash` is [MerkleTree#leafHash(byte[])] of the entry, not the entry.
    public void append(byte[] leafHash) {
        MerkleTree.requireHash(leafHash, "leaf hash");
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("The tree holds Long.MAX_VALUE leaves and cannot grow");
        }
        int count = Long.bitCount(size);
        System.arraycopy(leafHash, 0, subtreeRoots, count * MerkleTree.HASH_LENGTH, MerkleTree.HASH_LENGTH);
        count++;
        size++;
        // Like a binary carry: every trailing zero of the new size is two equal perfect subtrees
        // side by side, which now become one twice as large.
        for (int merges = Long.numberOfTrailingZeros(size); merges > 0; merges--) {
            count--;
            int left = (count - 1) * MerkleTree.HASH_LENGTH;
            sha256.update(MerkleTree.NODE_PREFIX);
            sha256.update(subtreeRoots, left, 2 * MerkleTree.HASH_LENGTH);
            digestInto(subtreeRoots, left);
        }
    }

    public long size() {
        return size;
    }

    /// The root of all leaves appended so far; [MerkleTree#emptyRoot()] before the first.
    public byte[] root() {
        int count = Long.bitCount(size);
        if (count == 0) {
            return MerkleTree.emptyRoot();
        }
        int last = (count - 1) * MerkleTree.HASH_LENGTH;
        byte[] root = Arrays.copyOfRange(subtreeRoots, last, last + MerkleTree.HASH_LENGTH);
        // RFC 9162 splits off the largest perfect subtree on the left at every level, so the
        // root hangs the smaller subtrees off the right of the larger ones, smallest deepest.
        for (int i = count - 2; i >= 0; i--) {
            sha256.update(MerkleTree.NODE_PREFIX);
            sha256.update(subtreeRoots, i * MerkleTree.HASH_LENGTH, MerkleTree.HASH_LENGTH);
            sha256.update(root);
            digestInto(root, 0);
        }
        return root;
    }

    /// The compact range itself: the perfect subtrees' roots, largest first, 32 bytes each (one per
    /// set bit of the size). Stored with every checkpoint so the log resumes without rereading.
    public byte[] frontier() {
        return Arrays.copyOf(subtreeRoots, Long.bitCount(size) * MerkleTree.HASH_LENGTH);
    }

    /// An accumulator continuing from a [#frontier()] taken at `size`.
    public static MerkleAccumulator resume(long size, byte[] frontier) {
        if (size < 0 || frontier.length != Long.bitCount(size) * MerkleTree.HASH_LENGTH) {
            throw new IllegalArgumentException("A frontier of " + frontier.length + " bytes does not fit a tree of " + size + " leaves");
        }
        byte[] roots = new byte[MAX_SUBTREES * MerkleTree.HASH_LENGTH];
        System.arraycopy(frontier, 0, roots, 0, frontier.length);
        return new MerkleAccumulator(MerkleTree.sha256(), roots, size);
    }

    /// An independent accumulator in the same state, e.g. to compute a checkpoint root off the
    /// appending thread.
    public MerkleAccumulator copy() {
        return new MerkleAccumulator(MerkleTree.sha256(), subtreeRoots.clone(), size);
    }

    private void digestInto(byte[] target, int offset) {
        try {
            sha256.digest(target, offset, MerkleTree.HASH_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
    }
}
