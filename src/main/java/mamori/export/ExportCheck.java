package mamori.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.camera.CameraCatalog;
import mamori.identity.Session;
import mamori.policy.Permission;
import mamori.store.Database;

/// The check of a package brought back (by the police, an insurer, a person who asked for their
/// footage): the recipients' verifier run at the kiosk, plus what only the terminal knows: whether
/// its own log recorded exactly this package for that export, and whether its own key signed it.
///
/// Packages are looked for where copies may go (approved media mounted now, the export folder),
/// never in an arbitrary path typed on the kiosk. Each check is recorded (`EXPORT_VERIFIED`, with
/// the verdict) before its result is shown; if it cannot be recorded, the result is withheld.
public final class ExportCheck {

    /// How many packages one place lists at the most.
    static final int MAX_PER_PLACE = 200;

    /// A folder packages are looked for in, with what the screen calls it.
    public record Place(Path directory, String label) {
    }

    /// A package found: its file, the place's label, size and time of last change.
    public record Candidate(Path file, String place, long bytes, Instant modified) {
    }

    /// Whether this terminal's log knows the package.
    public enum Provenance {
        /// The export was written here and this very file is what was recorded (same SHA-256).
        RECORDED_HERE,
        /// The export was written here, but as another file: re-packed, re-encrypted or altered outside.
        OTHER_PACKAGE_RECORDED,
        /// No export of that id was written on this terminal (another terminal's, or never).
        NOT_RECORDED_HERE
    }

    /// What a check found.
    public sealed interface Outcome {
        String packageSha256();

        record Accepted(ExportVerifier.VerifiedExport export, String packageSha256, Provenance provenance, boolean signedHere)
                implements Outcome {
        }

        record Rejected(ExportRejectedException.Reason reason, String message, String packageSha256) implements Outcome {
        }
    }

    /// The person may not check packages: only supervisors (who approve), auditors and administrators.
    public static final class CheckRefusedException extends Exception {
        public CheckRefusedException(String message) {
            super(message);
        }
    }

    private final Supplier<List<Place>> places;
    private final ExportVerifier verifier;
    private final Database database;
    private final AuditLog audit;
    private final CameraCatalog catalog;
    private final Set<String> ownKeyIds;

    /// `ownKeyIds`: the ids of this terminal's audit keys (a manifest signed by one was signed here).
    public ExportCheck(Supplier<List<Place>> places, ExportVerifier verifier, Database database, AuditLog audit, CameraCatalog catalog,
            Set<String> ownKeyIds) {
        this.places = places;
        this.verifier = verifier;
        this.database = database;
        this.audit = audit;
        this.catalog = catalog;
        this.ownKeyIds = Set.copyOf(ownKeyIds);
    }

    /// Who may check packages: those who approve exports, read the audit log or administer.
    public boolean mayCheck(Session session) throws SQLException {
        return catalog.allowsAny(session, Permission.APPROVE_EXPORT, Permission.READ_AUDIT_LOG, Permission.ADMINISTER);
    }

    /// The `.zip` files in each place, newest first; a place that cannot be read lists nothing.
    public List<Candidate> candidates() {
        List<Candidate> found = new ArrayList<>();
        for (Place place : places.get()) {
            try (Stream<Path> files = Files.list(place.directory())) {
                files.filter(file -> file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip"))
                        .filter(Files::isRegularFile).limit(MAX_PER_PLACE).forEach(file -> {
                            try {
                                found.add(new Candidate(file, place.label(), Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                            } catch (IOException e) {
                                // gone or unreadable between listing and reading: not offered
                            }
                        });
            } catch (IOException | RuntimeException e) {
                // a medium pulled out while listing
            }
        }
        found.sort(Comparator.comparing(Candidate::modified).reversed());
        return List.copyOf(found);
    }

    /// Checks `candidate` with `passphrase` (zeroed afterwards) for `by`, records the verdict, and
    /// returns it. Throws [AuditUnavailableException] when the verdict cannot be recorded: then it
    /// must not be shown.
    public Outcome check(Session by, Candidate candidate, char[] passphrase)
            throws CheckRefusedException, AuditUnavailableException, IOException, SQLException {
        try {
            if (!mayCheck(by)) {
                throw new CheckRefusedException(by.person().id() + " may not check export packages");
            }
            String sha256 = sha256(candidate.file());
            Outcome outcome;
            try {
                var verified = verifier.verify(candidate.file(), passphrase, Optional.empty());
                outcome = new Outcome.Accepted(verified, sha256, provenance(verified.manifest().exportId(), sha256),
                        ownKeyIds.contains(verified.manifestKeyId()));
            } catch (ExportRejectedException e) {
                outcome = new Outcome.Rejected(e.reason(), e.getMessage(), sha256);
            }
            audit.append(entry(by, candidate, outcome));
            return outcome;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private Provenance provenance(String exportId, String sha256) throws SQLException {
        try (Connection connection = database.connection()) {
            return ExportRequestRepository.writtenPackage(connection, exportId)
                    .map(recorded -> recorded.equalsIgnoreCase(sha256) ? Provenance.RECORDED_HERE : Provenance.OTHER_PACKAGE_RECORDED)
                    .orElse(Provenance.NOT_RECORDED_HERE);
        }
    }

    private static AuditEvent entry(Session by, Candidate candidate, Outcome outcome) {
        AuditEvent event = AuditEvent.of(AuditAction.EXPORT_VERIFIED).person(by.person().id()).session(by.id())
                .detail("file", candidate.file().getFileName().toString()).detail("place", candidate.place())
                .detail("packageSha256", outcome.packageSha256());
        return switch (outcome) {
            case Outcome.Accepted accepted -> {
                var manifest = accepted.export().manifest();
                if (!manifest.cameras().isEmpty()) {
                    event = event.camera(manifest.cameras().getFirst());
                }
                yield event.range(manifest.span()).detail("verdict", "ACCEPTED").detail("export", manifest.exportId())
                        .detail("exportTerminal", manifest.terminalId()).detail("provenance", accepted.provenance().name())
                        .detail("signedHere", accepted.signedHere());
            }
            case Outcome.Rejected rejected -> event.detail("verdict", rejected.reason().name());
        };
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = PackageLayout.sha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
