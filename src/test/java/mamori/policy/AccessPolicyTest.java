package mamori.policy;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static mamori.policy.ViewingScheduleTest.window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// The whole policy, row by row. 2026-11-24 is a Tuesday, 2026-11-28 a Saturday; Monday 2026-11-23
/// is a holiday on which the operators' hours are closed.
class AccessPolicyTest {

    private static final Terminal TERMINAL = new Terminal("T-1", "kiosk");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String NOW = "2026-11-23T12:00+09:00";
    private static final String TUESDAY_10 = "2026-11-24T10:00+09:00";
    private static final String SATURDAY_03 = "2026-11-28T03:00+09:00";

    private static final Person OPERATOR = new Person("op", "Op", Set.of(Role.OPERATOR), true);
    private static final Person SUPERVISOR = new Person("sv", "Sv", Set.of(Role.SUPERVISOR), true);
    private static final Person AUDITOR = new Person("au", "Au", Set.of(Role.AUDITOR), true);
    private static final Person ADMINISTRATOR = new Person("ad", "Ad", Set.of(Role.ADMINISTRATOR), true);
    private static final Person INACTIVE_SUPERVISOR = new Person("old", "Old", Set.of(Role.SUPERVISOR), false);
    private static final Person INACTIVE_ADMINISTRATOR = new Person("gone", "Gone", Set.of(Role.ADMINISTRATOR), false);
    private static final Person NAMED_OPERATOR = new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true);
    private static final Person NIGHT_NURSE = new Person("night", "Night", Set.of(Role.OPERATOR), true);
    private static final Person OPERATOR_AND_SUPERVISOR = new Person("both", "Both", Set.of(Role.OPERATOR, Role.SUPERVISOR), true);
    private static final Person OPERATOR_AND_ADMINISTRATOR = new Person("it", "It", Set.of(Role.OPERATOR, Role.ADMINISTRATOR), true);
    private static final Person ROLELESS = new Person("guest", "Guest", Set.of(), true);

    private static final List<Grant> GRANTS = List.of(
            Grant.toRole(Role.OPERATOR, Optional.of("cam-1"), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.OPERATOR, Optional.of("cam-1"), Permission.VIEW_LIVE),
            Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.REQUEST_EXPORT),
            Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.APPROVE_EXPORT),
            Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.LIFT_PRIVACY_MASKS),
            Grant.toPerson("nurse", Optional.of("cam-3"), Permission.VIEW_RECORDINGS),
            Grant.toPerson("night", Optional.of("cam-3"), Permission.VIEW_RECORDINGS),
            Grant.toPerson("guest", Optional.of("cam-1"), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.AUDITOR, Optional.empty(), Permission.READ_AUDIT_LOG),
            Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.ADMINISTER),
            Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.READ_AUDIT_LOG),
            Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.VIEW_RECORDINGS));

    private static final ViewingSchedule OPERATOR_HOURS = weekdays("09:00", "17:00")
            .withExceptions(ExceptionDate.closed(LocalDate.parse("2026-11-23")));
    private static final ViewingSchedule SUPERVISOR_HOURS = weekdays("08:00", "20:00");
    private static final ViewingSchedule NIGHTS = ViewingSchedule.weekly(
            Stream.of(DayOfWeek.values()).map(day -> window(day, "22:00", "06:00")).toArray(WeeklyWindow[]::new));

    /// Operators and supervisors have hours, the night nurse her own; auditors and administrators have none set.
    private static final ViewingHours HOURS = new ViewingHours(TOKYO, Map.of("night", NIGHTS),
            Map.of(Role.OPERATOR, OPERATOR_HOURS, Role.SUPERVISOR, SUPERVISOR_HOURS));
    private static final ViewingHours HOURS_FOR_ADMINISTRATORS_TOO = new ViewingHours(TOKYO, Map.of(),
            Map.of(Role.ADMINISTRATOR, weekdays("09:00", "17:00")));

    private static final AccessConditions NO_HOURS = new AccessConditions(ViewingHours.noneSet(TOKYO), true, ClockStatus.TRUSTED);
    private static final AccessConditions REGULAR = new AccessConditions(HOURS, true, ClockStatus.TRUSTED);
    private static final AccessConditions UNREGISTERED = new AccessConditions(HOURS, false, ClockStatus.TRUSTED);
    private static final AccessConditions CLOCK_JUMPED = new AccessConditions(HOURS, true, ClockStatus.JUMP_UNACKNOWLEDGED);
    private static final AccessConditions ADMINISTRATORS_LIMITED = new AccessConditions(HOURS_FOR_ADMINISTRATORS_TOO, true, ClockStatus.TRUSTED);

    /// Conditions go into the table by name, so a row's display name says which apply.
    private static final Map<String, AccessConditions> CONDITIONS = Map.of("no hours", NO_HOURS, "regular", REGULAR,
            "unregistered", UNREGISTERED, "clock jumped", CLOCK_JUMPED, "administrators limited", ADMINISTRATORS_LIMITED);

    private static final Decision NO_GRANT = Decision.deny(DenialReason.NO_GRANT);
    private static final Decision OUTSIDE_HOURS = Decision.deny(DenialReason.OUTSIDE_VIEWING_HOURS);
    private static final Decision NOT_REGISTERED = Decision.deny(DenialReason.TERMINAL_NOT_REGISTERED);
    private static final Decision CLOCK_UNTRUSTED = Decision.deny(DenialReason.CLOCK_UNTRUSTED);

    static Stream<Arguments> table() {
        return Stream.of(
                // Grants, with no viewing hours set.
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", NO_HOURS, NOW, Decision.allow()),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-2", NO_HOURS, NOW, NO_GRANT),
                row(OPERATOR, Permission.REQUEST_EXPORT, "cam-1", NO_HOURS, NOW, NO_GRANT),
                row(SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-2", NO_HOURS, NOW, Decision.allow()),
                row(SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-9", NO_HOURS, NOW, Decision.allow()),
                row(INACTIVE_SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-1", NO_HOURS, NOW, Decision.deny(DenialReason.PERSON_INACTIVE)),
                row(NAMED_OPERATOR, Permission.VIEW_RECORDINGS, "cam-3", NO_HOURS, NOW, Decision.allow()),
                row(NAMED_OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", NO_HOURS, NOW, Decision.allow()),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-3", NO_HOURS, NOW, NO_GRANT),
                row(AUDITOR, Permission.VIEW_RECORDINGS, "cam-1", NO_HOURS, NOW, NO_GRANT),
                row(AUDITOR, Permission.READ_AUDIT_LOG, null, NO_HOURS, NOW, Decision.allow()),

                // Viewing hours by role.
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, TUESDAY_10, until("2026-11-24T17:00+09:00")),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, "2026-11-24T09:00+09:00", until("2026-11-24T17:00+09:00")),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, "2026-11-24T17:00+09:00", OUTSIDE_HOURS),
                row(OPERATOR, Permission.VIEW_LIVE, "cam-1", REGULAR, "2026-11-24T20:00+09:00", OUTSIDE_HOURS),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, "2026-11-23T10:00+09:00", OUTSIDE_HOURS),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-2", REGULAR, "2026-11-24T20:00+09:00", NO_GRANT),
                row(SUPERVISOR, Permission.APPROVE_EXPORT, "cam-2", REGULAR, "2026-11-24T19:00+09:00", until("2026-11-24T20:00+09:00")),
                row(SUPERVISOR, Permission.REQUEST_EXPORT, "cam-2", REGULAR, "2026-11-24T21:00+09:00", OUTSIDE_HOURS),
                row(SUPERVISOR, Permission.LIFT_PRIVACY_MASKS, "cam-2", REGULAR, SATURDAY_03, OUTSIDE_HOURS),
                row(AUDITOR, Permission.READ_AUDIT_LOG, null, REGULAR, SATURDAY_03, Decision.allow()),
                row(ADMINISTRATOR, Permission.VIEW_RECORDINGS, "cam-2", REGULAR, SATURDAY_03, Decision.allow()),

                // A person's own schedule overrides their roles'; several roles add up.
                row(NIGHT_NURSE, Permission.VIEW_RECORDINGS, "cam-3", REGULAR, "2026-11-24T23:00+09:00", until("2026-11-25T06:00+09:00")),
                row(NIGHT_NURSE, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, TUESDAY_10, OUTSIDE_HOURS),
                row(OPERATOR_AND_SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, "2026-11-24T18:00+09:00",
                        until("2026-11-24T20:00+09:00")),
                row(OPERATOR_AND_SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, "2026-11-24T08:30+09:00",
                        until("2026-11-24T20:00+09:00")),
                row(OPERATOR_AND_SUPERVISOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, "2026-11-23T10:00+09:00",
                        until("2026-11-23T20:00+09:00")),
                row(OPERATOR_AND_ADMINISTRATOR, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, SATURDAY_03, Decision.allow()),
                row(ROLELESS, Permission.VIEW_RECORDINGS, "cam-1", REGULAR, TUESDAY_10, OUTSIDE_HOURS),

                // Hours set for administrators bind their viewing, not their administering.
                row(ADMINISTRATOR, Permission.VIEW_RECORDINGS, "cam-1", ADMINISTRATORS_LIMITED, SATURDAY_03, OUTSIDE_HOURS),
                row(ADMINISTRATOR, Permission.ADMINISTER, null, ADMINISTRATORS_LIMITED, SATURDAY_03, Decision.allow()),
                row(ADMINISTRATOR, Permission.READ_AUDIT_LOG, null, ADMINISTRATORS_LIMITED, SATURDAY_03, Decision.allow()),

                // An unregistered terminal: an administrator may register it, nothing else.
                row(ADMINISTRATOR, Permission.ADMINISTER, null, UNREGISTERED, TUESDAY_10, Decision.allow()),
                row(ADMINISTRATOR, Permission.VIEW_RECORDINGS, "cam-1", UNREGISTERED, TUESDAY_10, NOT_REGISTERED),
                row(ADMINISTRATOR, Permission.READ_AUDIT_LOG, null, UNREGISTERED, TUESDAY_10, NOT_REGISTERED),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", UNREGISTERED, TUESDAY_10, NOT_REGISTERED),
                row(AUDITOR, Permission.READ_AUDIT_LOG, null, UNREGISTERED, TUESDAY_10, NOT_REGISTERED),
                row(SUPERVISOR, Permission.ADMINISTER, null, UNREGISTERED, TUESDAY_10, NOT_REGISTERED),
                row(INACTIVE_ADMINISTRATOR, Permission.ADMINISTER, null, UNREGISTERED, TUESDAY_10, Decision.deny(DenialReason.PERSON_INACTIVE)),

                // An unacknowledged clock jump closes footage to all but administrators.
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", CLOCK_JUMPED, TUESDAY_10, CLOCK_UNTRUSTED),
                row(SUPERVISOR, Permission.REQUEST_EXPORT, "cam-1", CLOCK_JUMPED, TUESDAY_10, CLOCK_UNTRUSTED),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-2", CLOCK_JUMPED, TUESDAY_10, NO_GRANT),
                row(OPERATOR, Permission.VIEW_RECORDINGS, "cam-1", CLOCK_JUMPED, SATURDAY_03, CLOCK_UNTRUSTED),
                row(ADMINISTRATOR, Permission.VIEW_RECORDINGS, "cam-1", CLOCK_JUMPED, TUESDAY_10, Decision.allow()),
                row(AUDITOR, Permission.READ_AUDIT_LOG, null, CLOCK_JUMPED, TUESDAY_10, Decision.allow()));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} at {4} -> {5}")
    @MethodSource("table")
    void decidesByTheTable(Person person, Permission permission, String camera, String conditions, Instant at, Decision expected) {
        Decision decision = new AccessPolicy().decide(
                new AccessRequest(person, TERMINAL, permission, Optional.ofNullable(camera), at), GRANTS, CONDITIONS.get(conditions));
        assertEquals(expected, decision);
    }

    @Test
    void eachPermissionIsBoundToHoursOrNotAsDecided() {
        assertEquals(EnumSet.of(Permission.VIEW_RECORDINGS, Permission.VIEW_LIVE, Permission.REQUEST_EXPORT, Permission.APPROVE_EXPORT,
                        Permission.LIFT_PRIVACY_MASKS),
                EnumSet.copyOf(Stream.of(Permission.values()).filter(AccessPolicy::concernsFootage).toList()));
    }

    @Test
    void thePlayerIsWarnedFiveMinutesBeforeTheHoursClose() {
        Decision decision = new AccessPolicy().decide(
                new AccessRequest(OPERATOR, TERMINAL, Permission.VIEW_RECORDINGS, Optional.of("cam-1"), instant(TUESDAY_10)), GRANTS, REGULAR);
        Decision.Allowed allowed = (Decision.Allowed) decision;
        assertEquals(Optional.of(instant("2026-11-24T16:55+09:00")), allowed.warnAt());
        assertEquals(Optional.empty(), ((Decision.Allowed) Decision.allow()).warnAt());
    }

    private static Arguments row(Person person, Permission permission, String camera, AccessConditions conditions, String at, Decision expected) {
        String name = CONDITIONS.entrySet().stream().filter(entry -> entry.getValue() == conditions).findFirst().orElseThrow().getKey();
        return Arguments.of(person, permission, camera, name, instant(at), expected);
    }

    private static Decision until(String at) {
        return Decision.allowUntil(instant(at));
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    private static ViewingSchedule weekdays(String start, String end) {
        return ViewingSchedule.weekly(Stream.of(MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, FRIDAY)
                .map(day -> window(day, start, end)).toArray(WeeklyWindow[]::new));
    }
}
