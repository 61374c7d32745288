package mamori.playback.vlc;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import mamori.playback.VideoEngine;

/// The engine the kiosk plays with, from the `MAMORI_ENGINE` setting (`ffmpeg`, the default, or
/// `vlc`), and what the operator should be told about it: libVLC not found (FFmpeg plays
/// instead), or libVLC chosen (RTSP cameras and recorders still go through FFmpeg).
public record EngineChoice(VideoEngine engine, Optional<String> notice) {

    /// The settings understood, as written in the environment.
    public enum Setting {
        FFMPEG, VLC;

        /// `ffmpeg` or `vlc` (any case); blank or absent means `ffmpeg`.
        public static Setting parse(String value) {
            if (value == null || value.isBlank()) {
                return FFMPEG;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "ffmpeg" -> FFMPEG;
                case "vlc" -> VLC;
                default -> throw new IllegalArgumentException("MAMORI_ENGINE must be ffmpeg or vlc, got " + value.strip());
            };
        }
    }

    /// `vlc` is asked only when chosen, with the FFmpeg engine for what libVLC cannot open; when it
    /// finds no libVLC the FFmpeg engine plays and the notice says so.
    public static EngineChoice choose(Setting setting, Supplier<VideoEngine> ffmpeg,
            Function<VideoEngine, Optional<? extends VideoEngine>> vlc) {
        VideoEngine fallback = ffmpeg.get();
        return switch (setting) {
            case FFMPEG -> new EngineChoice(fallback, Optional.empty());
            case VLC -> vlc.apply(fallback)
                    .<EngineChoice>map(engine -> new EngineChoice(engine, Optional.of("MAMORI_ENGINE=vlc: recordings play with "
                            + engine.name() + "; RTSP cameras and recorders play with " + fallback.name()
                            + " (Debian's libVLC has no RTSP support)")))
                    .orElseGet(() -> new EngineChoice(fallback, Optional.of("MAMORI_ENGINE=vlc, but libVLC was not found"
                            + " (install vlc-bin and vlc-plugin-base): playing with " + fallback.name() + " instead")));
        };
    }

    /// With libVLC found by vlcj's native discovery.
    public static EngineChoice choose(Setting setting, Supplier<VideoEngine> ffmpeg) {
        return choose(setting, ffmpeg, VlcEngine::discover);
    }
}
