package mamori.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/// The runtime's module list in jlink/modules.txt must cover what jdeps finds the app and its
/// libraries need; otherwise the packaged kiosk fails only once installed.
class JlinkModulesTest {

    @Test
    void theModuleListCoversWhatJdepsFinds() throws IOException {
        Set<String> listed = Files.readAllLines(Path.of("jlink/modules.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).toList();
        String javafx = classPath.stream().filter(entry -> entry.contains("openjfx")).collect(Collectors.joining(File.pathSeparator));
        String libraries = classPath.stream()
                .filter(entry -> !entry.contains("openjfx") && !entry.endsWith("test-classes") && !entry.endsWith("classes"))
                .collect(Collectors.joining(File.pathSeparator));

        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--multi-release", "25", "--ignore-missing-deps", "--print-module-deps",
                "--module-path", javafx, "--class-path", libraries, "target/classes");
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String lastLine = out.toString(StandardCharsets.UTF_8).strip().lines().reduce((first, second) -> second).orElse("");
        Set<String> needed = new TreeSet<>(Arrays.asList(lastLine.split(",")));
        assertTrue(needed.contains("java.base") && needed.contains("javafx.controls"), "jdeps answered: " + lastLine);
        needed.removeAll(listed);
        assertTrue(needed.isEmpty(), "jlink/modules.txt lacks " + needed);
    }
}
