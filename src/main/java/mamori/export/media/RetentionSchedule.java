package mamori.export.media;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/// Runs [ExportRetention] at once and then every [#INTERVAL] on a thread of its own, until closed.
/// The composition root owns it. A run the log refuses deletes nothing more; the next run tries again.
public final class RetentionSchedule implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofHours(1);

    private final ExportRetention retention;
    private final ScheduledExecutorService scheduler;
    private volatile Optional<ExportRetention.Run> lastRun = Optional.empty();
    private volatile Optional<String> problem = Optional.empty();

    private RetentionSchedule(ExportRetention retention, Duration interval) {
        this.retention = retention;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("export-retention").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static RetentionSchedule start(ExportRetention retention) {
        return start(retention, INTERVAL);
    }

    public static RetentionSchedule start(ExportRetention retention, Duration interval) {
        return new RetentionSchedule(retention, interval);
    }

    private void runOnce() {
        try {
            lastRun = Optional.of(retention.run());
            problem = Optional.empty();
        } catch (Exception e) {
            // A scheduled task that throws is never run again: keep the reason for the status and try next time.
            problem = Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /// The last run that finished, if any.
    public Optional<ExportRetention.Run> lastRun() {
        return lastRun;
    }

    /// Why the last run stopped, if it did (the log refused, the staging directory cannot be read).
    public Optional<String> problem() {
        return problem;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
