package mamori.fingerprint;

import java.time.Duration;

/// A fingerprint reader that identifies a finger against the templates stored on it (1:N),
/// verifies one against a single template (1:1), and enrols and deletes templates.
/// Drivers live in `fingerprint-drivers/`; every call is bounded by a timeout so a silent or
/// unplugged reader never hangs the kiosk. Templates never leave the module.
///
/// Enrolment, verification and deletion have defaults that say the reader cannot do them, so a
/// driver that only identifies still compiles; the R30x driver and the emulators do all of them.
public interface FingerprintReader extends AutoCloseable {

    /// Stable id of this reader (enrolments are kept per reader).
    String readerId();

    /// Human-readable model, for the status and audit.
    String model();

    /// Waits up to `timeout` for a finger and identifies it.
    Identification identify(Duration timeout) throws InterruptedException;

    /// How many templates the module's library holds (template ids are `0 .. capacity - 1`);
    /// 0 while unknown (a module not opened yet).
    default int templateCapacity() {
        return 0;
    }

    /// Waits up to `timeout` for a finger and compares it with the one template at `templateId`.
    default Identification verify(int templateId, Duration timeout) throws InterruptedException {
        return new Identification.ReaderFault("This reader cannot verify a single template");
    }

    /// Enrols a finger at `templateId`: capture, lift, capture again, combine, store. Each wait for
    /// the person (place, lift) is bounded by `perCaptureTimeout`; the steps go to `listener`.
    default Enrolment enrol(int templateId, EnrolmentListener listener, Duration perCaptureTimeout)
            throws InterruptedException {
        return new Enrolment.ReaderFault("This reader cannot enrol fingers");
    }

    /// Deletes the template at `templateId` from the module.
    default Deletion delete(int templateId) throws InterruptedException {
        return new Deletion.Failed(templateId, "This reader cannot delete templates");
    }

    @Override
    void close();
}
