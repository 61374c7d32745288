package mamori.playback;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mamori.camera.Camera;
import mamori.camera.CameraAccount;
import mamori.camera.CameraSource;
import mamori.onvif.Credentials;
import mamori.onvif.MediaProfile;
import mamori.onvif.OnvifClient;
import mamori.onvif.OnvifDevice;
import mamori.onvif.OnvifException;
import mamori.onvif.RecordingSearch;
import mamori.onvif.RecordingSummary;
import mamori.onvif.Timeouts;

/// The recording (Profile G: FindRecordings, GetRecordingSearchResults, GetReplayUri) and the live
/// stream (Profile S: GetProfiles, GetStreamUri) of an ONVIF camera or recorder, as media sources.
///
/// The replay URI is played by our own RTSP client ([MediaSource.OnvifReplay], decision 0031): PLAY
/// with `Require: onvif-replay` and an absolute `Range: clock=` (ONVIF Streaming Specification,
/// section 6), and each frame's recording time from the RTP header extension 0xABAC. The search's
/// earliest..latest gives the span on the timeline.
final class OnvifSources {

    /// A kiosk waiting to open a recording waits no longer than this for the recorder's search.
    private static final Duration SEARCH_LIMIT = Duration.ofSeconds(10);

    private final Clock clock;
    private final Timeouts timeouts;

    OnvifSources(Clock clock, Timeouts timeouts) {
        this.clock = clock;
        this.timeouts = timeouts;
    }

    /// The camera's recording from its earliest to its latest data, read from the replay URI.
    RecordingTimeline.Piece recording(Camera camera, CameraSource.Onvif source, CameraAccount account) throws PlaybackException {
        try (OnvifClient client = new OnvifClient(clock, timeouts)) {
            OnvifDevice device = client.connect(source.deviceService(), credentials(account));
            RecordingSearch search = RecordingSearch.allRecordings().withTimeLimit(SEARCH_LIMIT);
            if (source.recordingToken().isPresent()) {
                search = search.onlyRecordings(List.of(source.recordingToken().get()));
            }
            RecordingSummary recording = choose(camera, source, device.findRecordings(search));
            if (recording.earliest().isEmpty() || recording.latest().isEmpty()
                    || !recording.latest().get().isAfter(recording.earliest().get())) {
                throw new PlaybackException(PlaybackException.Kind.UNREADABLE,
                        camera.code() + ": the recording " + recording.token() + " on the recorder holds no data");
            }
            MediaSource.Rtsp replay = RecordingSources.rtspSource(camera, device.replayUri(recording.token()), account);
            return new RecordingTimeline.Piece(recording.earliest().get(), recording.latest().get(),
                    new MediaSource.OnvifReplay(replay.uri(), replay.credentials(), recording.earliest().get(), recording.latest().get()));
        } catch (OnvifException e) {
            throw failure(camera, e);
        }
    }

    /// The live stream of the camera's profile, or of the device's first profile with video.
    MediaSource liveStream(Camera camera, CameraSource.Onvif source, CameraAccount account) throws PlaybackException {
        try (OnvifClient client = new OnvifClient(clock, timeouts)) {
            OnvifDevice device = client.connect(source.deviceService(), credentials(account));
            Optional<String> profile = source.profileToken();
            if (profile.isEmpty()) {
                profile = device.profiles().stream().filter(each -> each.video().isPresent()).map(MediaProfile::token).findFirst();
            }
            if (profile.isEmpty()) {
                throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, camera.code() + ": the device has no video profile");
            }
            return RecordingSources.rtspSource(camera, device.streamUri(profile.get()), account);
        } catch (OnvifException e) {
            throw failure(camera, e);
        }
    }

    /// The set recording; else the only one; else the one whose source is named like the camera
    /// (name, or code as source id). A recorder with several and no match needs the token set.
    private static RecordingSummary choose(Camera camera, CameraSource.Onvif source, List<RecordingSummary> found)
            throws PlaybackException {
        if (source.recordingToken().isPresent()) {
            String token = source.recordingToken().get();
            // Devices may ignore the search scope: pick the recording by its token all the same.
            return found.stream().filter(each -> each.token().equals(token)).findFirst()
                    .orElseThrow(() -> new PlaybackException(PlaybackException.Kind.UNREADABLE,
                            camera.code() + ": the recorder has no recording " + token));
        }
        if (found.size() == 1) {
            return found.getFirst();
        }
        List<RecordingSummary> named = found.stream().filter(each -> each.source().name().equals(camera.name())
                || each.source().sourceId().equals(camera.code())).toList();
        if (named.size() == 1) {
            return named.getFirst();
        }
        throw new PlaybackException(PlaybackException.Kind.UNREADABLE, camera.code() + ": the recorder holds " + found.size()
                + " recordings, " + (named.isEmpty() ? "none" : named.size()) + " named like this camera: set the camera's recording token");
    }

    /// The ONVIF client takes the password as a String; it lives for this one connection.
    private static Credentials credentials(CameraAccount account) {
        return new Credentials(account.user(), new String(account.password()));
    }

    /// The ONVIF message names the operation and the address (never user information or password).
    static PlaybackException failure(Camera camera, OnvifException e) {
        PlaybackException.Kind kind = switch (e.kind()) {
            case WRONG_CREDENTIALS -> PlaybackException.Kind.NOT_AUTHORIZED;
            case TIMEOUT, UNREACHABLE, INTERRUPTED -> PlaybackException.Kind.CONNECTION_LOST;
            case DEVICE_FAULT, HTTP_STATUS, NOT_XML, MALFORMED_XML, UNEXPECTED_RESPONSE, MISSING_ELEMENT, INVALID_VALUE, TOO_LARGE,
                    SERVICE_NOT_OFFERED -> PlaybackException.Kind.UNREADABLE;
        };
        String what = switch (kind) {
            case NOT_AUTHORIZED -> "the device refused the user name or password";
            case CONNECTION_LOST -> "no answer from the device";
            case UNREADABLE, UNSUPPORTED -> "the device's answer cannot be used";
        };
        return new PlaybackException(kind, camera.code() + ": " + what + " (" + e.getMessage() + ")", e);
    }
}
