package mamori.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/// An H2 file system (scheme `mamorixts`) that encrypts every file at rest with XTS-AES-256 over
/// the JDK's hardware-accelerated AES, in place of H2's `CIPHER=AES` (XTS over a pure-Java AES,
/// about eight times slower to scan).
///
/// Usage: call [#register()] once, register the database directory's 32-byte master key with
/// [#putKey(Path, byte[])], then connect to `jdbc:h2:file:mamorixts:/abs/dir/db;...` (without
/// `CIPHER`). Keys never appear in URLs: every file H2 opens under this scheme (the `.mv.db`, a
/// `.lock.db` or `.trace.db`, temporary LOB files, compaction copies) uses the key of the longest
/// registered directory that contains it.
///
/// File format and concurrency are described on the package-private `XtsAesFileChannel` and
/// `XtsAesHeader`. Each file has its own random salt, so its XTS keys differ from every other
/// file's even under the same master key. XTS gives confidentiality only, not integrity: an
/// attacker who can write the file can corrupt sectors undetected (as with H2's own `CIPHER`).
///
/// Limitation (H2 2.3.232): a query result larger than `MAX_MEMORY_ROWS` (default 40,000 rows
/// per GiB of heap) spills to `java.io.tmpdir/h2tmp*.temp.db`, which H2 opens by a plain name
/// through its default file system, so no scheme can intercept it and it is written unencrypted
/// (H2 passes only its own `CIPHER` on to that file). Set `MAX_MEMORY_ROWS` above the largest
/// result the application reads, or page large queries.
///
/// Instances are path objects that H2 creates reflectively (hence the public constructor);
/// applications use only the static methods.
public final class XtsAesFileSystem extends FilePathWrapper {

    /// The URL prefix, as in `jdbc:h2:file:mamorixts:/abs/dir/db`.
    public static final String SCHEME = "mamorixts";

    /// Registered directory (absolute and, when it exists, real path) -> registration.
    /// Guarded by itself; opening a file is rare enough for a plain lock.
    private static final Map<Path, Registration> KEYS = new HashMap<>();

    private record Registration(Path directory, byte[] masterKey) {
    }

    /// For H2's reflective instantiation ([FilePathWrapper] creates one per path); do not use.
    public XtsAesFileSystem() {
    }

    /// Registers the `mamorixts` scheme with H2's global file-system registry. Idempotent; call it
    /// before the first connection, since H2 otherwise treats the prefix as part of a file name.
    public static void register() {
        FilePath.register(new XtsAesFileSystem());
    }

    /// Encrypts files under `databaseDirectory` with keys derived from `masterKey` (32 bytes;
    /// copied, so the caller may wipe its array). Replaces an earlier key for the same directory;
    /// channels already open keep the keys they were opened with.
    public static void putKey(Path databaseDirectory, byte[] masterKey) {
        Objects.requireNonNull(databaseDirectory, "databaseDirectory");
        Objects.requireNonNull(masterKey, "masterKey");
        if (masterKey.length != XtsAesHeader.MASTER_KEY_LENGTH) {
            throw new IllegalArgumentException("the master key must be " + XtsAesHeader.MASTER_KEY_LENGTH
                    + " bytes, not " + masterKey.length);
        }
        Path directory = databaseDirectory.toAbsolutePath().normalize();
        Registration registration = new Registration(directory, masterKey.clone());
        synchronized (KEYS) {
            removeLocked(directory);
            KEYS.put(directory, registration);
            // H2 canonicalises database and temporary file names (symbolic links resolved), so
            // the directory is also known under its real path.
            Path real = realPath(directory);
            if (real != null && !real.equals(directory)) {
                KEYS.put(real, registration);
            }
        }
    }

    /// Forgets (and wipes) the key registered for `databaseDirectory`; files there can no longer
    /// be opened. Channels already open are unaffected. Does nothing if no key was registered.
    public static void removeKey(Path databaseDirectory) {
        Objects.requireNonNull(databaseDirectory, "databaseDirectory");
        synchronized (KEYS) {
            removeLocked(databaseDirectory.toAbsolutePath().normalize());
        }
    }

    private static void removeLocked(Path directory) {
        var entries = KEYS.entrySet().iterator();
        byte[] wiped = null;
        while (entries.hasNext()) {
            Registration registration = entries.next().getValue();
            if (registration.directory().equals(directory)) {
                wiped = registration.masterKey();
                entries.remove();
            }
        }
        if (wiped != null) {
            Arrays.fill(wiped, (byte) 0);
        }
    }

