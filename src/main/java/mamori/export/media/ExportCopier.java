package mamori.export.media;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntry;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.camera.CameraCatalog;
import mamori.export.media.CopyFailedException.Failure;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.policy.Permission;
import mamori.usb.ApprovedMedia;
import mamori.usb.MediaIdentity;
import mamori.usb.UsbDevice;
import mamori.usb.Volume;

/// Copies staged export packages to approved removable media or the configured folder (decision 0025).
///
/// A copy is written under a temporary name (`.<name>.mamori-partial`), flushed to the medium with
/// `fsync`, read back (with `O_DIRECT` where the file system allows, so the bytes come from the
/// medium and not the page cache) and hashed. Only when the read-back hash is the package's does
/// the `EXPORT_COPIED_TO_MEDIA` entry go to the log, naming the device (vendor, product, serial),
/// the volume (UUID, label, mount point), the path, the hash and the size; only once the log has
/// it is the copy renamed into place. When the log refuses, the copy is deleted: no entry, no copy.
/// A copy that fails after it was started (full medium, medium pulled, read-back mismatch) is
/// removed and recorded as an `EXPORT_COPIED_TO_MEDIA` entry with `outcome` `FAILED`.
///
/// Only the requester or the approver of an export copies it, and only while the policy allows
/// them their part (`REQUEST_EXPORT` or `APPROVE_EXPORT`) on the export's camera.
public final class ExportCopier {

    /// The suffix of a copy not yet read back and recorded.
    public static final String PARTIAL_SUFFIX = ".mamori-partial";
    static final int CHUNK = 1 << 20;
    private static final int MAX_VOLUMES = 256;

    /// Called after a copy is written and flushed, before it is read back (tests change the file here
    /// to stand for a medium that does not keep what it was given).
    @FunctionalInterface
    interface BeforeReadBack {
        void written(Path partial) throws IOException;
    }

    private final ApprovedMedia approved;
    private final Supplier<List<Volume>> mounted;
    private final Optional<Path> folder;
    private final CameraCatalog catalog;
    private final AuditLog audit;
    private final VolumeNames names;
    private final BeforeReadBack beforeReadBack;

    /// `mounted` lists the volumes mounted now (`UsbMonitor::mountedVolumes` in the kiosk); `folder`
    /// is `MAMORI_EXPORT_FOLDER`, if set.
    public ExportCopier(ApprovedMedia approved, Supplier<List<Volume>> mounted, Optional<Path> folder, CameraCatalog catalog,
            AuditLog audit, VolumeNames names) {
        this(approved, mounted, folder, catalog, audit, names, partial -> { });
    }

    ExportCopier(ApprovedMedia approved, Supplier<List<Volume>> mounted, Optional<Path> folder, CameraCatalog catalog, AuditLog audit,
            VolumeNames names, BeforeReadBack beforeReadBack) {
        this.approved = approved;
        this.mounted = mounted;
        this.folder = folder;
        this.catalog = catalog;
        this.audit = audit;
        this.names = names;
        this.beforeReadBack = beforeReadBack;
    }

    /// Where copies may go now, and the mounted storage they may not go to, with the reason.
    /// Volumes of the PC's own disks and loop devices are not listed.
    public Destinations destinations() {
        List<Destination> available = new ArrayList<>();
        List<Destination.Refused> refused = new ArrayList<>();
        Optional<List<ApprovedMedia.Approval>> approvals;
        try {
            approvals = Optional.of(approved.all());
        } catch (SQLException e) {
            approvals = Optional.empty();
        }
        for (Volume volume : mounted.get().stream().limit(MAX_VOLUMES).toList()) {
            switch (volume.kind()) {
                case USB -> {
                    UsbDevice device = volume.usbDevice().orElseThrow();
                    Optional<Destination.Reason> reason = Optional.empty();
                    Optional<ApprovedMedia.Approval> approval = Optional.empty();
                    if (approvals.isEmpty()) {
                        reason = Optional.of(Destination.Reason.APPROVALS_UNREADABLE);
                    } else if (device.serial().isEmpty()) {
                        reason = Optional.of(Destination.Reason.NO_SERIAL);
                    } else {
                        approval = approvals.get().stream().filter(known -> known.identity().equals(device.identity())).findFirst();
                        if (approval.isEmpty()) {
                            reason = Optional.of(Destination.Reason.NOT_APPROVED);
                        } else if (readOnly(Path.of(volume.mountPoint()))) {
                            reason = Optional.of(Destination.Reason.READ_ONLY);
                        }
                    }
                    if (reason.isPresent()) {
                        refused.add(new Destination.Refused(volume, Optional.of(device), reason.get()));
                    } else {
                        available.add(new Destination.Medium(volume, device, approval.orElseThrow().label(), names.of(volume),
                                freeBytes(Path.of(volume.mountPoint()))));
                    }
                }
                case REMOVABLE -> refused.add(new Destination.Refused(volume, Optional.empty(), Destination.Reason.NOT_USB));
                case LOOP, FIXED, UNKNOWN -> {
                }
            }
        }
        Optional<Destinations.UnusableFolder> unusable = Optional.empty();
        if (folder.isPresent()) {
            Path dir = folder.get();
            if (!Files.isDirectory(dir)) {
                unusable = Optional.of(new Destinations.UnusableFolder(dir, Destinations.Problem.MISSING));
            } else if (!Files.isWritable(dir) || readOnly(dir)) {
                unusable = Optional.of(new Destinations.UnusableFolder(dir, Destinations.Problem.NOT_WRITABLE));
            } else {
                available.add(new Destination.Folder(dir, freeBytes(dir)));
            }
        }
        return new Destinations(available, refused, unusable);
    }

