package mamori.clock;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.policy.ClockStatus;

/// Watches this terminal's clock while the kiosk runs: samples the wall clock and the monotonic
/// clock, feeds [ClockSanity], and offers its trusted time (as [#trustedNow] and [#trustedClock]) and
/// the clock's [#status] to the policy.
///
/// A jump turns the status to `JUMP_UNACKNOWLEDGED` at once; then it is stored and recorded as a
/// `CLOCK_JUMP_DETECTED` entry (from, to, skewSeconds, direction). What cannot be stored or recorded
/// is tried again at every sample, and the status stays untrusted meanwhile: a jump the log has not
/// got cannot be acknowledged. Only a supervisor or administrator [#acknowledge]s, and only once that
/// is recorded. Unacknowledged jumps are stored, so a restart does not clear them; the trusted time
/// is stored at every sample, so a clock turned back while the kiosk was off is caught at [#open].
public final class ClockWatch implements AutoCloseable {

    /// How often the running kiosk samples its clocks.
    public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);

    private final ClockRepository repository;
    private final AuditLog audit;
    private final Clock wall;
    private final LongSupplier nanoTime;
    private final Duration threshold;

    // Guarded by this; readers use the published snapshot.
    private ClockSanity sanity;
    private final List<Pending> pending = new ArrayList<>();
    private Optional<String> problem = Optional.empty();
    private ScheduledExecutorService sampler;
    private boolean closed;

    private volatile Snapshot snapshot;

    private ClockWatch(ClockRepository repository, AuditLog audit, Clock wall, LongSupplier nanoTime, Duration threshold) {
        this.repository = repository;
        this.audit = audit;
        this.wall = wall;
        this.nanoTime = nanoTime;
        this.threshold = threshold;
    }

    /// Starts watching: jumps still unacknowledged from earlier runs stay so, and the first sample
    /// is compared with the trusted time recorded last (see [ClockSanity#start(ClockSample, Instant, Duration)]).
    /// Samples are then taken by [#check], or every `interval` once [#startSampling] is called.
    public static ClockWatch open(ClockRepository repository, AuditLog audit, Clock wall, LongSupplier nanoTime,
            Duration threshold) throws SQLException {
        ClockWatch watch = new ClockWatch(repository, audit, wall, nanoTime, threshold);
        watch.begin();
        return watch;
    }

    private synchronized void begin() throws SQLException {
        for (ClockRepository.RecordedJump stored : repository.unacknowledged()) {
            pending.add(new Pending(stored));
        }
        Optional<Instant> lastTrusted = repository.lastTrustedTime();
        ClockSample first = sample();
        sanity = lastTrusted.map(last -> ClockSanity.start(first, last, threshold))
                .orElseGet(() -> ClockSanity.start(first, threshold));
        sanity.unacknowledgedJump().ifPresent(jump -> pending.add(new Pending(jump, sanity.trustedAt(first.monotonicNanos()))));
        publish();
        recordAndSave(first);
    }

    /// Samples the clocks every `interval` on a thread of its own until [#close].
    public synchronized void startSampling(Duration interval) {
        if (closed || sampler != null) {
            throw new IllegalStateException(closed ? "The clock watch is closed" : "The clock watch already samples");
        }
        sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("clock-watch").daemon().factory());
        sampler.scheduleWithFixedDelay(this::checkOnSchedule, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /// Takes one sample now: a jump it shows is reported; pending records are tried again.
    public synchronized void check() {
        if (closed) {
            return;
        }
        ClockSample sample = sample();
        ClockSanity.Observation observation = sanity.observe(sample);
        sanity = observation.next();
        observation.jump().ifPresent(jump -> pending.add(new Pending(jump, sanity.trustedAt(sample.monotonicNanos()))));
        publish();
        recordAndSave(sample);
    }

    private void checkOnSchedule() {
        try {
            check();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; keep sampling and say what went wrong.
            synchronized (this) {
                problem = Optional.of("The clock check failed: " + e);
                publish();
            }
        }
    }

    /// `by`, a supervisor or administrator, has seen the unacknowledged jumps: recorded as a
    /// `CONFIGURATION_CHANGE`, then the status is trusted again (trusted time stays where it is).
    /// Nothing happens when no jump is unacknowledged. Throws, and the jumps stay unacknowledged,
    /// when a jump or the acknowledgement cannot be recorded.
    public void acknowledge(Session by) throws AuditUnavailableException, SQLException {
        if (!mayAcknowledge(by.person())) {
            throw new IllegalArgumentException(by.person().id() + " is neither a supervisor nor an administrator");
        }
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            for (Pending jump : pending) {
                record(jump);
            }
            audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id())
                    .detail("change", "clock jump acknowledged").detail("jumps", pending.size()));
            repository.acknowledge(pending.stream().map(jump -> jump.id).toList(), by.person().id(), trustedNow());
            pending.clear();
            sanity = sanity.acknowledged();
            problem = Optional.empty();
            publish();
        }
    }

    /// Whether `person` may acknowledge a clock jump (decision 0009): an active supervisor or administrator.
    public static boolean mayAcknowledge(Person person) {
        return person.active() && (person.holds(Role.SUPERVISOR) || person.holds(Role.ADMINISTRATOR));
    }

    public ClockStatus status() {
        return snapshot.status();
    }

    /// The latest jump nobody has acknowledged yet.
    public Optional<ClockJump> unacknowledgedJump() {
        return snapshot.latest();
    }

    /// Why a jump or the trusted time could not be stored or recorded at the last attempt, if it could not.
    public Optional<String> recordingProblem() {
        return snapshot.problem();
    }

    /// The trusted time now: what the policy takes as "now" (never the raw wall clock).
    public Instant trustedNow() {
        return snapshot.sanity().trustedAt(nanoTime.getAsLong());
    }

    /// A `Clock` that reads the trusted time, for services that take a `Clock`.
    public Clock trustedClock() {
        return new TrustedClock(ZoneOffset.UTC);
    }

    /// Stops sampling (a sample under way completes) and records the trusted time a last time.
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = sampler;
        }
        if (running != null) {
            // shutdown, not shutdownNow: interrupting a thread inside H2's file I/O can close the database file.
            running.shutdown();
            try {
                running.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            ClockSample last = sample();
            try {
                repository.saveTrustedTime(sanity.trustedAt(last.monotonicNanos()), last.wall());
            } catch (SQLException e) {
                // The trusted time of the last sample stays recorded; the next start compares with that.
            }
        }
    }

    private ClockSample sample() {
        return new ClockSample(wall.instant(), nanoTime.getAsLong());
    }

    private void recordAndSave(ClockSample sample) {
        Optional<String> failed = Optional.empty();
        for (Pending jump : pending) {
            try {
                record(jump);
            } catch (SQLException | AuditUnavailableException e) {
                failed = Optional.of("A clock jump cannot be recorded: " + e.getMessage());
            }
        }
        try {
            repository.saveTrustedTime(sanity.trustedAt(sample.monotonicNanos()), sample.wall());
        } catch (SQLException e) {
            failed = failed.or(() -> Optional.of("The trusted time cannot be stored: " + e.getMessage()));
        }
        problem = failed;
        publish();
    }

    /// Stores and audits `jump` as far as not yet done. The entry is attempted even when storing
    /// fails, so the log has it as early as possible; the first failure is thrown at the end.
    private void record(Pending jump) throws SQLException, AuditUnavailableException {
        SQLException notStored = null;
        if (jump.id == null) {
            try {
                jump.id = repository.addJump(jump.jump, jump.detectedAt);
            } catch (SQLException e) {
                notStored = e;
            }
        }
        if (!jump.audited) {
            audit.append(AuditEvent.of(AuditAction.CLOCK_JUMP_DETECTED).detail("from", jump.jump.from())
                    .detail("to", jump.jump.to()).detail("skewSeconds", jump.jump.skew().toSeconds())
                    .detail("direction", jump.jump.direction()));
            jump.audited = true;
        }
        if (notStored != null) {
            throw notStored;
        }
        if (!jump.auditStored) {
            repository.markAudited(jump.id);
            jump.auditStored = true;
        }
    }

    private void publish() {
        snapshot = new Snapshot(sanity, pending.isEmpty() ? ClockStatus.TRUSTED : ClockStatus.JUMP_UNACKNOWLEDGED,
                pending.isEmpty() ? Optional.empty() : Optional.of(pending.getLast().jump), problem);
    }

    private record Snapshot(ClockSanity sanity, ClockStatus status, Optional<ClockJump> latest, Optional<String> problem) {
    }

    /// A jump not yet acknowledged, and how far it has been stored (`id`) and recorded in the log.
    private static final class Pending {

        private final ClockJump jump;
        private final Instant detectedAt;
        private Long id;
        private boolean audited;
        private boolean auditStored;

        Pending(ClockJump jump, Instant detectedAt) {
            this.jump = jump;
            this.detectedAt = detectedAt;
        }

        Pending(ClockRepository.RecordedJump stored) {
            this(stored.jump(), stored.detectedAt());
            id = stored.id();
            audited = stored.audited();
            auditStored = stored.audited();
        }
    }

    private final class TrustedClock extends Clock {

        private final ZoneId zone;

        TrustedClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new TrustedClock(other);
        }

        @Override
        public Instant instant() {
            return trustedNow();
        }
    }
}
