package mamori.export.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;

/// Deletes staged export packages older than the retention period (`MAMORI_EXPORT_RETENTION`,
/// default 30 days) from the staging directory (`<data dir>/exports`), and leftovers of work that
/// never finished (partial files: a name starting with `.` or ending in `.partial`, `.part`, `.tmp`
/// or [ExportCopier#PARTIAL_SUFFIX]) once they are an hour old.
///
/// Each deletion is an `EXPORT_DELETED_BY_RETENTION` entry written BEFORE the file goes: no entry,
/// no deletion. When the log refuses an entry the run stops there and nothing more is deleted.
/// A deletion that fails after its entry is followed by a second entry with `outcome` `FAILED`.
/// Age is the file's last modification, against the injected (trusted) clock.
public final class ExportRetention {

    /// How old a partial file must be before it counts as left over (its writer may still be at work).
    public static final Duration PARTIAL_GRACE = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 10_000;
    private static final int MAX_FILES_IN_DIRECTORY = 10_000;

    private final Path staging;
    private final Duration retention;
    private final AuditLog audit;
    private final Clock clock;

    public ExportRetention(Path staging, Duration retention, AuditLog audit, Clock clock) {
        this.staging = staging;
        this.retention = retention;
        this.audit = audit;
        this.clock = clock;
    }

    /// What one staged item is.
    public enum Kind {
        /// A package (or a package's directory) past the retention period.
        PACKAGE,
        /// An unfinished file past [#PARTIAL_GRACE].
        PARTIAL
    }

    /// One item the run deleted (or tried to: `problem` says why it is still there).
    public record Deletion(Path path, Kind kind, long bytes, Instant modifiedAt, java.util.Optional<String> problem) {
    }

    /// What a run did: deleted items, how many were kept because they are young enough.
    public record Run(Instant at, List<Deletion> deletions, int kept) {
        public Run {
            deletions = List.copyOf(deletions);
        }
    }

    public Path staging() {
        return staging;
    }

    public Duration retention() {
        return retention;
    }

    /// Deletes what is due, oldest first. Throws, having deleted nothing more, when the log refuses an entry.
    public Run run() throws AuditUnavailableException, IOException {
        Instant now = clock.instant();
        List<Item> items = new ArrayList<>();
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            return new Run(now, List.of(), 0);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            for (Path entry : entries) {
                if (items.size() >= MAX_ENTRIES) {
                    break;
                }
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Instant modified = attributes.isDirectory() ? newest(entry, attributes.lastModifiedTime().toInstant())
                        : attributes.lastModifiedTime().toInstant();
                long bytes = attributes.isDirectory() ? sizeOf(entry) : attributes.size();
                items.add(new Item(entry, partial(entry.getFileName().toString()) ? Kind.PARTIAL : Kind.PACKAGE, attributes.isDirectory(),
                        bytes, modified));
            }
        }
        items.sort(Comparator.comparing(Item::modifiedAt));
        List<Deletion> deletions = new ArrayList<>();
        int kept = 0;
        for (Item item : items) {
            Duration limit = item.kind() == Kind.PARTIAL ? PARTIAL_GRACE : retention;
            if (!item.modifiedAt().plus(limit).isBefore(now)) {
                kept++;
                continue;
            }
            AuditEvent entry = AuditEvent.of(AuditAction.EXPORT_DELETED_BY_RETENTION).detail("file", item.path().getFileName().toString())
                    .detail("path", item.path().toString()).detail("kind", item.kind()).detail("bytes", item.bytes())
                    .detail("modifiedAt", item.modifiedAt()).detail("retention", limit.toString()).detail("directory", item.directory());
            if (!item.directory() && item.kind() == Kind.PACKAGE) {
                entry = entry.detail("sha256", sha256(item.path()));
            }
            audit.append(entry);
            java.util.Optional<String> problem = java.util.Optional.empty();
            try {
                delete(item.path(), item.directory());
            } catch (IOException e) {
                problem = java.util.Optional.of(String.valueOf(e.getMessage()));
                audit.append(AuditEvent.of(AuditAction.EXPORT_DELETED_BY_RETENTION).detail("file", item.path().getFileName().toString())
                        .detail("path", item.path().toString()).detail("outcome", "FAILED").detail("failure", problem.get()));
            }
            deletions.add(new Deletion(item.path(), item.kind(), item.bytes(), item.modifiedAt(), problem));
        }
        return new Run(now, deletions, kept);
    }

    private record Item(Path path, Kind kind, boolean directory, long bytes, Instant modifiedAt) {
    }

    static boolean partial(String name) {
        return name.startsWith(".") || name.endsWith(".partial") || name.endsWith(".part") || name.endsWith(".tmp")
                || name.endsWith(ExportCopier.PARTIAL_SUFFIX);
    }

    private static Instant newest(Path dir, Instant own) throws IOException {
        Instant newest = own;
        try (Stream<Path> files = Files.walk(dir).limit(MAX_FILES_IN_DIRECTORY)) {
            for (Path file : files.toList()) {
                Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
                if (modified.isAfter(newest)) {
                    newest = modified;
                }
            }
        }
        return newest;
    }

    private static long sizeOf(Path dir) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(dir).limit(MAX_FILES_IN_DIRECTORY)) {
            for (Path file : files.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    total += attributes.size();
                }
            }
        }
        return total;
    }

    private static void delete(Path path, boolean directory) throws IOException {
        if (!directory) {
            Files.deleteIfExists(path);
            return;
        }
        // Files.walk does not follow links: a link inside is deleted, never what it points to.
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int count; (count = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, count);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
