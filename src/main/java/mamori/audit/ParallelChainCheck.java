package mamori.audit;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/// Fast verification of an intact log on all cores (decision 0035): the rows are read in slices of
/// consecutive entries, a few per core in flight (each on its own connection, by primary key), and
/// each slice parses, hashes and chains its rows on its own thread. The slices are then stitched in log order: a
/// slice's first entry must follow the previous slice's last one, its keys must be trusted at that
/// point (handovers applied in order), and its Merkle leaves are added in order.
///
/// It only ever proves a log intact. On the first doubt of any kind it gives up (empty result),
/// and [AuditVerifier] walks the log one row at a time as before, which alone names the first bad
/// entry and the kind of damage. So the verdicts on damaged logs are exactly those of that walk.
final class ParallelChainCheck {

    /// Rows per slice: small enough that the last slices end together (a slice per core of 100,000
    /// rows left one core idle for 0.7 s at the end, JFR), large enough that each is a few page reads.
    static final int SLICE_ROWS = 25_000;
    /// Slices queued or running per thread: the threads never wait for the stitching, and the
    /// leaves held before it stay small (32 bytes a row).
    private static final int AHEAD_PER_THREAD = 3;

    private final AuditEntryStore store;
    private final int threads;
    private final int sliceRows;

    ParallelChainCheck(AuditEntryStore store, int threads, int sliceRows) {
        this.store = store;
        this.threads = Math.max(1, threads);
        this.sliceRows = Math.max(1, sliceRows);
    }

    /// What the walk ends with on an intact log.
    record Result(long count, byte[] lastHash, MerkleAccumulator accumulator, Map<Long, byte[]> rootsAt) {
    }

    /// The chain state of an intact log, or empty when anything is in doubt.
    Optional<Result> check(Map<String, Ed25519PublicKeyParameters> trustedKeys, Set<Long> checkpointSizes) throws SQLException {
        Optional<long[]> bounds = store.signedBounds();
        if (bounds.isEmpty()) {
            return Optional.empty();
        }
        long last = bounds.get()[1];
        Map<String, Ed25519PublicKeyParameters> activeKeys = new HashMap<>(trustedKeys);
        MerkleAccumulator accumulator = new MerkleAccumulator();
        Map<Long, byte[]> rootsAt = new HashMap<>();
        if (checkpointSizes.contains(0L)) {
            rootsAt.put(0L, MerkleTree.emptyRoot());
        }
        long count = 0;
        byte[] prevHash = new byte[AuditEntryFormat.HASH_BYTES];
        AtomicBoolean doubt = new AtomicBoolean();
        Deque<Future<Slice>> running = new ArrayDeque<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("audit-verify-slice-", 0).daemon().factory())) {
            long queuedUpTo = bounds.get()[0] - 1;
            while (true) {
                while (queuedUpTo < last && running.size() < threads * AHEAD_PER_THREAD) {
                    long after = queuedUpTo;
                    long upTo = Math.min(last, after + sliceRows);
                    running.add(pool.submit(() -> slice(after, upTo, doubt)));
                    queuedUpTo = upTo;
                }
                Future<Slice> next = running.poll();
                if (next == null) {
                    break;
                }
                Slice slice = AuditVerifier.await(next);
                if (slice.doubtful || doubt.get() || slice.rows == 0 || slice.firstSeq != count + 1
                        || !Arrays.equals(slice.firstPrev, prevHash) || !keysHold(slice, activeKeys)) {
                    doubt.set(true);
                    running.forEach(future -> future.cancel(false));
                    return Optional.empty();
                }
                for (int i = 0; i < slice.rows; i++) {
                    accumulator.append(Arrays.copyOfRange(slice.leaves, i * MerkleTree.HASH_LENGTH, (i + 1) * MerkleTree.HASH_LENGTH));
                    if (checkpointSizes.contains(accumulator.size())) {
                        rootsAt.put(accumulator.size(), accumulator.root());
                    }
                }
                count += slice.rows;
                prevHash = slice.lastHash;
            }
        }
        return Optional.of(new Result(count, prevHash, accumulator, rootsAt));
    }

    /// Every key a slice's entries name is trusted where they stand; each handover is verified and
    /// applied in order, as the walk does.
    private static boolean keysHold(Slice slice, Map<String, Ed25519PublicKeyParameters> activeKeys) {
        for (Segment segment : slice.segments) {
            if (!activeKeys.keySet().containsAll(segment.keyIds)) {
                return false;
            }
            if (segment.handover != null) {
                try {
                    KeyHandover.apply(activeKeys, new String(segment.handoverText, java.nio.charset.StandardCharsets.UTF_8), segment.handover);
                } catch (KeyHandover.HandoverException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /// Reads and checks the rows `afterSeq < seq <= upTo` on the calling thread.
    private Slice slice(long afterSeq, long upTo, AtomicBoolean doubt) throws SQLException {
        Slice slice = new Slice((int) (upTo - afterSeq));
        MessageDigest sha256 = AuditEntryFormat.sha256();
        store.signedRange(afterSeq, upTo, (seq, text, hash) -> {
            if (!slice.take(seq, text, hash, sha256)) {
                slice.doubtful = true;
                doubt.set(true);
            }
            return !slice.doubtful && (slice.rows % 1_000 != 0 || !doubt.get());
        });
        return slice;
    }

    /// A run of entries up to and including a key handover (or the slice's end), and the keys they name.
    private static final class Segment {
        final Set<String> keyIds = new LinkedHashSet<>();
        AuditEntryFormat.ParsedEntry handover;
        byte[] handoverText;
    }

    /// One slice's rows, checked among themselves.
    private static final class Slice {
        final byte[] leaves;
        final List<Segment> segments = new ArrayList<>(List.of(new Segment()));
        int rows;
        long firstSeq;
        byte[] firstPrev;
        byte[] lastHash;
        boolean doubtful;

        Slice(int capacity) {
            leaves = new byte[capacity * MerkleTree.HASH_LENGTH];
        }

        /// False when the row is not, on its own or after the slice's previous row, what the walk would accept.
        boolean take(long rowSeq, byte[] text, byte[] storedHash, MessageDigest sha256) {
            if (!MessageDigest.isEqual(sha256.digest(text), storedHash)) {
                return false;
            }
            AuditEntryFormat.ParsedEntry parsed;
            try {
                parsed = AuditEntryFormat.parse(text);
            } catch (AuditEntryFormat.MalformedEntryException e) {
                return false;
            }
            if (parsed.seq() != rowSeq) {
                return false;
            }
            if (rows == 0) {
                firstSeq = parsed.seq();
                firstPrev = parsed.prevHash();
            } else if (parsed.seq() != firstSeq + rows || !Arrays.equals(parsed.prevHash(), lastHash)) {
                return false;
            }
            Segment segment = segments.getLast();
            segment.keyIds.add(parsed.keyId());
            if (parsed.action() == AuditAction.KEY_ROTATION) {
                segment.handover = parsed;
                segment.handoverText = text;
                segments.add(new Segment());
            }
            System.arraycopy(MerkleTree.leafHash(sha256, text), 0, leaves, rows * MerkleTree.HASH_LENGTH, MerkleTree.HASH_LENGTH);
            lastHash = storedHash;
            rows++;
            return true;
        }
    }
}
