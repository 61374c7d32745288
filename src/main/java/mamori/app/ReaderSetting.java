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

    /// The in-process stand-in: no serial line, no socat (tests that need neither, headless commands).
    record InProcess() implements ReaderSetting {
    }

    ReaderSetting DEMO = new Demo();
    ReaderSetting IN_PROCESS = new InProcess();

    /// Parses `demo`, `in-process` or `r30x:/dev/ttyUSB0[@57600]`.
    static ReaderSetting parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("demo")) {
            return DEMO;
        }
        if (value.equalsIgnoreCase("in-process")) {
            return IN_PROCESS;
        }
        if (value.toLowerCase(Locale.ROOT).startsWith("r30x:")) {
            String device = value.substring("r30x:".length());
            int at = device.lastIndexOf('@');
            if (at < 0) {
                return new R30x(device, 57_600);
            }
            try {
                return new R30x(device.substring(0, at), Integer.parseInt(device.substring(at + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MAMORI_READER: bad baud rate in " + text);
            }
        }
        throw new IllegalArgumentException("MAMORI_READER takes demo, in-process or r30x:/dev/ttyUSB0[@57600], not " + text);
    }
}
