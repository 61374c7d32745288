package mamori.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntry;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditVerifier;
import mamori.audit.VerificationMode;
import mamori.crypto.Ed25519Keys;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/// `mamori bench audit`: the audit log's figures, each against a reference measured in the same
/// run on the same encrypted, durable H2 file.
final class AuditBench {

    private final PrintStream out;

    AuditBench(PrintStream out) {
        this.out = out;
    }

    int run(int totalEntries) throws Exception {
        Path dir = Files.createTempDirectory("mamori-bench-audit");
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "audit: encrypted H2 (XTS-AES-256, WRITE_DELAY=0), %d cores, %,d entries%n%n", cores, totalEntries);
        try (Database database = Database.open(dir.resolve("bench"), benchKey(), "bench-user".toCharArray())) {
            new SchemaMigrations(SchemaMigrations.ALL, Clock.systemUTC()).migrate(database);
            var key = new AuditSigningKey(Ed25519Keys.generate(new SecureRandom()));
            try (AuditLog log = new AuditLog(database, key, "T-BENCH", UUID.randomUUID().toString(), Clock.systemUTC(), System::nanoTime)) {
                int single = 3_000;
                warmUp(log, database);
                double bare = bareInsertsPerSecond(database, single);
                double durable = perSecond(single, () -> {
                    for (int i = 0; i < single; i++) {
                        log.append(event(i));
                    }
                });
                out.printf(Locale.ROOT, "  durable append, one caller, one commit per entry: %,8.0f entries/s   (target >= 5,000)%n", durable);
                out.printf(Locale.ROOT, "  bare durable H2 insert of the same rows:          %,8.0f entries/s%n", bare);
                out.printf(Locale.ROOT, "  append cost / bare insert cost:                   %8.2f%n", bare / durable);
                double fsyncs = fdatasyncsPerSecond(dir, single);
                out.printf(Locale.ROOT, "  raw fdatasync of a preallocated file, 400 B each:  %,8.0f /s   (the disk's ceiling for one durable commit per entry)%n", fsyncs);
                out.printf(Locale.ROOT, "  durable append / raw fdatasync rate:               %8.2f%n", durable / fsyncs);

                int batched = Math.max(0, totalEntries - single - 1_000);
                int callers = 64;
                double grouped = perSecond(batched, () -> appendConcurrently(log, batched, callers));
                out.printf(Locale.ROOT, "  group commit, %d callers, ack after commit:       %,8.0f entries/s   (target >= 15,000)%n", callers, grouped);
            }

            AuditEntryStore store = new AuditEntryStore(database);
            var verifier = new AuditVerifier(store, Map.of(key.keyId(), key.publicKey()));
            long entries = store.count();
            long fastStart = System.nanoTime();
            verifier.verify(VerificationMode.FAST, Optional.empty());
            double fastSeconds = (System.nanoTime() - fastStart) / 1e9;
            out.printf(Locale.ROOT, "  fast verification of %,d entries: %.2f s   (target <= 3 s for 1,000,000)%n", entries, fastSeconds);

            double raw = rawVerifyRate(key);
            long fullStart = System.nanoTime();
            verifier.verify(VerificationMode.FULL, Optional.empty());
            double fullRate = entries / ((System.nanoTime() - fullStart) / 1e9);
            out.printf(Locale.ROOT, "  full verification: %,.0f entries/s; raw Bouncy Castle Ed25519 verify on all cores: %,.0f/s; ratio %.2f   (target >= 0.80)%n",
                    fullRate, raw, fullRate / raw);
            // The first pass runs right after a million writes, while H2 may still be compacting;
            // a second pass shows the steady figure. Both are printed.
            long againStart = System.nanoTime();
            verifier.verify(VerificationMode.FAST, Optional.empty());
            out.printf(Locale.ROOT, "  fast verification again, after the full one: %.2f s%n", (System.nanoTime() - againStart) / 1e9);
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        return 0;
    }

    private static byte[] benchKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static AuditEvent event(int i) {
        return AuditEvent.of(i % 5 == 0 ? AuditAction.SEEK : AuditAction.PLAY).person("person-" + (i % 40))
                .session("session-" + (i % 7)).camera("camera-" + (i % 12)).detail("from", "00:12:00").detail("to", "00:14:30");
    }

    private void warmUp(AuditLog log, Database database) throws Exception {
        for (int i = 0; i < 1_000; i++) {
            log.append(event(i));
        }
        bareInsertsPerSecond(database, 500);
    }

