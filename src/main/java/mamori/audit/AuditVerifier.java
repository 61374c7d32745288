package mamori.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/// Checks the whole log and names the first bad entry and the kind of damage.
///
/// Each row: its canonical text parses, hashes to the stored hash, names a trusted key, is signed
/// by it (full mode; checked in parallel on all cores, a page at a time), carries the next sequence
/// number and the previous entry's hash, and its query columns equal the signed fields. On the
/// first failure the rows that follow are consulted to tell an inserted, reordered or removed
/// entry from a changed one. A checkpoint, when given, must be covered: the log must be at least
/// as long, and its first entries must give the checkpoint's Merkle root.
public final class AuditVerifier {

    private static final HexFormat HEX = HexFormat.of();

    /// Each slice thread holds a connection of the database's pool (8), which the kiosk needs too.
    private static final int MAX_SLICE_THREADS = 4;

    private final AuditEntryStore store;
    private final ParallelChainCheck parallel;
    private final Map<String, Ed25519PublicKeyParameters> trustedKeys;

    /// `trustedKeys`: public keys by key id. Entries signed by any other key are [Damage#UNKNOWN_KEY].
    public AuditVerifier(AuditEntryStore store, Map<String, byte[]> trustedKeys) {
        this(store, trustedKeys, Math.min(Runtime.getRuntime().availableProcessors(), MAX_SLICE_THREADS), ParallelChainCheck.SLICE_ROWS);
    }

