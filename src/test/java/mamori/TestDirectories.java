package mamori;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Where tests put files a person may want to look at afterwards (screenshots, logs).
public final class TestDirectories {

    private TestDirectories() {
    }

    public static Path output(String name) throws IOException {
        Path root = Path.of(System.getProperty("mamori.test.output", "target/test-output"));
        return Files.createDirectories(root.resolve(name));
    }
}
