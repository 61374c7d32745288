package mamori.fingerprint;

import java.time.Duration;

/// A fingerprint reader that identifies a finger against the templates stored on it (1:N).
/// Drivers live in `fingerprint-drivers/`; every call is bounded by a timeout so a silent or
/// unplugged reader never hangs the kiosk.
public interface FingerprintReader extends AutoCloseable {

    /// Stable id of this reader (enrolments are kept per reader).
    String readerId();

    /// Human-readable model, for the status and audit.
    String model();

    /// Waits up to `timeout` for a finger and identifies it.
    Identification identify(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
