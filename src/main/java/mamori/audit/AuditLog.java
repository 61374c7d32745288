package mamori.audit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import mamori.store.Database;

/// The append-only, hash-chained, signed audit log.
///
/// [#append] returns only once the entry is committed: services call it before they act and do
/// not act when it throws. Callers on any thread are safe: one writer thread orders the chain,
/// and entries that arrive while a commit is running go into the next commit together (group
/// commit), each caller still answered only after the commit that holds its entry. The next group
/// is chained and signed while the previous one commits (on a committer thread), so signing and
/// the database's write overlap.
public final class AuditLog implements AutoCloseable {

    /// The most entries one commit takes; bounds the time a caller waits behind others.
    static final int MAX_BATCH = 1_000;
    /// A checkpoint at least this often while entries arrive (issue: "at least every minute").
    public static final java.time.Duration DEFAULT_CHECKPOINT_INTERVAL = java.time.Duration.ofMinutes(1);
    /// Below this many entries in one commit, signing on the writer thread beats handing work to other cores.
    private static final int PARALLEL_SIGNING_BATCH = 16;
    private static final long APPEND_TIMEOUT_SECONDS = 30;

    private final Database database;
    private final AuditEntryStore store;
    private volatile AuditSigningKey key;
    private final String terminalId;
    private final String runId;
    private final Clock clock;
    private final LongSupplier monotonicNanos;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final java.time.Duration checkpointInterval;
    private final List<java.util.function.Consumer<List<AuditEntry>>> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private MerkleAccumulator tree;
    private long lastCheckpointSize;
    private long lastCheckpointNanos;
    private final Thread writerThread;
    private final AuditEntryStore.Writer writer = new AuditEntryStore.Writer();
    private volatile boolean open = true;
    /// The committed chain's last link; written by the committer thread, read by the writer after [#flush].
    private volatile long headSeq;
    private volatile byte[] headHash;
    /// The last link handed to the committer (ahead of the committed one while groups commit).
    private long chainSeq;
    private byte[] chainHash;
    /// Signed groups on their way to the committer, which takes all that wait into one commit.
    private final BlockingQueue<Handed> signedQueue = new LinkedBlockingQueue<>();
    /// Raised by the committer when a commit fails: groups chained before that are dropped (their
    /// callers told), and the writer chains again from the committed head.
    private volatile int epoch;
    private int writerEpoch;
    private final Thread committerThread;

    /// Opens the log and starts its writer. `runId` names this process run: monotonic readings are
    /// comparable only within one run.
    public AuditLog(Database database, AuditSigningKey key, String terminalId, String runId, Clock clock,
            LongSupplier monotonicNanos) throws AuditUnavailableException {
        this(database, key, terminalId, runId, clock, monotonicNanos, DEFAULT_CHECKPOINT_INTERVAL);
    }

