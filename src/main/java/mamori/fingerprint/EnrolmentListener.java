package mamori.fingerprint;

/// Receives an enrolment's steps as they happen, on the thread that runs the enrolment.
@FunctionalInterface
public interface EnrolmentListener {

    void step(EnrolmentStep step);
}
