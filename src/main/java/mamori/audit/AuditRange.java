package mamori.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/// A range of the log bound to a signed checkpoint, for documents that cite the log (viewing
/// reports): what the document keeps is the compact range (RFC 9162 frontier) of the tree just
/// before the range and the Merkle leaf hashes of the range's entries. With these and the log,
/// anyone can recompute the checkpoint's root, so the log cannot be edited in or after the range,
/// nor cut back below the checkpoint, without the document showing it.
///
/// Both checks read only from the stored checkpoint before the range to the checkpoint (or the
/// log's end), not the whole log. They check contents, hashes, the chain and Merkle roots; entry
/// signatures are left to `audit verify` (the checkpoint's signature covers the root).
public final class AuditRange {

    private static final HexFormat HEX = HexFormat.of();

    private AuditRange() {
    }

    /// Entries `firstSeq..lastSeq` (empty when `lastSeq < firstSeq`) bound to a checkpoint of size
    /// `checkpoint.treeSize() >= lastSeq`.
    public record Binding(long firstSeq, long lastSeq, byte[] frontierBefore, byte[] leafHashes, CheckpointNote.Checkpoint checkpoint) {

        public long entries() {
            return Math.max(0, lastSeq - firstSeq + 1);
        }
    }

    /// What [#checkExtension] found in order: the report's entries, the log after them up to its
    /// end, and the later stored checkpoints whose roots the log still gives.
    public record Extension(long logEntries, int laterCheckpoints) {
    }

