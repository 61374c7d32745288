package mamori.app;

import java.util.Locale;

/// Which fingerprint reader the kiosk uses (`MAMORI_READER`).
public sealed interface ReaderSetting {

    /// The demo: an emulated R30x module on a socat pty pair, started with the app, with the demo
    /// people's fingers enrolled; the R30x driver talks to it over the pty.
    record Demo() implements ReaderSetting {
    }

    /// A real R30x / R503 / AS608 / ZFM module on a serial device.
    record R30x(String port, int baud) implements ReaderSetting {

        public R30x {
            if (port.isBlank()) {
                throw new IllegalArgumentException("the reader's serial device is empty");
            }
            if (baud < 9_600 || baud > 115_200 || baud % 9_600 != 0) {
                throw new IllegalArgumentException("R30x modules run at 9600..115200 baud in steps of 9600, not " + baud);
            }
        }
    }

    /// A real ADH-Tech GT-521F32 / GT-521F52 module on a serial device.
    record Gt521(String port, int baud) implements ReaderSetting {

        public Gt521 {
            if (port.isBlank()) {
                throw new IllegalArgumentException("the reader's serial device is empty");
            }
            if (!java.util.Set.of(9_600, 19_200, 38_400, 57_600, 115_200).contains(baud)) {
                throw new IllegalArgumentException("GT-521 modules run at 9600, 19200, 38400, 57600 or 115200 baud, not " + baud);
            }
        }
    }

    /// The in-process stand-in: no serial line, no socat (tests that need neither, headless commands).
    record InProcess() implements ReaderSetting {
    }

    ReaderSetting DEMO = new Demo();
    ReaderSetting IN_PROCESS = new InProcess();

    /// Parses `demo`, `in-process`, `r30x:/dev/ttyUSB0[@57600]` or `gt521:/dev/ttyUSB0[@9600]`.
    static ReaderSetting parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("demo")) {
            return DEMO;
        }
        if (value.equalsIgnoreCase("in-process")) {
            return IN_PROCESS;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("r30x:")) {
            DeviceAndBaud device = DeviceAndBaud.parse(text, value.substring("r30x:".length()), 57_600);
            return new R30x(device.device(), device.baud());
        }
        if (lower.startsWith("gt521:")) {
            DeviceAndBaud device = DeviceAndBaud.parse(text, value.substring("gt521:".length()), 9_600);
            return new Gt521(device.device(), device.baud());
        }
        throw new IllegalArgumentException("MAMORI_READER takes demo, in-process, r30x:/dev/ttyUSB0[@57600] or gt521:/dev/ttyUSB0[@9600], not " + text);
    }
}

/// `/dev/ttyUSB0` or `/dev/ttyUSB0@57600`.
record DeviceAndBaud(String device, int baud) {

    static DeviceAndBaud parse(String setting, String text, int defaultBaud) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return new DeviceAndBaud(text, defaultBaud);
        }
        try {
            return new DeviceAndBaud(text.substring(0, at), Integer.parseInt(text.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MAMORI_READER: bad baud rate in " + setting);
        }
    }
}
