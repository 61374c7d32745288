package mamori.playback;

import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import mamori.camera.Camera;
import mamori.camera.CameraAccount;
import mamori.camera.CameraSource;
import mamori.camera.CameraSourceRepository;
import mamori.camera.CredentialStore;
import mamori.camera.CredentialUnreadableException;
import mamori.onvif.Timeouts;
import mamori.recording.RecordingStore;

/// A camera's recording as one [RecordingTimeline], wherever it is kept: the local store's segment
/// files, a recorded RTSP stream, or a recording on an ONVIF recorder (Profile G) replayed over
/// RTSP. Streams are opened with the camera's account from the [CredentialStore], which goes no
/// further than the engine.
public final class RecordingSources {

    private final RecordingStore recordings;
    private final CameraSourceRepository sources;
    private final CredentialStore credentials;
    private final OnvifSources onvif;

    public RecordingSources(RecordingStore recordings, CameraSourceRepository sources, CredentialStore credentials, Clock clock,
            Timeouts onvifTimeouts) {
        this.recordings = recordings;
        this.sources = sources;
        this.credentials = credentials;
        this.onvif = new OnvifSources(clock, onvifTimeouts);
    }

    /// Everything recorded of `camera`; empty when nothing is. Asks an ONVIF recorder each time, so
    /// the span is the recorder's now.
    public RecordingTimeline timeline(Camera camera) throws SQLException, PlaybackException {
        return switch (sources.source(camera.id())) {
            case CameraSource.LocalStore _ -> new RecordingTimeline(recordings.segments(camera.id()));
            case CameraSource.Rtsp rtsp -> {
                if (rtsp.recorded().isEmpty()) {
                    throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED,
                            camera.code() + " is a live stream: it holds no recording to play back");
                }
                CameraSource.Recorded span = rtsp.recorded().get();
                yield RecordingTimeline.of(List.of(new RecordingTimeline.Piece(span.start(), span.end(),
                        new MediaSource.Rtsp(rtsp.uri(), account(camera)))));
            }
            case CameraSource.Onvif device -> RecordingTimeline.of(List.of(onvif.recording(camera, device, requiredAccount(camera))));
        };
    }

    /// The live stream of `camera`: an RTSP address as set, or an ONVIF device's (Profile S) stream URI.
    public MediaSource liveStream(Camera camera) throws SQLException, PlaybackException {
        return switch (sources.source(camera.id())) {
            case CameraSource.LocalStore _ -> throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED,
                    camera.code() + " has recordings in the local store only, no live stream");
            case CameraSource.Rtsp rtsp -> {
                if (rtsp.recorded().isPresent()) {
                    throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, camera.code() + " is a recorded stream, not a live one");
                }
                yield new MediaSource.Rtsp(rtsp.uri(), account(camera));
            }
            case CameraSource.Onvif device -> onvif.liveStream(camera, device, requiredAccount(camera));
        };
    }

    private Optional<MediaSource.Credentials> account(Camera camera) throws SQLException, PlaybackException {
        try {
            return credentials.account(camera.id()).map(account -> new MediaSource.Credentials(account.user(), account.password()));
        } catch (CredentialUnreadableException e) {
            throw new PlaybackException(PlaybackException.Kind.NOT_AUTHORIZED, camera.code() + ": " + e.getMessage());
        }
    }

    /// ONVIF requests are always signed: without an account there is nothing to try.
    private CameraAccount requiredAccount(Camera camera) throws SQLException, PlaybackException {
        try {
            return credentials.account(camera.id()).orElseThrow(() -> new PlaybackException(PlaybackException.Kind.NOT_AUTHORIZED,
                    camera.code() + ": no user name and password are set for this ONVIF device"));
        } catch (CredentialUnreadableException e) {
            throw new PlaybackException(PlaybackException.Kind.NOT_AUTHORIZED, camera.code() + ": " + e.getMessage());
        }
    }

    /// A stream address from a device as a [MediaSource.Rtsp]: user information some devices put in
    /// it is dropped (the camera's own account is used), and only plain `rtsp://` is played.
    static MediaSource.Rtsp rtspSource(Camera camera, URI address, CameraAccount account) throws PlaybackException {
        if (!"rtsp".equalsIgnoreCase(address.getScheme()) || address.getHost() == null) {
            throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, camera.code() + ": the device offers the stream as "
                    + address.getScheme() + "://, which this player does not play");
        }
        URI withoutAccount = URI.create("rtsp://" + address.getRawAuthority().substring(
                address.getRawUserInfo() == null ? 0 : address.getRawUserInfo().length() + 1)
                + Optional.ofNullable(address.getRawPath()).orElse("")
                + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery()));
        return new MediaSource.Rtsp(withoutAccount, Optional.of(new MediaSource.Credentials(account.user(), account.password())));
    }
}
