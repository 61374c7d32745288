package mamori.fingerprint;

/// Why one capture of an enrolment could not be used; the person places the finger again.
public enum CaptureProblem {
    /// The image was smudged, too dry or too wet, or only partly on the sensor.
    POOR_IMAGE,
    /// The image was readable but had too few ridge features for a template.
    TOO_FEW_FEATURES,
    /// The finger moved while the image was taken.
    FINGER_MOVED
}