    /// A copy of the master key for `file`: that of the longest registered directory containing
    /// it, compared by path components (so `/data/db2` is not inside `/data/db`). Falls back to
    /// the file's real path, for names that reach a registered directory through a symbolic link.
    static byte[] masterKeyFor(Path file) {
        synchronized (KEYS) {
            byte[] key = longestPrefix(file);
            if (key == null && file.getParent() != null && file.getFileName() != null) {
                Path realParent = realPath(file.getParent());
                if (realParent != null) {
                    key = longestPrefix(realParent.resolve(file.getFileName()));
                }
            }
            return key == null ? null : key.clone();
        }
    }

    private static byte[] longestPrefix(Path file) {
        Registration best = null;
        int bestDepth = -1;
        for (Map.Entry<Path, Registration> entry : KEYS.entrySet()) {
            Path directory = entry.getKey();
            if (file.startsWith(directory) && directory.getNameCount() > bestDepth) {
                best = entry.getValue();
                bestDepth = directory.getNameCount();
            }
        }
        return best == null ? null : best.masterKey();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        Path file = plainPath();
        byte[] masterKey = file == null ? null : masterKeyFor(file);
        if (masterKey == null) {
            throw new IOException("No Mamori database key is registered for " + name
                    + " (XtsAesFileSystem.putKey(directory, key) must cover this file)");
        }
        try {
            FileChannel channel = getBase().open(mode);
            return new XtsAesFileChannel(name, channel, masterKey, !"r".equals(mode));
        } finally {
            Arrays.fill(masterKey, (byte) 0);
        }
    }

    /// The logical length, read from the physical one without needing the key.
    @Override
    public long size() {
        long physical = getBase().size();
        try {
            return XtsAesFileChannel.logicalLength(physical, name);
        } catch (IOException notOurs) {
            return 0;
        }
    }

    // The wrapper's defaults would hand out the raw (encrypted) bytes; streams go through the
    // encrypting channel, as H2's lock file and trace file need.

    @Override
    public InputStream newInputStream() throws IOException {
        return Channels.newInputStream(open("r"));
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        FileChannel channel = open("rw");
        try {
            // Positions at the end or truncates, which reads or writes the header.
            return newFileChannelOutputStream(channel, append);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /// Moves the encrypted bytes as they are, which is only correct when both names use the same
    /// master key (the salt travels in the header). H2 moves within the database directory only.
    @Override
    public void moveTo(FilePath newName, boolean atomicReplace) {
        if (!(newName instanceof XtsAesFileSystem target)) {
            throw DbException.get(ErrorCode.FILE_RENAME_FAILED_2, name,
                    newName + " (a " + SCHEME + " file can only be moved within the " + SCHEME + " scheme)");
        }
        Path from = plainPath();
        Path to = target.plainPath();
        byte[] fromKey = from == null ? null : masterKeyFor(from);
        byte[] toKey = to == null ? null : masterKeyFor(to);
        try {
            if (!Arrays.equals(fromKey, toKey)) {
                throw DbException.get(ErrorCode.FILE_RENAME_FAILED_2, name,
                        newName + " (the target directory has a different Mamori database key)");
            }
        } finally {
            if (fromKey != null) {
                Arrays.fill(fromKey, (byte) 0);
            }
            if (toKey != null) {
                Arrays.fill(toKey, (byte) 0);
            }
        }
        getBase().moveTo(target.getBase(), atomicReplace);
    }

    /// Temporary files always go beside this file, never to `java.io.tmpdir` (H2 asks for that
    /// only for read-only databases): there they stay covered by the directory's key.
    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        return wrap(getBase().createTempFile(suffix, false));
    }

    /// The file's local path without any scheme prefixes, for the key lookup; null if the
    /// innermost file system's names are not paths.
    private Path plainPath() {
        FilePath inner = getBase();
        for (FilePath next = inner.unwrap(); next != null && !next.name.equals(inner.name); next = inner.unwrap()) {
            inner = next;
        }
        String plain = inner.name;
        String prefix = inner.getScheme() + ":";
        if (plain.startsWith(prefix)) {
            plain = plain.substring(prefix.length());
        }
        try {
            return Path.of(plain).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