    /// Copies `export` to `destination` for `session`'s person, reporting progress (0..1: writing to
    /// one half, reading back to 1) and stopping, leaving nothing behind, when `cancelled` answers true.
    ///
    /// Throws [CopyFailedException] when the copy is refused or undone (nothing of it stays on the
    /// destination), and [AuditUnavailableException] when the log cannot record it (the copy, if
    /// written, is deleted).
    public CopyResult copy(Session session, StagedExport export, Destination destination, DoubleConsumer progress,
            BooleanSupplier cancelled) throws CopyFailedException, AuditUnavailableException {
        authorize(session, export);
        Attempt attempt = new Attempt(session, export, destination);
        confirm(attempt);
        long size;
        try {
            size = Files.size(export.file());
        } catch (IOException e) {
            throw attempt.fail(Failure.SOURCE_DAMAGED, "The staged package cannot be read: " + e.getMessage(), e);
        }
        if (size != export.bytes()) {
            throw attempt.fail(Failure.SOURCE_DAMAGED, "The staged package has " + size + " bytes, not the " + export.bytes() + " produced",
                    null);
        }
        Path target = destination.directory().resolve(export.fileName());
        Path partial = destination.directory().resolve("." + export.fileName() + PARTIAL_SUFFIX);
        if (Files.exists(target)) {
            return alreadyThere(attempt, target);
        }
        try {
            // A copy left by a medium pulled during an earlier attempt: it must not count against the space.
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw attempt.fail(classify(destination, e), "An unchecked copy left on the destination cannot be removed: " + e.getMessage(), e);
        }
        if (freeBytes(destination.directory()) < export.bytes()) {
            throw attempt.fail(Failure.MEDIUM_FULL, "The destination has " + freeBytes(destination.directory()) + " bytes free, the package "
                    + export.bytes(), null);
        }
        try {
            write(export, partial, progress, cancelled, attempt);
            beforeReadBack.written(partial);
        } catch (IOException e) {
            removeQuietly(partial);
            throw attempt.fail(classify(destination, e), "The copy could not be written: " + e.getMessage(), e);
        }
        Read read;
        try {
            read = readBack(partial, export.bytes(), progress);
        } catch (IOException e) {
            removeQuietly(partial);
            throw attempt.fail(classify(destination, e), "The copy could not be read back: " + e.getMessage(), e);
        }
        if (!read.sha256().equals(export.sha256()) || read.bytes() != export.bytes()) {
            removeQuietly(partial);
            throw attempt.fail(Failure.READ_BACK_MISMATCH, "The copy read back from the destination has SHA-256 " + read.sha256() + " ("
                    + read.bytes() + " bytes), not the package's " + export.sha256() + "; it was removed", null, Map.of("readBackSha256",
                            read.sha256(), "readBackBytes", read.bytes(), "readBack", read.mode()));
        }
        AuditEntry entry;
        try {
            entry = audit.append(attempt.event("COPIED").detail("path", target.toString()).detail("readBack", read.mode())
                    .detail("readBackSha256", read.sha256()));
        } catch (AuditUnavailableException e) {
            removeQuietly(partial);
            throw e;
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(destination.directory());
        } catch (IOException e) {
            removeQuietly(partial);
            throw attempt.fail(classify(destination, e), "The copy was checked and recorded (entry " + entry.seq()
                    + ") but could not be renamed into place; it was removed: " + e.getMessage(), e, Map.of("recordedAs", entry.seq()));
        }
        progress.accept(1.0);
        return new CopyResult(destination, target, read.sha256(), read.bytes(), read.mode(), false, entry.seq());
    }

