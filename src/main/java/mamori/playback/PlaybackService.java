package mamori.playback;

import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import mamori.audit.AuditLog;
import mamori.camera.Camera;
import mamori.camera.CameraRepository;
import mamori.identity.Session;
import mamori.policy.AccessConditions;
import mamori.policy.AccessPolicy;
import mamori.policy.AccessRequest;
import mamori.policy.Permission;

/// Opens playback sessions: the camera's timeline, a player sized for the screen, the protected
/// picture (masks and watermark) and the audited controls around it.
public final class PlaybackService {

    private final RecordingSources sources;
    private final CameraRepository cameras;
    private final AccessPolicy policy;
    private final java.util.function.Supplier<AccessConditions> conditions;
    private final PurposeRule purposes;
    private final AuditLog audit;
    private final VideoEngine engine;
    private final Clock clock;
    private final ZoneId zone;
    private final LongSupplier nanoTime;

    public PlaybackService(RecordingSources sources, CameraRepository cameras, AccessPolicy policy,
            java.util.function.Supplier<AccessConditions> conditions, PurposeRule purposes, AuditLog audit,
            VideoEngine engine, Clock clock, ZoneId zone, LongSupplier nanoTime) {
        this.sources = sources;
        this.purposes = purposes;
        this.cameras = cameras;
        this.policy = policy;
        this.conditions = conditions;
        this.audit = audit;
        this.engine = engine;
        this.clock = clock;
        this.zone = zone;
        this.nanoTime = nanoTime;
    }

    /// Opens `cameraId` for `session`, decoding to fit a `boxWidth` x `boxHeight` area; nothing is
    /// shown (or recorded) until [PlaybackSession#start].
    public PlaybackSession open(Session session, String cameraId, int boxWidth, int boxHeight,
            Function<FrameSize, FrameSink> sinkForSize, PlaybackListener listener, Watermark.Labels labels)
            throws SQLException, PlaybackException {
        Camera camera = cameras.all().stream().filter(each -> each.id().equals(cameraId)).findFirst()
                .orElseThrow(() -> new PlaybackException(PlaybackException.Kind.UNREADABLE, "No camera " + cameraId));
        RecordingTimeline timeline;
        FrameSize source;
        try {
            timeline = sources.timeline(camera);
            if (timeline.isEmpty()) {
                throw new PlaybackException(PlaybackException.Kind.UNREADABLE, camera.code() + " has no recordings");
            }
            source = engine.probe(timeline.pieces().getFirst().source());
        } catch (PlaybackException failure) {
            recordFailure(session, camera, failure);
            throw failure;
        }
        FrameSize size = FrameSize.fit(source.width(), source.height(), boxWidth, boxHeight);
        Watermark watermark = new Watermark(session.person().displayName(), session.terminal().id(), labels, zone,
                session.id().hashCode() * 31L + cameraId.hashCode());
        List<mamori.camera.PrivacyMask> masks = cameras.masks(cameraId);
        ViewingCheck check = at -> policy.decide(new AccessRequest(session.person(), session.terminal(),
                Permission.VIEW_RECORDINGS, Optional.of(cameraId), at), cameras.grants(), conditions.get());
        ViewingCheck maskLiftCheck = at -> policy.decide(new AccessRequest(session.person(), session.terminal(),
                Permission.LIFT_PRIVACY_MASKS, Optional.of(cameraId), at), cameras.grants(), conditions.get());
        ProtectedPicture picture = new ProtectedPicture(masks, watermark, clock);
        boolean purposeRequired = purposes.requiredFor(session.person(), cameraId);
        PlaybackSession playback = new PlaybackSession(session, camera, audit, check, maskLiftCheck, picture, purposeRequired,
                clock, listener);
        Player player = new Player(engine, timeline, size, picture, sinkForSize.apply(size), playback.playerListener(), nanoTime);
        playback.attach(player);
        return playback;
    }

    /// A recording that cannot even be opened is recorded too (who tried which camera, and why it
    /// failed); if the log cannot take it, the log's failure travels with the playback failure.
    private void recordFailure(Session session, Camera camera, PlaybackException failure) {
        try {
            audit.append(mamori.audit.AuditEvent.of(mamori.audit.AuditAction.PLAYBACK_FAILED).person(session.person().id())
                    .session(session.id()).camera(camera.id()).detail("kind", failure.kind()).detail("message", failure.getMessage()));
        } catch (mamori.audit.AuditUnavailableException e) {
            failure.addSuppressed(e);
        }
    }

    /// A grid of up to four already opened cameras of `session`, kept in time.
    public GridPlayback grid(Session session, List<PlaybackSession> cells) {
        return new GridPlayback(cells, audit, session);
    }

    public String engineName() {
        return engine.name();
    }
}
