package mamori.replay;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/// H.264 access units out of RTP (RFC 6184, non-interleaved mode): single NAL unit packets, STAP-A
/// (type 24) and FU-A (type 28). A unit ends with the marker bit or a new RTP timestamp. Its time is
/// the ONVIF replay extension of its first packet that carries one. Bounded: a unit over 8 MiB, or
/// a fragment run broken by a lost packet, is dropped up to the next unit.
final class H264Depacketiser {

    static final byte[] START_CODE = {0, 0, 0, 1};
    static final int MAX_ACCESS_UNIT = 8 << 20;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

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
        int type = data[at] & 0x1F;
        if (type >= 1 && type <= 23) {
            inFragment = false;
            nal(data, at, length);
        } else if (type == STAP_A) {
            inFragment = false;
            int position = at + 1;
            int end = at + length;
            while (position + 2 <= end) {
                int size = (data[position] & 0xFF) << 8 | data[position + 1] & 0xFF;
                position += 2;
                if (size == 0 || position + size > end) {
                    broken = true;
                    break;
                }
                nal(data, position, size);
                position += size;
            }
        } else if (type == FU_A) {
            if (length < 2) {
                broken = true;
            } else {
                boolean start = (data[at + 1] & 0x80) != 0;
                if (start) {
                    byte nalHeader = (byte) (data[at] & 0xE0 | data[at + 1] & 0x1F);
                    unit.writeBytes(START_CODE);
                    unit.write(nalHeader);
                    noteType(nalHeader & 0x1F);
                    inFragment = true;
                } else if (!inFragment) {
                    broken = true;
                }
                if (inFragment) {
                    unit.write(data, at + 2, length - 2);
                }
                if ((data[at + 1] & 0x40) != 0) {
                    inFragment = false;
                }
            }
        } else {
            // STAP-B, MTAP, FU-B belong to the interleaved mode, which SETUP never asked for.
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
        noteType(data[at] & 0x1F);
    }

    private void noteType(int type) {
        if (type == 5) {
            keyFrame = true;
        }
        if (type >= 1 && type <= 5) {
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
