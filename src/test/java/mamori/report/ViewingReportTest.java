package mamori.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntry;
import mamori.audit.RecordingRange;
import org.junit.jupiter.api.Test;

/// The report's content worked out from entries alone: sessions paired, spans and hours, exports
/// followed through their steps, filters and the period's edges.
class ViewingReportTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Instant DAY = LocalDate.of(2026, 11, 2).atStartOfDay(TOKYO).toInstant();
    private static final Instant FOOTAGE = Instant.parse("2026-10-30T00:00:00Z");
    private long seq;

    private AuditEntry entry(Instant at, AuditAction action, String person, String session, String camera, RecordingRange range,
            Map<String, Object> details) {
        seq++;
        return new AuditEntry(seq, at, seq, "run", "T-1", Optional.ofNullable(person), Optional.ofNullable(session), action,
                Optional.ofNullable(camera), Optional.ofNullable(range), details, new byte[32], "key", "{}", new byte[32], new byte[64]);
    }

    private ReportQuery november(Set<String> people, Set<EventKind> kinds) {
        return new ReportQuery(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), TOKYO, people, Set.of(), Set.of(), kinds,
                Locale.JAPANESE, "test");
    }

    @Test
    void playToStopIsOneViewingWithTheSpanWatchedAndItsPurpose() {
        var builder = new ViewingReport.Builder(november(Set.of(), Set.of()));
        builder.accept(entry(DAY.plusSeconds(60), AuditAction.PLAY, "op", "s1", "cam-1", new RecordingRange(FOOTAGE, FOOTAGE),
                Map.of("purpose", "転倒事故の確認")));
        builder.accept(entry(DAY.plusSeconds(70), AuditAction.SEEK, "op", "s1", "cam-1",
                new RecordingRange(FOOTAGE.plusSeconds(300), FOOTAGE.plusSeconds(300)), Map.of()));
        builder.accept(entry(DAY.plusSeconds(200), AuditAction.STOP, "op", "s1", "cam-1",
                new RecordingRange(FOOTAGE, FOOTAGE.plusSeconds(420)), Map.of("watchedSeconds", 130)));
        ViewingReport report = builder.build();
        assertEquals(1, report.viewings().size());
        ViewingReport.Viewing viewing = report.viewings().getFirst();
        assertEquals(1, viewing.play());
        assertEquals(3, viewing.stop());
        assertEquals(Optional.of(FOOTAGE), viewing.recordingFrom());
        assertEquals(Optional.of(FOOTAGE.plusSeconds(420)), viewing.recordingTo());
        assertEquals(130, viewing.watchedSeconds());
        assertEquals("転倒事故の確認", viewing.purpose());
        assertEquals(130L, report.summary().watchedSecondsPerCamera().get("cam-1"));
        assertEquals(130L, report.summary().watchedSecondsPerDay().get(LocalDate.of(2026, 11, 2)));
        assertEquals(30, report.summary().watchedSecondsPerDay().size(), "every day of the period has a bar, empty or not");
    }

    @Test
    void aViewingNeverStoppedEndsAtItsLastMoveAndAPlayAgainClosesTheOneBefore() {
        var builder = new ViewingReport.Builder(november(Set.of(), Set.of()));
        builder.accept(entry(DAY, AuditAction.PLAY, "op", "s1", "cam-1", null, Map.of()));
        builder.accept(entry(DAY.plusSeconds(40), AuditAction.PAUSE, "op", "s1", "cam-1", null, Map.of()));
        builder.accept(entry(DAY.plusSeconds(100), AuditAction.PLAY, "op", "s1", "cam-1", null, Map.of()));
        builder.accept(entry(DAY.plusSeconds(160), AuditAction.RESUME, "op", "s1", "cam-1", null, Map.of()));
        ViewingReport report = builder.build();
        assertEquals(2, report.viewings().size());
        assertEquals(40, report.viewings().get(0).watchedSeconds());
        assertEquals(0, report.viewings().get(0).stop());
        assertEquals(60, report.viewings().get(1).watchedSeconds());
    }

    @Test
    void anExportIsFollowedFromRequestToCopyWithRequesterApproverRecipientAndHash() {
        var builder = new ViewingReport.Builder(november(Set.of(), Set.of()));
        builder.accept(entry(DAY, AuditAction.EXPORT_REQUESTED, "op", "s1", "cam-2", null, Map.of("export", "E-1", "recipient", "警察署")));
        builder.accept(entry(DAY.plusSeconds(5), AuditAction.EXPORT_APPROVED, "sup", "s1", "cam-2", null, Map.of("export", "E-1")));
        builder.accept(entry(DAY.plusSeconds(90), AuditAction.EXPORT_WRITTEN, "op", "s1", "cam-2", null,
                Map.of("export", "E-1", "packageHash", "ab12")));
        builder.accept(entry(DAY.plusSeconds(99), AuditAction.EXPORT_COPIED_TO_MEDIA, "op", "s1", "cam-2", null, Map.of("export", "E-1")));
        ViewingReport report = builder.build();
        assertEquals(1, report.exports().size());
        ViewingReport.Export export = report.exports().getFirst();
        assertEquals("op", export.requesterId());
        assertEquals(Optional.of("sup"), export.approverId());
        assertEquals(Optional.of("警察署"), export.recipient());
        assertEquals(Optional.of("ab12"), export.packageHash());
        assertEquals("EXPORT_COPIED_TO_MEDIA", export.state());
    }

    @Test
    void filtersAndThePeriodDecideWhatIsListedButEveryEntryIsCounted() {
        var builder = new ViewingReport.Builder(november(Set.of("op"), Set.of(EventKind.VIEWING, EventKind.DENIAL)));
        builder.accept(entry(DAY.minusSeconds(86_400 * 2), AuditAction.PLAY, "op", "s0", "cam-1", null, Map.of())); // October 31
        builder.accept(entry(DAY, AuditAction.PLAY, "other", "s2", "cam-1", null, Map.of()));
        builder.accept(entry(DAY, AuditAction.POLICY_DENIAL, "op", null, "cam-3", null, new HashMap<>(Map.of("reason", "閲覧時間外"))));
        builder.accept(entry(DAY, AuditAction.USB_DEVICE_CONNECTED, "op", null, null, null, Map.of()));
        builder.accept(entry(DAY, AuditAction.PLAY, "op", "s3", "cam-1", null, Map.of()));
        ViewingReport report = builder.build();
        assertEquals(1, report.viewings().size());
        assertEquals(5, report.viewings().getFirst().play());
        assertEquals(1, report.summary().denials());
        assertEquals(0, report.summary().usbEvents());
        assertEquals(5, report.summary().entriesRead());
        assertEquals("reason=閲覧時間外", report.events().getFirst().detail());
    }
}
