package mamori.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/// The data directory (`MAMORI_HOME`): database, key store, recordings and export staging.
public record DataDirectory(Path root) {

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /// `MAMORI_HOME` when set, else the per-user application data directory of the OS.
    public static DataDirectory fromEnvironment(Map<String, String> environment, String osName, Path userHome) {
        String explicit = environment.get("MAMORI_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return new DataDirectory(Path.of(explicit));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String localAppData = environment.get("LOCALAPPDATA");
            Path base = localAppData != null ? Path.of(localAppData) : userHome.resolve("AppData").resolve("Local");
            return new DataDirectory(base.resolve("Mamori"));
        }
        if (os.contains("mac")) {
            return new DataDirectory(userHome.resolve("Library").resolve("Application Support").resolve("Mamori"));
        }
        String xdg = environment.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local").resolve("share");
        return new DataDirectory(base.resolve("mamori"));
    }

    public static DataDirectory fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }

    public Path databaseBase() {
        return root.resolve("db").resolve("mamori");
    }

    public Path keyStore() {
        return root.resolve("keys").resolve("terminal.p12");
    }

    public Path keyStorePasswordFile() {
        return root.resolve("keys").resolve("terminal.p12.pin");
    }

    public Path recordings() {
        return root.resolve("recordings");
    }

    /// Where temporary files go (the JVM's `java.io.tmpdir` in the kiosk): owner-only, inside the
    /// data directory, because H2 spills large query results there unencrypted.
    public Path temporary() {
        return root.resolve("tmp");
    }

    public Path exports() {
        return root.resolve("exports");
    }

    /// Creates the directory tree, readable by the owner only where the file system allows.
    public void create() throws IOException {
        for (Path dir : new Path[] {root, databaseBase().getParent(), keyStore().getParent(), recordings(), exports(), temporary()}) {
            OwnerOnly.createDirectories(dir);
        }
    }
}
