package mamori.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mamori.TestKeys;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.policy.DayWindow;
import mamori.policy.ExceptionDate;
import mamori.policy.ViewingHours;
import mamori.policy.ViewingSchedule;
import mamori.policy.WeeklyWindow;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Schedules written to a real encrypted H2 file, read back after the database was closed and opened again.
class ViewingHoursRepositoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T01:00:00Z"), ZoneOffset.UTC);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Person NIGHT_NURSE = new Person("night-nurse", "夜勤 看護師", Set.of(Role.OPERATOR), true);
    private static final Person DAY_OPERATOR = new Person("day-operator", "日勤 職員", Set.of(Role.OPERATOR), true);

    /// Weekdays 08:30-17:15 with a holiday closed and one with shorter hours (touching windows kept apart).
    private static final ViewingSchedule OPERATORS = ViewingSchedule.weekly(
                    new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(8, 30), LocalTime.of(17, 15)),
                    new WeeklyWindow(DayOfWeek.TUESDAY, LocalTime.of(8, 30), LocalTime.of(17, 15)),
                    new WeeklyWindow(DayOfWeek.WEDNESDAY, LocalTime.of(8, 30), LocalTime.of(17, 15)))
            .withExceptions(ExceptionDate.closed(LocalDate.of(2026, 11, 23)),
                    ExceptionDate.hours(LocalDate.of(2026, 12, 28), new DayWindow(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                            new DayWindow(LocalTime.of(12, 0), LocalTime.MIDNIGHT)));

    /// Nights across midnight, and a 24-hour window.
    private static final ViewingSchedule NIGHTS = ViewingSchedule.weekly(
            new WeeklyWindow(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.of(6, 0)),
            new WeeklyWindow(DayOfWeek.SATURDAY, LocalTime.of(7, 0), LocalTime.of(7, 0)));

    @TempDir
    Path dir;

    private Database open() throws Exception {
        Database database = Database.open(dir.resolve("db"), TestKeys.fileKey("hours"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        return database;
    }

    private void addPeople(Database database) throws SQLException {
        database.inTransaction(connection -> {
            PersonRepository.insert(connection, NIGHT_NURSE, CLOCK.instant());
            PersonRepository.insert(connection, DAY_OPERATOR, CLOCK.instant());
            return null;
        });
    }

    @Test
    void schedulesOfPeopleAndRolesComeBackAsWrittenAfterAReopen() throws Exception {
        try (Database database = open()) {
            addPeople(database);
            ViewingHoursRepository repository = new ViewingHoursRepository(database, TOKYO);
            assertEquals(ViewingHours.noneSet(TOKYO), repository.viewingHours(), "a new database sets no hours");
            repository.setForRole(Role.OPERATOR, OPERATORS);
            repository.setForPerson(NIGHT_NURSE.id(), NIGHTS);
            repository.setForRole(Role.AUDITOR, ViewingSchedule.never());
        }
        try (Database database = open()) {
            ViewingHours hours = new ViewingHoursRepository(database, TOKYO).viewingHours();
            assertEquals(new ViewingHours(TOKYO, Map.of(NIGHT_NURSE.id(), NIGHTS),
                    Map.of(Role.OPERATOR, OPERATORS, Role.AUDITOR, ViewingSchedule.never())), hours);
            assertEquals(NIGHTS, hours.applyingTo(NIGHT_NURSE), "the person's own schedule replaces the role's");
            assertEquals(OPERATORS, hours.applyingTo(DAY_OPERATOR), "without an own schedule, the role's");
            // Monday 2026-11-30 10:00 in Tokyo is within operators' hours; the holiday 2026-11-23 is closed.
            assertTrue(hours.applyingTo(DAY_OPERATOR).allows(Instant.parse("2026-11-30T01:00:00Z"), TOKYO));
            assertFalse(hours.applyingTo(DAY_OPERATOR).allows(Instant.parse("2026-11-23T01:00:00Z"), TOKYO));
            assertTrue(hours.applyingTo(DAY_OPERATOR).allows(Instant.parse("2026-12-28T14:59:00Z"), TOKYO),
                    "an exception window ending at midnight lasts to the end of its day");
        }
    }

    @Test
    void settingAScheduleAgainReplacesItAndClearingRemovesIt() throws Exception {
        try (Database database = open()) {
            addPeople(database);
            ViewingHoursRepository repository = new ViewingHoursRepository(database, TOKYO);
            repository.setForPerson(DAY_OPERATOR.id(), OPERATORS);
            repository.setForPerson(DAY_OPERATOR.id(), NIGHTS);
            repository.setForRole(Role.OPERATOR, OPERATORS);
            assertEquals(Map.of(DAY_OPERATOR.id(), NIGHTS), repository.viewingHours().byPerson());

            repository.clearForPerson(DAY_OPERATOR.id());
            assertEquals(Map.of(), repository.viewingHours().byPerson());
            assertEquals(OPERATORS, repository.viewingHours().applyingTo(DAY_OPERATOR), "the role's hours apply again");
            repository.clearForRole(Role.OPERATOR);
            assertEquals(ViewingHours.noneSet(TOKYO), repository.viewingHours());
            assertEquals(List.of(0L, 0L, 0L), List.of(count(database, "viewing_weekly_window"),
                    count(database, "viewing_exception_date"), count(database, "viewing_exception_window")),
                    "the windows and exceptions went with their schedules");
        }
    }

    @Test
    void aScheduleForSomeoneWhoIsNotAPersonIsRefused() throws Exception {
        try (Database database = open()) {
            assertThrows(SQLException.class, () -> new ViewingHoursRepository(database, TOKYO).setForPerson("nobody", NIGHTS));
        }
    }

    @Test
    void aStoredRowThePolicyCannotReadFailsTheReadInsteadOfOpeningHours() throws Exception {
        try (Database database = open()) {
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO viewing_schedule (role) VALUES ('JANITOR')");
                }
                return null;
            });
            assertThrows(IllegalArgumentException.class, () -> new ViewingHoursRepository(database, TOKYO).viewingHours());
        }
    }

    @Test
    void theSchemaRefusesAnExceptionWindowEndingBeforeItStarts() throws Exception {
        try (Database database = open()) {
            addPeople(database);
            ViewingHoursRepository repository = new ViewingHoursRepository(database, TOKYO);
            repository.setForPerson(DAY_OPERATOR.id(), OPERATORS);
            assertThrows(SQLException.class, () -> database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UPDATE viewing_exception_window SET end_time = TIME '08:00:00' WHERE start_time = TIME '09:00:00'");
                }
                return null;
            }));
        }
    }

    private static long count(Database database, String table) throws SQLException {
        return database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement(); var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
