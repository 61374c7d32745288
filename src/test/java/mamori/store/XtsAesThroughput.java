package mamori.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.encrypt.FilePathEncrypt;

/// Not a test: a throughput harness comparing, in one process, scans of an audit-like H2 table
/// (100,000 rows of ~400 characters) stored plain, with H2's `CIPHER=AES`, and on the
/// `mamorixts` file system; plus the raw sequential read rate of the channels underneath.
///
/// Run (from a project with H2 and the compiled classes on the class path):
///
///     java -cp target/classes:target/test-classes:h2-2.3.232.jar mamori.store.XtsAesThroughput [rows] [rounds]
public final class XtsAesThroughput {

    private XtsAesThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path dir = Files.createTempDirectory("xts-throughput");
        try {
            XtsAesFileSystem.register();
            byte[] key = new byte[32];
            new Random(42).nextBytes(key);
            XtsAesFileSystem.putKey(dir, key);

            String settings = ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0";
            Map<String, String[]> variants = new LinkedHashMap<>();
            variants.put("plain", new String[] {"jdbc:h2:file:" + dir.resolve("plain") + settings, ""});
            variants.put("H2 CIPHER=AES", new String[] {"jdbc:h2:file:" + dir.resolve("h2aes") + settings + ";CIPHER=AES",
                    "filepassword userpassword"});
            variants.put("mamorixts", new String[] {"jdbc:h2:file:" + XtsAesFileSystem.SCHEME + ":" + dir.resolve("xts") + settings, ""});

            System.out.printf("H2 scan of %,d rows (~400 chars each), %d timed rounds, JDK %s, %s%n",
                    rows, rounds, Runtime.version(), System.getProperty("os.arch"));
            for (Map.Entry<String, String[]> v : variants.entrySet()) {
                long t0 = System.nanoTime();
                populate(v.getValue()[0], v.getValue()[1], rows);
                System.out.printf("  %-14s populate %6.2f s%n", v.getKey(), seconds(System.nanoTime() - t0));
            }
            for (String file : List.of("plain.mv.db", "h2aes.mv.db", "xts.mv.db")) {
                System.out.printf("  %-14s %,d bytes%n", file, Files.size(dir.resolve(file)));
            }

            Map<String, List<Double>> scans = new LinkedHashMap<>();
            variants.keySet().forEach(k -> scans.put(k, new ArrayList<>()));
            for (int round = -1; round < rounds; round++) {
                for (Map.Entry<String, String[]> v : variants.entrySet()) {
                    // A new connection reopens the database, so H2's page cache starts empty and
                    // every page is read (and decrypted) from the file; the OS cache stays warm.
                    double s = scan(v.getValue()[0], v.getValue()[1], rows);
                    if (round >= 0) {
                        scans.get(v.getKey()).add(s);
                    }
                }
            }
            System.out.println("  scan (SELECT COUNT(*), SUM(LENGTH(msg)) after reopen): median / min of rounds");
            for (Map.Entry<String, List<Double>> e : scans.entrySet()) {
                double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("  %-14s %6.3f s / %6.3f s%n", e.getKey(), sorted[sorted.length / 2], sorted[0]);
            }

            rawChannels(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void populate(String url, String password, int rows) throws SQLException {
        Random random = new Random(7);
        try (Connection c = DriverManager.getConnection(url, "sa", password);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audit(id BIGINT PRIMARY KEY, at TIMESTAMP, actor VARCHAR(64), msg VARCHAR(1000))");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit VALUES (?, CURRENT_TIMESTAMP, ?, ?)")) {
                char[] text = new char[400];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < text.length; j++) {
                        text[j] = (char) ('a' + random.nextInt(26));
                    }
                    insert.setLong(1, i);
                    insert.setString(2, "operator-" + (i % 17));
                    insert.setString(3, new String(text));
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
                c.commit();
            }
        }
    }

    private static double scan(String url, String password, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", password);
                Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(msg)) FROM audit")) {
                rs.next();
                if (rs.getLong(1) != rows) {
                    throw new IllegalStateException("rows: " + rs.getLong(1));
                }
            }
            return seconds(System.nanoTime() - t0);
        }
    }

    /// Sequential 64 KiB reads of a 256 MiB file through each channel, the OS cache warm.
    private static void rawChannels(Path dir) throws IOException {
        int mib = 256;
        byte[] chunk = new byte[1 << 16];
        new Random(1).nextBytes(chunk);
        FilePathEncrypt.register();
        Map<String, String> names = new LinkedHashMap<>();
        names.put("plain FileChannel", dir.resolve("raw-plain.bin").toString());
        names.put("H2 FileEncrypt", "encrypt:password:" + dir.resolve("raw-h2.bin"));
        names.put("XtsAesFileChannel", XtsAesFileSystem.SCHEME + ":" + dir.resolve("raw-xts.bin"));
        System.out.printf("  raw sequential read, %d MiB in 64 KiB reads: best of 5%n", mib);
        for (Map.Entry<String, String> e : names.entrySet()) {
            FilePath path = FilePath.get(e.getValue());
            long t0 = System.nanoTime();
            try (FileChannel channel = path.open("rw")) {
                for (int i = 0; i < mib * 16; i++) {
                    ByteBuffer src = ByteBuffer.wrap(chunk);
                    while (src.hasRemaining()) {
                        channel.write(src, (long) i * chunk.length + src.position());
                    }
                }
            }
            double write = seconds(System.nanoTime() - t0);
            double best = Double.MAX_VALUE;
            ByteBuffer dst = ByteBuffer.allocate(chunk.length);
            for (int round = 0; round < 5; round++) {
                try (FileChannel channel = path.open("r")) {
                    long t1 = System.nanoTime();
                    long p = 0;
                    while (true) {
                        dst.clear();
                        int n = channel.read(dst, p);
                        if (n < 0) {
                            break;
                        }
                        p += n;
                    }
                    best = Math.min(best, seconds(System.nanoTime() - t1));
                    if (p != (long) mib << 20 || !Arrays.equals(dst.array(), chunk)) {
                        throw new IllegalStateException(e.getKey() + " read back " + p + " bytes");
                    }
                }
            }
            System.out.printf("  %-18s read %7.0f MiB/s, write %7.0f MiB/s%n", e.getKey(), mib / best, mib / write);
            path.delete();
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
