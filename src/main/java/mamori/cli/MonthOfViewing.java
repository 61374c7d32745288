package mamori.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.RecordingRange;
import mamori.demo.DemoSeed;
import mamori.report.ReportQuery;
import mamori.store.DataDirectory;

/// October 2026 at a facility, as the report benchmark and the ahead-of-time training fill it:
/// viewing sessions from many callers at once, their entries spread over the month by the clock.
final class MonthOfViewing {

    static final ZoneId ZONE = MamoriConfig.DEFAULT_FACILITY_ZONE;
    static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
    static final LocalDate LAST = LocalDate.of(2026, 10, 31);

    private static final int CALLERS = 32;

    private MonthOfViewing() {
    }

    /// Services in `home` whose clock spreads `entries` appends (and the entries they make
    /// themselves) over the month; a small demo recording plan, since the footage is not viewed.
    static MamoriConfig config(Path home, int entries) {
        Instant start = FIRST.atStartOfDay(ZONE).toInstant();
        Duration step = Duration.ofDays(31).dividedBy(entries + entries / 50);
        return new MamoriConfig(new DataDirectory(home), new SteppingClock(start, step), ZONE,
                DemoSeed.RecordingPlan.SMALL, Optional.empty());
    }

    /// The auditor's report of the whole month.
    static ReportQuery report(String requester) {
        return ReportQuery.period(FIRST, LAST, ZONE, Locale.JAPANESE, requester);
    }

    /// A clock that moves `step` on every reading.
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
            return ZoneOffset.UTC;
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

    /// Viewing sessions as the player records them (PLAY with a purpose, seeks, pause and resume,
    /// STOP with the span watched), from many callers at once, with a denial now and then.
    static void fill(AuditLog log, int total) throws Exception {
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
