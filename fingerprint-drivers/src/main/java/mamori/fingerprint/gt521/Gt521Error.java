package mamori.fingerprint.gt521;

/// The error codes a GT-521Fxx puts in the parameter of a NACK, with words for the screen.
/// A NACK parameter below 0x1000 after Enroll3 is not an error code but the id of an enrolled
/// template the new finger duplicates.
enum Gt521Error {
    TIMEOUT(0x1001, "the module timed out"),
    INVALID_BAUDRATE(0x1002, "invalid baud rate"),
    INVALID_POSITION(0x1003, "the template id is outside the module's database"),
    NOT_USED(0x1004, "no template is stored at this id"),
    ALREADY_USED(0x1005, "a template is already stored at this id"),
    COMMUNICATION_ERROR(0x1006, "the module received a garbled command"),
    VERIFY_FAILED(0x1007, "the finger does not match the template"),
    IDENTIFY_FAILED(0x1008, "the finger matches no stored template"),
    DATABASE_FULL(0x1009, "the module's template database is full"),
    DATABASE_EMPTY(0x100A, "no templates are stored on the module"),
    TURN_ERROR(0x100B, "enrolment steps out of order"),
    BAD_FINGER(0x100C, "the finger image is too poor: place the finger flat and still"),
    ENROLL_FAILED(0x100D, "the three captures did not agree: enrol again"),
    NOT_SUPPORTED(0x100E, "the module does not support this command"),
    DEVICE_ERROR(0x100F, "the module reports a hardware error"),
    CAPTURE_CANCELLED(0x1010, "the capture was cancelled"),
    INVALID_PARAMETER(0x1011, "invalid parameter"),
    FINGER_NOT_PRESSED(0x1012, "no finger on the sensor"),
    UNKNOWN(-1, "unknown error");

    final int code;
    final String message;

    Gt521Error(int code, String message) {
        this.code = code;
        this.message = message;
    }

    static Gt521Error of(int code) {
        for (Gt521Error error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return UNKNOWN;
    }
}
