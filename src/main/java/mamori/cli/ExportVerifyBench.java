package mamori.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mamori.audit.RecordingRange;
import mamori.crypto.KeyVault;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.export.ExportOrder;
import mamori.export.ExportPackage;
import mamori.export.ExportPackager;
import mamori.export.ExportSource;
import mamori.export.ExportVerifier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// `mamori bench export-verify [--size-mib N]`: a package of about N MiB (default 1024) is made
/// from a real H.264 clip (TestPatternRecorder) followed by one large top-level `mdat` box of
/// random bytes (valid ISO BMFF; the verifier's work does not depend on what the bytes are), then
/// verified in this process and by `mamori export verify` in a child process, against
/// `sha256sum` of the same package file in the same run (median of 3 each, files in the page cache).
final class ExportVerifyBench {

    private static final int RUNS = 3;

    private final PrintStream out;

    ExportVerifyBench(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws Exception {
        long sizeMib = 1024;
        if (args.size() == 2 && args.get(0).equals("--size-mib")) {
            sizeMib = Long.parseLong(args.get(1));
        } else if (!args.isEmpty()) {
            throw new UsageException("bench export-verify takes only --size-mib N");
        }
        if (sizeMib < 1 || sizeMib > 16_384) {
            throw new UsageException("--size-mib takes 1 to 16384 (ZIP64 from 4 GiB on)");
        }
        Path work = Files.createTempDirectory("mamori-export-bench");
        try {
            return measure(work, sizeMib);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private int measure(Path work, long sizeMib) throws Exception {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        Clock clock = Clock.systemUTC();
        KeyVault vault = KeyVault.openOrCreate(work.resolve("keys.p12"), work.resolve("keys.pw"), Optional.empty(), new SecureRandom(), clock);
        var rsa = vault.rsaCertifiedKey("export-rsa", "Mamori bench terminal");
        var ed25519 = new Ed25519PrivateKeyParameters(new SecureRandom());

        Path plain = work.resolve("plain.mp4");
        new TestPatternRecorder(new RecordingFormat(320, 180, 5, 2, 80_000), ZoneId.of("Asia/Tokyo"))
                .record(plain, "cam-1", "Bench", start, 25, frames -> { });
        long clip = Files.size(plain);
        long padding = Math.max(0, sizeMib * 1024 * 1024 - clip - 8 - 4096);
        appendMdat(plain, padding);

        var order = new ExportOrder("BENCH-1", "T-BENCH", "cam-1", new RecordingRange(start, start.plusSeconds(5)), "benchmark",
                "nobody", "p-req", "Requester", "p-app", "Approver", clock.instant(), false);
        var sources = List.of(ExportSource.file("cam-1.mp4", new RecordingRange(start, start.plusSeconds(5)), "00".repeat(32)));
        long packStarted = System.nanoTime();
        ExportPackage made = new ExportPackager(rsa, ed25519, clock, new SecureRandom())
                .pack(order, plain, sources, List.of(), work.resolve("staging"), p -> { }, () -> false);
        double packSeconds = seconds(packStarted);
        Files.delete(plain);
        Path passphraseFile = work.resolve("passphrase.txt");
        Files.writeString(passphraseFile, new String(made.passphrase()) + "\n");
        Path keyFile = work.resolve("terminal.pem");
        Files.writeString(keyFile, mamori.crypto.Ed25519Keys.toPem(ed25519.generatePublicKey().getEncoded()));

        command(List.of("sha256sum", made.file().toString())); // into the page cache
        new ExportVerifier().verify(made.file(), made.passphrase(), Optional.empty()); // warm-up
        List<Double> inProcess = new ArrayList<>();
        List<Double> process = new ArrayList<>();
        List<Double> sha256sum = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            command(List.of("sha256sum", made.file().toString()));
            sha256sum.add(seconds(t));
            t = System.nanoTime();
            new ExportVerifier().verify(made.file(), made.passphrase(), Optional.of(ed25519.generatePublicKey().getEncoded()));
            inProcess.add(seconds(t));
            t = System.nanoTime();
            List<String> verify = new ArrayList<>(mamoriCommand());
            verify.addAll(List.of("export", "verify", made.file().toString(), "--passphrase-file", passphraseFile.toString(),
                    "--public-key", keyFile.toString()));
            command(verify);
            process.add(seconds(t));
        }
        Arrays.fill(made.passphrase(), '\0');
        double mib = made.bytes() / 1048576.0;
        double reference = median(sha256sum);
        out.printf(Locale.ROOT, "bench export-verify: package of %.0f MiB (a %d-byte H.264 clip + one %d MiB padding mdat box), %d cores%n",
                mib, clip, padding / 1048576, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  pack (sign, manifest, encrypt):        %6.2f s  (%.0f MiB/s)%n", packSeconds, mib / packSeconds);
        out.printf(Locale.ROOT, "  sha256sum of the package, median of %d: %6.2f s  (%.0f MiB/s)%n", RUNS, reference, mib / reference);
        out.printf(Locale.ROOT, "  verify in process, median of %d:        %6.2f s  (%.0f MiB/s)  ratio %.2f%n", RUNS, median(inProcess),
                mib / median(inProcess), median(inProcess) / reference);
        out.printf(Locale.ROOT, "  mamori export verify (new JVM), med. %d: %6.2f s  (%.0f MiB/s)  ratio %.2f  (target <= 1.5) -> %s%n",
                RUNS, median(process), mib / median(process), median(process) / reference,
                median(process) / reference <= 1.5 ? "met" : "NOT met");
        out.println("  (child process: " + String.join(" ", mamoriCommand()).replaceAll(" -cp \\S+", " -cp <class path>") + ")");
        return 0;
    }

    /// The launcher when run through it (`MAMORI_LAUNCHER`, as `bench startup`), else this JVM's class path.
    private static List<String> mamoriCommand() {
        String launcher = System.getenv("MAMORI_LAUNCHER");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName());
    }

    /// Appends one top-level `mdat` box of `payload` random bytes to the MP4.
    private static void appendMdat(Path file, long payload) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            boolean large = payload + 8 > 0xFFFF_FFFFL;
            ByteBuffer header = ByteBuffer.allocate(large ? 16 : 8);
            if (large) {
                header.putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(payload + 16);
            } else {
                header.putInt((int) (payload + 8)).put("mdat".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(header.array());
            byte[] block = new byte[1 << 20];
            SplittableRandom random = new SplittableRandom(1);
            for (long left = payload; left > 0; left -= block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    ByteBuffer.wrap(block, i, 8).putLong(random.nextLong());
                }
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static void command(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command.getFirst() + " failed: " + output);
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
