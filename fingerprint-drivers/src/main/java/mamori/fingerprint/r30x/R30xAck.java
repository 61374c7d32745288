package mamori.fingerprint.r30x;

import java.util.Arrays;

/// A module's acknowledgement: the raw confirmation code byte, its meaning and the data after it
/// (for example page id and score after a Search).
public record R30xAck(int rawCode, R30xConfirmationCode code, byte[] data) {

    public R30xAck {
        data = data.clone();
    }

    /// Reads an acknowledgement packet; its payload is the confirmation code then the data.
    public static R30xAck from(R30xPacket packet) throws R30xProtocolException {
        if (packet.type() != R30xPacket.Type.ACK) {
            throw new R30xProtocolException(R30xProtocolException.Kind.BAD_PACKET_ID,
                    "Expected an acknowledgement from the module but got a " + packet.type() + " packet");
        }
        byte[] payload = packet.payload();
        int raw = payload[0] & 0xFF;
        return new R30xAck(raw, R30xConfirmationCode.of(raw), Arrays.copyOfRange(payload, 1, payload.length));
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /// The code's message; an unknown code shows its byte, so the audit log can still say which.
    public String message() {
        return code == R30xConfirmationCode.UNKNOWN
                ? "Unknown confirmation code 0x%02X".formatted(rawCode)
                : code.message();
    }

    /// Big-endian unsigned 16-bit value at `offset` in the data.
    int dataU16(int offset) throws R30xProtocolException {
        if (data.length < offset + 2) {
            throw new R30xProtocolException(R30xProtocolException.Kind.BAD_LENGTH,
                    "The module's answer is %d bytes, too short for the expected fields".formatted(data.length + 1));
        }
        return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof R30xAck ack && ack.rawCode == rawCode && Arrays.equals(ack.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * rawCode + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "R30xAck[0x%02X %s, data=%s]".formatted(rawCode, code, R30xPacket.hex(data));
    }
}
