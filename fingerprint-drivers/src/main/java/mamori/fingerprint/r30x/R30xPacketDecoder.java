package mamori.fingerprint.r30x;

import java.time.Duration;
import mamori.fingerprint.r30x.R30xProtocolException.Kind;

/// Reads R30x packets from a byte stream, each read bounded by a deadline.
///
/// It resynchronises on line garbage by scanning for the start code `EF 01` followed by the
/// expected address, and buffers at most one maximal packet (9 header bytes + 258), so an
/// untrusted length field never sizes an allocation. Bytes read past a packet are kept for the
/// next call. Not thread-safe: one reader thread per decoder.
public final class R30xPacketDecoder {

    /// Where the decoder gets its bytes from: a serial port, or a byte array in tests.
    public interface ByteSource {

        /// Reads up to `length` bytes, waiting at most a short while (tens of milliseconds) for the
        /// first one. Returns the count read, 0 if none arrived yet, or -1 if the source is gone.
        int read(byte[] buffer, int offset, int length);
    }

    private final ByteSource source;
    private final int expectedAddress;
    private final byte[] window = new byte[R30xPacket.HEADER_BYTES + R30xPacket.MAX_LENGTH_FIELD];
    private int start;
    private int end;

    public R30xPacketDecoder(ByteSource source, int expectedAddress) {
        this.source = source;
        this.expectedAddress = expectedAddress;
    }

    /// Drops every byte buffered so far, for example before sending a new command so that a late
    /// answer to an earlier one cannot be taken for the new answer.
    public void discardBuffered() {
        start = 0;
        end = 0;
    }

    /// Reads the next packet for the expected address.
    ///
    /// @throws R30xProtocolException `TIMEOUT` if no whole packet arrived within `timeout`;
    ///     `BAD_LENGTH`, `BAD_CHECKSUM` or `BAD_PACKET_ID` for a malformed packet (its bytes are
    ///     skipped so the next read resynchronises); `WRONG_ADDRESS` for a well-formed packet from
    ///     another module; `DISCONNECTED` if the source is gone.
    public R30xPacket read(Duration timeout) throws R30xProtocolException, InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            requireBuffered(1, deadline);
            if (byteAt(0) != R30xPacket.START_HIGH) {
                start++;
                continue;
            }
            requireBuffered(2, deadline);
            if (byteAt(1) != R30xPacket.START_LOW) {
                start++;
                continue;
            }
            requireBuffered(R30xPacket.HEADER_BYTES, deadline);
            int address = R30xPacket.u32(window, start + 2);
            int id = byteAt(6);
            int lengthField = R30xPacket.u16(window, start + 7);
            if (address != expectedAddress) {
                rejectPacketFromAnotherModule(address, id, lengthField, deadline);
                // Not a whole packet: garbage that happened to contain the start code.
                start++;
                continue;
            }
            var type = R30xPacket.Type.of(id);
            if (type.isEmpty()) {
                start += 2;
                throw new R30xProtocolException(Kind.BAD_PACKET_ID, "Unknown packet id 0x%02X".formatted(id));
            }
            if (!lengthInBounds(lengthField)) {
                start += 2;
                throw new R30xProtocolException(Kind.BAD_LENGTH, "Packet length %d is outside %d..%d"
                        .formatted(lengthField, R30xPacket.MIN_LENGTH_FIELD, R30xPacket.MAX_LENGTH_FIELD));
            }
            int packetBytes = R30xPacket.HEADER_BYTES + lengthField;
            requireBuffered(packetBytes, deadline);
            int payloadBytes = lengthField - R30xPacket.CHECKSUM_BYTES;
            boolean checksumOk = checksumMatches(payloadBytes);
            byte[] payload = new byte[payloadBytes];
            System.arraycopy(window, start + R30xPacket.HEADER_BYTES, payload, 0, payloadBytes);
            start += packetBytes;
            if (!checksumOk) {
                throw new R30xProtocolException(Kind.BAD_CHECKSUM, "Packet checksum does not match its contents");
            }
            return new R30xPacket(address, type.get(), payload);
        }
    }

    /// A whole, correctly checksummed packet for another address means a module is configured with
    /// another address: say so rather than time out. Anything less is treated as garbage.
    private void rejectPacketFromAnotherModule(int address, int id, int lengthField, long deadline)
            throws R30xProtocolException, InterruptedException {
        if (R30xPacket.Type.of(id).isEmpty() || !lengthInBounds(lengthField)) {
            return;
        }
        int packetBytes = R30xPacket.HEADER_BYTES + lengthField;
        if (!fill(packetBytes, deadline)) {
            return;
        }
        if (checksumMatches(lengthField - R30xPacket.CHECKSUM_BYTES)) {
            start += packetBytes;
            throw new R30xProtocolException(Kind.WRONG_ADDRESS,
                    "A module answered from address %08X, expected %08X".formatted(address, expectedAddress));
        }
    }

    private static boolean lengthInBounds(int lengthField) {
        return lengthField >= R30xPacket.MIN_LENGTH_FIELD && lengthField <= R30xPacket.MAX_LENGTH_FIELD;
    }

    private boolean checksumMatches(int payloadBytes) {
        int expected = R30xPacket.checksum(window, start + 6, 3 + payloadBytes);
        int actual = R30xPacket.u16(window, start + R30xPacket.HEADER_BYTES + payloadBytes);
        return expected == actual;
    }

    private int byteAt(int index) {
        return window[start + index] & 0xFF;
    }

    private void requireBuffered(int count, long deadline) throws R30xProtocolException, InterruptedException {
        if (!fill(count, deadline)) {
            throw new R30xProtocolException(Kind.TIMEOUT, "No complete packet from the module in time");
        }
    }

    /// Reads until `count` bytes from `start` are buffered; false if the deadline passed first.
    private boolean fill(int count, long deadline) throws R30xProtocolException, InterruptedException {
        while (end - start < count) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while reading from the fingerprint module");
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (start + count > window.length || end == window.length) {
                System.arraycopy(window, start, window, 0, end - start);
                end -= start;
                start = 0;
            }
            int read = source.read(window, end, window.length - end);
            if (read < 0) {
                throw new R30xProtocolException(Kind.DISCONNECTED, "The fingerprint module's serial port is gone");
            }
            end += read;
        }
        return true;
    }
}
