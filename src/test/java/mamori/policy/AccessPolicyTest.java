package mamori.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Terminal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {

    private static final Terminal TERMINAL = new Terminal("T-1", "kiosk");
    private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");
    private static final Person OPERATOR = new Person("op", "Op", Set.of(Role.OPERATOR), true);
    private static final Person SUPERVISOR = new Person("sv", "Sv", Set.of(Role.SUPERVISOR), true);
    private static final Person AUDITOR = new Person("au", "Au", Set.of(Role.AUDITOR), true);
    private static final Person INACTIVE_SUPERVISOR = new Person("old", "Old", Set.of(Role.SUPERVISOR), false);
    private static final Person NAMED_OPERATOR = new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true);

    private static final List<Grant> GRANTS = List.of(
            Grant.toRole(Role.OPERATOR, Optional.of("cam-1"), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.VIEW_RECORDINGS),
            Grant.toPerson("nurse", Optional.of("cam-3"), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.AUDITOR, Optional.empty(), Permission.READ_AUDIT_LOG));

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", Decision.allow()),
                Arguments.of(OPERATOR, Permission.VIEW_RECORDINGS, "cam-2", Decision.deny(DenialReason.NO_GRANT)),
                Arguments.of(OPERATOR, Permission.REQUEST_EXPORT, "cam-1", Decision.deny(DenialReason.NO_GRANT)),
                Arguments.of(SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-2", Decision.allow()),
                Arguments.of(SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-9", Decision.allow()),
                Arguments.of(INACTIVE_SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-1", Decision.deny(DenialReason.PERSON_INACTIVE)),
                Arguments.of(NAMED_OPERATOR, Permission.VIEW_RECORDINGS, "cam-3", Decision.allow()),
                Arguments.of(NAMED_OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", Decision.allow()),
                Arguments.of(OPERATOR, Permission.VIEW_RECORDINGS, "cam-3", Decision.deny(DenialReason.NO_GRANT)),
                Arguments.of(AUDITOR, Permission.VIEW_RECORDINGS, "cam-1", Decision.deny(DenialReason.NO_GRANT)),
                Arguments.of(AUDITOR, Permission.READ_AUDIT_LOG, null, Decision.allow()));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("table")
    void decidesByGrant(Person person, Permission permission, String camera, Decision expected) {
        Decision decision = new AccessPolicy().decide(
                new AccessRequest(person, TERMINAL, permission, Optional.ofNullable(camera), NOW), GRANTS);
        assertEquals(expected, decision);
    }
}
