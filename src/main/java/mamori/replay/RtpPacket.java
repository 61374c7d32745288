package mamori.replay;

import java.util.Optional;

/// An RTP packet (RFC 3550 section 5.1) as far as replay needs it: marker, payload type, sequence
/// number, timestamp, the ONVIF replay extension and where the payload lies in `data`.
record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, Optional<ReplayHeader> replay,
        byte[] data, int payloadOffset, int payloadLength) {

    static RtpPacket parse(byte[] data) throws ReplayException {
        if (data.length < 12 || (data[0] & 0xC0) != 0x80) {
            throw bad("not RTP version 2");
        }
        int at = 12 + 4 * (data[0] & 0x0F);
        Optional<ReplayHeader> replay = Optional.empty();
        if ((data[0] & 0x10) != 0) {
            if (data.length < at + 4) {
                throw bad("header extension cut short");
            }
            int profile = (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
            int words = (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
            replay = ReplayHeader.in(data, at, profile, words);
            at += 4 + 4 * words;
        }
        int end = data.length;
        if ((data[0] & 0x20) != 0 && end > at) {
            end -= data[end - 1] & 0xFF;
        }
        if (at > end) {
            throw bad("header longer than the packet");
        }
        boolean marker = (data[1] & 0x80) != 0;
        int payloadType = data[1] & 0x7F;
        int sequence = (data[2] & 0xFF) << 8 | data[3] & 0xFF;
        long timestamp = ((long) (data[4] & 0xFF) << 24 | (data[5] & 0xFF) << 16 | (data[6] & 0xFF) << 8 | data[7] & 0xFF);
        return new RtpPacket(marker, payloadType, sequence, timestamp, replay, data, at, end - at);
    }

    private static ReplayException bad(String why) {
        return new ReplayException(ReplayException.Kind.PROTOCOL, "an RTP packet cannot be read: " + why);
    }
}
