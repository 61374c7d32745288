package mamori.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mamori.app.KioskLauncher;
import mamori.app.LaunchOptions;
import mamori.app.LoginScreenWait;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.app.ReaderSetting;
import mamori.audit.VerificationMode;
import mamori.demo.DemoSeed;
import mamori.identity.LoginLimits;
import mamori.store.DataDirectory;

/// `mamori aot-training`, run by the launcher (not by people) to record the ahead-of-time cache
/// (decision 0037): a kiosk start to its login screen, when there is a display, and an auditor's
/// month report with its verification, each in a throwaway data directory. The cache then holds
/// the report's classes, loaded and linked, and its methods' profiles: without them the first
/// report of a kiosk session spent over a second loading PDFBox, fonts and the signer.
final class AotTraining {

    /// Enough entries for the report's loops to be profiled as they run on a month's log.
    private static final int ENTRIES = 30_000;

    private final PrintStream err;

    AotTraining(PrintStream err) {
        this.err = err;
    }

    /// What the launcher said about the cache, for benchmarks to print beside their figures.
    static String cacheState() {
        return switch (System.getProperty("mamori.aot", "none")) {
            case "use" -> "ahead-of-time cache in use";
            case "record" -> "recording the ahead-of-time cache";
            default -> "no ahead-of-time cache";
        };
    }

    int run() throws Exception {
        Path home = Files.createTempDirectory("mamori-aot-training");
        try {
            if (hasDisplay()) {
                kioskStart(home.resolve("kiosk"));
            } else {
                err.println("mamori: no display: the ahead-of-time cache will not hold the kiosk's screens");
            }
            report(home.resolve("report"));
            return 0;
        } finally {
            BenchCommand.deleteTree(home);
        }
    }

    private static boolean hasDisplay() {
        return !System.getenv().getOrDefault("DISPLAY", "").isBlank() || !System.getenv().getOrDefault("WAYLAND_DISPLAY", "").isBlank();
    }

    /// The kiosk as it starts for real (demo reader on a serial pty pair), windowed, leaving once its login screen is shown.
    private static void kioskStart(Path home) throws Exception {
        var config = new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                DemoSeed.RecordingPlan.SMALL, Optional.empty(), Optional.empty(), LoginLimits.DEFAULTS, ReaderSetting.DEMO);
        LoginScreenWait shown = new LoginScreenWait();
        int status = KioskLauncher.run(LaunchOptions.parse(List.of("--windowed", "--exit-after-startup")), config, shown);
        shown.await(Duration.ofSeconds(60));
        if (status != 0) {
            throw new IllegalStateException("the training kiosk ended with status " + status);
        }
    }

    /// A month report generated, signed and verified, and the log verified both ways.
    private static void report(Path home) throws Exception {
        var config = MonthOfViewing.config(home, ENTRIES);
        try (Mamori mamori = Mamori.open(config, false)) {
            MonthOfViewing.fill(mamori.auditLog(), ENTRIES);
            for (int run = 1; run <= 2; run++) {
                Path file = home.resolve("report-" + run + ".pdf");
                mamori.reports().generate(MonthOfViewing.report("training"), file);
                mamori.reportVerifier().verify(Files.readAllBytes(file));
            }
            mamori.auditVerifier().verify(VerificationMode.FAST, Optional.empty());
            mamori.auditVerifier().verify(VerificationMode.FULL, Optional.empty());
        }
    }
}
