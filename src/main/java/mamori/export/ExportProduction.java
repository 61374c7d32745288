package mamori.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.store.Database;

/// Runs the [ExportProducer] for an approved order in its own folder of the staging directory, and
/// records the outcome: `EXPORT_WRITTEN` with the package's SHA-256 (computed here, from the file)
/// and size once the file is complete, or `EXPORT_CANCELLED` when it was cancelled or failed, with
/// nothing left behind. A package the log cannot record is deleted (fail closed).
public final class ExportProduction {

    private final Database database;
    private final AuditLog audit;
    private final Path stagingDirectory;
    private final java.util.function.Supplier<ExportProducer> producer;

    /// `producer` is asked at each production: the composition root may plug the real one in later.
    public ExportProduction(Database database, AuditLog audit, Path stagingDirectory, java.util.function.Supplier<ExportProducer> producer) {
        this.database = database;
        this.audit = audit;
        this.stagingDirectory = stagingDirectory;
        this.producer = producer;
    }

    /// Produces `order`'s package; `progress` gets 0..1, `cancelled` is polled by the producer.
    public ExportPackage produce(ExportOrder order, DoubleConsumer progress, BooleanSupplier cancelled)
            throws ExportException, AuditUnavailableException, SQLException, InterruptedException {
        Path folder = stagingDirectory.resolve(order.exportId());
        ExportPackage made;
        try {
            mamori.store.OwnerOnly.createDirectories(folder);
            made = producer.get().produce(order, folder, progress, cancelled);
        } catch (ExportException | IOException | RuntimeException e) {
            String reason = cancelled.getAsBoolean() ? "cancelled" : "failed: " + e.getMessage();
            cancel(order, folder, reason, Optional.empty());
            throw e instanceof ExportException export ? export : new ExportException("The export could not be produced: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            cancel(order, folder, "interrupted", Optional.empty());
            throw e;
        }
        if (cancelled.getAsBoolean()) {
            cancel(order, folder, "cancelled", Optional.of(made));
            throw new ExportException("The export was cancelled; nothing was kept");
        }
        String sha256;
        long bytes;
        try {
            sha256 = sha256(made.file());
            bytes = Files.size(made.file());
        } catch (IOException e) {
            cancel(order, folder, "failed: the package cannot be read", Optional.of(made));
            throw new ExportException("The package cannot be read back: " + e.getMessage(), e);
        }
        if (!sha256.equalsIgnoreCase(made.sha256())) {
            cancel(order, folder, "failed: the package's hash differs from the producer's", Optional.of(made));
            throw new ExportException("The package's SHA-256 differs from what its producer reported");
        }
        AuditEvent written = AuditEvent.of(AuditAction.EXPORT_WRITTEN).person(order.approverId()).camera(order.cameraId()).range(order.span())
                .detail("request", order.exportId()).detail("requester", order.requesterId()).detail("sha256", sha256).detail("bytes", bytes)
                .detail("file", made.file().getFileName().toString()).detail("masksLifted", order.masksLifted());
        try {
            database.inTransaction(connection -> {
                if (!ExportRequestRepository.written(connection, order.exportId(), sha256, bytes)) {
                    throw new SQLException("The export " + order.exportId() + " is no longer approved");
                }
                try {
                    audit.append(written);
                } catch (AuditUnavailableException e) {
                    throw new LogRefused(e);
                }
                return null;
            });
        } catch (LogRefused refused) {
            wipe(made);
            deleteFolder(folder);
            throw refused.cause;
        } catch (SQLException e) {
            wipe(made);
            deleteFolder(folder);
            throw e;
        }
        return new ExportPackage(made.exportId(), made.file(), sha256, bytes, made.passphrase());
    }

    private void cancel(ExportOrder order, Path folder, String reason, Optional<ExportPackage> made)
            throws AuditUnavailableException, SQLException {
        made.ifPresent(ExportProduction::wipe);
        deleteFolder(folder);
        AuditEvent event = AuditEvent.of(AuditAction.EXPORT_CANCELLED).person(order.approverId()).camera(order.cameraId())
                .range(order.span()).detail("request", order.exportId()).detail("reason", reason);
        try {
            database.inTransaction(connection -> {
                if (ExportRequestRepository.decide(connection, order.exportId(), RequestState.APPROVED, RequestState.CANCELLED,
                        Optional.empty(), java.time.Instant.EPOCH, Optional.empty(), order.masksLifted())) {
                    try {
                        audit.append(event);
                    } catch (AuditUnavailableException e) {
                        throw new LogRefused(e);
                    }
                }
                return null;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    private static void wipe(ExportPackage made) {
        java.util.Arrays.fill(made.passphrase(), '\0');
        try {
            Files.deleteIfExists(made.file());
        } catch (IOException ignored) {
            // The folder's deletion below tries again; what remains is reported by its failure.
        }
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> inside = Files.walk(folder)) {
            for (Path path : inside.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("The staging folder " + folder + " could not be emptied", e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static final class LogRefused extends RuntimeException {
        private final AuditUnavailableException cause;

        LogRefused(AuditUnavailableException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
