package mamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("help"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("bench startup"), text);
        assertTrue(text.contains("MAMORI_HOME"), text);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsOneLine() {
        assertEquals(0, run("version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("mamori "));
    }

    @Test
    void anUnknownCommandFailsOnStderr() {
        assertEquals(2, run("frobnicate"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }

    @Test
    void anUnknownKioskOptionFailsBeforeAnyWindowOpens() {
        assertEquals(2, run("--fullscreen-please"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option(s): --fullscreen-please"));
    }

    @Test
    void benchWithoutANameIsAUsageError() {
        assertEquals(2, run("bench"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bench needs a benchmark name"));
        assertEquals(2, run("bench", "startup", "--runs"));
    }

    @Test
    void benchExportRefusesRoundsThatDoNotDivideItsMinutes() {
        assertEquals(2, run("bench", "export", "--minutes", "10", "--rounds", "3"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--rounds must divide --minutes"));
    }
}
