package mamori.fingerprint.r30x;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/// One packet of the R30x serial protocol:
/// `EF 01 | address (4) | packet id (1) | length (2, = payload + 2) | payload | checksum (2)`,
/// all big-endian; the checksum is the low 16 bits of the sum of the packet id, the two length
/// bytes and the payload bytes.
public record R30xPacket(int address, Type type, byte[] payload) {

    /// The fixed start code `EF 01`.
    static final int START_HIGH = 0xEF;
    static final int START_LOW = 0x01;
    /// Start code, address, packet id and length: the bytes before the payload.
    static final int HEADER_BYTES = 9;
    static final int CHECKSUM_BYTES = 2;
    /// The largest payload: a data packet of 256 bytes (the module's biggest packet size).
    public static final int MAX_PAYLOAD = 256;
    /// The length field counts the payload and the checksum, and a payload has at least one byte.
    static final int MIN_LENGTH_FIELD = 1 + CHECKSUM_BYTES;
    static final int MAX_LENGTH_FIELD = MAX_PAYLOAD + CHECKSUM_BYTES;
    /// The factory-default address every module answers on until it is changed.
    public static final int DEFAULT_ADDRESS = 0xFFFFFFFF;

    /// The packet identifier byte.
    public enum Type {
        COMMAND(0x01), DATA(0x02), ACK(0x07), END_OF_DATA(0x08);

        private final int id;

        Type(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        public static Optional<Type> of(int id) {
            return Arrays.stream(values()).filter(type -> type.id == id).findFirst();
        }
    }

    public R30xPacket {
        if (payload.length < 1 || payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload must be 1.." + MAX_PAYLOAD + " bytes, was " + payload.length);
        }
        payload = payload.clone();
    }

    /// A command packet: the instruction code followed by its parameters.
    public static R30xPacket command(int address, R30xCommand command, byte... parameters) {
        byte[] payload = new byte[1 + parameters.length];
        payload[0] = (byte) command.code();
        System.arraycopy(parameters, 0, payload, 1, parameters.length);
        return new R30xPacket(address, Type.COMMAND, payload);
    }

    /// An acknowledgement packet: the confirmation code followed by its data.
    public static R30xPacket ack(int address, int confirmationCode, byte... data) {
        byte[] payload = new byte[1 + data.length];
        payload[0] = (byte) confirmationCode;
        System.arraycopy(data, 0, payload, 1, data.length);
        return new R30xPacket(address, Type.ACK, payload);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /// The packet's bytes on the wire.
    public byte[] encode() {
        int lengthField = payload.length + CHECKSUM_BYTES;
        byte[] wire = new byte[HEADER_BYTES + lengthField];
        wire[0] = (byte) START_HIGH;
        wire[1] = (byte) START_LOW;
        putU32(wire, 2, address);
        wire[6] = (byte) type.id();
        putU16(wire, 7, lengthField);
        System.arraycopy(payload, 0, wire, HEADER_BYTES, payload.length);
        putU16(wire, HEADER_BYTES + payload.length, checksum(wire, 6, 3 + payload.length));
        return wire;
    }

    /// Low 16 bits of the unsigned sum of `count` bytes from `offset` (packet id, length, payload).
    static int checksum(byte[] bytes, int offset, int count) {
        int sum = 0;
        for (int i = offset; i < offset + count; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }

    static void putU32(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    static int u16(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    static int u32(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof R30xPacket packet && packet.address == address && packet.type == type
                && Arrays.equals(packet.payload, payload);
    }

    @Override
    public int hashCode() {
        return (31 * address + type.hashCode()) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "R30xPacket[address=%08X, %s, payload=%s]".formatted(address, type, hex(payload));
    }
}
