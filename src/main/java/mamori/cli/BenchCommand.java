package mamori.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.demo.DemoSeed.RecordingPlan;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/// `mamori bench ...`: figures measured against a reference run in the same command.
final class BenchCommand {

    /// Printed by a kiosk started with `--exit-after-startup` once its login screen is shown.
    static final String LOGIN_SHOWN_MARK = "mamori: login screen shown";

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("bench needs a benchmark name: startup, demo, audit or playback");
        }
        return switch (args.getFirst()) {
            case "startup" -> startup(args.subList(1, args.size()));
            case "demo" -> demo();
            case "audit" -> new AuditBench(out).run(auditEntries(args.subList(1, args.size())));
            case "playback" -> new PlaybackBench(out).run(20);
            default -> throw new UsageException("unknown benchmark '" + args.getFirst() + "' (known: startup, demo, audit, playback)");
        };
    }

    /// Process start to login screen shown, median of N, on a fresh temporary data directory
    /// (made by one unmeasured warm-up start), against a bare JavaFX window started the same way.
    private int startup(List<String> args) throws Exception {
        int runs = 5;
        if (args.size() == 2 && args.get(0).equals("--runs")) {
            runs = Integer.parseInt(args.get(1));
        } else if (!args.isEmpty()) {
            throw new UsageException("bench startup takes only --runs N");
        }
        String launcher = System.getenv("MAMORI_LAUNCHER");
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            throw new UsageException("bench startup must be run through the launcher (target/mamori/bin/mamori)");
        }
        Path home = Files.createTempDirectory("mamori-bench-startup");
        try {
            List<String> kiosk = List.of(launcher, "--exit-after-startup");
            List<String> reference = List.of(launcher, "bench-reference-window");
            timeToMark(kiosk, home);
            timeToMark(reference, home);
            List<Double> kioskTimes = new ArrayList<>();
            List<Double> referenceTimes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                referenceTimes.add(timeToMark(reference, home));
                kioskTimes.add(timeToMark(kiosk, home));
            }
            double kioskMedian = median(kioskTimes);
            double referenceMedian = median(referenceTimes);
            out.printf(Locale.ROOT, "startup: process start to login screen shown, %d runs, %d cores%n", runs,
                    Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "  mamori kiosk       median %6.0f ms  (runs: %s)%n", kioskMedian, format(kioskTimes));
            out.printf(Locale.ROOT, "  bare JavaFX window median %6.0f ms  (runs: %s)%n", referenceMedian, format(referenceTimes));
            out.printf(Locale.ROOT, "  ratio mamori / bare JavaFX: %.2f   target: mamori under 2500 ms -> %s%n",
                    kioskMedian / referenceMedian, kioskMedian < 2500 ? "met" : "NOT met");
            return 0;
        } finally {
            deleteTree(home);
        }
    }

    private static int auditEntries(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            return 1_000_000;
        }
        if (args.size() == 2 && args.get(0).equals("--entries")) {
            int entries = Integer.parseInt(args.get(1));
            if (entries >= 10_000) {
                return entries;
            }
        }
        throw new UsageException("bench audit takes only --entries N (N >= 10000; default 1000000)");
    }

    /// Makes the full demo facility (3 cameras x 2 hours) in a temporary data directory, timed
    /// from opening the services to the last segment indexed.
    private int demo() throws Exception {
        Path home = Files.createTempDirectory("mamori-bench-demo");
        try {
            MamoriConfig defaults = MamoriConfig.fromEnvironment();
            MamoriConfig config = new MamoriConfig(new DataDirectory(home), defaults.clock(), defaults.facilityZone(),
                    RecordingPlan.DEMO, Optional.empty());
            long started = System.nanoTime();
            try (Mamori mamori = Mamori.open(config)) {
                mamori.demoSeed().makeRecordings(fraction -> { });
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            RecordingFormat format = RecordingPlan.DEMO.format();
            long frames = format.frames(RecordingPlan.DEMO.span()) * mamori.demo.DemoData.CAMERAS.size();
            out.printf(Locale.ROOT, "demo: %d cameras x %s of %dx%d at %d frames/s, H.264 (openh264), %d cores%n",
                    mamori.demo.DemoData.CAMERAS.size(), RecordingPlan.DEMO.span(), format.width(), format.height(),
                    format.frameRate(), Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "  made in %.1f s (%d frames, %.0f frames/s)   target: under 60 s -> %s%n", seconds,
                    frames, frames / seconds, seconds < 60 ? "met" : "NOT met");
            return 0;
        } finally {
            deleteTree(home);
        }
    }

    private double timeToMark(List<String> command, Path home) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MAMORI_HOME", home.toString());
        builder.environment().put("MAMORI_DEMO_SPAN", "PT1M");
        long started = System.nanoTime();
        Process process = builder.start();
        double elapsed = -1;
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.contains(LOGIN_SHOWN_MARK) && elapsed < 0) {
                    elapsed = (System.nanoTime() - started) / 1e6;
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (elapsed < 0) {
            throw new IOException(String.join(" ", command) + " ended (status " + process.exitValue()
                    + ") without showing its first screen; is there a display (DISPLAY)?");
        }
        err.printf(Locale.ROOT, "  %s: %.0f ms%n", command.getLast(), elapsed);
        return elapsed;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String format(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
