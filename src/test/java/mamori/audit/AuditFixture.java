package mamori.audit;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import mamori.crypto.Ed25519Keys;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// A real audit log in a real encrypted H2 file, for tests that damage it on purpose.
final class AuditFixture implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T01:02:03.456789Z"), ZoneOffset.UTC);

    final Database database;
    final AuditSigningKey key;
    final AuditLog log;
    final AuditEntryStore store;
    private final AtomicLong monotonic = new AtomicLong(1_000);

    AuditFixture(Path dir, String terminalId, byte[] keySeed) throws Exception {
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("file-key"), "user-key".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        key = new AuditSigningKey(new Ed25519PrivateKeyParameters(keySeed, 0));
        log = new AuditLog(database, key, terminalId, "run-1", CLOCK, monotonic::incrementAndGet);
        store = new AuditEntryStore(database);
    }

    static byte[] seed(int value) {
        byte[] seed = new byte[32];
        seed[0] = (byte) value;
        return seed;
    }

    static Ed25519PrivateKeyParameters rogueKey() {
        return Ed25519Keys.generate(new SecureRandom());
    }

    void appendViews(int count) throws AuditUnavailableException {
        for (int i = 1; i <= count; i++) {
            log.append(AuditEvent.of(i % 3 == 0 ? AuditAction.SEEK : AuditAction.PLAY).person("p-" + (i % 4)).session("s-1")
                    .camera("cam-" + (i % 3)).detail("n", i));
        }
    }

    Map<String, byte[]> trusted() {
        return Map.of(key.keyId(), key.publicKey());
    }

    AuditVerifier verifier() {
        return new AuditVerifier(store, trusted());
    }

    void sql(String... statements) throws Exception {
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        log.close();
        database.close();
    }
}
