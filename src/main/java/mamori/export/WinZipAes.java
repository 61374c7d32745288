package mamori.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import mamori.export.ExportRejectedException.Reason;

/// ZIP files whose entries are encrypted with WinZip AES-256, AE-2 (what 7-Zip, WinZip and
/// Windows 11's own archive support open with the passphrase): per entry a 16-byte salt,
/// PBKDF2-HMAC-SHA1 with 1000 iterations giving the AES key, the HMAC key and a 2-byte password
/// verifier, AES-256 in CTR mode with a little-endian counter starting at 1, and the first 10 bytes
/// of HMAC-SHA1 over the encrypted bytes after them. Entries are stored (method 0 inside 99):
/// video does not compress.
///
/// ZIP64 (APPNOTE 6.3.10, 4.3.14-4.3.15, 4.5.3) once a package reaches 4 GiB: an entry whose size
/// or offset does not fit 32 bits has its size and offset fields at 0xFFFFFFFF and the real values
/// in a ZIP64 extra field (both sizes in the local header; both sizes and the offset in the
/// directory), and the directory ends with a ZIP64 end record and its locator. Smaller packages
/// are written exactly as without ZIP64.
///
/// See https://www.winzip.com/en/support/aes-encryption/ (AE-2: the CRC field is zero).
final class WinZipAes {

    static final int SALT_BYTES = 16;
    static final int VERIFIER_BYTES = 2;
    static final int MAC_BYTES = 10;
    static final int ITERATIONS = 1000;
    /// The extra bytes an entry's data has around its plain bytes.
    static final int OVERHEAD = SALT_BYTES + VERIFIER_BYTES + MAC_BYTES;
    static final int MAX_ENTRIES = 16;
    /// The first size or offset that a 32-bit field cannot hold (0xFFFFFFFF itself means "see ZIP64").
    static final long ZIP64_FROM = 0xFFFF_FFFFL;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    /// The ZIP64 end record after its signature and size field: versions, disks, counts, size, offset.
    private static final int ZIP64_END_REST = 44;
    private static final int ZIP64_EXTRA = 0x0001;
    /// The ZIP64 extra fields: 4 bytes of header and both sizes (local), and the offset (directory).
    private static final int ZIP64_LOCAL_EXTRA = 4 + 16;
    private static final int ZIP64_CENTRAL_EXTRA = 4 + 24;
    private static final long SATURATED = 0xFFFF_FFFFL;
    private static final int VERSION = 51;
    private static final int FLAGS = 0x0001 | 0x0800;
    private static final int METHOD_AES = 99;
    private static final int EXTRA_AES = 0x9901;
    private static final int EXTRA_LENGTH = 11;
    private static final int CHUNK = 1 << 20;

    private WinZipAes() {
    }

    /// The keys of one entry, derived from the passphrase and the entry's salt.
    record Keys(byte[] aes, byte[] mac, byte[] verifier) {

        static Keys derive(char[] passphrase, byte[] salt) {
            try {
                byte[] material = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                        .generateSecret(new PBEKeySpec(passphrase, salt, ITERATIONS, (32 + 32 + VERIFIER_BYTES) * 8)).getEncoded();
                Keys keys = new Keys(Arrays.copyOfRange(material, 0, 32), Arrays.copyOfRange(material, 32, 64),
                        Arrays.copyOfRange(material, 64, 66));
                Arrays.fill(material, (byte) 0);
                return keys;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("PBKDF2WithHmacSHA1 is required by the Java platform", e);
            }
        }
    }

    /// AES-256 CTR with WinZip's little-endian block counter (starting at 1); the JDK's CTR mode
    /// counts big-endian, so the key stream is made from counter blocks with AES/ECB.
    static final class Ctr {

        private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        private static final int STREAM = 64 * 1024;

        private final Cipher ecb;
        private final byte[] counters = new byte[STREAM];
        private final byte[] stream = new byte[STREAM];
        private long counter;
        private int used = STREAM;

        Ctr(byte[] key) {
            try {
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES is required by the Java platform", e);
            }
        }

        /// XORs the key stream into `data[offset, offset + length)` (encrypts and decrypts alike).
        void apply(byte[] data, int offset, int length) {
            while (length > 0) {
                if (used == STREAM) {
                    refill();
                }
                int n = Math.min(length, STREAM - used);
                xor(data, offset, stream, used, n);
                used += n;
                offset += n;
                length -= n;
            }
        }

