package mamori.audit;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
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

/// Fast verification of an intact log on all cores (decision 0035): the rows are read in windows,
/// each window in one slice per core (its own connection, by primary key), and each slice parses,
/// hashes and chains its rows on its own thread. The slices are then stitched in log order: a
/// slice's first entry must follow the previous slice's last one, its keys must be trusted at that
/// point (handovers applied in order), and its Merkle leaves are added in order.
///
/// It only ever proves a log intact. On the first doubt of any kind it gives up (empty result),
/// and [AuditVerifier] walks the log one row at a time as before, which alone names the first bad
/// entry and the kind of damage. So the verdicts on damaged logs are exactly those of that walk.
final class ParallelChainCheck {

    /// Rows per window: bounds the leaves held before stitching (32 bytes each) to a few MB.
    static final int WINDOW = 200_000;

    private final AuditEntryStore store;
    private final int slices;
    private final int window;

    ParallelChainCheck(AuditEntryStore store, int slices, int window) {
        this.store = store;
        this.slices = Math.max(1, slices);
        this.window = Math.max(1, window);
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
        long first = bounds.get()[0];
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
        try (ExecutorService threads = Executors.newFixedThreadPool(slices,
                Thread.ofPlatform().name("audit-verify-slice-", 0).daemon().factory())) {
            // The next window is queued before this one is stitched, so the slice threads never wait for the stitching.
            List<Future<Slice>> running = submitWindow(threads, first - 1, last, doubt);
            for (long windowStart = first - 1; windowStart < last; windowStart += window) {
                long windowEnd = Math.min(last, windowStart + window);
                List<Future<Slice>> next = windowEnd < last ? submitWindow(threads, windowEnd, last, doubt) : List.of();
                for (Future<Slice> future : running) {
                    Slice slice = AuditVerifier.await(future);
                    if (slice.doubtful || doubt.get()) {
                        doubt.set(true);
                        continue;
                    }
                    if (slice.rows == 0) {
                        continue;
                    }
                    if (slice.firstSeq != count + 1 || !Arrays.equals(slice.firstPrev, prevHash)
                            || !keysHold(slice, activeKeys)) {
                        doubt.set(true);
                        continue;
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
                if (doubt.get()) {
                    next.forEach(future -> future.cancel(false));
                    return Optional.empty();
                }
                running = next;
            }
        }
        return Optional.of(new Result(count, prevHash, accumulator, rootsAt));
    }

    /// Queues the slices of the window of rows after `windowStart`.
    private List<Future<Slice>> submitWindow(ExecutorService threads, long windowStart, long last, AtomicBoolean doubt) {
        long windowEnd = Math.min(last, windowStart + window);
        long step = Math.max(1, (windowEnd - windowStart + slices - 1) / slices);
        List<Future<Slice>> running = new ArrayList<>();
        for (long after = windowStart; after < windowEnd; after += step) {
            long from = after;
            long upTo = Math.min(windowEnd, after + step);
            running.add(threads.submit(() -> slice(from, upTo, doubt)));
        }
        return running;
    }

    /// Every key a slice's entries name is trusted where they stand; each handover is verified and
    /// applied in order, as the walk does.
    private static boolean keysHold(Slice slice, Map<String, Ed25519PublicKeyParameters> activeKeys) {
        for (Segment segment : slice.segments) {
            if (!activeKeys.keySet().containsAll(segment.keyIds)) {
                return false;
            }
            if (segment.handover != null) {
                AuditEntryFormat.ParsedEntry parsed = segment.handover;
                try {
                    KeyHandover.Incoming incoming = KeyHandover.verify(new String(segment.handoverText, java.nio.charset.StandardCharsets.UTF_8),
                            parsed.terminalId(), parsed.keyId(), parsed.seq(), parsed.prevHash());
                    activeKeys.remove(parsed.keyId());
                    activeKeys.put(incoming.keyId(), new Ed25519PublicKeyParameters(incoming.publicKey(), 0));
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
