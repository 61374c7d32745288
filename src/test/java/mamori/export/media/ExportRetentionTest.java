package mamori.export.media;

import static mamori.export.media.ExportMediaFixture.NOW;
import static mamori.export.media.ExportMediaFixture.files;
import static mamori.export.media.ExportMediaFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Retention on a real staging directory with files dated by hand, against a real audit log.
class ExportRetentionTest {

    @TempDir
    Path dir;
    private ExportMediaFixture fixture;
    private Path staging;

    @BeforeEach
    void open() throws Exception {
        fixture = new ExportMediaFixture(dir);
        staging = Files.createDirectories(dir.resolve("exports"));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Path file(String name, Duration age) throws Exception {
        Path file = staging.resolve(name);
        Files.writeString(file, "package " + name);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }

    private ExportRetention retention(Clock clock) {
        return new ExportRetention(staging, Duration.ofDays(30), fixture.log, clock);
    }

    @Test
    void onlyPackagesOlderThanTheRetentionPeriodGoAndEachIsRecordedFirst() throws Exception {
        Path old = file("EXP-OLD.mamori-export", Duration.ofDays(31));
        Path older = file("EXP-OLDER.mamori-export", Duration.ofDays(45));
        Path young = file("EXP-NEW.mamori-export", Duration.ofDays(29));
        Path justInside = file("EXP-EDGE.mamori-export", Duration.ofDays(30));
        String oldHash = sha256(old);

        ExportRetention.Run run = retention(ExportMediaFixture.CLOCK).run();

        assertEquals(List.of(older, old), run.deletions().stream().map(ExportRetention.Deletion::path).toList(), "oldest first");
        assertEquals(2, run.kept());
        assertEquals(List.of(justInside, young).stream().sorted().toList(), files(staging));
        List<StoredEntry> entries = fixture.entries(AuditAction.EXPORT_DELETED_BY_RETENTION);
        assertEquals(2, entries.size());
        assertTrue(entries.get(0).canonical().contains("\"file\":\"EXP-OLDER.mamori-export\""), entries.get(0).canonical());
        String second = entries.get(1).canonical();
        for (String part : List.of("\"file\":\"EXP-OLD.mamori-export\"", "\"kind\":\"PACKAGE\"", "\"retention\":\"PT720H\"",
                "\"sha256\":\"" + oldHash + "\"", "\"modifiedAt\":\"" + NOW.minus(Duration.ofDays(31)) + "\"")) {
            assertTrue(second.contains(part), part + " in " + second);
        }
    }

    @Test
    void leftoverPartialFilesGoAfterAnHourButNotWhileTheirWriterMayStillWork() throws Exception {
        Path leftover = file(".EXP-C.mamori-export" + ExportCopier.PARTIAL_SUFFIX, Duration.ofHours(2));
        Path working = file("EXP-D.mamori-export.partial", Duration.ofMinutes(10));
        Path oldTmp = file("transcode-123.tmp", Duration.ofDays(2));

        ExportRetention.Run run = retention(ExportMediaFixture.CLOCK).run();

        assertEquals(List.of(oldTmp, leftover), run.deletions().stream().map(ExportRetention.Deletion::path).toList());
        assertTrue(run.deletions().stream().allMatch(deletion -> deletion.kind() == ExportRetention.Kind.PARTIAL));
        assertEquals(List.of(working), files(staging));
        assertTrue(fixture.entries(AuditAction.EXPORT_DELETED_BY_RETENTION).getLast().canonical().contains("\"kind\":\"PARTIAL\""));
    }

    @Test
    void aPackageDirectoryIsOneItemAgedByItsNewestFile() throws Exception {
        Path package1 = Files.createDirectories(staging.resolve("EXP-E"));
        Files.writeString(package1.resolve("video.mp4"), "old");
        Files.writeString(package1.resolve("manifest.json"), "{}");
        Files.setLastModifiedTime(package1.resolve("video.mp4"), FileTime.from(NOW.minus(Duration.ofDays(60))));
        Files.setLastModifiedTime(package1.resolve("manifest.json"), FileTime.from(NOW.minus(Duration.ofDays(40))));
        Files.setLastModifiedTime(package1, FileTime.from(NOW.minus(Duration.ofDays(40))));
        Path package2 = Files.createDirectories(staging.resolve("EXP-F"));
        Files.writeString(package2.resolve("video.mp4"), "old");
        Files.setLastModifiedTime(package2.resolve("video.mp4"), FileTime.from(NOW.minus(Duration.ofDays(60))));
        Files.writeString(package2.resolve("manifest.json"), "{}");
        Files.setLastModifiedTime(package2, FileTime.from(NOW.minus(Duration.ofDays(60))));

        ExportRetention.Run run = retention(ExportMediaFixture.CLOCK).run();

        assertEquals(List.of(package1), run.deletions().stream().map(ExportRetention.Deletion::path).toList());
        assertEquals(List.of(package2), files(staging), "EXP-F's manifest was written just now");
    }

    @Test
    void aRunWhoseLogRefusesDeletesNothing() throws Exception {
        Path old = file("EXP-G.mamori-export", Duration.ofDays(90));
        Path older = file("EXP-H.mamori-export", Duration.ofDays(100));
        fixture.log.close();

        assertThrows(AuditUnavailableException.class, () -> retention(ExportMediaFixture.CLOCK).run());

        assertEquals(List.of(old, older), files(staging));
    }

    @Test
    void ageIsMeasuredOnTheInjectedClock() throws Exception {
        Path file = file("EXP-I.mamori-export", Duration.ofDays(10));
        assertEquals(0, retention(ExportMediaFixture.CLOCK).run().deletions().size());

        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(21)), ZoneOffset.UTC);
        assertEquals(List.of(file), retention(later).run().deletions().stream().map(ExportRetention.Deletion::path).toList());
    }

    @Test
    void theScheduleRunsAtOnceAndKeepsTheLogsRefusal() throws Exception {
        file("EXP-J.mamori-export", Duration.ofDays(31));
        try (RetentionSchedule schedule = RetentionSchedule.start(retention(ExportMediaFixture.CLOCK), Duration.ofMillis(200))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (schedule.lastRun().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, schedule.lastRun().orElseThrow().deletions().size());
            Path second = file("EXP-K.mamori-export", Duration.ofDays(31));
            fixture.log.close();
            while (schedule.problem().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(schedule.problem().isPresent());
            assertTrue(Files.exists(second));
        }
    }

    @Test
    void settingsComeFromTheEnvironmentWithThirtyDaysByDefault() {
        assertEquals(ExportMediaSettings.DEFAULTS, ExportMediaSettings.fromEnvironment(name -> null));
        ExportMediaSettings set = ExportMediaSettings.fromEnvironment(name -> switch (name) {
            case "MAMORI_EXPORT_FOLDER" -> "/srv/exports";
            case "MAMORI_EXPORT_RETENTION" -> "P7D";
            default -> null;
        });
        assertEquals(Path.of("/srv/exports"), set.folder().orElseThrow());
        assertEquals(Duration.ofDays(7), set.retention());
        assertThrows(IllegalArgumentException.class, () -> ExportMediaSettings.fromEnvironment(name -> "MAMORI_EXPORT_RETENTION".equals(name)
                ? "thirty days" : null));
        assertThrows(IllegalArgumentException.class, () -> ExportMediaSettings.fromEnvironment(name -> "MAMORI_EXPORT_RETENTION".equals(name)
                ? "PT5M" : null));
        assertThrows(IllegalArgumentException.class, () -> ExportMediaSettings.fromEnvironment(name -> "MAMORI_EXPORT_FOLDER".equals(name)
                ? "relative/dir" : null));
    }
}
