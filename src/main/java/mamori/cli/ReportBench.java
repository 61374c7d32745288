package mamori.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.RecordingRange;
import mamori.audit.VerificationMode;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.report.ReportQuery;
import mamori.store.DataDirectory;

/// `mamori bench report`: a one-month report over 100,000 entries, generated and signed, then
/// verified; against fast verification of the same log in the same run.
final class ReportBench {

    private static final int CALLERS = 32;

    private final PrintStream out;

    ReportBench(PrintStream out) {
        this.out = out;
    }

    /// A clock that moves `step` on every reading while the log is filled, spreading the entries
    /// over the month.
    private static final class SteppingClock extends Clock {
        private final Instant start;
        private final long stepMicros;
        private final AtomicLong readings = new AtomicLong();

        SteppingClock(Instant start, Duration step) {
            this.start = start;
            this.stepMicros = step.toNanos() / 1_000;
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return start.plus(Duration.ofNanos(readings.getAndIncrement() * stepMicros * 1_000));
        }
    }

    int run(int entries) throws Exception {
        Path home = Files.createTempDirectory("mamori-bench-report");
        try {
            ZoneId zone = MamoriConfig.DEFAULT_FACILITY_ZONE;
            LocalDate first = LocalDate.of(2026, 10, 1);
            LocalDate last = LocalDate.of(2026, 10, 31);
            Instant start = first.atStartOfDay(zone).toInstant();
            Duration step = Duration.ofDays(31).dividedBy(entries + entries / 50);
            var config = new MamoriConfig(new DataDirectory(home), new SteppingClock(start, step), zone,
                    new DemoSeed.RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000)),
                    Optional.empty());
            out.printf(Locale.ROOT, "report: %,d entries over %s..%s, encrypted H2, %d cores%n", entries, first, last,
                    Runtime.getRuntime().availableProcessors());
            try (Mamori mamori = Mamori.open(config, false)) {
                long filling = System.nanoTime();
                fill(mamori.auditLog(), entries - (int) mamori.auditEntries().count());
                out.printf(Locale.ROOT, "  log filled in %.1f s (%,d entries)%n", (System.nanoTime() - filling) / 1e9, mamori.auditEntries().count());
                // The fill writes a month's entries in seconds; the first checkpoint after it waits for H2 to write
                // them out. A month's log is not written the second before its report: let that happen first.
                long settling = System.nanoTime();
                mamori.auditLog().checkpoint("BENCH");
                out.printf(Locale.ROOT, "  a checkpoint after the fill (not timed): %.2f s%n", (System.nanoTime() - settling) / 1e9);
                ReportQuery query = ReportQuery.period(first, last, zone, Locale.JAPANESE, "bench");
                var reports = mamori.reports();
                var verifier = mamori.reportVerifier();
                for (int run = 1; run <= 2; run++) {
                    Path file = home.resolve("report-" + run + ".pdf");
                    long generating = System.nanoTime();
                    var generated = reports.generate(query, file);
                    double generateSeconds = (System.nanoTime() - generating) / 1e9;
                    byte[] bytes = Files.readAllBytes(file);
                    long verifying = System.nanoTime();
                    verifier.verify(bytes);
                    double verifySeconds = (System.nanoTime() - verifying) / 1e9;
                    long fast = System.nanoTime();
                    mamori.auditVerifier().verify(VerificationMode.FAST, Optional.empty());
                    double fastSeconds = (System.nanoTime() - fast) / 1e9;
                    out.printf(Locale.ROOT, "  run %d: %,d viewing sessions, %,d other events, %,d entries covered, PDF %,d KB, %d pages%n", run,
                            generated.report().viewings().size(), generated.report().events().size(), generated.report().summary().entriesRead(),
                            bytes.length / 1024, generated.pages());
                    out.printf(Locale.ROOT, "    generate and sign: %.2f s   (target <= 3 s) -> %s%n", generateSeconds, generateSeconds <= 3 ? "met" : "NOT met");
                    out.printf(Locale.ROOT, "    report verify:     %.2f s   (target <= 2 s) -> %s%n", verifySeconds, verifySeconds <= 2 ? "met" : "NOT met");
                    out.printf(Locale.ROOT, "    reference, 'audit verify --fast' of the same log: %.2f s (generate %.2fx, verify %.2fx of it)%n",
                            fastSeconds, generateSeconds / fastSeconds, verifySeconds / fastSeconds);
                }
            }
            return 0;
        } finally {
            BenchCommand.deleteTree(home);
        }
    }

    /// Viewing sessions as the player records them (PLAY with a purpose, seeks, pause and resume,
    /// STOP with the span watched), from many callers at once, with a denial now and then.
    private static void fill(AuditLog log, int total) throws Exception {
        AtomicLong written = new AtomicLong();
        String[] cameras = {"demo-cam-1", "demo-cam-2", "demo-cam-3"};
        String[] purposes = {"転倒事故の確認", "ご家族からの問い合わせ", "夜間の見回り記録の確認"};
        try (ExecutorService pool = Executors.newFixedThreadPool(CALLERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                running.add(pool.submit(() -> {
                    int session = 0;
                    while (written.addAndGet(7) <= total) {
                        session++;
                        String id = "bench-" + caller + "-" + session;
                        String camera = cameras[(caller + session) % cameras.length];
                        String person = "person-" + (caller % 8);
                        Instant footage = Instant.parse("2026-09-20T00:00:00Z").plusSeconds(session * 600L + caller * 60L);
                        log.append(AuditEvent.of(AuditAction.PLAY).person(person).session(id).camera(camera)
                                .range(new RecordingRange(footage, footage)).detail("purpose", purposes[session % purposes.length]).detail("rate", "1"));
                        log.append(AuditEvent.of(AuditAction.SEEK).person(person).session(id).camera(camera)
                                .range(new RecordingRange(footage, footage.plusSeconds(60))).detail("from", footage).detail("to", footage.plusSeconds(60)));
                        log.append(AuditEvent.of(AuditAction.PAUSE).person(person).session(id).camera(camera));
                        log.append(AuditEvent.of(AuditAction.RESUME).person(person).session(id).camera(camera));
                        log.append(AuditEvent.of(session % 10 == 0 ? AuditAction.POLICY_DENIAL : AuditAction.SEEK).person(person).session(id)
                                .camera(camera).detail("action", "PLAY").detail("reason", "bench"));
                        log.append(AuditEvent.of(AuditAction.RATE_CHANGE).person(person).session(id).camera(camera).detail("from", "1").detail("to", "2"));
                        log.append(AuditEvent.of(AuditAction.STOP).person(person).session(id).camera(camera)
                                .range(new RecordingRange(footage, footage.plusSeconds(240))).detail("reason", "user").detail("watchedSeconds", 180 + session % 300));
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
    }
}
