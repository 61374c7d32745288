package mamori.enrolment;

/// The ten fingers, by the codes stored in `finger_enrolment.finger` and shown as `finger.<CODE>`.
public enum Finger {
    RIGHT_THUMB,
    RIGHT_INDEX,
    RIGHT_MIDDLE,
    RIGHT_RING,
    RIGHT_LITTLE,
    LEFT_THUMB,
    LEFT_INDEX,
    LEFT_MIDDLE,
    LEFT_RING,
    LEFT_LITTLE
}
