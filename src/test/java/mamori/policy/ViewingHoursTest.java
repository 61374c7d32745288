package mamori.policy;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.TUESDAY;
import static mamori.policy.ViewingScheduleTest.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import mamori.identity.Person;
import mamori.identity.Role;
import org.junit.jupiter.api.Test;

/// Which schedule applies to whom (decision 0009). 2026-11-30 is a Monday.
class ViewingHoursTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ViewingSchedule MONDAY_MORNING = ViewingSchedule.weekly(window(MONDAY, "09:00", "12:00"));
    private static final ViewingSchedule MONDAY_AFTERNOON = ViewingSchedule.weekly(window(MONDAY, "13:00", "17:00"));
    private static final ViewingSchedule TUESDAY_ONLY = ViewingSchedule.weekly(window(TUESDAY, "09:00", "17:00"));
    private static final ViewingHours HOURS = new ViewingHours(TOKYO, Map.of("own", TUESDAY_ONLY),
            Map.of(Role.OPERATOR, MONDAY_MORNING, Role.SUPERVISOR, MONDAY_AFTERNOON));

    private static final Instant MONDAY_10 = OffsetDateTime.parse("2026-11-30T10:00+09:00").toInstant();
    private static final Instant MONDAY_14 = OffsetDateTime.parse("2026-11-30T14:00+09:00").toInstant();
    private static final Instant MONDAY_22 = OffsetDateTime.parse("2026-11-30T22:00+09:00").toInstant();

    @Test
    void aPersonsOwnScheduleOverridesTheirRoles() {
        ViewingSchedule applying = HOURS.applyingTo(person("own", Role.OPERATOR, Role.SUPERVISOR));
        assertEquals(TUESDAY_ONLY, applying);
    }

    @Test
    void severalRolesAllowWhatAnyOfThemAllows() {
        ViewingSchedule applying = HOURS.applyingTo(person("both", Role.OPERATOR, Role.SUPERVISOR));
        assertTrue(applying.allows(MONDAY_10, TOKYO));
        assertTrue(applying.allows(MONDAY_14, TOKYO));
        assertFalse(applying.allows(MONDAY_22, TOKYO));
    }

    @Test
    void aRoleWithoutAScheduleIsUnrestricted() {
        ViewingSchedule applying = HOURS.applyingTo(person("auditor", Role.AUDITOR));
        assertTrue(applying.allows(MONDAY_22, TOKYO));
    }

    @Test
    void anUnrestrictedRoleLiftsTheHoursOfAPersonsOtherRoles() {
        ViewingSchedule applying = HOURS.applyingTo(person("it", Role.OPERATOR, Role.ADMINISTRATOR));
        assertTrue(applying.allows(MONDAY_22, TOKYO));
    }

    @Test
    void aPersonWithNoRoleAndNoScheduleHasNoHours() {
        assertFalse(ViewingHours.noneSet(TOKYO).applyingTo(person("guest")).allows(MONDAY_10, TOKYO));
    }

    private static Person person(String id, Role... roles) {
        return new Person(id, id, Set.of(roles), true);
    }
}
