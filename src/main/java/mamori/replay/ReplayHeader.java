package mamori.replay;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/// The ONVIF replay RTP header extension (ONVIF Streaming Specification 6.3): profile 0xABAC,
/// length 3 words: the NTP time at which the frame was recorded, the flags C (clean point: a key
/// frame), E (last packet of a contiguous section), D (discontinuity: first after a seek or a gap),
/// T (terminal: the end of the replay), and the low byte of the PLAY request's CSeq.
public record ReplayHeader(Instant recorded, int flags, int cseq) {

    static final int PROFILE = 0xABAC;
    /// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
    private static final long NTP_TO_UNIX = 2_208_988_800L;

    public boolean cleanPoint() {
        return (flags & 0x80) != 0;
    }

    public boolean endOfSection() {
        return (flags & 0x40) != 0;
    }

    public boolean discontinuity() {
        return (flags & 0x20) != 0;
    }

    public boolean terminal() {
        return (flags & 0x10) != 0;
    }

    /// The extension of an RTP header whose X bit is set, if it is ONVIF's; `at` is where the
    /// extension begins (after the CSRCs).
    static Optional<ReplayHeader> in(byte[] packet, int at, int profile, int words) {
        if (profile != PROFILE || words < 3 || packet.length < at + 4 + 12) {
            return Optional.empty();
        }
        ByteBuffer extension = ByteBuffer.wrap(packet, at + 4, 12);
        long ntp = extension.getLong();
        int flags = extension.get() & 0xFF;
        int cseq = extension.get() & 0xFF;
        return Optional.of(new ReplayHeader(fromNtp(ntp), flags, cseq));
    }

    static Instant fromNtp(long ntp) {
        long seconds = (ntp >>> 32) - NTP_TO_UNIX;
        // Rounded to the nearest nanosecond (a fraction step is 0.23 ns), so times survive a round trip.
        long nanos = ((ntp & 0xFFFF_FFFFL) * 1_000_000_000L + (1L << 31)) >>> 32;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    static long toNtp(Instant time) {
        long seconds = time.getEpochSecond() + NTP_TO_UNIX;
        long fraction = (((long) time.getNano() << 32) + 500_000_000L) / 1_000_000_000L;
        return seconds << 32 | fraction;
    }
}
