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
import mamori.app.LoginTiming;
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
            throw new UsageException("bench needs a benchmark name: startup, login, demo, audit, playback or report");
        }
        return switch (args.getFirst()) {
            case "startup" -> startup(args.subList(1, args.size()));
            case "login" -> login(args.subList(1, args.size()));
            case "demo" -> demo();
            case "audit" -> new AuditBench(out).run(auditEntries(args.subList(1, args.size())));
            case "playback" -> new PlaybackBench(out).run(20);
            case "playback-vlc" -> new PlaybackBench(out).runVlc(20);
            case "report" -> new ReportBench(out).run(100_000);
            case "export" -> new ExportBench(out, err).run(args.subList(1, args.size()));
            case "export-verify" -> new ExportVerifyBench(out).run(args.subList(1, args.size()));
            case "pin" -> new PinBench(out).run();
            default -> throw new UsageException("unknown benchmark '" + args.getFirst() + "' (known: startup, login, demo, audit, playback, report, export, export-verify)");
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

    /// Finger placed on the emulated R30x module (datasheet timings, 57,600 baud, over a socat pty
    /// pair) to home screen shown, in a real window; the software's share is the total minus the
    /// module's modelled work and the bytes' time on the line, both reported by the emulator.
    private int login(List<String> args) throws Exception {
        int runs = 20;
        if (args.size() == 2 && args.get(0).equals("--runs")) {
            runs = Integer.parseInt(args.get(1));
        } else if (!args.isEmpty()) {
            throw new UsageException("bench login takes only --runs N");
        }
        Path home = Files.createTempDirectory("mamori-bench-login");
        try {
            List<LoginTiming.Run> measured = LoginTiming.measure(home, 2, runs);
            List<Double> totals = measured.stream().map(run -> millis(run.total())).toList();
            List<Double> modules = measured.stream().map(run -> millis(run.moduleWork())).toList();
            List<Double> lines = measured.stream().map(run -> millis(run.lineTransfer())).toList();
            List<Double> software = measured.stream().map(run -> millis(run.software())).toList();
            double softwareMedian = median(software);
            out.printf(Locale.ROOT, "login: finger placed to home screen shown, demo reader (R30x emulator, datasheet timings,"
                    + " 57600 baud, socat pty pair), %d runs, %d cores%n", runs, Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "  total                median %6.0f ms  (runs: %s)%n", median(totals), format(totals));
            out.printf(Locale.ROOT, "  module work (model)  median %6.0f ms  (runs: %s)%n", median(modules), format(modules));
            out.printf(Locale.ROOT, "  serial line (model)  median %6.1f ms%n", median(lines));
            out.printf(Locale.ROOT, "  software's own share median %6.0f ms  (runs: %s)%n", softwareMedian, format(software));
            out.printf(Locale.ROOT, "  target: software's share under 150 ms -> %s%n", softwareMedian < 150 ? "met" : "NOT met");
            return 0;
        } finally {
            deleteTree(home);
        }
    }

    private static double millis(java.time.Duration duration) {
        return duration.toNanos() / 1e6;
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
