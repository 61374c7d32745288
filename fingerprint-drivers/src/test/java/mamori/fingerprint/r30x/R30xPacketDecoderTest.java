package mamori.fingerprint.r30x;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HexFormat;
import mamori.fingerprint.r30x.R30xProtocolException.Kind;
import org.junit.jupiter.api.Test;

/// The packet codec on byte arrays: golden vectors from the datasheet, round trips, and every
/// way a line can go wrong.
class R30xPacketDecoderTest {

    private static final int ADDRESS = R30xPacket.DEFAULT_ADDRESS;
    private static final Duration SHORT = Duration.ofMillis(100);

    /// Hands out given bytes a few at a time, then nothing (0) or end of stream (-1).
    private static final class ScriptedBytes implements R30xPacketDecoder.ByteSource {
        private final byte[] bytes;
        private final int chunk;
        private final boolean endsWithDisconnect;
        private int position;

        ScriptedBytes(byte[] bytes, int chunk, boolean endsWithDisconnect) {
            this.bytes = bytes;
            this.chunk = chunk;
            this.endsWithDisconnect = endsWithDisconnect;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == bytes.length) {
                if (endsWithDisconnect) {
                    return -1;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
            int count = Math.min(Math.min(length, chunk), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, count);
            position += count;
            return count;
        }
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static R30xPacketDecoder decoderOf(byte[] bytes) {
        return new R30xPacketDecoder(new ScriptedBytes(bytes, 3, false), ADDRESS);
    }

    @Test
    void encodesTheDatasheetVerifyPasswordPacket() {
        var packet = R30xPacket.command(ADDRESS, R30xCommand.VFY_PWD, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        assertArrayEquals(hex("EF01 FFFFFFFF 01 0007 13 00000000 001B"), packet.encode());
    }

    @Test
    void encodesTheDatasheetGenImgPacket() {
        assertArrayEquals(hex("EF01 FFFFFFFF 01 0003 01 0005"), R30xPacket.command(ADDRESS, R30xCommand.GEN_IMG).encode());
    }

    @Test
    void decodesTheGoldenVectors() throws Exception {
        var decoder = decoderOf(hex("EF01 FFFFFFFF 01 0007 13 00000000 001B EF01 FFFFFFFF 01 0003 01 0005"));
        assertEquals(R30xPacket.command(ADDRESS, R30xCommand.VFY_PWD, new byte[4]), decoder.read(SHORT));
        assertEquals(R30xPacket.command(ADDRESS, R30xCommand.GEN_IMG), decoder.read(SHORT));
    }

    @Test
    void roundTripsPacketsOfEveryTypeAndTheLargestPayload() throws Exception {
        byte[] largest = new byte[R30xPacket.MAX_PAYLOAD];
        for (int i = 0; i < largest.length; i++) {
            largest[i] = (byte) (0xFF - i);
        }
        var packets = new R30xPacket[] {
            R30xPacket.command(0x12345678, R30xCommand.SEARCH, (byte) 1, (byte) 0, (byte) 0, (byte) 0x03, (byte) 0xE8),
            R30xPacket.ack(0x12345678, 0x00, (byte) 0, (byte) 7, (byte) 0, (byte) 150),
            new R30xPacket(0x12345678, R30xPacket.Type.DATA, largest),
            new R30xPacket(0x12345678, R30xPacket.Type.END_OF_DATA, new byte[] {(byte) 0xEF, 0x01}),
        };
        var wire = new ByteArrayOutputStream();
        for (var packet : packets) {
            wire.writeBytes(packet.encode());
        }
        var decoder = new R30xPacketDecoder(new ScriptedBytes(wire.toByteArray(), 7, false), 0x12345678);
        for (var packet : packets) {
            assertEquals(packet, decoder.read(SHORT));
        }
    }

    @Test
    void checksumOfTheLargestPacketStillFitsSixteenBits() {
        // Packet id 02 + length 01 02 + 256 payload bytes of FF = 0xFF05: the largest possible sum.
        byte[] wire = new R30xPacket(ADDRESS, R30xPacket.Type.DATA, filled(256, 0xFF)).encode();
        assertEquals(0xFF05, R30xPacket.u16(wire, wire.length - 2));
    }

    @Test
    void rejectsABadChecksumAndThenReadsTheNextPacket() throws Exception {
        byte[] corrupted = hex("EF01 FFFFFFFF 01 0003 01 0006");
        var decoder = decoderOf(concat(corrupted, hex("EF01 FFFFFFFF 01 0003 01 0005")));
        var error = assertThrows(R30xProtocolException.class, () -> decoder.read(SHORT));
        assertEquals(Kind.BAD_CHECKSUM, error.kind());
        assertEquals(R30xPacket.command(ADDRESS, R30xCommand.GEN_IMG), decoder.read(SHORT));
    }

    @Test
    void skipsGarbageBeforeAPacket() throws Exception {
        var decoder = decoderOf(concat(R30xEmulator.GARBAGE, hex("EF EF 01 EF"), R30xPacket.ack(ADDRESS, 0x09, new byte[4]).encode()));
        assertEquals(R30xPacket.ack(ADDRESS, 0x09, new byte[4]), decoder.read(SHORT));
    }

    @Test
    void skipsAStartCodeWithAnotherAddressThatIsNotAWholePacket() throws Exception {
        // EF 01 + another address + a length of 200 that the line never delivers.
        var decoder = decoderOf(concat(hex("EF01 12345678 07 00C8 00"), R30xPacket.ack(ADDRESS, 0x00).encode()));
        assertEquals(R30xPacket.ack(ADDRESS, 0x00), decoder.read(SHORT));
    }

    @Test
    void truncatedPacketTimesOutWithinTheDeadline() {
        var decoder = decoderOf(hex("EF01 FFFFFFFF 07 0003"));
        long started = System.nanoTime();
        var error = assertThrows(R30xProtocolException.class, () -> decoder.read(Duration.ofMillis(150)));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Kind.TIMEOUT, error.kind());
        assertTrue(elapsedMillis >= 140 && elapsedMillis < 400, "took " + elapsedMillis + " ms");
    }

    @Test
    void silenceTimesOut() {
        var decoder = decoderOf(new byte[0]);
        assertEquals(Kind.TIMEOUT, assertThrows(R30xProtocolException.class, () -> decoder.read(SHORT)).kind());
    }

    @Test
    void rejectsLengthsOutsideTheProtocolBounds() throws Exception {
        // 0x0103 = 259 > 2 + 256; 0x0002 leaves no room for a payload; 0xFFFF must not allocate 64 KiB.
        for (String length : new String[] {"0103", "0002", "0000", "FFFF"}) {
            var decoder = decoderOf(concat(hex("EF01 FFFFFFFF 02" + length + "00"), hex("EF01 FFFFFFFF 01 0003 01 0005")));
            var error = assertThrows(R30xProtocolException.class, () -> decoder.read(SHORT), length);
            assertEquals(Kind.BAD_LENGTH, error.kind(), length);
            assertEquals(R30xPacket.command(ADDRESS, R30xCommand.GEN_IMG), decoder.read(SHORT), "resynchronised after " + length);
        }
    }

    @Test
    void rejectsAnUnknownPacketId() {
        var decoder = decoderOf(hex("EF01 FFFFFFFF 05 0003 01 0009"));
        assertEquals(Kind.BAD_PACKET_ID, assertThrows(R30xProtocolException.class, () -> decoder.read(SHORT)).kind());
    }

    @Test
    void reportsAWholePacketFromAnotherAddress() {
        var decoder = decoderOf(R30xPacket.ack(0x0000_0001, 0x00).encode());
        var error = assertThrows(R30xProtocolException.class, () -> decoder.read(SHORT));
        assertEquals(Kind.WRONG_ADDRESS, error.kind());
        assertTrue(error.getMessage().contains("00000001"), error.getMessage());
    }

    @Test
    void reportsAClosedSourceAsDisconnected() {
        var decoder = new R30xPacketDecoder(new ScriptedBytes(hex("EF01 FF"), 2, true), ADDRESS);
        assertEquals(Kind.DISCONNECTED, assertThrows(R30xProtocolException.class, () -> decoder.read(SHORT)).kind());
    }

    @Test
    void packetsRefusePayloadsOutsideTheBounds() {
        assertThrows(IllegalArgumentException.class, () -> new R30xPacket(ADDRESS, R30xPacket.Type.DATA, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new R30xPacket(ADDRESS, R30xPacket.Type.DATA, new byte[257]));
    }

    @Test
    void confirmationCodesHaveMessagesAndUnknownCodesKeepTheirByte() throws Exception {
        assertEquals(R30xConfirmationCode.WRONG_PASSWORD, R30xConfirmationCode.of(0x13));
        assertEquals("No finger on the sensor", R30xConfirmationCode.of(0x02).message());
        var unknown = R30xAck.from(R30xPacket.ack(ADDRESS, 0x5A));
        assertEquals(R30xConfirmationCode.UNKNOWN, unknown.code());
        assertEquals("Unknown confirmation code 0x5A", unknown.message());
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
