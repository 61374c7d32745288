package mamori.onvif;

import java.util.Optional;

/// A live media profile (ONVIF Profile S): the token to ask a stream URI for, its name, and its video
/// format when the profile has a video encoder.
public record MediaProfile(String token, String name, Optional<VideoFormat> video) {
}
