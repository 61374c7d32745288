package mamori.playback;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import mamori.identity.Person;
import mamori.store.Settings;

/// Whether a viewer must state why they watch before playback starts: the facility names roles
/// and cameras in the setting `playback.purposeRequired` (e.g. `OPERATOR,cam-entrance`).
public final class PurposeRule {

    public static final String SETTING = "playback.purposeRequired";

    private final Settings settings;

    public PurposeRule(Settings settings) {
        this.settings = settings;
    }

    public boolean requiredFor(Person person, String cameraId) throws SQLException {
        Set<String> named = settings.get(SETTING).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip).filter(name -> !name.isEmpty()).collect(Collectors.toSet());
        return named.contains(cameraId) || person.roles().stream().anyMatch(role -> named.contains(role.name()));
    }
}
