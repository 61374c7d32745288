package mamori.playback.vlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.VideoDecoder;
import mamori.playback.VideoEngine;
import org.junit.jupiter.api.Test;

class EngineChoiceTest {

    private static final VideoEngine FFMPEG = new Named("FFmpeg 7.1");
    private static final VideoEngine VLC = new Named("libVLC 3.0.24");

    @Test
    void ffmpegIsTheDefaultAndLibVlcIsNotEvenLookedFor() {
        for (String value : new String[] {null, "", "  ", "ffmpeg", "FFmpeg"}) {
            EngineChoice choice = EngineChoice.choose(EngineChoice.Setting.parse(value), () -> FFMPEG, streams -> {
                throw new AssertionError("libVLC looked for with MAMORI_ENGINE=" + value);
            });
            assertSame(FFMPEG, choice.engine());
            assertTrue(choice.notice().isEmpty());
        }
    }

    @Test
    void vlcChosenAndFoundPlaysWithLibVlcAndSaysRtspStaysWithFfmpeg() {
        EngineChoice choice = EngineChoice.choose(EngineChoice.Setting.parse("vlc"), () -> FFMPEG, streams -> {
            assertSame(FFMPEG, streams, "RTSP goes to the FFmpeg engine");
            return Optional.of(VLC);
        });
        assertSame(VLC, choice.engine());
        assertTrue(choice.notice().orElseThrow().contains("libVLC 3.0.24"), choice.notice().toString());
        assertTrue(choice.notice().orElseThrow().contains("RTSP"), choice.notice().toString());
    }

    @Test
    void vlcChosenButMissingFallsBackToFfmpegAndSaysSo() {
        EngineChoice choice = EngineChoice.choose(EngineChoice.Setting.VLC, () -> FFMPEG, streams -> Optional.empty());
        assertSame(FFMPEG, choice.engine());
        assertEquals("MAMORI_ENGINE=vlc, but libVLC was not found (install vlc-bin and vlc-plugin-base): playing with FFmpeg 7.1 instead",
                choice.notice().orElseThrow());
    }

    @Test
    void anUnknownEngineIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> EngineChoice.Setting.parse("gstreamer"));
        assertTrue(refused.getMessage().contains("MAMORI_ENGINE"), refused.getMessage());
    }

    /// An engine known only by its name: the choice reads names and never opens a source, so
    /// opening one here would be a mistake of the choice under test.
    private record Named(String name) implements VideoEngine {

        @Override
        public VideoDecoder open(MediaSource source, FrameSize size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FrameSize probe(MediaSource source) {
            throw new UnsupportedOperationException();
        }
    }
}
