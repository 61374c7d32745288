package mamori.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import mamori.camera.Camera;
import mamori.camera.CameraRepository;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.policy.Grant;
import mamori.recording.RecordingSegment;
import mamori.recording.RecordingStore;
import mamori.store.Database;
import mamori.store.Settings;

/// Makes the demo facility on a new data directory: people, fingers, cameras, grants, then the
/// recordings. Resumable: rows go in one transaction; each segment is indexed only once its file
/// is complete, so a kiosk killed half-way finishes the missing segments on its next start.
public final class DemoSeed {

    private static final String SEEDED = "demo.seeded";
    private static final String RECORDINGS_END = "demo.recordings.end";
    private static final String RECORDINGS_COMPLETE = "demo.recordings.complete";

    private final Database database;
    private final Settings settings;
    private final RecordingStore recordings;
    private final RecordingPlan plan;
    private final Clock clock;
    private final ZoneId facilityZone;

    public DemoSeed(Database database, Settings settings, RecordingStore recordings, RecordingPlan plan, Clock clock,
            ZoneId facilityZone) {
        this.database = database;
        this.settings = settings;
        this.recordings = recordings;
        this.plan = plan;
        this.clock = clock;
        this.facilityZone = facilityZone;
    }

    public boolean isComplete() throws SQLException {
        return settings.get(RECORDINGS_COMPLETE).isPresent();
    }

    /// Seeds people, fingers, cameras and grants unless already there (fast: one transaction).
    public void seedPeopleAndCameras() throws SQLException {
        if (settings.get(SEEDED).isEmpty()) {
            seedRows();
        }
    }

    /// Makes the recordings that are missing. `progress` receives a fraction from 0 to 1.
    public void makeRecordings(Progress progress) throws SQLException, IOException, InterruptedException {
        seedPeopleAndCameras();
        Instant end = Instant.parse(settings.get(RECORDINGS_END).orElseThrow());
        recordMissingSegments(end.minus(plan.span()), end, progress);
        settings.put(RECORDINGS_COMPLETE, clock.instant().toString());
        progress.update(1.0);
    }

    private void seedRows() throws SQLException {
        Instant now = clock.instant();
        // Recordings end at the last whole segment boundary, so file names look like an NVR's.
        long segmentSeconds = plan.segment().toSeconds();
        Instant end = Instant.ofEpochSecond(now.getEpochSecond() / segmentSeconds * segmentSeconds);
        database.inTransaction(connection -> {
            for (DemoData.DemoPerson demo : DemoData.PEOPLE) {
                PersonRepository.insert(connection, new Person(demo.id(), demo.displayName(), demo.roles(), true), now);
                PersonRepository.enrol(connection,
                        new PersonRepository.Enrolment(DemoData.READER_ID, demo.firstTemplate(), demo.id(), "RIGHT_INDEX"), now);
                PersonRepository.enrol(connection,
                        new PersonRepository.Enrolment(DemoData.READER_ID, demo.firstTemplate() + 1, demo.id(), "LEFT_INDEX"), now);
            }
            int position = 0;
            for (Camera camera : DemoData.CAMERAS) {
                CameraRepository.insert(connection, camera, position++);
            }
            for (Grant grant : DemoData.GRANTS) {
                CameraRepository.insert(connection, grant);
            }
            for (var mask : DemoData.MASKS.entrySet()) {
                CameraRepository.insert(connection, mask.getKey(), 0, mask.getValue());
            }
            Settings.put(connection, RECORDINGS_END, end.truncatedTo(ChronoUnit.SECONDS).toString());
            // The demo facility asks operators why they watch (issue: purpose of viewing).
            Settings.put(connection, mamori.playback.PurposeRule.SETTING, "OPERATOR");
            Settings.put(connection, Settings.FACILITY_NAME, DemoData.FACILITY_NAME);
            Settings.put(connection, SEEDED, now.toString());
            return null;
        });
    }

    private void recordMissingSegments(Instant start, Instant end, Progress progress)
            throws SQLException, IOException, InterruptedException {
        record Job(Camera camera, Instant start, Instant end, Path file) {
        }
        List<Job> jobs = new ArrayList<>();
        for (Camera camera : DemoData.CAMERAS) {
            var indexed = recordings.segments(camera.id()).stream().map(RecordingSegment::start).toList();
            for (Instant at = start; at.isBefore(end); at = at.plus(plan.segment())) {
                Instant segmentEnd = at.plus(plan.segment()).isAfter(end) ? end : at.plus(plan.segment());
                if (!indexed.contains(at)) {
                    jobs.add(new Job(camera, at, segmentEnd, recordings.segmentFile(camera.code(), at, segmentEnd, "mp4")));
                }
            }
        }
        RecordingFormat format = plan.format();
        long totalFrames = jobs.stream().mapToLong(job -> format.frames(Duration.between(job.start(), job.end()))).sum();
        AtomicLong framesDone = new AtomicLong();
        var recorder = new TestPatternRecorder(format, facilityZone);
        int threads = Math.max(1, Math.min(jobs.size(), Runtime.getRuntime().availableProcessors()));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("demo-encoder-", 0).daemon().factory())) {
            List<Future<?>> running = new ArrayList<>();
            for (Job job : jobs) {
                running.add(pool.submit(() -> {
                    long frames = format.frames(Duration.between(job.start(), job.end()));
                    long[] reported = {0};
                    recorder.record(job.file(), job.camera().code(), job.camera().name(), job.start(), frames, done -> {
                        long total = framesDone.addAndGet(done - reported[0]);
                        reported[0] = done;
                        progress.update(totalFrames == 0 ? 1.0 : (double) total / totalFrames);
                    });
                    recordings.add(new RecordingSegment(job.camera().id(), job.start(), job.end(), job.file(), "mp4", "h264",
                            format.width(), format.height(), format.frameRate(), Files.size(job.file())));
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            throw new IOException("Making the demo recordings failed: " + cause, cause);
        }
    }

    /// How much demo recording to make: `span` per camera, cut into files of `segment`.
    public record RecordingPlan(Duration span, Duration segment, RecordingFormat format) {

        public static final RecordingPlan DEMO = new RecordingPlan(Duration.ofHours(2), Duration.ofMinutes(10), RecordingFormat.DEMO);
        /// Ten seconds a camera at 320x180: for benchmarks and training runs that never play the footage.
        public static final RecordingPlan SMALL =
                new RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000));
    }

    /// Receives the fraction done, from any thread.
    @FunctionalInterface
    public interface Progress {
        void update(double fraction);
    }
}
