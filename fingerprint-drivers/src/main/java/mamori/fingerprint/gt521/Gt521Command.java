package mamori.fingerprint.gt521;

/// The GT-521Fxx commands the driver and the emulator use (datasheet "Command list").
enum Gt521Command {
    OPEN(0x01),
    CLOSE(0x02),
    CMOS_LED(0x12),
    GET_ENROLL_COUNT(0x20),
    CHECK_ENROLLED(0x21),
    ENROLL_START(0x22),
    ENROLL_1(0x23),
    ENROLL_2(0x24),
    ENROLL_3(0x25),
    IS_PRESS_FINGER(0x26),
    DELETE_ID(0x40),
    DELETE_ALL(0x41),
    VERIFY_1_1(0x50),
    IDENTIFY_1_N(0x51),
    CAPTURE_FINGER(0x60);

    /// Response codes in the command field of an answer.
    static final int ACK = 0x30;
    static final int NACK = 0x31;

    final int code;

    Gt521Command(int code) {
        this.code = code;
    }

    static Gt521Command of(int code) {
        for (Gt521Command command : values()) {
            if (command.code == code) {
                return command;
            }
        }
        return null;
    }
}
