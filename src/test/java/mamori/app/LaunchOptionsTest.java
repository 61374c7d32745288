package mamori.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void noOptionsMeansTheJapaneseFullScreenKiosk() {
        assertEquals(LaunchOptions.KIOSK, LaunchOptions.parse(List.of()));
        assertEquals(Locale.JAPANESE, LaunchOptions.KIOSK.locale());
    }

    @Test
    void windowedAndEnglishCanBeChosen() {
        LaunchOptions options = LaunchOptions.parse(List.of("--windowed", "--lang=en"));
        assertEquals(new LaunchOptions(true, Locale.ENGLISH, false), options);
    }

    @Test
    void otherLanguagesAndUnknownOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--lang=fr")));
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--kiosk=false")));
    }
}
