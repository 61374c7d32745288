package mamori.fingerprint.gt521;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Gt521PacketTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void openCommandMatchesTheDatasheetExample() {
        assertArrayEquals(hex("55 AA 01 00 00 00 00 00 01 00 01 01"), Gt521Packet.command(Gt521Command.OPEN, 0).encode());
    }

    @Test
    void parameterAndCodeAreLittleEndian() throws Exception {
        // CmosLed on: parameter 1, command 0x12; checksum 0x55+0xAA+0x01+0x01+0x12 = 0x113.
        assertArrayEquals(hex("55 AA 01 00 01 00 00 00 12 00 13 01"), Gt521Packet.command(Gt521Command.CMOS_LED, 1).encode());
        Gt521Packet nack = Gt521Packet.decode(Gt521Packet.nack(0x1008).encode());
        assertEquals(0x1008, nack.parameter());
        assertEquals(Gt521Command.NACK, nack.code());
        assertEquals(Gt521Error.IDENTIFY_FAILED, Gt521Error.of(nack.parameter()));
    }

    @Test
    void aWrongChecksumIsRefused() {
        byte[] bytes = Gt521Packet.ack(5).encode();
        bytes[11] ^= 1;
        var e = assertThrows(Gt521ProtocolException.class, () -> Gt521Packet.decode(bytes));
        assertEquals(Gt521ProtocolException.Kind.BAD_CHECKSUM, e.kind());
    }

    @Test
    void aPacketWithoutItsStartCodeOrOfTheWrongSizeIsRefused() {
        byte[] bytes = Gt521Packet.ack(5).encode();
        bytes[0] = 0x54;
        assertEquals(Gt521ProtocolException.Kind.NOT_A_RESPONSE, assertThrows(Gt521ProtocolException.class, () -> Gt521Packet.decode(bytes)).kind());
        assertThrows(Gt521ProtocolException.class, () -> Gt521Packet.decode(new byte[11]));
    }

    @Test
    void everyKnownErrorCodeHasItsOwnMessage() {
        assertEquals(Gt521Error.FINGER_NOT_PRESSED, Gt521Error.of(0x1012));
        assertEquals(Gt521Error.UNKNOWN, Gt521Error.of(0x2000));
        assertEquals(Gt521Error.values().length, java.util.Arrays.stream(Gt521Error.values()).map(e -> e.message).distinct().count());
    }
}