    /// The reference: the same two rows an entry is stored as (its signed text, its query columns),
    /// inserted into tables of the same shape and indexes and committed alone, durably (commit,
    /// then `CHECKPOINT SYNC`, as the log does).
    private static double bareInsertsPerSecond(Database database, int rows) throws Exception {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_signed");
            statement.execute("DROP TABLE IF EXISTS bench_entry");
            statement.execute("CREATE TABLE bench_signed (seq BIGINT PRIMARY KEY, canonical VARBINARY(65536) NOT NULL, "
                    + "entry_hash BINARY(32) NOT NULL, signature BINARY(64) NOT NULL)");
            statement.execute("CREATE TABLE bench_entry (seq BIGINT PRIMARY KEY, recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL, "
                    + "terminal_id VARCHAR(64) NOT NULL, person_id VARCHAR(36), session_id VARCHAR(36), action VARCHAR(40) NOT NULL, "
                    + "camera_id VARCHAR(36), key_id VARCHAR(16) NOT NULL)");
            statement.execute("CREATE INDEX bench_entry_time ON bench_entry (recorded_at)");
            statement.execute("CREATE INDEX bench_entry_person ON bench_entry (person_id, recorded_at)");
            statement.execute("CREATE INDEX bench_entry_camera ON bench_entry (camera_id, recorded_at)");
            statement.execute("CREATE INDEX bench_entry_action ON bench_entry (action, recorded_at)");
        }
        var stored = new AuditEntryStore(database).page(0, 1).getFirst();
        byte[] text = stored.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return perSecond(rows, () -> {
            try (Connection connection = database.connection();
                    PreparedStatement signed = connection.prepareStatement("INSERT INTO bench_signed VALUES (?, ?, ?, ?)");
                    PreparedStatement entry = connection.prepareStatement("INSERT INTO bench_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    Statement sync = connection.createStatement()) {
                connection.setAutoCommit(false);
                for (int i = 0; i < rows; i++) {
                    signed.setLong(1, i);
                    signed.setBytes(2, text);
                    signed.setBytes(3, stored.entryHash());
                    signed.setBytes(4, stored.signature());
                    signed.executeUpdate();
                    entry.setLong(1, i);
                    entry.setObject(2, OffsetDateTime.ofInstant(stored.recordedAt(), ZoneOffset.UTC));
                    entry.setString(3, stored.terminalId());
                    entry.setString(4, stored.personId());
                    entry.setString(5, stored.sessionId());
                    entry.setString(6, stored.action());
                    entry.setString(7, stored.cameraId());
                    entry.setString(8, stored.keyId());
                    entry.executeUpdate();
                    connection.commit();
                    // What the log does after each commit: H2 itself calls no fsync at a commit.
                    sync.execute("CHECKPOINT SYNC");
                }
            }
        });
    }

    /// The disk's own rate of durable writes, in the same directory as the database: 400-byte
    /// records rewritten into a preallocated file, each followed by `FileChannel.force(false)`
    /// (fdatasync), the least any durable commit of one entry must wait for.
    private static double fdatasyncsPerSecond(Path dir, int writes) throws Exception {
        Path file = dir.resolve("fdatasync-reference");
        int record = 400;
        int slots = 4_096;
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(record * slots);
            while (zeros.hasRemaining()) {
                channel.write(zeros, zeros.position());
            }
            channel.force(true);
            byte[] bytes = new byte[record];
            new SecureRandom().nextBytes(bytes);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            return perSecond(writes, () -> {
                for (int i = 0; i < writes; i++) {
                    buffer.clear();
                    long at = (long) (i % slots) * record;
                    while (buffer.hasRemaining()) {
                        channel.write(buffer, at + buffer.position());
                    }
                    channel.force(false);
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void appendConcurrently(AuditLog log, int total, int callers) throws Exception {
        AtomicLong next = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                running.add(pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < total) {
                        log.append(event((int) i));
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
    }

    /// Ed25519 verifications per second on all cores, of the same kind of message (a 32-byte hash).
    private static double rawVerifyRate(AuditSigningKey key) {
        Ed25519PrivateKeyParameters signer = Ed25519Keys.generate(new SecureRandom());
        Ed25519PublicKeyParameters publicKey = signer.generatePublicKey();
        int count = 100_000;
        byte[][] messages = new byte[count][32];
        byte[][] signatures = new byte[count][];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < count; i++) {
            random.nextBytes(messages[i]);
            signatures[i] = Ed25519Keys.sign(signer, messages[i]);
        }
        IntStream.range(0, 10_000).parallel().forEach(i -> Ed25519Keys.verifies(publicKey, messages[i], signatures[i]));
        long start = System.nanoTime();
        long ok = IntStream.range(0, count).parallel().filter(i -> Ed25519Keys.verifies(publicKey, messages[i], signatures[i])).count();
        double rate = count / ((System.nanoTime() - start) / 1e9);
        if (ok != count) {
            throw new IllegalStateException("reference signatures failed to verify");
        }
        return rate;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double perSecond(long count, Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
