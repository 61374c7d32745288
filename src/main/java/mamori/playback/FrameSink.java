package mamori.playback;

/// Where finished frames go (the screen's pixel buffer, a benchmark's counter). Called on the
/// player's thread; the frame is only valid during the call.
public interface FrameSink {

    void show(DecodedFrame frame);
}
