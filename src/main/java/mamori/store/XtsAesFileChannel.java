package mamori.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/// The encrypted view of one file of the `mamorixts` scheme (see [XtsAesFileSystem]).
///
/// On disk: the [XtsAesHeader] block, then the logical file in 4096-byte sectors, each encrypted
/// with XTS-AES-256 under its sector number (IEEE 1619 §5.1: one data unit per sector). Sectors are
/// always whole, so the exact logical length is encoded in the physical length, as H2's
/// `FileEncrypt` does: when the last sector is partial, `length % 4096` padding bytes follow it.
///
///     physical = header + ceil(length / 4096) * 4096 + (length % 4096)
///
/// which is invertible because `physical - header` is a multiple of 4096 exactly when the last
/// sector is full. No header rewrite is needed when the file grows.
///
/// Concurrency: H2 reads one file from several threads with positional reads. Reads share a read
/// lock and run in parallel; writes and truncation (read-modify-write of partial sectors plus the
/// length update) take the write lock. Each thread borrows a [Worker] (its own `Cipher` objects and
/// sector buffer) from a small per-channel pool, because `Cipher` instances are not thread-safe.
final class XtsAesFileChannel extends FileChannel {

    static final int SECTOR = 4096;
    private static final int HEADER = XtsAesHeader.LENGTH;
    /// Sectors transformed per base-file I/O: large transfers move 256 KiB at a time.
    private static final int SECTORS_PER_CHUNK = 64;
    private static final int CHUNK = SECTOR * SECTORS_PER_CHUNK;
    private static final byte[] ZEROS = new byte[SECTOR];

    private final String name;
    private final FileChannel base;
    private final boolean writable;

    private final Object initLock = new Object();
    /// The directory's master key until the header has been read or written; wiped after.
    private byte[] masterKey;
    private volatile boolean initialized;
    /// Null only for an empty file opened read-only (nothing to decrypt, nothing to write).
    private volatile XtsAesHeader.Keys keys;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /// The logical length; written under the write lock.
    private volatile long size;

    private final ConcurrentLinkedQueue<Worker> workers = new ConcurrentLinkedQueue<>();

    private final Object positionLock = new Object();
    private long position;

    /// Does no I/O: like H2's `FileEncrypt`, the header is read (or written) on first use, so that
    /// H2 can lock the file before anything touches it.
    XtsAesFileChannel(String name, FileChannel base, byte[] masterKey, boolean writable) {
        this.name = name;
        this.base = base;
        this.masterKey = masterKey.clone();
        this.writable = writable;
    }

    /// The logical length encoded by a physical length (see the class comment).
    static long logicalLength(long physical, String name) throws IOException {
        long rest = physical - HEADER;
        if (rest < 0) {
            throw new IOException(name + ": not a Mamori encrypted file (shorter than its header)");
        }
        long tail = rest % SECTOR;
        if (tail == 0) {
            return rest;
        }
        if (rest < SECTOR) {
            throw new IOException(name + ": damaged Mamori encrypted file (length " + physical + ")");
        }
        return rest - SECTOR;
    }

    /// The physical length that encodes logical length `length`.
    static long physicalLength(long length) {
        long sectors = (length + SECTOR - 1) / SECTOR;
        return HEADER + sectors * SECTOR + length % SECTOR;
    }

