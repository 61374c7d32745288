package mamori.fingerprint.r30x;

/// The serial line did not carry a well-formed R30x packet in time. `kind` says what went wrong,
/// so a caller can tell line noise (worth one retry) from a lost or silent module.
public final class R30xProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /// What went wrong while reading or writing a packet.
    public enum Kind {
        /// No complete packet arrived before the deadline.
        TIMEOUT,
        /// The packet's checksum did not match its contents.
        BAD_CHECKSUM,
        /// The length field was outside the protocol's bounds.
        BAD_LENGTH,
        /// The packet id was not command, data, acknowledgement or end of data.
        BAD_PACKET_ID,
        /// A well-formed packet came from a module with another address.
        WRONG_ADDRESS,
        /// The serial port is gone (unplugged, closed, or the peer died).
        DISCONNECTED;

        /// Whether this is line noise on a live link, for which resending the command once is sensible.
        public boolean isLineNoise() {
            return this == BAD_CHECKSUM || this == BAD_LENGTH || this == BAD_PACKET_ID;
        }
    }

    private final Kind kind;

    public R30xProtocolException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