    /// As above, with signed checkpoints at least every `checkpointInterval` while entries arrive.
    public AuditLog(Database database, AuditSigningKey key, String terminalId, String runId, Clock clock,
            LongSupplier monotonicNanos, java.time.Duration checkpointInterval) throws AuditUnavailableException {
        this.checkpointInterval = checkpointInterval;
        this.database = database;
        this.store = new AuditEntryStore(database);
        this.key = key;
        this.terminalId = terminalId;
        this.runId = runId;
        this.clock = clock;
        this.monotonicNanos = monotonicNanos;
        try {
            store.registerKey(terminalId, key, clock.instant());
            var head = store.head();
            headSeq = head.map(AuditEntryStore.Head::seq).orElse(0L);
            headHash = head.map(AuditEntryStore.Head::hash).orElse(new byte[AuditEntryFormat.HASH_BYTES]);
            chainSeq = headSeq;
            chainHash = headHash;
            tree = resumeTree();
            lastCheckpointNanos = monotonicNanos.getAsLong();
        } catch (SQLException e) {
            throw new AuditUnavailableException("The audit log cannot be opened: " + e.getMessage(), e);
        }
        committerThread = Thread.ofPlatform().name("audit-committer").daemon().start(this::commitLoop);
        writerThread = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeLoop);
    }

    /// Records `event` durably and returns the committed entry; throws when it could not be
    /// committed, in which case the caller must not perform the action.
    public AuditEntry append(AuditEvent event) throws AuditUnavailableException {
        if (!open) {
            throw new AuditUnavailableException("The audit log is closed", null);
        }
        Append pending = new Append(event, new CompletableFuture<>());
        queue.add(pending);
        return await(pending.done());
    }

    /// Makes a signed checkpoint of everything committed so far (at logout, for a report) and
    /// stores it; returns it. A checkpoint of a size that already has one returns that one.
    public CheckpointNote.Checkpoint checkpoint(String reason) throws AuditUnavailableException {
        if (!open) {
            throw new AuditUnavailableException("The audit log is closed", null);
        }
        MakeCheckpoint request = new MakeCheckpoint(reason, new CompletableFuture<>());
        queue.add(request);
        return await(request.done());
    }

    /// Hands signing over to `incoming`: writes the `KEY_ROTATION` entry (signed by the current key,
    /// carrying the incoming key's signature of the handover) and signs every later entry with the
    /// incoming key. Returns the handover entry.
    public AuditEntry rotateKey(AuditSigningKey incoming) throws AuditUnavailableException {
        if (!open) {
            throw new AuditUnavailableException("The audit log is closed", null);
        }
        Rotate request = new Rotate(incoming, new CompletableFuture<>());
        queue.add(request);
        return await(request.done());
    }

    /// Asks for a checkpoint after everything queued so far, without waiting (at logout). Should it
    /// fail, the periodic rule makes one within the checkpoint interval.
    public void requestCheckpoint(String reason) {
        if (open) {
            queue.add(new MakeCheckpoint(reason, new CompletableFuture<>()));
        }
    }

    private <T> T await(CompletableFuture<T> done) throws AuditUnavailableException {
        try {
            return done.get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof AuditUnavailableException unavailable ? unavailable
                    : new AuditUnavailableException("The audit entry was not written: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("The audit log did not confirm the entry within "
                    + APPEND_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("Interrupted while waiting for the audit log", e);
        }
    }

    /// Tells `listener` about every committed batch, on the log's committer thread: it must only hand the
    /// entries on (as [SyslogForwarder] does), never block or do I/O there.
    public void onCommitted(java.util.function.Consumer<List<AuditEntry>> listener) {
        commitListeners.add(listener);
    }

    public String terminalId() {
        return terminalId;
    }

    public AuditSigningKey key() {
        return key;
    }

    private void writeLoop() {
        List<Request> drained = new ArrayList<>();
        List<Append> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    drained.add(first);
                    queue.drainTo(drained, MAX_BATCH - 1);
                    // Requests are served in order: entries up to a checkpoint request are in it.
                    for (Request request : drained) {
                        switch (request) {
                            case Append append -> batch.add(append);
                            case MakeCheckpoint make -> {
                                pipeline(batch);
                                batch = new ArrayList<>();
                                flush();
                                makeCheckpoint(make);
                            }
                            case Rotate rotate -> {
                                pipeline(batch);
                                batch = new ArrayList<>();
                                flush();
                                rotate(rotate);
                            }
                        }
                    }
                    pipeline(batch);
                    batch = new ArrayList<>();
                }
                if (monotonicNanos.getAsLong() - lastCheckpointNanos >= checkpointInterval.toNanos()) {
                    flush();
                    if (tree.size() != lastCheckpointSize) {
                        makeCheckpoint(new MakeCheckpoint("PERIODIC", new CompletableFuture<>()));
                    }
                }
            } catch (InterruptedException e) {
                break;
            } finally {
                drained.clear();
                batch.clear();
            }
        }
        flush();
        signedQueue.add(new Stop());
        try {
            committerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining();
        writer.closeQuietly();
    }

    /// Chains and signs `batch` on top of the last group handed to the committer (while earlier
    /// groups are still being committed) and hands it over.
    private void pipeline(List<Append> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int current = epoch;
        if (current != writerEpoch) {
            // A commit failed: what was chained on it is dropped; go on from what is committed.
            writerEpoch = current;
            chainSeq = headSeq;
            chainHash = headHash;
        }
        Prepared prepared = prepare(batch, chainSeq, chainHash, current);
        if (prepared == null) {
            return;
        }
        chainSeq = prepared.lastSeq();
        chainHash = prepared.lastHash();
        signedQueue.add(prepared);
    }

    /// Waits until everything handed to the committer is committed or refused. Returns false when
    /// a commit failed since the last flush; the chain then continues from what is committed.
    private boolean flush() {
        Flush flush = new Flush(new CompletableFuture<>());
        signedQueue.add(flush);
        flush.done().join();
        boolean clean = epoch == writerEpoch;
        writerEpoch = epoch;
        chainSeq = headSeq;
        chainHash = headHash;
        return clean;
    }

    /// The committer thread: takes every signed group waiting, writes them in one transaction,
    /// commits, then answers their callers.
    private void commitLoop() {
        List<Handed> taken = new ArrayList<>();
        List<Prepared> group = new ArrayList<>();
        while (true) {
            try {
                taken.add(signedQueue.take());
            } catch (InterruptedException e) {
                return;
            }
            signedQueue.drainTo(taken, MAX_BATCH);
            for (Handed handed : taken) {
                switch (handed) {
                    case Prepared prepared -> {
                        if (prepared.epoch() == epoch) {
                            group.add(prepared);
                        } else {
                            fail(prepared.batch(), new SQLException("an earlier entry of the chain was not committed"));
                        }
                    }
                    case Flush flush -> {
                        commitGroup(group);
                        group.clear();
                        flush.done().complete(null);
                    }
                    case Stop stop -> {
                        commitGroup(group);
                        return;
                    }
                }
            }
            commitGroup(group);
            group.clear();
            taken.clear();
        }
    }

    private void commitGroup(List<Prepared> group) {
        if (group.isEmpty()) {
            return;
        }
        if (group.getFirst().epoch() != epoch) {
            // A commit in this round failed before this group's turn.
            for (Prepared prepared : group) {
                fail(prepared.batch(), new SQLException("an earlier entry of the chain was not committed"));
            }
            return;
        }
        if (group.size() == 1) {
            commitPrepared(group.getFirst());
            return;
        }
        List<Append> batch = new ArrayList<>();
        List<Signed> signed = new ArrayList<>();
        for (Prepared prepared : group) {
            batch.addAll(prepared.batch());
            signed.addAll(prepared.signed());
        }
        Prepared last = group.getLast();
        commitPrepared(new Prepared(batch, signed, last.lastSeq(), last.lastHash(), last.epoch()));
    }

    /// The chain and signatures of one group, placed after `seq`/`prev`; null (the callers told)
    /// when they cannot be made.
    private Prepared prepare(List<Append> batch, long seq, byte[] prev, int epochChained) {
        List<Unsigned> unsigned = new ArrayList<>(batch.size());
        try {
            for (Append pending : batch) {
                seq++;
                Unsigned entry = chain(seq, prev, pending.event());
                unsigned.add(entry);
                prev = entry.hash();
            }
            // The chain is built in order above; the signatures are independent, so a large batch is
            // signed on all cores.
            List<Signed> signed = (unsigned.size() >= PARALLEL_SIGNING_BATCH ? unsigned.parallelStream() : unsigned.stream())
                    .map(this::sign).toList();
            return new Prepared(batch, signed, seq, prev, epochChained);
        } catch (RuntimeException e) {
            fail(batch, e);
            return null;
        }
    }

    /// On the committer thread: writes and commits one group, then answers its callers.
    private boolean commitPrepared(Prepared prepared) {
        List<AuditEntry> entries = new ArrayList<>(prepared.signed().size());
        for (Signed signed : prepared.signed()) {
            entries.add(signed.entry());
        }
        try {
            writeConnection().insert(entries);
        } catch (SQLException | RuntimeException e) {
            writer.closeQuietly();
            epoch++;
            fail(prepared.batch(), e);
            return false;
        }
        // Committed: the chain goes on from here whether or not the fsync below succeeds.
        headSeq = prepared.lastSeq();
        headHash = prepared.lastHash();
        for (Signed signed : prepared.signed()) {
            tree.append(signed.leafHash());
        }
        for (var listener : commitListeners) {
            listener.accept(entries);
        }
        try {
            writer.syncToDisk();
        } catch (SQLException | RuntimeException e) {
            // Written but not known to be on the disk: the callers are refused (fail closed).
            writer.closeQuietly();
            fail(prepared.batch(), e);
            return true;
        }
        for (int i = 0; i < prepared.batch().size(); i++) {
            prepared.batch().get(i).done().complete(entries.get(i));
        }
        return true;
    }

    private static void fail(List<Append> batch, Exception e) {
        var failure = new AuditUnavailableException("The audit log cannot be written: " + e.getMessage(), e);
        for (Append pending : batch) {
            pending.done().completeExceptionally(failure);
        }
    }

    /// Commits `batch` alone and waits for it: the key handover.
    private void commit(List<Append> batch) {
        pipeline(batch);
        flush();
    }

    private Unsigned chain(long seq, byte[] prev, AuditEvent event) {
        // Microseconds: what the database's TIMESTAMP(6) keeps, so the stored time equals the signed one.
        Instant time = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long monotonic = monotonicNanos.getAsLong();
        String canonical = AuditEntryFormat.canonical(seq, time, monotonic, runId, terminalId, event, prev, key.keyId());
        return new Unsigned(seq, time, monotonic, event, prev, canonical, AuditEntryFormat.entryHash(canonical));
    }

    private Signed sign(Unsigned entry) {
        AuditEvent event = entry.event();
        return new Signed(new AuditEntry(entry.seq(), entry.time(), entry.monotonic(), runId, terminalId, event.personId(),
                event.sessionId(), event.action(), event.cameraId(), event.range(), event.details(), entry.prev(), key.keyId(),
                entry.canonical(), entry.hash(), key.sign(entry.hash())),
                MerkleTree.leafHash(entry.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private AuditEntryStore.Writer writeConnection() throws SQLException {
        return writer.open(database);
    }

    /// An entry signed, with its Merkle leaf (both worked out on all cores).
    private record Signed(AuditEntry entry, byte[] leafHash) {
    }

    /// What the writer hands the committer, served in order.
    private sealed interface Handed {
    }

    /// A group chained and signed, waiting for its commit; `epoch`: the failures seen when it was chained.
    private record Prepared(List<Append> batch, List<Signed> signed, long lastSeq, byte[] lastHash, int epoch) implements Handed {
    }

    /// Done once everything handed before it is committed or refused.
    private record Flush(CompletableFuture<Void> done) implements Handed {
    }

    /// Ends the committer after what was handed before it.
    private record Stop() implements Handed {
    }

    /// An entry placed in the chain, before its signature.
    private record Unsigned(long seq, Instant time, long monotonic, AuditEvent event, byte[] prev, String canonical, byte[] hash) {
    }

    /// The handover entry goes in alone, signed by the outgoing key; only once it is committed does
    /// the incoming key take over.
    private void rotate(Rotate request) {
        AuditSigningKey outgoing = key;
        AuditEvent handover = KeyHandover.event(terminalId, outgoing, request.incoming(), headSeq + 1, headHash);
        Append append = new Append(handover, new CompletableFuture<>());
        commit(List.of(append));
        try {
            AuditEntry entry = append.done().getNow(null);
            if (entry == null) {
                throw new IllegalStateException("the handover entry was not committed");
            }
            store.registerKey(terminalId, request.incoming(), clock.instant());
            key = request.incoming();
            request.done().complete(entry);
        } catch (SQLException | RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
            request.done().completeExceptionally(cause instanceof AuditUnavailableException unavailable ? unavailable
                    : new AuditUnavailableException("The key rotation failed: " + cause.getMessage(), cause));
        }
    }

    private void makeCheckpoint(MakeCheckpoint request) {
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            byte[] root = tree.root();
            String origin = CheckpointNote.origin(terminalId);
            String note = CheckpointNote.sign(origin, tree.size(), root, now, request.reason(), key);
            String stored = store.saveCheckpoint(tree.size(), now, request.reason(), root, tree.frontier(), note);
            lastCheckpointSize = tree.size();
            lastCheckpointNanos = monotonicNanos.getAsLong();
            request.done().complete(CheckpointNote.verify(stored, java.util.Map.of(key.keyId(), key.publicKey())));
        } catch (SQLException | CheckpointNote.CheckpointException | RuntimeException e) {
            request.done().completeExceptionally(new AuditUnavailableException("The checkpoint could not be made: " + e.getMessage(), e));
        }
    }

    /// The Merkle tree of the committed entries: resumed from the latest checkpoint's frontier
    /// (checked against its root) and brought up to date from the entries after it.
    private MerkleAccumulator resumeTree() throws SQLException, AuditUnavailableException {
        var latest = store.latestCheckpoint();
        MerkleAccumulator resumed = new MerkleAccumulator();
        long from = 0;
        if (latest.isPresent() && latest.get().treeSize() <= headSeq) {
            resumed = MerkleAccumulator.resume(latest.get().treeSize(), latest.get().frontier());
            if (!java.util.Arrays.equals(resumed.root(), latest.get().root())) {
                throw new AuditUnavailableException("The latest checkpoint's stored tree does not match its root: "
                        + "run 'mamori audit verify'", null);
            }
            from = latest.get().treeSize();
            lastCheckpointSize = from;
        }
        MerkleAccumulator building = resumed;
        store.scanAfter(from, entry -> {
            building.append(MerkleTree.leafHash(entry.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return true;
        });
        return building;
    }

    private void failRemaining() {
        Request request;
        while ((request = queue.poll()) != null) {
            var closed = new AuditUnavailableException("The audit log was closed", null);
            switch (request) {
                case Append append -> append.done().completeExceptionally(closed);
                case MakeCheckpoint make -> make.done().completeExceptionally(closed);
                case Rotate rotate -> rotate.done().completeExceptionally(closed);
            }
        }
    }

    /// Stops accepting entries, writes what is queued, and stops the writer.
    @Override
    public void close() {
        open = false;
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(APPEND_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /// What callers ask of the writer thread, served in arrival order.
    private sealed interface Request {
    }

    private record Append(AuditEvent event, CompletableFuture<AuditEntry> done) implements Request {
    }

    private record MakeCheckpoint(String reason, CompletableFuture<CheckpointNote.Checkpoint> done) implements Request {
    }

    private record Rotate(AuditSigningKey incoming, CompletableFuture<AuditEntry> done) implements Request {
    }
}