    /// Reads the log from the stored checkpoint before `firstSeq` up to `checkpoint`, checks it
    /// gives the checkpoint's root, and hands each entry of `firstSeq..lastSeq` to `covered` in order.
    public static Binding bind(AuditEntryStore store, Map<String, byte[]> trustedKeys, long firstSeq, long lastSeq,
            CheckpointNote.Checkpoint checkpoint, Consumer<AuditEntry> covered) throws AuditLogDamagedException, SQLException {
        long size = checkpoint.treeSize();
        if (firstSeq < 1 || lastSeq > size || lastSeq < firstSeq - 1) {
            throw new IllegalArgumentException("entries " + firstSeq + ".." + lastSeq + " are not within a checkpoint of " + size);
        }
        Map<String, byte[]> keys = KeyHandover.followed(store, trustedKeys);
        MerkleAccumulator tree = new MerkleAccumulator();
        Optional<AuditEntryStore.StoredCheckpoint> start = store.checkpointAtOrBelow(firstSeq - 1);
        if (start.isPresent()) {
            var stored = start.get();
            try {
                CheckpointNote.Checkpoint signed = CheckpointNote.verify(stored.note(), keys);
                MerkleAccumulator resumed = MerkleAccumulator.resume(stored.treeSize(), stored.frontier());
                if (signed.treeSize() == stored.treeSize() && Arrays.equals(resumed.root(), signed.rootHash())) {
                    tree = resumed;
                }
            } catch (CheckpointNote.CheckpointException | IllegalArgumentException e) {
                // A stored checkpoint that does not hold is not a starting point: read from the beginning.
            }
        }
        byte[] prev = tree.size() == 0 ? new byte[AuditEntryFormat.HASH_BYTES] : hashOf(store, tree.size());
        byte[] frontierBefore = tree.size() == firstSeq - 1 ? tree.frontier() : null;
        ByteArrayOutputStream leaves = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, 32L * Math.max(0, lastSeq - firstSeq + 1)));
        long after = tree.size();
        while (tree.size() < size) {
            List<AuditEntryStore.SignedRow> page = store.signedPage(after, (int) Math.min(AuditEntryStore.PAGE, size - tree.size()));
            if (page.isEmpty()) {
                break;
            }
            List<Row> rows = IntStream.range(0, page.size()).parallel()
                    .mapToObj(i -> Row.of(page.get(i), page.get(i).seq() >= firstSeq && page.get(i).seq() <= lastSeq)).toList();
            for (Row row : rows) {
                long seq = tree.size() + 1;
                prev = checkLink(row, seq, prev);
                tree.append(row.leaf());
                if (seq == firstSeq - 1) {
                    frontierBefore = tree.frontier();
                }
                if (seq >= firstSeq && seq <= lastSeq) {
                    leaves.writeBytes(row.leaf());
                    covered.accept(row.entry());
                }
            }
            after = page.getLast().seq();
        }
        if (tree.size() < size) {
            throw new AuditLogDamagedException(tree.size() + 1, Damage.TRUNCATED, "the log has " + tree.size()
                    + " entries, the checkpoint vouches for " + size);
        }
        if (!Arrays.equals(tree.root(), checkpoint.rootHash())) {
            throw new AuditLogDamagedException(size, Damage.CHANGED, "the first " + size + " entries do not give the checkpoint's root");
        }
        return new Binding(firstSeq, lastSeq, frontierBefore, leaves.toByteArray(), checkpoint);
    }

    /// Checks that the log still holds the bound entries unchanged and has grown only by appending
    /// since: every bound leaf equals the log's, the checkpoint's root comes out of the log again,
    /// the chain holds to the log's end, and later stored checkpoints still match. Throws naming the
    /// first entry that differs, or [Damage#TRUNCATED] when the log is shorter than the checkpoint.
    public static Extension checkExtension(AuditEntryStore store, Map<String, byte[]> trustedKeys, Binding binding)
            throws AuditLogDamagedException, SQLException {
        long size = binding.checkpoint().treeSize();
        MerkleAccumulator tree = MerkleAccumulator.resume(binding.firstSeq() - 1, binding.frontierBefore());
        if (binding.leafHashes().length != binding.entries() * MerkleTree.HASH_LENGTH) {
            throw new IllegalArgumentException("the binding lists " + binding.leafHashes().length / MerkleTree.HASH_LENGTH
                    + " leaf hashes for " + binding.entries() + " entries");
        }
        Map<String, byte[]> keys = KeyHandover.followed(store, trustedKeys);
        Map<Long, byte[]> laterRoots = new java.util.HashMap<>();
        for (String note : store.checkpointNotes()) {
            try {
                var later = CheckpointNote.verify(note, keys);
                if (later.treeSize() > size) {
                    laterRoots.put(later.treeSize(), later.rootHash());
                }
            } catch (CheckpointNote.CheckpointException e) {
                throw new AuditLogDamagedException(size, Damage.BAD_SIGNATURE, "a stored checkpoint after the report's: " + e.getMessage());
            }
        }
        byte[] prev = null;
        int laterMatched = 0;
        long after = tree.size();
        while (true) {
            List<AuditEntryStore.SignedRow> page = store.signedPage(after, AuditEntryStore.PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<Row> rows = IntStream.range(0, page.size()).parallel().mapToObj(i -> Row.of(page.get(i), false)).toList();
            for (Row row : rows) {
                long seq = tree.size() + 1;
                prev = checkLink(row, seq, prev);
                if (seq <= binding.lastSeq()) {
                    int offset = (int) (seq - binding.firstSeq()) * MerkleTree.HASH_LENGTH;
                    if (!Arrays.equals(row.leaf(), 0, MerkleTree.HASH_LENGTH, binding.leafHashes(), offset, offset + MerkleTree.HASH_LENGTH)) {
                        throw new AuditLogDamagedException(seq, Damage.CHANGED, "the entry differs from the one the report lists");
                    }
                }
                tree.append(row.leaf());
                if (seq == size && !Arrays.equals(tree.root(), binding.checkpoint().rootHash())) {
                    throw new AuditLogDamagedException(binding.lastSeq() + 1, Damage.CHANGED, "entries " + (binding.lastSeq() + 1) + ".." + size
                            + " no longer give the report's checkpoint root");
                }
                byte[] later = laterRoots.get(seq);
                if (later != null) {
                    if (!Arrays.equals(tree.root(), later)) {
                        throw new AuditLogDamagedException(seq, Damage.CHANGED, "the log no longer gives the root of its stored checkpoint of " + seq);
                    }
                    laterMatched++;
                }
            }
            if (page.size() < AuditEntryStore.PAGE) {
                break;
            }
            after = page.getLast().seq();
        }
        if (tree.size() < size) {
            throw new AuditLogDamagedException(tree.size() + 1, Damage.TRUNCATED, "the log has " + tree.size()
                    + " entries, the report's checkpoint vouches for " + size);
        }
        return new Extension(tree.size(), laterMatched);
    }

    /// Checks one row against its place in the chain; returns its hash (the next row's `prev`).
    /// `prev` null: the row before is not known (the first row read), only the rest is checked.
    private static byte[] checkLink(Row row, long seq, byte[] prev) throws AuditLogDamagedException {
        if (row.textPrev() == null) {
            throw new AuditLogDamagedException(seq, Damage.CHANGED, "the signed text is not an entry: " + row.malformed());
        }
        if (!row.hashMatches()) {
            throw new AuditLogDamagedException(seq, Damage.CHANGED, "its content does not give its stored hash");
        }
        if (row.textSeq() != seq || row.seq() != seq) {
            throw new AuditLogDamagedException(seq, row.textSeq() > seq ? Damage.REMOVED : Damage.REORDERED,
                    "expected entry " + seq + ", found entry " + row.textSeq());
        }
        if (prev != null && !Arrays.equals(row.textPrev(), prev)) {
            throw new AuditLogDamagedException(seq, Damage.CHANGED, "it does not link to entry " + (seq - 1) + " (" + HEX.formatHex(prev, 0, 8) + "…)");
        }
        return row.hash();
    }

    private static byte[] hashOf(AuditEntryStore store, long seq) throws SQLException, AuditLogDamagedException {
        List<AuditEntryStore.SignedRow> row = store.signedPage(seq - 1, 1);
        if (row.isEmpty() || row.getFirst().seq() != seq) {
            throw new AuditLogDamagedException(seq, Damage.REMOVED, "the entry a stored checkpoint ends with is missing");
        }
        return row.getFirst().entryHash();
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AuditEntryFormat::sha256);

    /// One row with what can be worked out about it alone (computed a page at a time on all cores):
    /// the seq and prev its text names (`textPrev` null when the text is not an entry, and
    /// `malformed` says why) and, for a covered row, the whole entry.
    private record Row(long seq, byte[] hash, boolean hashMatches, byte[] leaf, long textSeq, byte[] textPrev, String malformed,
            AuditEntry entry) {

        /// A covered row (`read`) whose text matches its hash is read once, whole, by the lenient
        /// [AuditEntryReader]: the chain and the checkpoint's root vouch for that text, and the
        /// strict reading of a text the log wrote gives the same seq and prev (a cold report paid
        /// both readings of every entry). Any other row gets the strict reading alone.
        static Row of(AuditEntryStore.SignedRow row, boolean read) {
            MessageDigest sha256 = SHA256.get();
            boolean matches = MessageDigest.isEqual(sha256.digest(row.canonical()), row.entryHash());
            byte[] leaf = MerkleTree.leafHash(sha256, row.canonical());
            try {
                if (read && matches) {
                    AuditEntry entry = AuditEntryReader.read(row);
                    return new Row(row.seq(), row.entryHash(), true, leaf, entry.seq(), entry.prevHash(), "", entry);
                }
                AuditEntryFormat.ParsedEntry parsed = AuditEntryFormat.parse(row.canonical());
                return new Row(row.seq(), row.entryHash(), matches, leaf, parsed.seq(), parsed.prevHash(), "", null);
            } catch (AuditEntryFormat.MalformedEntryException e) {
                return new Row(row.seq(), row.entryHash(), matches, leaf, -1, null, e.getMessage(), null);
            }
        }
    }

    /// The whole entry read back from a stored row's signed text; empty when it is not an entry.
    public static Optional<AuditEntry> read(StoredEntry stored) {
        try {
            return Optional.of(AuditEntryReader.read(new AuditEntryStore.SignedRow(stored.seq(), stored.canonical().getBytes(StandardCharsets.UTF_8),
                    stored.entryHash(), stored.signature())));
        } catch (AuditEntryFormat.MalformedEntryException e) {
            return Optional.empty();
        }
    }

}
