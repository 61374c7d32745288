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
/// commit), each caller still answered only after the commit that holds its entry.
public final class AuditLog implements AutoCloseable {

    /// The most entries one commit takes; bounds the time a caller waits behind others.
    static final int MAX_BATCH = 1_000;
    private static final long APPEND_TIMEOUT_SECONDS = 30;

    private final Database database;
    private final AuditEntryStore store;
    private final AuditSigningKey key;
    private final String terminalId;
    private final String runId;
    private final Clock clock;
    private final LongSupplier monotonicNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;
    private long headSeq;
    private byte[] headHash;

    /// Opens the log and starts its writer. `runId` names this process run: monotonic readings are
    /// comparable only within one run.
    public AuditLog(Database database, AuditSigningKey key, String terminalId, String runId, Clock clock,
            LongSupplier monotonicNanos) throws AuditUnavailableException {
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
        } catch (SQLException e) {
            throw new AuditUnavailableException("The audit log cannot be opened: " + e.getMessage(), e);
        }
        writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeLoop);
    }

    /// Records `event` durably and returns the committed entry; throws when it could not be
    /// committed, in which case the caller must not perform the action.
    public AuditEntry append(AuditEvent event) throws AuditUnavailableException {
        if (!open) {
            throw new AuditUnavailableException("The audit log is closed", null);
        }
        Pending pending = new Pending(event, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.done().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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

    public String terminalId() {
        return terminalId;
    }

    public AuditSigningKey key() {
        return key;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
            }
        }
        failRemaining();
    }

    private void commit(List<Pending> batch) {
        List<AuditEntry> entries = new ArrayList<>(batch.size());
        long seq = headSeq;
        byte[] prev = headHash;
        try {
            for (Pending pending : batch) {
                seq++;
                AuditEntry entry = build(seq, prev, pending.event());
                entries.add(entry);
                prev = entry.entryHash();
            }
            database.inTransaction(connection -> {
                AuditEntryStore.insert(connection, entries);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            var failure = new AuditUnavailableException("The audit log cannot be written: " + e.getMessage(), e);
            for (Pending pending : batch) {
                pending.done().completeExceptionally(failure);
            }
            return;
        }
        headSeq = seq;
        headHash = prev;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(entries.get(i));
        }
    }

    private AuditEntry build(long seq, byte[] prev, AuditEvent event) {
        // Microseconds: what the database's TIMESTAMP(6) keeps, so the stored time equals the signed one.
        Instant time = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long monotonic = monotonicNanos.getAsLong();
        String canonical = AuditEntryFormat.canonical(seq, time, monotonic, runId, terminalId, event, prev, key.keyId());
        byte[] hash = AuditEntryFormat.entryHash(canonical);
        byte[] signature = key.sign(hash);
        return new AuditEntry(seq, time, monotonic, runId, terminalId, event.personId(), event.sessionId(), event.action(),
                event.cameraId(), event.range(), event.details(), prev, key.keyId(), canonical, hash, signature);
    }

    private void failRemaining() {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.done().completeExceptionally(new AuditUnavailableException("The audit log was closed", null));
        }
    }

    /// Stops accepting entries, writes what is queued, and stops the writer.
    @Override
    public void close() {
        open = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(APPEND_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(AuditEvent event, CompletableFuture<AuditEntry> done) {
    }
}