        /// Eight bytes at a time, in a small method of its own so that the JIT compiles it early
        /// (measured here: half the CPU of a byte loop in a fresh JVM).
        private static void xor(byte[] data, int offset, byte[] key, int keyOffset, int length) {
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                LONG_LE.set(data, offset + i, (long) LONG_LE.get(data, offset + i) ^ (long) LONG_LE.get(key, keyOffset + i));
            }
            for (; i < length; i++) {
                data[offset + i] ^= key[keyOffset + i];
            }
        }

        private static void counters(byte[] blocks, long first) {
            for (int block = 0; block < blocks.length; block += 16) {
                LONG_LE.set(blocks, block, first + (block >>> 4));
            }
        }

        private void refill() {
            counters(counters, counter + 1);
            counter += STREAM / 16;
            try {
                ecb.update(counters, 0, STREAM, stream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES failed", e);
            }
            used = 0;
        }
    }

    static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by the Java platform", e);
        }
    }

    /// Writes a WinZip AES ZIP to `out`, every entry under one passphrase, each with its own salt.
    static final class Writer {

        private final OutputStream out;
        private final char[] passphrase;
        private final SecureRandom random;
        private final int dosTime;
        private final int dosDate;
        private final ByteBuffer central = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private final Set<String> names = new HashSet<>();
        private final long zip64From;
        private long position;
        private int entries;
        private boolean zip64;

        Writer(OutputStream out, char[] passphrase, SecureRandom random, Instant time) {
            this(out, passphrase, random, time, ZIP64_FROM);
        }

        /// `zip64From`: sizes and offsets from which ZIP64 records are written (lower only in tests,
        /// so that the ZIP64 form is checked without writing 4 GiB).
        Writer(OutputStream out, char[] passphrase, SecureRandom random, Instant time, long zip64From) {
            this.out = out;
            this.zip64From = zip64From;
            this.passphrase = passphrase;
            this.random = random;
            LocalDateTime local = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
            this.dosTime = (local.getHour() << 11) | (local.getMinute() << 5) | (local.getSecond() / 2);
            this.dosDate = (Math.max(0, local.getYear() - 1980) << 9) | (local.getMonthValue() << 5) | local.getDayOfMonth();
        }

        void entry(String name, byte[] content) throws IOException {
            try (EntryStream stream = entry(name, content.length)) {
                stream.write(content, 0, content.length);
            }
        }

        /// Starts an entry of exactly `size` plain bytes; closing the stream ends it.
        EntryStream entry(String name, long size) throws IOException {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            if (!names.add(name) || entries == MAX_ENTRIES || nameBytes.length > 255) {
                throw new IllegalArgumentException("entry name repeated, too long or too many entries: " + name);
            }
            long compressed = size + OVERHEAD;
            boolean large = compressed >= zip64From || position >= zip64From;
            zip64 |= large;
            int localExtra = EXTRA_LENGTH + (large ? ZIP64_LOCAL_EXTRA : 0);
            int centralExtra = EXTRA_LENGTH + (large ? ZIP64_CENTRAL_EXTRA : 0);
            int compressedField = (int) (large ? SATURATED : compressed);
            int sizeField = (int) (large ? SATURATED : size);
            ByteBuffer local = ByteBuffer.allocate(30 + nameBytes.length + localExtra).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(LOCAL_HEADER).putShort((short) VERSION).putShort((short) FLAGS).putShort((short) METHOD_AES)
                    .putShort((short) dosTime).putShort((short) dosDate).putInt(0).putInt(compressedField).putInt(sizeField)
                    .putShort((short) nameBytes.length).putShort((short) localExtra).put(nameBytes);
            if (large) {
                local.putShort((short) ZIP64_EXTRA).putShort((short) 16).putLong(size).putLong(compressed);
            }
            extra(local);
            central.putInt(CENTRAL_HEADER).putShort((short) ((3 << 8) | VERSION)).putShort((short) VERSION).putShort((short) FLAGS)
                    .putShort((short) METHOD_AES).putShort((short) dosTime).putShort((short) dosDate).putInt(0).putInt(compressedField)
                    .putInt(sizeField).putShort((short) nameBytes.length).putShort((short) centralExtra).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0100644 << 16).putInt((int) (large ? SATURATED : position))
                    .put(nameBytes);
            if (large) {
                central.putShort((short) ZIP64_EXTRA).putShort((short) 24).putLong(size).putLong(compressed).putLong(position);
            }
            extra(central);
            entries++;
            write(local.array(), 0, local.position());
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            Keys keys = Keys.derive(passphrase, salt);
            write(salt, 0, salt.length);
            write(keys.verifier(), 0, VERIFIER_BYTES);
            EntryStream stream = new EntryStream(name, size, new Ctr(keys.aes()), hmac(keys.mac()));
            Arrays.fill(keys.aes(), (byte) 0);
            Arrays.fill(keys.mac(), (byte) 0);
            return stream;
        }

        private static void extra(ByteBuffer buffer) {
            buffer.putShort((short) EXTRA_AES).putShort((short) 7).putShort((short) 2).put((byte) 'A').put((byte) 'E').put((byte) 3)
                    .putShort((short) 0);
        }

        private void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            position += length;
        }

        /// Writes the central directory and its end record (after a ZIP64 end record and locator when
        /// an entry or the directory lies beyond 32 bits).
        void finish() throws IOException {
            long centralOffset = position;
            int centralSize = central.position();
            write(central.array(), 0, centralSize);
            boolean large = zip64 || centralOffset >= zip64From;
            if (large) {
                long zip64EndOffset = position;
                ByteBuffer records = ByteBuffer.allocate(12 + ZIP64_END_REST + 20).order(ByteOrder.LITTLE_ENDIAN);
                records.putInt(ZIP64_END).putLong(ZIP64_END_REST).putShort((short) ((3 << 8) | VERSION)).putShort((short) VERSION)
                        .putInt(0).putInt(0).putLong(entries).putLong(entries).putLong(centralSize).putLong(centralOffset);
                records.putInt(ZIP64_LOCATOR).putInt(0).putLong(zip64EndOffset).putInt(1);
                write(records.array(), 0, records.position());
            }
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(END_OF_CENTRAL_DIRECTORY).putShort((short) 0).putShort((short) 0).putShort((short) entries)
                    .putShort((short) entries).putInt(centralSize).putInt((int) (large ? SATURATED : centralOffset)).putShort((short) 0);
            write(end.array(), 0, 22);
            out.flush();
        }

        /// The plain bytes of one entry, encrypted as they are written.
        final class EntryStream extends OutputStream {

            private final String name;
            private final long size;
            private final Ctr ctr;
            private final Mac mac;
            private final byte[] buffer = new byte[CHUNK];
            private long written;
            private boolean closed;

            private EntryStream(String name, long size, Ctr ctr, Mac mac) {
                this.name = name;
                this.size = size;
                this.ctr = ctr;
                this.mac = mac;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                if (written + length > size) {
                    throw new IOException("entry " + name + " is longer than the " + size + " bytes announced");
                }
                while (length > 0) {
                    int n = Math.min(length, CHUNK);
                    System.arraycopy(data, offset, buffer, 0, n);
                    ctr.apply(buffer, 0, n);
                    mac.update(buffer, 0, n);
                    Writer.this.write(buffer, 0, n);
                    written += n;
                    offset += n;
                    length -= n;
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                if (written != size) {
                    throw new IOException("entry " + name + " has " + written + " bytes, " + size + " were announced");
                }
                Writer.this.write(mac.doFinal(), 0, MAC_BYTES);
            }
        }
    }

    /// Where the plain bytes of an entry go as they are decrypted.
    interface Sink {
        void accept(byte[] data, int offset, int length) throws ExportRejectedException, IOException;
    }

    /// Reads a WinZip AES ZIP written by [Writer] (or an equivalent tool), checking every bound.
    static final class Reader implements Closeable {

        record Entry(String name, long dataStart, long compressedSize, long size) {
        }

        private final FileChannel file;
        private final List<Entry> entries;

        private Reader(FileChannel file, List<Entry> entries) {
            this.file = file;
            this.entries = entries;
        }

        List<Entry> entries() {
            return entries;
        }

        static Reader open(Path path, Set<String> allowedNames) throws IOException, ExportRejectedException {
            FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
            try {
                return new Reader(file, readDirectory(file, allowedNames));
            } catch (IOException | ExportRejectedException | RuntimeException e) {
                file.close();
                throw e;
            }
        }

        private static ExportRejectedException malformed(String why) {
            return new ExportRejectedException(Reason.MALFORMED_PACKAGE, "not a readable export package: " + why);
        }

        private static List<Entry> readDirectory(FileChannel file, Set<String> allowedNames) throws IOException, ExportRejectedException {
            long size = file.size();
            if (size < 22) {
                throw malformed("too short to be a ZIP file");
            }
            int tail = (int) Math.min(size, 22 + 0xFFFF);
            ByteBuffer end = read(file, size - tail, tail);
            int at = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (end.getInt(i) == END_OF_CENTRAL_DIRECTORY) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw malformed("no ZIP end-of-central-directory record (cut off?)");
            }
            int count = Short.toUnsignedInt(end.getShort(at + 10));
            long centralSize = Integer.toUnsignedLong(end.getInt(at + 12));
            long centralOffset = Integer.toUnsignedLong(end.getInt(at + 16));
            long directoryEnd = size - tail + at;
            if (Short.toUnsignedInt(end.getShort(at + 8)) != count) {
                throw malformed("the ZIP directory does not fit the file (cut off or changed)");
            }
            if (centralOffset == SATURATED) {
                Zip64End zip64 = zip64End(file, directoryEnd);
                if (zip64.count() != count) {
                    throw malformed("the ZIP64 end record does not fit the file (cut off or changed)");
                }
                centralSize = zip64.centralSize();
                centralOffset = zip64.centralOffset();
                directoryEnd = zip64.offset();
            }
            if (count == 0 || count > MAX_ENTRIES || centralSize > 64 * 1024 || centralOffset + centralSize != directoryEnd) {
                throw malformed("the ZIP directory does not fit the file (cut off or changed)");
            }
            ByteBuffer central = read(file, centralOffset, (int) centralSize);
            List<Entry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int p = 0;
            long previousEnd = 0;
            for (int i = 0; i < count; i++) {
                if (p + 46 > centralSize || central.getInt(p) != CENTRAL_HEADER) {
                    throw malformed("a ZIP directory record is damaged");
                }
                int flags = Short.toUnsignedInt(central.getShort(p + 8));
                int method = Short.toUnsignedInt(central.getShort(p + 10));
                long compressed = Integer.toUnsignedLong(central.getInt(p + 20));
                long plain = Integer.toUnsignedLong(central.getInt(p + 24));
                int nameLength = Short.toUnsignedInt(central.getShort(p + 28));
                int extraLength = Short.toUnsignedInt(central.getShort(p + 30));
                int commentLength = Short.toUnsignedInt(central.getShort(p + 32));
                long localOffset = Integer.toUnsignedLong(central.getInt(p + 42));
                if (p + 46L + nameLength + extraLength + commentLength > centralSize) {
                    throw malformed("a ZIP directory record is cut off");
                }
                byte[] nameBytes = new byte[nameLength];
                central.get(p + 46, nameBytes);
                String name = new String(nameBytes, StandardCharsets.UTF_8);
                if (!allowedNames.contains(name) || !seen.add(name)) {
                    throw malformed("unexpected or repeated entry '" + name.replaceAll("\\p{Cntrl}", "?") + "'");
                }
                if (plain == SATURATED || compressed == SATURATED || localOffset == SATURATED) {
                    int wanted = (plain == SATURATED ? 1 : 0) + (compressed == SATURATED ? 1 : 0) + (localOffset == SATURATED ? 1 : 0);
                    long[] values = zip64Values(central, p + 46 + nameLength, extraLength, wanted, "entry '" + name + "'");
                    int next = 0;
                    plain = plain == SATURATED ? values[next++] : plain;
                    compressed = compressed == SATURATED ? values[next++] : compressed;
                    localOffset = localOffset == SATURATED ? values[next] : localOffset;
                }
                if ((flags & 1) == 0 || method != METHOD_AES || plain < 0 || plain > size || compressed != plain + OVERHEAD
                        || !aesExtra(central, p + 46 + nameLength, extraLength)) {
                    throw malformed("entry '" + name + "' is not stored with WinZip AES-256 (AE-2)");
                }
                if (localOffset < previousEnd || localOffset + 30 + nameLength > centralOffset) {
                    throw malformed("entry '" + name + "' lies outside the file or over another");
                }
                long dataStart = checkLocalHeader(file, name, nameBytes, localOffset, plain, compressed);
                if (dataStart + compressed > centralOffset) {
                    throw malformed("entry '" + name + "' lies outside the file or over another");
                }
                entries.add(new Entry(name, dataStart, compressed, plain));
                previousEnd = dataStart + compressed;
                p += 46 + nameLength + extraLength + commentLength;
            }
            return List.copyOf(entries);
        }

        /// The local header must repeat the directory (sizes in its ZIP64 field when saturated);
        /// returns where the entry's data starts.
        private static long checkLocalHeader(FileChannel file, String name, byte[] nameBytes, long localOffset, long plain,
                long compressed) throws IOException, ExportRejectedException {
            int nameLength = nameBytes.length;
            ByteBuffer fixed = read(file, localOffset, 30);
            int localExtra = Short.toUnsignedInt(fixed.getShort(28));
            boolean large = Integer.toUnsignedLong(fixed.getInt(18)) == SATURATED && Integer.toUnsignedLong(fixed.getInt(22)) == SATURATED;
            ByteBuffer local = read(file, localOffset, 30 + nameLength + localExtra);
            byte[] localName = new byte[nameLength];
            local.get(30, localName);
            boolean sizesMatch;
            if (large) {
                long[] sizes = localExtra == EXTRA_LENGTH + ZIP64_LOCAL_EXTRA
                        ? zip64Values(local, 30 + nameLength, localExtra, 2, "entry '" + name + "'") : null;
                sizesMatch = sizes != null && sizes[0] == plain && sizes[1] == compressed;
            } else {
                sizesMatch = localExtra == EXTRA_LENGTH && Integer.toUnsignedLong(local.getInt(18)) == compressed
                        && Integer.toUnsignedLong(local.getInt(22)) == plain;
            }
            if (local.getInt(0) != LOCAL_HEADER || Short.toUnsignedInt(local.getShort(8)) != METHOD_AES || !sizesMatch
                    || Short.toUnsignedInt(local.getShort(26)) != nameLength || !Arrays.equals(localName, nameBytes)
                    || !aesExtra(local, 30 + nameLength, localExtra)) {
                throw malformed("the local header of entry '" + name + "' does not match the directory");
            }
            return localOffset + 30 + nameLength + localExtra;
        }

        private record Zip64End(long offset, long count, long centralSize, long centralOffset) {
        }

        /// The ZIP64 end record named by the locator just before the end record at `endOffset`; it
        /// must lie right before its locator, on disk 0 of 1.
        private static Zip64End zip64End(FileChannel file, long endOffset) throws IOException, ExportRejectedException {
            if (endOffset < 20 + 12 + ZIP64_END_REST) {
                throw malformed("no ZIP64 end record (cut off or changed)");
            }
            ByteBuffer locator = read(file, endOffset - 20, 20);
            long offset = locator.getLong(8);
            if (locator.getInt(0) != ZIP64_LOCATOR || locator.getInt(4) != 0 || locator.getInt(16) != 1
                    || offset != endOffset - 20 - 12 - ZIP64_END_REST) {
                throw malformed("no ZIP64 end record where the locator points (cut off or changed)");
            }
            ByteBuffer record = read(file, offset, 12 + ZIP64_END_REST);
            long onDisk = record.getLong(24);
            long count = record.getLong(32);
            if (record.getInt(0) != ZIP64_END || record.getLong(4) != ZIP64_END_REST || record.getInt(16) != 0
                    || record.getInt(20) != 0 || onDisk != count || count < 0 || count > MAX_ENTRIES) {
                throw malformed("the ZIP64 end record is damaged");
            }
            long centralSize = record.getLong(40);
            long centralOffset = record.getLong(48);
            if (centralSize < 0 || centralOffset < 0 || centralSize > offset || centralOffset > offset) {
                throw malformed("the ZIP64 end record does not fit the file (cut off or changed)");
            }
            return new Zip64End(offset, count, centralSize, centralOffset);
        }

        /// The 8-byte values of the ZIP64 extra field in `[at, at + length)`: the first `wanted` of
        /// original size, compressed size, local header offset, as APPNOTE 4.5.3 orders those present.
        private static long[] zip64Values(ByteBuffer buffer, int at, int length, int wanted, String what) throws ExportRejectedException {
            int field = extraField(buffer, at, length, ZIP64_EXTRA);
            if (field < 0 || Short.toUnsignedInt(buffer.getShort(field + 2)) < 8 * wanted) {
                throw malformed(what + " lacks the ZIP64 sizes its header announces");
            }
            long[] values = new long[wanted];
            for (int i = 0; i < wanted; i++) {
                values[i] = buffer.getLong(field + 4 + 8 * i);
                if (values[i] < 0) {
                    throw malformed(what + " has a ZIP64 size beyond any file");
                }
            }
            return values;
        }

        private static boolean aesExtra(ByteBuffer buffer, int at, int length) {
            int field = extraField(buffer, at, length, EXTRA_AES);
            return field >= 0 && buffer.getShort(field + 2) == 7 && buffer.getShort(field + 4) == 2 && buffer.get(field + 6) == 'A'
                    && buffer.get(field + 7) == 'E' && buffer.get(field + 8) == 3 && buffer.getShort(field + 9) == 0;
        }

        /// Where the extra field `id` starts among the extra fields in `[at, at + length)`, or -1
        /// when it is missing or a field before it (or it) runs past their end.
        private static int extraField(ByteBuffer buffer, int at, int length, int id) {
            int end = at + length;
            while (at + 4 <= end) {
                int size = Short.toUnsignedInt(buffer.getShort(at + 2));
                if (at + 4 + size > end) {
                    return -1;
                }
                if (Short.toUnsignedInt(buffer.getShort(at)) == id) {
                    return at;
                }
                at += 4 + size;
            }
            return -1;
        }

        private static ByteBuffer read(FileChannel file, long position, int length) throws IOException, ExportRejectedException {
            ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining()) {
                if (file.read(buffer, position + buffer.position()) < 0) {
                    throw malformed("cut off");
                }
            }
            return buffer.flip();
        }

        /// Decrypts `entry` into `sink`, checking the passphrase first and the entry's authentication
        /// code last (the sink sees bytes before they are authenticated: it must not act on them
        /// before this returns).
        void read(Entry entry, char[] passphrase, Sink sink, BooleanSupplier cancelled) throws IOException, ExportRejectedException {
            ByteBuffer head = read(file, entry.dataStart(), SALT_BYTES + VERIFIER_BYTES);
            byte[] salt = new byte[SALT_BYTES];
            byte[] verifier = new byte[VERIFIER_BYTES];
            head.get(salt).get(verifier);
            Keys keys = Keys.derive(passphrase, salt);
            if (!MessageDigest.isEqual(keys.verifier(), verifier)) {
                throw new ExportRejectedException(Reason.WRONG_PASSPHRASE, "the passphrase does not open this package");
            }
            Ctr ctr = new Ctr(keys.aes());
            Mac mac = hmac(keys.mac());
            Arrays.fill(keys.aes(), (byte) 0);
            Arrays.fill(keys.mac(), (byte) 0);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, entry.size())));
            byte[] array = buffer.array();
            long position = entry.dataStart() + SALT_BYTES + VERIFIER_BYTES;
            long remaining = entry.size();
            while (remaining > 0) {
                if (cancelled.getAsBoolean()) {
                    throw new java.io.InterruptedIOException("cancelled");
                }
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), remaining));
                while (buffer.hasRemaining()) {
                    if (file.read(buffer, position + buffer.position()) < 0) {
                        throw malformed("cut off in entry '" + entry.name() + "'");
                    }
                }
                int n = buffer.position();
                mac.update(array, 0, n);
                ctr.apply(array, 0, n);
                sink.accept(array, 0, n);
                position += n;
                remaining -= n;
            }
            ByteBuffer code = read(file, position, MAC_BYTES);
            byte[] expected = Arrays.copyOf(mac.doFinal(), MAC_BYTES);
            if (!MessageDigest.isEqual(expected, Arrays.copyOf(code.array(), MAC_BYTES))) {
                throw new ExportRejectedException(Reason.PACKAGE_DAMAGED,
                        "'" + entry.name() + "' was changed inside the package (its encryption check fails)");
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
