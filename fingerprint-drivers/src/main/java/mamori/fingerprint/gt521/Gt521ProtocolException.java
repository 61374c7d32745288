package mamori.fingerprint.gt521;

import java.io.IOException;

/// The serial exchange with a GT-521Fxx failed: no answer in time, the line went away, or what
/// came back was not a well-formed packet from this module.
final class Gt521ProtocolException extends IOException {

    enum Kind {
        TIMEOUT,
        DISCONNECTED,
        BAD_CHECKSUM,
        WRONG_DEVICE,
        NOT_A_RESPONSE;

        /// Faults a retry of the same command may cure.
        boolean isLineNoise() {
            return this == BAD_CHECKSUM || this == NOT_A_RESPONSE;
        }
    }

    private final Kind kind;

    Gt521ProtocolException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