    /// As above, fast verification proving an intact log on `threads` threads in slices of `sliceRows` rows.
    AuditVerifier(AuditEntryStore store, Map<String, byte[]> trustedKeys, int threads, int sliceRows) {
        this.store = store;
        this.parallel = new ParallelChainCheck(store, threads, sliceRows);
        this.trustedKeys = trustedKeys.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, entry -> new Ed25519PublicKeyParameters(entry.getValue(), 0)));
    }

    /// Verifies the whole log, the checkpoints stored with it (their signatures, and that the log
    /// still gives their roots) and, when given, a checkpoint kept elsewhere.
    public VerifiedLog verify(VerificationMode mode, Optional<TreeHead> checkpoint) throws AuditLogDamagedException, SQLException {
        List<TreeHead> heads = new ArrayList<>(storedCheckpoints());
        checkpoint.ifPresent(heads::add);
        heads.sort(java.util.Comparator.comparingLong(TreeHead::treeSize));
        java.util.Set<Long> sizes = heads.stream().map(TreeHead::treeSize).collect(java.util.stream.Collectors.toSet());
        if (mode == VerificationMode.FAST) {
            // Proves an intact log on all cores; any doubt, and the walk below names the damage.
            Optional<ParallelChainCheck.Result> intact = parallel.check(trustedKeys, sizes);
            if (intact.isPresent()) {
                ParallelChainCheck.Result result = intact.get();
                checkHeads(heads, result.count(), result.rootsAt());
                return new VerifiedLog(result.count(), result.count(), result.lastHash(), result.accumulator().root(), mode);
            }
        }
        // The signature checks get their own pool of one thread per core: the common pool has only
        // cores - 1 workers (one on this machine), and reading, parsing and hashing use it too.
        java.util.concurrent.ForkJoinPool signatures = new java.util.concurrent.ForkJoinPool(Runtime.getRuntime().availableProcessors());
        Walk walk = new Walk(mode, sizes, signatures);
        try {
            scanAhead(walk);
            if (walk.finding == null) {
                walk.finding = walk.settleSignatures();
            }
        } finally {
            signatures.shutdownNow();
        }
        if (walk.finding != null) {
            throw classify(walk.finding);
        }
        checkHeads(heads, walk.count, walk.rootsAt);
        return new VerifiedLog(walk.count, walk.expectedSeq - 1, walk.prevHash, walk.accumulator.root(), mode);
    }

    private static void checkHeads(List<TreeHead> heads, long count, Map<Long, byte[]> rootsAt) throws AuditLogDamagedException {
        for (TreeHead head : heads) {
            if (count < head.treeSize()) {
                throw new AuditLogDamagedException(count + 1, Damage.TRUNCATED, "the log has " + count
                        + " entries, a checkpoint vouches for " + head.treeSize());
            }
            if (!Arrays.equals(rootsAt.get(head.treeSize()), head.rootHash())) {
                throw new AuditLogDamagedException(head.treeSize(), Damage.TRUNCATED, "the first " + head.treeSize()
                        + " entries no longer give the checkpoint's root: entries were cut and replaced");
            }
        }
    }

    /// Reads page N+1 on its own thread while page N is checked: reading and checking overlap.
    private void scanAhead(Walk walk) throws SQLException {
        try (var reader = java.util.concurrent.Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("audit-verify-reader").daemon().factory())) {
            java.util.concurrent.Future<List<AuditEntryStore.SignedRow>> next =
                    reader.submit(() -> store.signedPage(Long.MIN_VALUE, AuditEntryStore.PAGE));
            while (true) {
                List<AuditEntryStore.SignedRow> page = await(next);
                if (page.isEmpty()) {
                    return;
                }
                long after = page.getLast().seq();
                boolean full = page.size() == AuditEntryStore.PAGE;
                next = full ? reader.submit(() -> store.signedPage(after, AuditEntryStore.PAGE)) : null;
                if (!walk.page(page) || !full) {
                    if (next != null) {
                        next.cancel(true);
                    }
                    return;
                }
            }
        }
    }

    /// The result of work the verification handed to another thread; its failure as the SQLException it was.
    static <T> T await(java.util.concurrent.Future<T> work) throws SQLException {
        try {
            return work.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("Reading the audit log failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while reading the audit log", e);
        }
    }

    private List<TreeHead> storedCheckpoints() throws SQLException, AuditLogDamagedException {
        Map<String, byte[]> keys = KeyHandover.followed(store, trustedKeys.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().getEncoded())));
        List<TreeHead> heads = new ArrayList<>();
        for (String note : store.checkpointNotes()) {
            try {
                heads.add(CheckpointNote.verify(note, keys).treeHead());
            } catch (CheckpointNote.CheckpointException e) {
                long size = note.lines().skip(1).findFirst().map(line -> {
                    try {
                        return Long.parseLong(line);
                    } catch (NumberFormatException notANumber) {
                        return 0L;
                    }
                }).orElse(0L);
                throw new AuditLogDamagedException(size, Damage.BAD_SIGNATURE, "the stored checkpoint of size " + size + ": " + e.getMessage());
            }
        }
        return heads;
    }

    /// The first problem found, with the chain state just before it.
    private record Finding(AuditEntryStore.SignedRow row, Optional<AuditEntryFormat.ParsedEntry> parsed, Problem problem, String detail,
            long expectedSeq, byte[] prevHash, byte[] prevOfPrevious) {
    }

    /// What can be worked out about a row on its own, computed for a whole page in parallel.
    private record RowFacts(Optional<AuditEntryFormat.ParsedEntry> parsed, String malformed, boolean hashMatches, byte[] leafHash) {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AuditEntryFormat::sha256);

    private static RowFacts facts(AuditEntryStore.SignedRow row) {
        byte[] text = row.canonical();
        MessageDigest sha256 = SHA256.get();
        boolean hashMatches = MessageDigest.isEqual(sha256.digest(text), row.entryHash());
        byte[] leaf = MerkleTree.leafHash(sha256, text);
        try {
            return new RowFacts(Optional.of(AuditEntryFormat.parse(text)), "", hashMatches, leaf);
        } catch (AuditEntryFormat.MalformedEntryException e) {
            return new RowFacts(Optional.empty(), e.getMessage(), hashMatches, leaf);
        }
    }

    private enum Problem {
        MALFORMED, HASH_MISMATCH, UNKNOWN_KEY, BAD_SIGNATURE, OUT_OF_CHAIN, COLUMN_MISMATCH
    }

    /// The state of one pass over the log.
    private final class Walk {
        final VerificationMode mode;
        final java.util.Set<Long> checkpointSizes;
        final Map<Long, byte[]> rootsAt = new java.util.HashMap<>();
        final MerkleAccumulator accumulator = new MerkleAccumulator();
        /// Keys trusted at the current point of the chain: the given ones, then as handovers say.
        final Map<String, Ed25519PublicKeyParameters> activeKeys = new java.util.HashMap<>(trustedKeys);
        long count;
        long expectedSeq = 1;
        byte[] prevHash = new byte[AuditEntryFormat.HASH_BYTES];
        byte[] prevOfPrevious = null;
        Finding finding;

        final java.util.concurrent.ForkJoinPool signaturePool;

        Walk(VerificationMode mode, java.util.Set<Long> checkpointSizes, java.util.concurrent.ForkJoinPool signaturePool) {
            this.mode = mode;
            this.signaturePool = signaturePool;
            this.checkpointSizes = checkpointSizes;
            if (checkpointSizes.contains(0L)) {
                rootsAt.put(0L, MerkleTree.emptyRoot());
            }
        }

        /// Signature checks of the previous page, still running while this page is read and checked.
        CompletableFuture<Finding> pendingSignatures;

        boolean page(List<AuditEntryStore.SignedRow> rows) throws SQLException {
            // Sequential checks up to the first problem, remembering the chain state before each row.
            List<byte[]> prevBefore = new ArrayList<>(rows.size());
            List<byte[]> prevOfPrevBefore = new ArrayList<>(rows.size());
            List<Ed25519PublicKeyParameters> rowKeys = new ArrayList<>(rows.size());
            long firstSeq = expectedSeq;
            long seq = expectedSeq;
            byte[] prev = prevHash;
            byte[] prevOfPrev = prevOfPrevious;
            Finding found = null;
            int clean = 0;
            List<RowFacts> facts = IntStream.range(0, rows.size()).parallel().mapToObj(i -> facts(rows.get(i))).toList();
            // Full mode also checks the query columns the screens read against the signed text.
            Map<Long, AuditEntryStore.QueryRow> columns = mode == VerificationMode.FULL
                    ? store.queryRows(rows.getFirst().seq(), rows.getLast().seq()) : Map.of();
            for (int i = 0; i < rows.size(); i++) {
                AuditEntryStore.SignedRow row = rows.get(i);
                prevBefore.add(prev);
                prevOfPrevBefore.add(prevOfPrev);
                found = checkRow(row, facts.get(i), columns, seq, prev, prevOfPrev, rowKeys);
                if (found != null) {
                    break;
                }
                prevOfPrev = prev;
                prev = row.entryHash();
                seq++;
                clean++;
            }
            for (int i = 0; i < clean; i++) {
                accept(rows.get(i), facts.get(i).leafHash());
            }
            // This page's signatures are queued before the previous page's are awaited, so the pool
            // never runs dry between pages (a pipeline two pages deep).
            CompletableFuture<Finding> launched = null;
            if (mode == VerificationMode.FULL && clean > 0) {
                int checked = clean;
                launched = CompletableFuture.supplyAsync(() -> firstBadSignature(rows, rowKeys, checked, firstSeq,
                        prevBefore, prevOfPrevBefore), signaturePool);
            }
            // An earlier page's bad signature comes before anything found on this page.
            Finding earlier = settleSignatures();
            pendingSignatures = launched;
            if (earlier != null) {
                finding = earlier;
                return false;
            }
            if (found != null) {
                Finding signature = settleSignatures();
                finding = signature != null ? signature : found;
                return false;
            }
            return true;
        }

        Finding settleSignatures() {
            if (pendingSignatures == null) {
                return null;
            }
            Finding result = pendingSignatures.join();
            pendingSignatures = null;
            return result;
        }

        /// The first row (in order) among the first `count` whose signature does not verify, on all cores.
        private Finding firstBadSignature(List<AuditEntryStore.SignedRow> rows, List<Ed25519PublicKeyParameters> keys, int count, long firstSeq,
                List<byte[]> prevBefore, List<byte[]> prevOfPrevBefore) {
            int firstBad = IntStream.range(0, count).parallel()
                    .filter(i -> !Ed25519Keys.verifies(keys.get(i), rows.get(i).entryHash(), rows.get(i).signature()))
                    .min().orElse(count);
            if (firstBad == count) {
                return null;
            }
            AuditEntryStore.SignedRow row = rows.get(firstBad);
            return new Finding(row, parsedQuietly(row), Problem.BAD_SIGNATURE, "the signature does not verify with key "
                    + parsedQuietly(row).map(AuditEntryFormat.ParsedEntry::keyId).orElse("?"), firstSeq + firstBad, prevBefore.get(firstBad), prevOfPrevBefore.get(firstBad));
        }

        private Finding checkRow(AuditEntryStore.SignedRow row, RowFacts facts, Map<Long, AuditEntryStore.QueryRow> columns, long seq, byte[] prev, byte[] prevOfPrev,
                List<Ed25519PublicKeyParameters> rowKeys) {
            if (facts.parsed().isEmpty()) {
                return new Finding(row, Optional.empty(), Problem.MALFORMED, "the signed text is not an entry: " + facts.malformed(),
                        seq, prev, prevOfPrev);
            }
            AuditEntryFormat.ParsedEntry parsed = facts.parsed().get();
            Optional<AuditEntryFormat.ParsedEntry> known = facts.parsed();
            if (!facts.hashMatches()) {
                return new Finding(row, known, Problem.HASH_MISMATCH, "its content does not give its stored hash", seq, prev, prevOfPrev);
            }
            Ed25519PublicKeyParameters key = activeKeys.get(parsed.keyId());
            if (key == null) {
                return new Finding(row, known, Problem.UNKNOWN_KEY, "signed by key " + parsed.keyId()
                        + ", which is not a trusted key of this terminal", seq, prev, prevOfPrev);
            }
            if (parsed.seq() != seq || !Arrays.equals(parsed.prevHash(), prev)) {
                return new Finding(row, known, Problem.OUT_OF_CHAIN, "expected entry " + seq + " after hash "
                        + HEX.formatHex(prev, 0, 8) + "…, found entry " + parsed.seq(), seq, prev, prevOfPrev);
            }
            String column = parsed.seq() != row.seq() ? "seq"
                    : mode == VerificationMode.FULL ? differingColumn(columns.get(row.seq()), parsed) : null;
            if (column != null) {
                return new Finding(row, known, Problem.COLUMN_MISMATCH, "stored column '" + column
                        + "' differs from the signed entry", seq, prev, prevOfPrev);
            }
            if (parsed.action() == AuditAction.KEY_ROTATION) {
                try {
                    KeyHandover.apply(activeKeys, new String(row.canonical(), StandardCharsets.UTF_8), parsed);
                } catch (KeyHandover.HandoverException e) {
                    return new Finding(row, known, Problem.BAD_SIGNATURE, "the key handover does not hold: " + e.getMessage(),
                            seq, prev, prevOfPrev);
                }
            }
            rowKeys.add(key);
            return null;
        }

        private void accept(AuditEntryStore.SignedRow row, byte[] leafHash) {
            accumulator.append(leafHash);
            count++;
            prevOfPrevious = prevHash;
            prevHash = row.entryHash();
            expectedSeq++;
            if (checkpointSizes.contains(accumulator.size())) {
                rootsAt.put(accumulator.size(), accumulator.root());
            }
        }
    }

    private static Optional<AuditEntryFormat.ParsedEntry> parsedQuietly(AuditEntryStore.SignedRow row) {
        try {
            return Optional.of(AuditEntryFormat.parse(row.canonical()));
        } catch (AuditEntryFormat.MalformedEntryException e) {
            return Optional.empty();
        }
    }

    private static String differingColumn(AuditEntryStore.QueryRow row, AuditEntryFormat.ParsedEntry parsed) {
        if (row == null) {
            return "(the whole query row is missing)";
        }
        if (!parsed.time().equals(Optional.of(row.recordedAt()))) {
            return "recorded_at";
        }
        if (!row.terminalId().equals(parsed.terminalId())) {
            return "terminal_id";
        }
        if (!Objects.equals(row.personId(), parsed.personId().orElse(null))) {
            return "person_id";
        }
        if (!Objects.equals(row.sessionId(), parsed.sessionId().orElse(null))) {
            return "session_id";
        }
        if (!row.action().equals(parsed.action().name())) {
            return "action";
        }
        if (!Objects.equals(row.cameraId(), parsed.cameraId().orElse(null))) {
            return "camera_id";
        }
        if (!row.keyId().equals(parsed.keyId())) {
            return "key_id";
        }
        return null;
    }

    /// Turns the first problem into a verdict, looking at what follows it.
    private AuditLogDamagedException classify(Finding finding) throws SQLException {
        long at = finding.expectedSeq();
        switch (finding.problem()) {
            case OUT_OF_CHAIN -> {
                long found = finding.parsed().orElseThrow().seq();
                if (found > at) {
                    boolean laterInLog = appearsAfter(finding.row().seq(), at);
                    return new AuditLogDamagedException(at, laterInLog ? Damage.REORDERED : Damage.REMOVED, laterInLog
                            ? "entry " + at + " stands later in the log; entry " + found + " stands in its place"
                            : "entries " + at + ".." + (found - 1) + " are missing");
                }
                if (found < at) {
                    return new AuditLogDamagedException(at, Damage.REORDERED, "entry " + found + " stands again after entry " + (at - 1));
                }
                byte[] linked = finding.parsed().get().prevHash();
                if (finding.prevOfPrevious() != null && Arrays.equals(linked, finding.prevOfPrevious())) {
                    return new AuditLogDamagedException(at - 1, Damage.INSERTED,
                            "entry " + (at - 1) + " is not part of the chain: the next entry links past it");
                }
                return new AuditLogDamagedException(at, Damage.CHANGED, finding.detail());
            }
            case COLUMN_MISMATCH -> {
                return new AuditLogDamagedException(at, Damage.CHANGED, finding.detail());
            }
            case MALFORMED, HASH_MISMATCH, UNKNOWN_KEY, BAD_SIGNATURE -> {
                if (nextLinksPast(finding)) {
                    return new AuditLogDamagedException(at, Damage.INSERTED,
                            "a foreign entry stands at " + at + ": the next entry links to entry " + (at - 1) + " (" + finding.detail() + ")");
                }
                Damage damage = switch (finding.problem()) {
                    case UNKNOWN_KEY -> Damage.UNKNOWN_KEY;
                    case BAD_SIGNATURE -> Damage.BAD_SIGNATURE;
                    default -> Damage.CHANGED;
                };
                return new AuditLogDamagedException(at, damage, finding.detail());
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /// True when the row after the suspect one is the true successor of the entry before it.
    private boolean nextLinksPast(Finding finding) throws SQLException {
        List<AuditEntryStore.SignedRow> next = store.signedPage(finding.row().seq(), 1);
        if (next.isEmpty()) {
            return false;
        }
        Optional<AuditEntryFormat.ParsedEntry> parsed = parsedQuietly(next.getFirst());
        return parsed.isPresent() && parsed.get().seq() == finding.expectedSeq()
                && Arrays.equals(parsed.get().prevHash(), finding.prevHash());
    }

    private boolean appearsAfter(long rowSeq, long wantedSeq) throws SQLException {
        long after = rowSeq;
        while (true) {
            List<AuditEntryStore.SignedRow> page = store.signedPage(after, AuditEntryStore.PAGE);
            for (AuditEntryStore.SignedRow row : page) {
                if (parsedQuietly(row).filter(parsed -> parsed.seq() == wantedSeq).isPresent()) {
                    return true;
                }
            }
            if (page.size() < AuditEntryStore.PAGE) {
                return false;
            }
            after = page.getLast().seq();
        }
    }

    /// A tree size and Merkle root vouched for by a signed checkpoint.
    public record TreeHead(long treeSize, byte[] rootHash) {
    }
}