    // ---------------------------------------------------------------- positional I/O

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        ensureOpen();
        int wanted = dst.remaining();
        if (wanted == 0) {
            return 0;
        }
        init();
        lock.readLock().lock();
        try {
            long length = size;
            if (position >= length) {
                return -1;
            }
            int count = (int) Math.min(wanted, length - position);
            long end = position + count;
            Worker w = borrow();
            try {
                long p = position;
                while (p < end) {
                    long chunkStart = p - p % SECTOR;
                    long chunkEnd = Math.min(roundUp(end), chunkStart + CHUNK);
                    int n = (int) (chunkEnd - chunkStart);
                    readSectors(w, chunkStart, 0, n);
                    int from = (int) (p - chunkStart);
                    int take = (int) (Math.min(chunkEnd, end) - p);
                    dst.put(w.buf, from, take);
                    p += take;
                }
            } finally {
                giveBack(w);
            }
            return count;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        ensureOpen();
        ensureWritable();
        int count = src.remaining();
        if (count == 0) {
            return 0;
        }
        long end = Math.addExact(position, count);
        init();
        lock.writeLock().lock();
        try {
            long oldSize = size;
            // Writing past the end leaves a gap that must read back as zeros (FileChannel
            // semantics), so the zone to (re)write starts at the old end in that case.
            long p = Math.min(position, oldSize);
            Worker w = borrow();
            try {
                while (p < end) {
                    long chunkStart = p - p % SECTOR;
                    long chunkEnd = Math.min(roundUp(end), chunkStart + CHUNK);
                    int n = (int) (chunkEnd - chunkStart);
                    prepareSector(w, chunkStart, 0, p, end, oldSize);
                    if (n > SECTOR) {
                        prepareSector(w, chunkEnd - SECTOR, n - SECTOR, p, end, oldSize);
                    }
                    long dataFrom = Math.max(p, position);
                    if (p < dataFrom) {
                        // Gap bytes between the old end and the write position.
                        Arrays.fill(w.buf, (int) (p - chunkStart), (int) (Math.min(dataFrom, chunkEnd) - chunkStart), (byte) 0);
                    }
                    long dataTo = Math.min(end, chunkEnd);
                    if (dataFrom < dataTo) {
                        src.get(w.buf, (int) (dataFrom - chunkStart), (int) (dataTo - dataFrom));
                    }
                    writeSectors(w, chunkStart, n);
                    p = chunkEnd;
                }
            } finally {
                giveBack(w);
            }
            if (end > oldSize) {
                size = end;
                setPhysicalLength(end);
            }
            return count;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        init();
        return size;
    }

    @Override
    public FileChannel truncate(long newSize) throws IOException {
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size: " + newSize);
        }
        ensureOpen();
        ensureWritable();
        init();
        lock.writeLock().lock();
        try {
            if (newSize < size) {
                int keep = (int) (newSize % SECTOR);
                if (keep != 0) {
                    // Zero the cut-off end of the new last sector: the old plaintext must not
                    // linger there, and a later extension must read zeros in that range.
                    long sectorStart = newSize - keep;
                    Worker w = borrow();
                    try {
                        readSectors(w, sectorStart, 0, SECTOR);
                        Arrays.fill(w.buf, keep, SECTOR, (byte) 0);
                        writeSectors(w, sectorStart, SECTOR);
                    } finally {
                        giveBack(w);
                    }
                }
                size = newSize;
                setPhysicalLength(newSize);
            }
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (positionLock) {
            if (position > newSize) {
                position = newSize;
            }
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        base.force(metaData);
    }

    // ---------------------------------------------------------------- relative I/O

    @Override
    public long position() throws IOException {
        ensureOpen();
        synchronized (positionLock) {
            return position;
        }
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position: " + newPosition);
        }
        ensureOpen();
        synchronized (positionLock) {
            position = newPosition;
        }
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        synchronized (positionLock) {
            int n = read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        synchronized (positionLock) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer dst = dsts[i];
                if (!dst.hasRemaining()) {
                    continue;
                }
                int n = read(dst);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
                if (dst.hasRemaining()) {
                    break;
                }
            }
            return total;
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (positionLock) {
            int n = write(src, position);
            position += n;
            return n;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        synchronized (positionLock) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        }
    }

    // ---------------------------------------------------------------- transfers, locks, mapping

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position " + position + ", count " + count);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(count, 1)));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = read(buffer, position + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position " + position + ", count " + count);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(count, 1)));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = src.read(buffer);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                done += write(buffer, position + done);
            }
        }
        return done;
    }

    /// Locks are advisory and whole-file in H2, so they are taken on the underlying file.
    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return base.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return base.tryLock(position, size, shared);
    }

    /// A mapping would expose ciphertext; H2 only maps files under its `nioMapped:` scheme.
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("memory-mapping a Mamori encrypted file is not supported");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try {
            base.close();
        } finally {
            workers.clear();
            synchronized (initLock) {
                if (masterKey != null) {
                    Arrays.fill(masterKey, (byte) 0);
                    masterKey = null;
                }
                XtsAesHeader.Keys k = keys;
                if (k != null) {
                    k.wipe();
                }
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- internals

    /// Reads the header, or writes a fresh one to an empty writable file, exactly once.
    private void init() throws IOException {
        if (initialized) {
            return;
        }
        synchronized (initLock) {
            if (initialized) {
                return;
            }
            ensureOpen();
            long physical = base.size();
            if (physical == 0) {
                if (writable) {
                    XtsAesHeader.Created created = XtsAesHeader.create(masterKey);
                    writeFully(ByteBuffer.wrap(created.header()), 0);
                    keys = created.keys();
                }
                size = 0;
            } else {
                long length = logicalLength(physical, name);
                byte[] header = new byte[HEADER];
                ByteBuffer buffer = ByteBuffer.wrap(header);
                readFully(buffer, 0);
                keys = XtsAesHeader.open(header, masterKey, name);
                size = length;
            }
            Arrays.fill(masterKey, (byte) 0);
            masterKey = null;
            initialized = true;
        }
    }

    /// Brings one sector of the write zone `[from, to)` into `w.buf[off..]` unless the zone covers
    /// it completely: existing sectors are decrypted (read-modify-write), new ones start as zeros.
    /// Bytes at or after the old end are zeroed either way, since they are not file content.
    private void prepareSector(Worker w, long sectorStart, int off, long from, long to, long oldSize)
            throws IOException {
        long sectorEnd = sectorStart + SECTOR;
        if (from <= sectorStart && to >= sectorEnd) {
            return;
        }
        if (sectorStart < oldSize) {
            readSectors(w, sectorStart, off, SECTOR);
            if (oldSize < sectorEnd) {
                Arrays.fill(w.buf, off + (int) (oldSize - sectorStart), off + SECTOR, (byte) 0);
            }
        } else {
            Arrays.fill(w.buf, off, off + SECTOR, (byte) 0);
        }
    }

    /// Reads and decrypts `n` bytes (whole sectors) at logical `start` into `w.buf[off..]`.
    private void readSectors(Worker w, long start, int off, int n) throws IOException {
        ByteBuffer buffer = w.view.clear().limit(off + n).position(off);
        readFully(buffer, HEADER + start);
        w.xts.decrypt(start / SECTOR, w.buf, off, SECTOR, n / SECTOR);
    }

    /// Encrypts `n` bytes (whole sectors) of `w.buf` in place and writes them at logical `start`.
    private void writeSectors(Worker w, long start, int n) throws IOException {
        w.xts.encrypt(start / SECTOR, w.buf, 0, SECTOR, n / SECTOR);
        writeFully(w.view.clear().limit(n), HEADER + start);
    }

    /// Makes the physical length encode `length`: drops bytes past it, or appends the zero
    /// padding after a partial last sector. Called after the sectors themselves are written.
    private void setPhysicalLength(long length) throws IOException {
        long target = physicalLength(length);
        long current = base.size();
        if (current > target) {
            base.truncate(target);
        } else {
            while (current < target) {
                int n = (int) Math.min(ZEROS.length, target - current);
                current += base.write(ByteBuffer.wrap(ZEROS, 0, n), current);
            }
        }
    }

    private void readFully(ByteBuffer dst, long at) throws IOException {
        long p = at;
        while (dst.hasRemaining()) {
            int n = base.read(dst, p);
            if (n < 0) {
                throw new EOFException(name + ": damaged Mamori encrypted file (ends inside sector data at " + p + ")");
            }
            p += n;
        }
    }

    private void writeFully(ByteBuffer src, long at) throws IOException {
        long p = at;
        while (src.hasRemaining()) {
            p += base.write(src, p);
        }
    }

    private Worker borrow() throws IOException {
        Worker w = workers.poll();
        if (w != null) {
            return w;
        }
        XtsAesHeader.Keys k = keys;
        if (k == null) {
            throw new IOException(name + ": no keys (empty file opened read-only)");
        }
        try {
            return new Worker(new XtsAes(k.dataKey(), k.tweakKey(), SECTORS_PER_CHUNK));
        } catch (GeneralSecurityException e) {
            throw new IOException("AES/ECB/NoPadding unavailable", e);
        }
    }

    private void giveBack(Worker w) {
        if (isOpen()) {
            workers.offer(w);
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void ensureWritable() {
        if (!writable) {
            throw new NonWritableChannelException();
        }
    }

    private static long roundUp(long n) {
        return (n + SECTOR - 1) / SECTOR * SECTOR;
    }

    /// One thread's ciphers and sector buffer, reused across calls so that the hot path allocates
    /// nothing per sector or per block.
    private static final class Worker {
        final XtsAes xts;
        final byte[] buf = new byte[CHUNK];
        final ByteBuffer view = ByteBuffer.wrap(buf);

        Worker(XtsAes xts) {
            this.xts = xts;
        }
    }
}
