package mamori.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReaderSettingTest {

    @Test
    void namedReadersAndSerialDevicesWithOrWithoutBaudRate() {
        assertEquals(ReaderSetting.DEMO, ReaderSetting.parse(" demo "));
        assertEquals(ReaderSetting.IN_PROCESS, ReaderSetting.parse("in-process"));
        assertEquals(new ReaderSetting.R30x("/dev/ttyUSB0", 57_600), ReaderSetting.parse("r30x:/dev/ttyUSB0"));
        assertEquals(new ReaderSetting.R30x("/dev/ttyUSB0", 115_200), ReaderSetting.parse("R30X:/dev/ttyUSB0@115200"));
        assertEquals(new ReaderSetting.Gt521("/dev/mamori-fingerprint", 9_600), ReaderSetting.parse("gt521:/dev/mamori-fingerprint"));
        assertEquals(new ReaderSetting.Gt521("/dev/ttyUSB1", 115_200), ReaderSetting.parse("gt521:/dev/ttyUSB1@115200"));
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReaderSetting.parse("gt521:/dev/ttyUSB0@14400"))
                .getMessage().contains("14400"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReaderSetting.parse("gt521:/dev/ttyUSB0@fast"))
                .getMessage().contains("bad baud rate"));
        assertThrows(IllegalArgumentException.class, () -> ReaderSetting.parse("gt521:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReaderSetting.parse("fprintd"))
                .getMessage().contains("gt521:"));
    }
}
