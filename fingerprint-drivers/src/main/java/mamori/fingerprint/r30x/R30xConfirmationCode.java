package mamori.fingerprint.r30x;

import java.util.Arrays;

/// The confirmation code a module puts first in every acknowledgement, with a message an operator
/// or auditor can read. Codes outside the datasheet's list map to `UNKNOWN`; the acknowledgement
/// ([R30xAck]) keeps the raw byte.
public enum R30xConfirmationCode {
    OK(0x00, "OK"),
    PACKET_ERROR(0x01, "The module received a corrupted packet"),
    NO_FINGER(0x02, "No finger on the sensor"),
    IMAGE_FAILED(0x03, "The module could not capture the finger image"),
    IMAGE_TOO_MESSY(0x06, "The finger image was too messy to extract features"),
    TOO_FEW_FEATURES(0x07, "The finger image had too few features"),
    NO_MATCH(0x08, "The finger does not match"),
    NOT_FOUND(0x09, "No matching fingerprint was found"),
    ENROL_MISMATCH(0x0A, "The two enrolment images did not combine into one template"),
    BAD_PAGE(0x0B, "The template page is outside the module's library"),
    DATABASE_RANGE(0x0C, "The template could not be read from the library"),
    WRONG_PASSWORD(0x13, "The module rejected the password"),
    INVALID_IMAGE(0x15, "There is no valid finger image to process"),
    FLASH_ERROR(0x18, "The module failed to write its flash memory"),
    PASSWORD_NOT_VERIFIED(0x21, "The module requires the password to be verified first"),
    UNKNOWN(-1, "Unknown confirmation code");

    private final int code;
    private final String message;

    R30xConfirmationCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /// The code byte, or -1 for `UNKNOWN`.
    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public static R30xConfirmationCode of(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst().orElse(UNKNOWN);
    }
}
