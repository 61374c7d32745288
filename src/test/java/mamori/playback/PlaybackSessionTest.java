package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mamori.audit.AuditUnavailableException;
import mamori.policy.DenialReason;
import mamori.policy.ViewingSchedule;
import mamori.policy.WeeklyWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// The audited controls around a real player: real FFmpeg decoding of real H.264 files, a real
/// audit log in a real H2 file. Only the screen is replaced by a sink that counts frames.
@Tag("media")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlaybackSessionTest {

    @TempDir
    Path dir;
    private PlaybackFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new PlaybackFixture(dir);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void playIsRecordedBeforeTheFirstFrameReachesTheScreen() throws Exception {
        List<List<String>> logAtFirstFrame = new ArrayList<>();
        fixture.sink.onShow = () -> {
            if (logAtFirstFrame.isEmpty()) {
                try {
                    logAtFirstFrame.add(fixture.actions());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try (PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR)) {
            assertEquals(List.of(), fixture.actions(), "opening shows and records nothing");
            playback.start(PlaybackFixture.RECORDED, Optional.of("incident 2026-0042"));
            await(() -> !logAtFirstFrame.isEmpty(), "first frame");
            assertEquals(List.of("PLAY"), logAtFirstFrame.getFirst());
        }
        var play = fixture.entries.byAction(mamori.audit.AuditAction.PLAY).getFirst();
        assertEquals("cam-1", play.cameraId());
        assertTrue(play.canonical().contains("\"purpose\":\"incident 2026-0042\""), play.canonical());
    }

    @Test
    void playbackRunsAcrossSegmentsToTheEndAndTheStopCarriesTheWatchedSpan() throws Exception {
        PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR);
        playback.start(PlaybackFixture.RECORDED, Optional.empty());
        playback.setRate(4);
        await(() -> fixture.events.ended, "end of the recording");
        var shown = fixture.events.shown;
        assertTrue(shown.size() >= 40, "most of the 60 frames shown at 4x: " + shown.size());
        assertTrue(shown.getLast().isAfter(PlaybackFixture.RECORDED.plusSeconds(5)), "second file played: " + shown.getLast());
        for (int i = 1; i < shown.size(); i++) {
            assertTrue(shown.get(i).isAfter(shown.get(i - 1)), "frames in recording order");
        }
        playback.stop("viewer");
        assertEquals(List.of("PLAY", "RATE_CHANGE", "STOP"), fixture.actions());
        String stop = fixture.entries.byAction(mamori.audit.AuditAction.STOP).getFirst().canonical();
        assertTrue(stop.contains("\"watchedSeconds\":5"), stop);
    }

    @Test
    void aDragIsOneSeekEntryFromWhereItBeganToWhereItEnded() throws Exception {
        try (PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR)) {
            playback.start(PlaybackFixture.RECORDED, Optional.empty());
            playback.pause();
            playback.beginScrub();
            for (int i = 1; i <= 20; i++) {
                playback.scrub(PlaybackFixture.RECORDED.plusMillis(250L * i));
            }
            playback.endScrub(PlaybackFixture.RECORDED.plusSeconds(4));
            await(() -> !fixture.events.shown.isEmpty()
                    && fixture.events.shown.getLast().equals(PlaybackFixture.RECORDED.plusSeconds(4)), "exact frame after the drag");
        }
        assertEquals(List.of("PLAY", "PAUSE", "SEEK", "STOP"), fixture.actions());
        String seek = fixture.entries.byAction(mamori.audit.AuditAction.SEEK).getFirst().canonical();
        assertTrue(seek.contains("\"dragged\":true") && seek.contains("\"to\":\"2026-11-23T01:00:04Z\""), seek);
    }

    @Test
    void withoutAGrantNothingIsShownAndTheDenialIsRecorded() throws Exception {
        PlaybackSession playback = fixture.open(PlaybackFixture.STRANGER);
        PlaybackDeniedException denied = assertThrows(PlaybackDeniedException.class,
                () -> playback.start(PlaybackFixture.RECORDED, Optional.empty()));
        assertEquals(DenialReason.NO_GRANT, denied.reason());
        Thread.sleep(300);
        assertTrue(fixture.events.shown.isEmpty(), "no frame");
        assertEquals(List.of("POLICY_DENIAL"), fixture.actions());
        playback.close();
    }

    @Test
    void whenTheLogCannotRecordPlaybackDoesNotStart() throws Exception {
        PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR);
        fixture.log.close();
        assertThrows(AuditUnavailableException.class, () -> playback.start(PlaybackFixture.RECORDED, Optional.empty()));
        Thread.sleep(300);
        assertTrue(fixture.events.shown.isEmpty(), "no frame without its entry");
        assertEquals(1, fixture.events.auditFailures.size(), "the screen is told why");
    }

    @Test
    void theViewerIsWarnedBeforeTheViewingWindowClosesAndPlaybackStopsWhenItHas() throws Exception {
        // Monday 12:00 Tokyo = 03:00 UTC; the window closes at 12:04.
        fixture.clock.set(java.time.Instant.parse("2026-11-23T03:00:00Z"));
        fixture.onlyHours(ViewingSchedule.weekly(new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 4))));
        PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR);
        playback.start(PlaybackFixture.RECORDED, Optional.empty());
        playback.setRate(0.25);
        await(() -> !fixture.events.endsSoon.isEmpty(), "the five-minute warning");
        assertEquals(java.time.Instant.parse("2026-11-23T03:04:00Z"), fixture.events.endsSoon.getFirst());
        fixture.clock.set(java.time.Instant.parse("2026-11-23T03:04:00Z"));
        await(() -> !fixture.events.stopped.isEmpty(), "stop at the close");
        assertEquals(DenialReason.OUTSIDE_VIEWING_HOURS, fixture.events.stopped.getFirst());
        int framesAtStop = fixture.events.shown.size();
        Thread.sleep(600);
        assertEquals(framesAtStop, fixture.events.shown.size(), "no frame after the stop");
        assertEquals(List.of("PLAY", "RATE_CHANGE", "POLICY_DENIAL", "STOP"), fixture.actions());
        assertTrue(fixture.entries.byAction(mamori.audit.AuditAction.STOP).getFirst().canonical()
                .contains("\"reason\":\"OUTSIDE_VIEWING_HOURS\""));
        ZoneId.of("Asia/Tokyo");
        Duration.ZERO.isZero();
    }

    @Test
    void liftingPrivacyMasksNeedsTheRightAndIsRecordedBeforeThePictureChanges() throws Exception {
        try (PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR)) {
            playback.start(PlaybackFixture.RECORDED, Optional.empty());
            playback.setRate(0.5);
            await(() -> fixture.events.shown.size() > 2, "frames");
            assertTrue(fixture.sink.lastCovered, "masked");
            PlaybackDeniedException denied = assertThrows(PlaybackDeniedException.class, () -> playback.liftMasks(true));
            assertEquals(DenialReason.NO_GRANT, denied.reason());
            int seen = fixture.events.shown.size();
            await(() -> fixture.events.shown.size() > seen + 2, "more frames");
            assertTrue(fixture.sink.lastCovered, "still masked without the right");

            fixture.grant(PlaybackFixture.OPERATOR, mamori.policy.Permission.LIFT_PRIVACY_MASKS);
            playback.liftMasks(true);
            int lifted = fixture.events.shown.size();
            await(() -> fixture.events.shown.size() > lifted + 2, "frames after the lift");
            assertTrue(!fixture.sink.lastCovered, "the mask is lifted");
            playback.liftMasks(false);
            int restored = fixture.events.shown.size();
            await(() -> fixture.events.shown.size() > restored + 2, "frames after restoring");
            assertTrue(fixture.sink.lastCovered, "covered again");
        }
        assertEquals(List.of("PLAY", "RATE_CHANGE", "POLICY_DENIAL", "PRIVACY_MASKS_LIFTED", "PRIVACY_MASKS_RESTORED", "STOP"),
                fixture.actions());
    }

    @Test
    void zoomingIntoTheMaskedAreaShowsOnlyTheMaskAndTheWatermarkIsStillThere() throws Exception {
        try (PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR)) {
            playback.start(PlaybackFixture.RECORDED, Optional.empty());
            playback.setRate(0.5);
            await(() -> fixture.events.shown.size() > 2, "frames");
            assertTrue(fixture.sink.lastUncovered > 5_000, "unzoomed, the right half is picture: " + fixture.sink.lastUncovered);
            // The mask covers the left half; zoom 2x into the middle of that half.
            playback.zoom(new ZoomRegion(0.0, 0.25, 0.5, 0.5));
            int zoomed = fixture.events.shown.size();
            await(() -> fixture.events.shown.size() > zoomed + 3, "zoomed frames");
            int uncovered = fixture.sink.lastUncovered;
            assertTrue(uncovered > 50, "the watermark is drawn on the zoomed picture: " + uncovered);
            assertTrue(uncovered < 3_000, "the rest is the mask: " + uncovered + " of 14,400 sampled pixels");
            playback.zoom(ZoomRegion.WHOLE);
            int whole = fixture.events.shown.size();
            await(() -> fixture.events.shown.size() > whole + 3, "frames after zooming out");
            assertTrue(fixture.sink.lastUncovered > 5_000, "whole picture again");
        }
    }

    @Test
    void whereTheFacilityAsksForAPurposePlaybackDoesNotStartWithoutOne() throws Exception {
        new mamori.store.Settings(fixture.database).put(PurposeRule.SETTING, "OPERATOR");
        try (PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR)) {
            assertTrue(playback.purposeRequired());
            PlaybackDeniedException denied = assertThrows(PlaybackDeniedException.class,
                    () -> playback.start(PlaybackFixture.RECORDED, Optional.of("  ")));
            assertEquals(DenialReason.PURPOSE_MISSING, denied.reason());
            Thread.sleep(300);
            assertTrue(fixture.events.shown.isEmpty(), "nothing shown without a purpose");
            playback.start(PlaybackFixture.RECORDED, Optional.of("警察からの照会"));
            await(() -> !fixture.events.shown.isEmpty(), "frames once the purpose is given");
        }
        assertEquals(List.of("POLICY_DENIAL", "PLAY", "STOP"), fixture.actions());
    }

    @Test
    void aTruncatedFileStopsPlaybackWithAClearMessageAndAnEntryNotAHang() throws Exception {
        java.nio.file.Path second = fixture.files.get(1);
        byte[] head = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(second), 1_000);
        java.nio.file.Files.write(second, head);
        try (PlaybackSession playback = fixture.open(PlaybackFixture.OPERATOR)) {
            playback.start(PlaybackFixture.RECORDED, Optional.empty());
            playback.setRate(4);
            await(() -> !fixture.events.failures.isEmpty(), "the failure report");
            PlaybackException failure = fixture.events.failures.getFirst();
            assertEquals(PlaybackException.Kind.UNREADABLE, failure.kind());
            assertTrue(failure.getMessage().contains(second.getFileName().toString()), failure.getMessage());
            assertTrue(fixture.events.shown.size() >= 20, "the intact first file played: " + fixture.events.shown.size());
        }
        assertEquals(List.of("PLAY", "RATE_CHANGE", "PLAYBACK_FAILED", "STOP"), fixture.actions());
        String entry = fixture.entries.byAction(mamori.audit.AuditAction.PLAYBACK_FAILED).getFirst().canonical();
        assertTrue(entry.contains("\"kind\":\"UNREADABLE\""), entry);
    }

    @Test
    void aFileWithoutVideoIsRefusedAsUnsupported() throws Exception {
        java.nio.file.Path first = fixture.files.getFirst();
        java.nio.file.Files.write(first, "this is not a video at all".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PlaybackException refused = assertThrows(PlaybackException.class, () -> fixture.open(PlaybackFixture.OPERATOR));
        assertTrue(refused.kind() == PlaybackException.Kind.UNREADABLE || refused.kind() == PlaybackException.Kind.UNSUPPORTED,
                refused.kind() + ": " + refused.getMessage());
        assertTrue(refused.getMessage().contains(first.getFileName().toString()), refused.getMessage());
        assertEquals(List.of("PLAYBACK_FAILED"), fixture.actions(), "the failed attempt is recorded");
    }
}
