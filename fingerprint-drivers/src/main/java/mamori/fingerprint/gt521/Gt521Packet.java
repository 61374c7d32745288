package mamori.fingerprint.gt521;

/// One 12-byte GT-521Fxx packet, little-endian: `55 AA | device id (2) | parameter (4) |
/// command or response (2) | checksum (2)`, the checksum being the low 16 bits of the sum of
/// bytes 0..9. Commands and responses share the layout; a response carries 0x30 (ACK) or 0x31
/// (NACK) where a command carries its code.
record Gt521Packet(int deviceId, int parameter, int code) {

    static final int SIZE = 12;
    static final int START_1 = 0x55;
    static final int START_2 = 0xAA;
    static final int DEFAULT_DEVICE_ID = 0x0001;

    static Gt521Packet command(Gt521Command command, int parameter) {
        return new Gt521Packet(DEFAULT_DEVICE_ID, parameter, command.code);
    }

    static Gt521Packet ack(int parameter) {
        return new Gt521Packet(DEFAULT_DEVICE_ID, parameter, Gt521Command.ACK);
    }

    static Gt521Packet nack(int errorOrId) {
        return new Gt521Packet(DEFAULT_DEVICE_ID, errorOrId, Gt521Command.NACK);
    }

    boolean isAck() {
        return code == Gt521Command.ACK;
    }

    boolean isNack() {
        return code == Gt521Command.NACK;
    }

    byte[] encode() {
        byte[] bytes = new byte[SIZE];
        bytes[0] = (byte) START_1;
        bytes[1] = (byte) START_2;
        putU16(bytes, 2, deviceId);
        bytes[4] = (byte) parameter;
        bytes[5] = (byte) (parameter >>> 8);
        bytes[6] = (byte) (parameter >>> 16);
        bytes[7] = (byte) (parameter >>> 24);
        putU16(bytes, 8, code);
        putU16(bytes, 10, checksum(bytes));
        return bytes;
    }

    /// Reads a packet from exactly [#SIZE] bytes that start with `55 AA`.
    static Gt521Packet decode(byte[] bytes) throws Gt521ProtocolException {
        if (bytes.length != SIZE || (bytes[0] & 0xFF) != START_1 || (bytes[1] & 0xFF) != START_2) {
            throw new Gt521ProtocolException(Gt521ProtocolException.Kind.NOT_A_RESPONSE, "not a GT-521 packet");
        }
        int expected = checksum(bytes);
        int actual = u16(bytes, 10);
        if (expected != actual) {
            throw new Gt521ProtocolException(Gt521ProtocolException.Kind.BAD_CHECKSUM,
                    "checksum 0x%04X where the bytes sum to 0x%04X".formatted(actual, expected));
        }
        int parameter = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF) << 16 | (bytes[7] & 0xFF) << 24;
        return new Gt521Packet(u16(bytes, 2), parameter, u16(bytes, 8));
    }

    static int checksum(byte[] bytes) {
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    private static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
    }

    private static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }
}
