package mamori.playback;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.audit.RecordingRange;
import mamori.camera.AdministrationDeniedException;
import mamori.camera.Camera;
import mamori.camera.CameraCatalog;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.policy.Permission;

/// One picture of a camera's recording, for an administrator to draw privacy masks on: decoded
/// by the player's engine from the first piece of the camera's timeline, without masks (they are
/// drawn over it as outlines) and without a watermark. Showing it is viewing footage, so it is
/// recorded as a `PLAY` (purpose "privacy mask editor") before it is decoded, and its end as a
/// `STOP`; a refused log shows nothing.
public final class CameraStill {

    public static final String PURPOSE = "privacy mask editor";

    private final RecordingSources sources;
    private final CameraCatalog catalog;
    private final VideoEngine engine;
    private final AuditLog audit;
    private final Clock clock;

    public CameraStill(RecordingSources sources, CameraCatalog catalog, VideoEngine engine, AuditLog audit, Clock clock) {
        this.sources = sources;
        this.catalog = catalog;
        this.engine = engine;
        this.audit = audit;
        this.clock = clock;
    }

    /// A picture in BGRA (premultiplied, opaque), `width * 4` bytes a row, recorded at `recordedAt`.
    public record Still(byte[] bgra, int width, int height, Instant recordedAt, Instant shownAt) {

        @Override
        public String toString() {
            return "Still[" + width + "x" + height + ", recorded " + recordedAt + "]";
        }
    }

    /// Decodes the first picture of `cameraId`'s recording, scaled to fit `boxWidth` x `boxHeight`;
    /// for administrators of that camera only.
    public Still show(Session by, String cameraId, int boxWidth, int boxHeight)
            throws SQLException, PlaybackException, AuditUnavailableException, AdministrationDeniedException {
        Camera camera = catalog.cameras().stream().filter(each -> each.id().equals(cameraId)).findFirst()
                .orElseThrow(() -> new PlaybackException(PlaybackException.Kind.UNREADABLE, "No camera " + cameraId));
        if (catalog.decide(by, Permission.ADMINISTER, cameraId) instanceof Decision.Denied denied) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id()).camera(cameraId)
                    .detail("action", AuditAction.PLAY).detail("purpose", PURPOSE).detail("reason", denied.reason()));
            throw new AdministrationDeniedException(denied.reason());
        }
        RecordingTimeline timeline = sources.timeline(camera);
        if (timeline.isEmpty()) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, camera.code() + " has no recordings");
        }
        RecordingTimeline.Piece first = timeline.pieces().getFirst();
        FrameSize source = engine.probe(first.source());
        FrameSize size = FrameSize.fit(source.width(), source.height(), boxWidth, boxHeight);
        Instant shownAt = clock.instant();
        audit.append(AuditEvent.of(AuditAction.PLAY).person(by.person().id()).session(by.id()).camera(cameraId)
                .range(new RecordingRange(first.start(), first.start())).detail("purpose", PURPOSE).detail("still", true));
        ByteBuffer target = ByteBuffer.allocateDirect(size.bytesBgra());
        try (VideoDecoder decoder = engine.open(first.source(), size)) {
            DecodedFrame frame = decoder.next(target).orElseThrow(() -> new PlaybackException(PlaybackException.Kind.UNREADABLE,
                    camera.code() + ": the recording holds no picture"));
            byte[] bgra = new byte[size.bytesBgra()];
            ByteBuffer pixels = frame.pixels().duplicate();
            for (int row = 0; row < frame.height(); row++) {
                pixels.position(row * frame.stride());
                pixels.get(bgra, row * frame.width() * 4, frame.width() * 4);
            }
            return new Still(bgra, frame.width(), frame.height(), first.start().plus(frame.offset()), shownAt);
        } catch (PlaybackException failure) {
            stop(by, cameraId, first.start(), shownAt, "no picture");
            throw failure;
        }
    }

    /// The administrator has left the still: its `STOP`, with how long it was shown.
    public void stopped(Session by, String cameraId, Still still) throws AuditUnavailableException {
        stop(by, cameraId, still.recordedAt(), still.shownAt(), "mask editor left");
    }

    private void stop(Session by, String cameraId, Instant recordedAt, Instant shownAt, String reason) throws AuditUnavailableException {
        audit.append(AuditEvent.of(AuditAction.STOP).person(by.person().id()).session(by.id()).camera(cameraId)
                .range(new RecordingRange(recordedAt, recordedAt)).detail("purpose", PURPOSE).detail("reason", reason)
                .detail("watchedSeconds", Math.max(0, Duration.between(shownAt, clock.instant()).toSeconds())));
    }
}
