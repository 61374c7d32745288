package mamori.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// Run as a child JVM by the crash test: appends from several threads as fast as it can and prints
/// `ACK <seq>` for every entry the log acknowledged, until it is killed.
public final class AuditCrashChild {

    private AuditCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Database database = Database.open(Path.of(args[0]), mamori.TestKeys.fileKey("crash-file"), "crash-user".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, Clock.systemUTC()).migrate(database);
        var key = new AuditSigningKey(new Ed25519PrivateKeyParameters(AuditFixture.seed(99), 0));
        AuditLog log = new AuditLog(database, key, "T-CRASH", args[1], Clock.systemUTC(), System::nanoTime);
        System.out.println("READY");
        System.out.flush();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            callers.submit(() -> {
                for (long i = 0; ; i++) {
                    AuditEntry entry = log.append(AuditEvent.of(AuditAction.PLAY).person("p-" + thread).detail("i", i));
                    synchronized (System.out) {
                        System.out.println("ACK " + entry.seq());
                        System.out.flush();
                    }
                }
            });
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
