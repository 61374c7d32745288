package mamori.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// RFC 6184 packetisations (single NAL unit, STAP-A, FU-A) and RFC 7798's (single, aggregation,
/// fragmentation units) into Annex B access units, each timed by its ONVIF replay extension (ONVIF
/// Streaming Specification 6.3); the session description's parameter sets.
class NalDepacketiserTest {

    private static final Instant T = Instant.parse("2026-11-23T05:07:10.500Z");
    private static final byte[] SPS = {0x67, 0x42, 0x00, 0x1e};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x21, 0x43, 0x02, 0x7f, 0x11};

    private int sequence = 100;

    @Test
    void aStapAWithParameterSetsThenAFragmentedIdrMakeOneKeyFrameTimedByTheExtension() throws Exception {
        NalDepacketiser depacketiser = new NalDepacketiser(NalDepacketiser.Codec.H264);
        ByteArrayOutputStream stap = new ByteArrayOutputStream();
        stap.write(24);
        for (byte[] nal : new byte[][] {SPS, PPS}) {
            stap.write(nal.length >> 8);
            stap.write(nal.length);
            stap.writeBytes(nal);
        }
        depacketiser.push(packet(stap.toByteArray(), 9000, false, Optional.of(0xA0)));
        // FU-A: indicator keeps F and NRI (0x60) with type 28, header S/E bits and type 5.
        depacketiser.push(packet(new byte[] {0x7c, (byte) 0x85, IDR[1], IDR[2], IDR[3]}, 9000, false, Optional.empty()));
        depacketiser.push(packet(new byte[] {0x7c, 0x05, IDR[4], IDR[5]}, 9000, false, Optional.empty()));
        depacketiser.push(packet(new byte[] {0x7c, 0x45, IDR[6], IDR[7]}, 9000, true, Optional.empty()));

        AccessUnit unit = depacketiser.take().orElseThrow();
        assertArrayEquals(annexB(SPS, PPS, IDR), unit.annexB());
        assertEquals(T, unit.recorded());
        assertTrue(unit.keyFrame());
        assertTrue(unit.discontinuity());
        assertTrue(depacketiser.take().isEmpty());
    }

    @Test
    void aLostFragmentDropsOnlyItsUnitAndParameterSetsAloneWaitForThePicture() throws Exception {
        NalDepacketiser depacketiser = new NalDepacketiser(NalDepacketiser.Codec.H264);
        depacketiser.push(packet(new byte[] {0x7c, (byte) 0x85, IDR[1]}, 3000, false, Optional.of(0x80)));
        sequence++;
        depacketiser.push(packet(new byte[] {0x7c, 0x45, IDR[6]}, 3000, true, Optional.empty()));
        assertTrue(depacketiser.take().isEmpty(), "a gap in the sequence numbers spoils the unit");

        depacketiser.push(packet(SPS, 6000, true, Optional.of(0x80)));
        assertTrue(depacketiser.take().isEmpty(), "parameter sets alone are no picture");
        byte[] slice = {0x41, (byte) 0x9a, 0x02};
        depacketiser.push(packet(slice, 9000, true, Optional.of(0x00)));
        AccessUnit unit = depacketiser.take().orElseThrow();
        assertArrayEquals(annexB(SPS, slice), unit.annexB());
        assertFalse(unit.keyFrame());
    }

    @Test
    void theTerminalFlagEndsTheReplayAndUnstampedUnitsAreCounted() throws Exception {
        NalDepacketiser depacketiser = new NalDepacketiser(NalDepacketiser.Codec.H264);
        byte[] slice = {0x41, (byte) 0x9a, 0x02};
        depacketiser.push(packet(slice, 3000, true, Optional.empty()));
        assertEquals(1, depacketiser.unstamped());
        depacketiser.push(packet(slice, 6000, true, Optional.of(0x50)));
        AccessUnit last = depacketiser.take().orElseThrow();
        assertTrue(last.terminal());
    }

    @Test
    void h265AggregatedParameterSetsAndAFragmentedIdrMakeOneKeyFrame() throws Exception {
        NalDepacketiser depacketiser = new NalDepacketiser(NalDepacketiser.Codec.H265);
        byte[] vps = {0x40, 0x01, 0x0c, 0x01};
        byte[] sps = {0x42, 0x01, 0x01, 0x01};
        byte[] pps = {0x44, 0x01, (byte) 0xc1, 0x72};
        ByteArrayOutputStream aggregation = new ByteArrayOutputStream();
        aggregation.write(48 << 1);
        aggregation.write(1);
        for (byte[] nal : new byte[][] {vps, sps, pps}) {
            aggregation.write(0);
            aggregation.write(nal.length);
            aggregation.writeBytes(nal);
        }
        depacketiser.push(packet(aggregation.toByteArray(), 9000, false, Optional.of(0xA0)));
        // IDR_W_RADL (type 19): payload header type 49, FU header S/E bits and type 19.
        byte[] idr = {0x26, 0x01, (byte) 0xaf, 0x06, (byte) 0xb8, 0x63};
        depacketiser.push(packet(new byte[] {0x62, 0x01, (byte) 0x93, idr[2], idr[3]}, 9000, false, Optional.empty()));
        depacketiser.push(packet(new byte[] {0x62, 0x01, 0x53, idr[4], idr[5]}, 9000, true, Optional.empty()));

        AccessUnit unit = depacketiser.take().orElseThrow();
        assertArrayEquals(annexB(vps, sps, pps, idr), unit.annexB());
        assertTrue(unit.keyFrame());
        assertEquals(T, unit.recorded());
    }

    @Test
    void theSessionDescriptionGivesTheVideoTrackAndItsParameterSetsInDecodingOrder() throws Exception {
        String sdp = "v=0\r\ns=x\r\na=control:*\r\nm=audio 0 RTP/AVP 0\r\na=control:audio\r\nm=video 0 RTP/AVP 98\r\n"
                + "a=rtpmap:98 H265/90000\r\na=fmtp:98 sprop-pps=RAHBcg==; sprop-vps=QAEMAQ==; sprop-sps=QgEBAQ==\r\n"
                + "a=control:track2\r\n";
        SessionDescription video = SessionDescription.video(sdp.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                java.net.URI.create("rtsp://127.0.0.1/rec/"));
        assertEquals("H265", video.codec());
        assertEquals(98, video.payloadType());
        assertEquals(java.net.URI.create("rtsp://127.0.0.1/rec/track2"), video.control());
        assertArrayEquals(annexB(new byte[] {0x40, 0x01, 0x0c, 0x01}, new byte[] {0x42, 0x01, 0x01, 0x01},
                new byte[] {0x44, 0x01, (byte) 0xc1, 0x72}), video.annexBParameterSets().orElseThrow());

        ReplayException donl = org.junit.jupiter.api.Assertions.assertThrows(ReplayException.class, () -> SessionDescription.video(
                sdp.replace("sprop-pps", "sprop-max-don-diff=2; sprop-pps").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                java.net.URI.create("rtsp://127.0.0.1/rec/")));
        assertEquals(ReplayException.Kind.UNSUPPORTED, donl.kind());
        ReplayException none = org.junit.jupiter.api.Assertions.assertThrows(ReplayException.class, () -> SessionDescription.video(
                "v=0\r\nm=audio 0 RTP/AVP 0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), java.net.URI.create("rtsp://h/")));
        assertEquals(ReplayException.Kind.UNSUPPORTED, none.kind());
    }

    private static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            all.writeBytes(NalDepacketiser.START_CODE);
            all.writeBytes(nal);
        }
        return all.toByteArray();
    }

    private RtpPacket packet(byte[] payload, long timestamp, boolean marker, Optional<Integer> replayFlags) throws ReplayException {
        ByteBuffer data = ByteBuffer.allocate(12 + (replayFlags.isPresent() ? 16 : 0) + payload.length);
        data.put((byte) (replayFlags.isPresent() ? 0x90 : 0x80));
        data.put((byte) ((marker ? 0x80 : 0) | 96));
        data.putShort((short) sequence++);
        data.putInt((int) timestamp);
        data.putInt(0x1234);
        replayFlags.ifPresent(flags -> {
            data.putShort((short) 0xABAC).putShort((short) 3);
            data.putLong(ReplayHeader.toNtp(T));
            data.put((byte) (int) flags).put((byte) 7).putShort((short) 0);
        });
        data.put(payload);
        return RtpPacket.parse(data.array());
    }
}
