package mamori.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/// Hands the bytes given to it to `target` on a second thread, through a few reused buffers: the
/// verifier decrypts and authenticates on one core while the other hashes (SHA-256 of the video
/// and of its signature input), so a package verifies in about the time one pass of SHA-256 takes.
final class BackgroundSink implements WinZipAes.Sink, AutoCloseable {

    private static final int BUFFERS = 4;
    private static final int BUFFER = 1 << 20;

    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread worker;
    private volatile RuntimeException failure;
    private boolean ended;

    BackgroundSink(SignedMp4Check target) {
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER]);
        }
        worker = Thread.ofPlatform().name("mamori-export-hash").daemon().start(() -> {
            try {
                while (true) {
                    Chunk chunk = full.take();
                    if (chunk == END) {
                        return;
                    }
                    target.accept(chunk.data(), 0, chunk.length());
                    free.put(chunk.data());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                free.clear();
                free.add(new byte[BUFFER]); // let a blocked producer run on to the end
            }
        });
    }

    @Override
    public void accept(byte[] data, int offset, int length) throws IOException {
        try {
            while (length > 0) {
                if (failure != null) {
                    throw failure;
                }
                byte[] buffer = free.take();
                int n = Math.min(length, buffer.length);
                System.arraycopy(data, offset, buffer, 0, n);
                full.put(new Chunk(buffer, n));
                offset += n;
                length -= n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    /// Waits until every byte given went through the target.
    void finish() throws IOException {
        try {
            if (!ended) {
                ended = true;
                full.put(END);
            }
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