    private void authorize(Session session, StagedExport export) throws CopyFailedException, AuditUnavailableException {
        String person = session.person().id();
        Optional<Permission> part = person.equals(export.requesterId()) ? Optional.of(Permission.REQUEST_EXPORT)
                : person.equals(export.approverId()) ? Optional.of(Permission.APPROVE_EXPORT) : Optional.empty();
        if (part.isEmpty()) {
            audit.append(denial(session, export).detail("reason", "NOT_REQUESTER_OR_APPROVER"));
            throw new CopyFailedException(Failure.NOT_REQUESTER_OR_APPROVER, Optional.empty(), true,
                    person + " neither requested nor approved export " + export.exportId(), null);
        }
        Decision decision;
        try {
            decision = catalog.decide(session, part.get(), export.cameraId());
        } catch (SQLException e) {
            throw new CopyFailedException(Failure.DENIED, Optional.empty(), false, "The rights cannot be read: " + e.getMessage(), e);
        }
        if (decision instanceof Decision.Denied(var reason)) {
            audit.append(denial(session, export).detail("reason", reason).detail("permission", part.get()));
            throw new CopyFailedException(Failure.DENIED, Optional.of(reason), true, "The policy refuses the copy: " + reason, null);
        }
    }

    private static AuditEvent denial(Session session, StagedExport export) {
        return AuditEvent.of(AuditAction.POLICY_DENIAL).person(session.person().id()).session(session.id()).camera(export.cameraId())
                .detail("action", AuditAction.EXPORT_COPIED_TO_MEDIA).detail("exportId", export.exportId());
    }

    /// The destination is still there and still approved (the list the person chose from may be old).
    private void confirm(Attempt attempt) throws CopyFailedException {
        switch (attempt.destination) {
            case Destination.Medium medium -> {
                boolean stillMounted = mounted.get().stream().anyMatch(volume -> volume.mountPoint().equals(medium.volume().mountPoint())
                        && volume.device().equals(medium.volume().device())
                        && volume.usbDevice().map(UsbDevice::devpath).equals(Optional.of(medium.device().devpath())));
                if (!stillMounted || !Files.isDirectory(medium.directory())) {
                    throw attempt.fail(Failure.DESTINATION_GONE, "The medium at " + medium.volume().mountPoint() + " is no longer mounted",
                            null);
                }
                MediaIdentity identity = medium.identity();
                boolean ok;
                try {
                    ok = approved.isApproved(identity);
                } catch (SQLException e) {
                    ok = false;
                }
                if (!ok) {
                    throw attempt.fail(Failure.DESTINATION_NOT_APPROVED, "The medium " + identity + " is not approved (any more)", null);
                }
            }
            case Destination.Folder chosen -> {
                if (!folder.map(chosen.directory()::equals).orElse(false) || !Files.isDirectory(chosen.directory())) {
                    throw attempt.fail(Failure.DESTINATION_GONE, "The folder " + chosen.directory() + " is not the configured one or is gone",
                            null);
                }
            }
        }
    }

    private CopyResult alreadyThere(Attempt attempt, Path target) throws CopyFailedException, AuditUnavailableException {
        Read read;
        try {
            read = readBack(target, attempt.export.bytes(), fraction -> { });
        } catch (IOException e) {
            throw attempt.fail(Failure.NAME_TAKEN, "A file named " + target.getFileName() + " is on the destination and cannot be read: "
                    + e.getMessage(), e);
        }
        if (!read.sha256().equals(attempt.export.sha256()) || read.bytes() != attempt.export.bytes()) {
            throw attempt.fail(Failure.NAME_TAKEN, "A different file named " + target.getFileName() + " is on the destination", null);
        }
        AuditEntry entry = audit.append(attempt.event("ALREADY_PRESENT").detail("path", target.toString()).detail("readBack", read.mode())
                .detail("readBackSha256", read.sha256()));
        return new CopyResult(attempt.destination, target, read.sha256(), read.bytes(), read.mode(), true, entry.seq());
    }

    private void write(StagedExport export, Path partial, DoubleConsumer progress, BooleanSupplier cancelled, Attempt attempt)
            throws IOException, CopyFailedException {
        MessageDigest digest = sha256();
        long written = 0;
        try (FileChannel in = FileChannel.open(export.file(), StandardOpenOption.READ);
                FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            while (written < export.bytes()) {
                if (cancelled.getAsBoolean()) {
                    out.close();
                    removeQuietly(partial);
                    throw attempt.fail(Failure.CANCELLED, "The copy was stopped", null);
                }
                buffer.clear();
                int count = in.read(buffer);
                if (count < 0) {
                    break;
                }
                buffer.flip();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                written += count;
                progress.accept(export.bytes() == 0 ? 0.5 : 0.5 * written / export.bytes());
            }
            out.force(true);
        }
        String source = HexFormat.of().formatHex(digest.digest());
        if (written != export.bytes() || !source.equals(export.sha256())) {
            removeQuietly(partial);
            throw attempt.fail(Failure.SOURCE_DAMAGED, "The staged package changed since it was produced (SHA-256 " + source + ")", null);
        }
    }

