package mamori.replay;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/// Access units out of RTP: H.264 (RFC 6184, non-interleaved mode: single NAL unit packets, STAP-A
/// type 24, FU-A type 28) and H.265 (RFC 7798 without DONL: single NAL unit packets, aggregation
/// packets type 48, fragmentation units type 49). A unit ends with the marker bit or a new RTP
/// timestamp. Its time is the ONVIF replay extension of its first packet that carries one.
/// Bounded: a unit over 8 MiB, or a fragment run broken by a lost packet, is dropped up to the next
/// unit.
final class NalDepacketiser {

    /// What differs between the two payload formats.
    enum Codec {
        H264(1, 24, 28),
        H265(2, 48, 49);

        final int headerLength;
        final int aggregation;
        final int fragment;

        Codec(int headerLength, int aggregation, int fragment) {
            this.headerLength = headerLength;
            this.aggregation = aggregation;
            this.fragment = fragment;
        }

        int type(byte first) {
            return this == H264 ? first & 0x1F : (first >> 1) & 0x3F;
        }

        boolean picture(int type) {
            return this == H264 ? type >= 1 && type <= 5 : type <= 31;
        }

        boolean keyPicture(int type) {
            return this == H264 ? type == 5 : type >= 16 && type <= 21;
        }

        /// Single NAL unit packets carry these types; the rest are the format's packet types.
        boolean single(int type) {
            return this == H264 ? type >= 1 && type <= 23 : type <= 47;
        }
    }

    private final Codec codec;

    NalDepacketiser(Codec codec) {
        this.codec = codec;
    }

    static final byte[] START_CODE = {0, 0, 0, 1};
    static final int MAX_ACCESS_UNIT = 8 << 20;

    private final Deque<AccessUnit> ready = new ArrayDeque<>();
    private ByteArrayOutputStream unit = new ByteArrayOutputStream();
    private long timestamp = -1;
    private int lastSequence = -1;
    private Optional<ReplayHeader> header = Optional.empty();
    private boolean keyFrame;
    private boolean broken;
    private boolean inFragment;
    private boolean terminal;
    private int unstamped;
    /// Parameter sets and SEI sent as a unit of their own (rtph264pay does): they go in front of
    /// the next picture.
    private byte[] prefix = new byte[0];
    private boolean picture;
    private boolean prefixDiscontinuity;

    /// Takes one packet; the units it completed can then be taken with [#take()].
    void push(RtpPacket packet) throws ReplayException {
        if (timestamp >= 0 && packet.timestamp() != timestamp) {
            finish();
        }
        if (lastSequence >= 0 && packet.sequence() != ((lastSequence + 1) & 0xFFFF)) {
            broken = true;
        }
        lastSequence = packet.sequence();
        timestamp = packet.timestamp();
        if (header.isEmpty()) {
            header = packet.replay();
        }
        if (packet.replay().isPresent() && packet.replay().get().terminal()) {
            terminal = true;
        }
        byte[] data = packet.data();
        int at = packet.payloadOffset();
        int length = packet.payloadLength();
        if (length < 1) {
            return;
        }
        int header = codec.headerLength;
        int type = codec.type(data[at]);
        if (length < header) {
            broken = true;
        } else if (codec.single(type)) {
            inFragment = false;
            nal(data, at, length);
        } else if (type == codec.aggregation) {
            inFragment = false;
            int position = at + header;
            int end = at + length;
            while (position + 2 <= end) {
                int size = (data[position] & 0xFF) << 8 | data[position + 1] & 0xFF;
                position += 2;
                if (size < header || position + size > end) {
                    broken = true;
                    break;
                }
                nal(data, position, size);
                position += size;
            }
        } else if (type == codec.fragment) {
            if (length < header + 1) {
                broken = true;
            } else {
                byte fu = data[at + header];
                boolean start = (fu & 0x80) != 0;
                if (start) {
                    unit.writeBytes(START_CODE);
                    if (codec == Codec.H264) {
                        unit.write(data[at] & 0xE0 | fu & 0x1F);
                    } else {
                        // RFC 7798 4.4.3: the payload header with the FU header's type in place of 49.
                        unit.write(data[at] & 0x81 | (fu & 0x3F) << 1);
                        unit.write(data[at + 1]);
                    }
                    noteType(fu & (codec == Codec.H264 ? 0x1F : 0x3F));
                    inFragment = true;
                } else if (!inFragment) {
                    broken = true;
                }
                if (inFragment) {
                    unit.write(data, at + header + 1, length - header - 1);
                }
                if ((fu & 0x40) != 0) {
                    inFragment = false;
                }
            }
        } else {
            // H.264's STAP-B, MTAP, FU-B (interleaved mode, never asked for); H.265's PACI.
            broken = true;
        }
        if (unit.size() > MAX_ACCESS_UNIT) {
            broken = true;
            unit = new ByteArrayOutputStream();
        }
        if (packet.marker()) {
            finish();
        }
    }

    /// Units dropped so far for want of the ONVIF replay extension (a recorder that does not stamp).
    int unstamped() {
        return unstamped;
    }

    Optional<AccessUnit> take() {
        return Optional.ofNullable(ready.pollFirst());
    }

    /// Forgets a unit in progress (after a new PLAY: what follows belongs to another place).
    void reset() {
        unit = new ByteArrayOutputStream();
        timestamp = -1;
        lastSequence = -1;
        header = Optional.empty();
        keyFrame = false;
        broken = false;
        inFragment = false;
        terminal = false;
        picture = false;
        prefix = new byte[0];
        prefixDiscontinuity = false;
        ready.clear();
    }

    private void nal(byte[] data, int at, int length) {
        unit.writeBytes(START_CODE);
        unit.write(data, at, length);
        noteType(codec.type(data[at]));
    }

    private void noteType(int type) {
        if (codec.keyPicture(type)) {
            keyFrame = true;
        }
        if (codec.picture(type)) {
            picture = true;
        }
    }

    private void finish() {
        if (unit.size() > 0 && !broken && !picture && !terminal && prefix.length + unit.size() <= MAX_ACCESS_UNIT) {
            byte[] more = unit.toByteArray();
            byte[] both = java.util.Arrays.copyOf(prefix, prefix.length + more.length);
            System.arraycopy(more, 0, both, prefix.length, more.length);
            prefix = both;
            if (header.isPresent() && header.get().discontinuity()) {
                prefixDiscontinuity = true;
            }
        } else if (unit.size() > 0 && !broken && header.isPresent()) {
            ReplayHeader replay = header.get();
            byte[] coded = unit.toByteArray();
            if (prefix.length > 0) {
                byte[] both = java.util.Arrays.copyOf(prefix, prefix.length + coded.length);
                System.arraycopy(coded, 0, both, prefix.length, coded.length);
                coded = both;
            }
            ready.addLast(new AccessUnit(coded, replay.recorded(), keyFrame || replay.cleanPoint(),
                    replay.discontinuity() || prefixDiscontinuity, terminal || replay.terminal()));
            prefix = new byte[0];
            prefixDiscontinuity = false;
        } else if (unit.size() > 0 && header.isEmpty()) {
            unstamped++;
        }
        if (terminal && (unit.size() == 0 || broken || header.isEmpty())) {
            ready.addLast(new AccessUnit(new byte[0], header.map(ReplayHeader::recorded).orElse(java.time.Instant.EPOCH), false, false, true));
        }
        unit = new ByteArrayOutputStream();
        header = Optional.empty();
        keyFrame = false;
        picture = false;
        broken = false;
        inFragment = false;
        terminal = false;
        timestamp = -1;
    }
}
