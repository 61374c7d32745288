package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import mamori.camera.Camera;
import mamori.camera.CameraAccount;
import org.junit.jupiter.api.Test;

/// Stream addresses handed out by devices become sources that carry the camera's own account.
class RecordingSourcesTest {

    private static final Camera CAMERA = new Camera("cam-1", "CAM-01", "玄関", "1F", Camera.SourceKind.ONVIF);
    private static final CameraAccount ACCOUNT = new CameraAccount("viewer", "pw".toCharArray());

    @Test
    void userInformationADevicePutsInAnAddressIsDroppedForTheCameraAccount() throws Exception {
        MediaSource.Rtsp source = RecordingSources.rtspSource(CAMERA,
                URI.create("rtsp://admin:De%40vice@192.0.2.7:554/Streaming/tracks/101?starttime=20261123T010000Z"), ACCOUNT);
        assertEquals(URI.create("rtsp://192.0.2.7:554/Streaming/tracks/101?starttime=20261123T010000Z"), source.uri());
        assertEquals("viewer", source.credentials().orElseThrow().user());
        assertArrayEquals("pw".toCharArray(), source.credentials().orElseThrow().password());
        assertFalse(source.displayName().contains("De%40vice"), source.displayName());
    }

    @Test
    void anAddressThisPlayerCannotPlayIsSaidPlainly() {
        PlaybackException refused = assertThrows(PlaybackException.class,
                () -> RecordingSources.rtspSource(CAMERA, URI.create("rtsps://192.0.2.7/replay/rec-1"), ACCOUNT));
        assertEquals(PlaybackException.Kind.UNSUPPORTED, refused.kind());
        assertEquals("CAM-01: the device offers the stream as rtsps://, which this player does not play", refused.getMessage());
    }
}