    private record Read(String sha256, long bytes, CopyResult.ReadBack mode) {
    }

    /// Reads `file` back and hashes it, from the medium itself where the file system allows direct I/O.
    private static Read readBack(Path file, long expected, DoubleConsumer progress) throws IOException {
        FileChannel direct = null;
        long block = 4096;
        try {
            block = Math.max(512, Files.getFileStore(file).getBlockSize());
            if (block <= CHUNK && Long.bitCount(block) == 1) {
                direct = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
            }
        } catch (IOException | UnsupportedOperationException e) {
            direct = null;
        }
        if (direct != null) {
            try (FileChannel channel = direct) {
                ByteBuffer aligned = ByteBuffer.allocateDirect(CHUNK + (int) block).alignedSlice((int) block);
                aligned.limit(CHUNK - CHUNK % (int) block);
                return hash(channel, aligned, expected, progress, CopyResult.ReadBack.DIRECT);
            } catch (IOException e) {
                if (e instanceof NoSuchFileException || !Files.exists(file)) {
                    throw e;
                }
                // Some file systems open with O_DIRECT but refuse the read (EINVAL): read through the cache.
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return hash(channel, ByteBuffer.allocate(CHUNK), expected, progress, CopyResult.ReadBack.CACHED);
        }
    }

    private static Read hash(FileChannel channel, ByteBuffer buffer, long expected, DoubleConsumer progress, CopyResult.ReadBack mode)
            throws IOException {
        MessageDigest digest = sha256();
        long read = 0;
        int limit = buffer.limit();
        while (true) {
            buffer.clear().limit(limit);
            int count = channel.read(buffer);
            if (count < 0) {
                break;
            }
            boolean shortRead = buffer.position() < buffer.limit();
            buffer.flip();
            digest.update(buffer);
            read += count;
            progress.accept(expected == 0 ? 1.0 : Math.min(1.0, 0.5 + 0.5 * read / expected));
            // A direct read past the end starts at an unaligned offset, which the kernel refuses: a
            // short direct read is the end of the file (a file system that stopped early reads back short: a mismatch).
            if (shortRead && mode == CopyResult.ReadBack.DIRECT) {
                break;
            }
        }
        return new Read(HexFormat.of().formatHex(digest.digest()), read, mode);
    }

    /// Why writing or reading failed: the medium is gone, full, or something else.
    private Failure classify(Destination destination, IOException e) {
        boolean present = Files.isDirectory(destination.directory()) && switch (destination) {
            case Destination.Medium medium -> mounted.get().stream().anyMatch(volume -> volume.mountPoint().equals(medium.volume().mountPoint()));
            case Destination.Folder ignored -> true;
        };
        if (!present || e instanceof NoSuchFileException) {
            return Failure.MEDIUM_LOST;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return Failure.MEDIUM_FULL;
        }
        return Failure.WRITE_FAILED;
    }

    private static boolean readOnly(Path dir) {
        try {
            return Files.getFileStore(dir).isReadOnly();
        } catch (IOException e) {
            return true;
        }
    }

    private static long freeBytes(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened for fsync; the rename is durable at the next sync.
        }
    }

    private static void removeQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The medium is gone or refuses: the partial name marks the file as unchecked, and the next copy there removes it.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /// One copy under way: who, what, where; makes its entries.
    private final class Attempt {
        private final Session session;
        private final StagedExport export;
        private final Destination destination;

        Attempt(Session session, StagedExport export, Destination destination) {
            this.session = session;
            this.export = export;
            this.destination = destination;
        }

        AuditEvent event(String outcome) {
            return AuditEvent.of(AuditAction.EXPORT_COPIED_TO_MEDIA).person(session.person().id()).session(session.id())
                    .camera(export.cameraId()).detail("exportId", export.exportId()).detail("outcome", outcome)
                    .detail("file", export.fileName()).detail("sha256", export.sha256()).detail("bytes", export.bytes())
                    .detail("destination", destination.auditDetails());
        }

        CopyFailedException fail(Failure failure, String message, Throwable cause) {
            return fail(failure, message, cause, Map.of());
        }

        /// Records the failure (best effort: the copy is already undone) and returns what to throw.
        CopyFailedException fail(Failure failure, String message, Throwable cause, Map<String, Object> more) {
            AuditEvent entry = event("FAILED").detail("failure", failure).detail("message", message);
            for (var detail : more.entrySet()) {
                entry = entry.detail(detail.getKey(), detail.getValue());
            }
            boolean recorded;
            try {
                audit.append(entry);
                recorded = true;
            } catch (AuditUnavailableException e) {
                recorded = false;
            }
            return new CopyFailedException(failure, Optional.empty(), recorded, message, cause);
        }
    }
}
