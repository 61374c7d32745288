package mamori.export.media;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/// Where copies may go besides approved media, and how long staged packages are kept:
/// `MAMORI_EXPORT_FOLDER` (an absolute path, optional: a network share or a fixed archive disk the
/// facility trusts) and `MAMORI_EXPORT_RETENTION` (ISO-8601, default `P30D`, at least `PT1H`).
public record ExportMediaSettings(Optional<Path> folder, Duration retention) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration MINIMUM_RETENTION = Duration.ofHours(1);

    public ExportMediaSettings {
        if (folder.isPresent() && !folder.get().isAbsolute()) {
            throw new IllegalArgumentException("MAMORI_EXPORT_FOLDER must be an absolute path, not " + folder.get());
        }
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("MAMORI_EXPORT_RETENTION must be at least PT1H, got " + retention);
        }
    }

    public static final ExportMediaSettings DEFAULTS = new ExportMediaSettings(Optional.empty(), DEFAULT_RETENTION);

    /// The settings from the environment (`System::getenv` in the kiosk); unset ones keep their default.
    public static ExportMediaSettings fromEnvironment(UnaryOperator<String> environment) {
        Optional<Path> folder = Optional.ofNullable(environment.apply("MAMORI_EXPORT_FOLDER")).map(String::strip)
                .filter(text -> !text.isEmpty()).map(Path::of).map(Path::normalize);
        String retention = environment.apply("MAMORI_EXPORT_RETENTION");
        Duration kept = DEFAULT_RETENTION;
        if (retention != null && !retention.isBlank()) {
            try {
                kept = Duration.parse(retention.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("MAMORI_EXPORT_RETENTION is an ISO-8601 duration such as P30D, not " + retention, e);
            }
        }
        return new ExportMediaSettings(folder, kept);
    }
}
