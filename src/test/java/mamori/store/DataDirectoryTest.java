package mamori.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    private static final Path HOME = Path.of("/home/kiosk");

    @Test
    void mamoriHomeWins() {
        assertEquals(Path.of("/srv/mamori"),
                DataDirectory.fromEnvironment(Map.of("MAMORI_HOME", "/srv/mamori"), "Linux", HOME).root());
    }

    @Test
    void linuxUsesTheXdgDataDirectory() {
        assertEquals(Path.of("/home/kiosk/.local/share/mamori"), DataDirectory.fromEnvironment(Map.of(), "Linux", HOME).root());
        assertEquals(Path.of("/data/mamori"),
                DataDirectory.fromEnvironment(Map.of("XDG_DATA_HOME", "/data"), "Linux", HOME).root());
    }

    @Test
    void windowsUsesLocalAppData() {
        assertEquals(Path.of("/c/Users/kiosk/AppData/Local/Mamori"),
                DataDirectory.fromEnvironment(Map.of("LOCALAPPDATA", "/c/Users/kiosk/AppData/Local"), "Windows 11", HOME).root());
    }

    @Test
    void macUsesApplicationSupport() {
        assertEquals(Path.of("/home/kiosk/Library/Application Support/Mamori"),
                DataDirectory.fromEnvironment(Map.of(), "Mac OS X", HOME).root());
    }
}
