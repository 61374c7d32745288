package mamori.policy;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// The viewing-hours rules, row by row. Instants are written with the offset in force, so a row
/// says exactly which moment it means (during a fall-back overlap a wall time happens twice).
/// 2026-11-22 is a Sunday; 2026-11-23 (a Monday) is Labour Thanksgiving Day.
class ViewingScheduleTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final ViewingSchedule DAY_SHIFT = ViewingSchedule.weekly(Stream.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)
            .map(day -> window(day, "09:00", "17:00")).toArray(WeeklyWindow[]::new));
    private static final ViewingSchedule SUNDAY_NIGHT = ViewingSchedule.weekly(window(SUNDAY, "22:00", "06:00"));
    private static final ViewingSchedule LATE_PAIR = ViewingSchedule.weekly(window(MONDAY, "22:00", "00:00"), window(TUESDAY, "00:00", "06:00"));
    private static final ViewingSchedule SPLIT = ViewingSchedule.weekly(window(MONDAY, "09:00", "12:00"), window(MONDAY, "13:00", "17:00"));
    private static final ViewingSchedule OVERLAPPING = ViewingSchedule.weekly(window(MONDAY, "09:00", "13:00"), window(MONDAY, "12:00", "17:00"));
    private static final ViewingSchedule FULL_DAY_FROM_EIGHT = ViewingSchedule.weekly(window(MONDAY, "08:00", "08:00"));

    private static final LocalDate SUNDAY_22ND = LocalDate.parse("2026-11-22");
    private static final LocalDate HOLIDAY_MONDAY = LocalDate.parse("2026-11-23");

    static Stream<Arguments> table() {
        return Stream.of(
                row("inside the day shift", DAY_SHIFT, "2026-11-24T10:00+09:00", TOKYO, "2026-11-24T17:00+09:00"),
                row("exact start is allowed", DAY_SHIFT, "2026-11-24T09:00+09:00", TOKYO, "2026-11-24T17:00+09:00"),
                row("last nanosecond is allowed", DAY_SHIFT, "2026-11-24T16:59:59.999999999+09:00", TOKYO, "2026-11-24T17:00+09:00"),
                row("exact end is denied", DAY_SHIFT, "2026-11-24T17:00+09:00", TOKYO, null),
                row("before the start", DAY_SHIFT, "2026-11-24T08:59:59+09:00", TOKYO, null),
                row("weekend has no day shift", DAY_SHIFT, "2026-11-28T10:00+09:00", TOKYO, null),
                row("the facility's zone decides: 10:00 in Tokyo", DAY_SHIFT, "2026-11-24T01:00Z", TOKYO, "2026-11-24T17:00+09:00"),
                row("the facility's zone decides: 01:00 in UTC", DAY_SHIFT, "2026-11-24T01:00Z", ZoneId.of("UTC"), null),
                row("between split windows", SPLIT, "2026-11-30T12:30+09:00", TOKYO, null),
                row("first of split windows closes at its own end", SPLIT, "2026-11-30T11:00+09:00", TOKYO, "2026-11-30T12:00+09:00"),
                row("overlapping windows close at the later end", OVERLAPPING, "2026-11-30T10:00+09:00", TOKYO, "2026-11-30T17:00+09:00"),

                row("Sunday night, first half", SUNDAY_NIGHT, "2026-11-29T23:00+09:00", TOKYO, "2026-11-30T06:00+09:00"),
                row("Sunday night, exact start", SUNDAY_NIGHT, "2026-11-29T22:00+09:00", TOKYO, "2026-11-30T06:00+09:00"),
                row("Sunday night, second half on Monday", SUNDAY_NIGHT, "2026-11-30T05:59:59+09:00", TOKYO, "2026-11-30T06:00+09:00"),
                row("Sunday night, exact end on Monday", SUNDAY_NIGHT, "2026-11-30T06:00+09:00", TOKYO, null),
                row("Sunday night does not run into Sunday morning", SUNDAY_NIGHT, "2026-11-29T03:00+09:00", TOKYO, null),
                row("22:00-24:00 and 00:00-06:00 are one period", LATE_PAIR, "2026-11-30T23:00+09:00", TOKYO, "2026-12-01T06:00+09:00"),
                row("a window from 08:00 to 08:00 lasts 24 hours", FULL_DAY_FROM_EIGHT, "2026-11-30T08:00+09:00", TOKYO,
                        "2026-12-01T08:00+09:00"),
                row("... and ends on the next day's 08:00", FULL_DAY_FROM_EIGHT, "2026-12-01T08:00+09:00", TOKYO, null),

                row("closed holiday", DAY_SHIFT.withExceptions(ExceptionDate.closed(HOLIDAY_MONDAY)), "2026-11-23T10:00+09:00", TOKYO, null),
                row("a closure leaves other days alone", DAY_SHIFT.withExceptions(ExceptionDate.closed(HOLIDAY_MONDAY)),
                        "2026-11-24T10:00+09:00", TOKYO, "2026-11-24T17:00+09:00"),
                row("holiday with shorter hours, inside", DAY_SHIFT.withExceptions(ExceptionDate.hours(HOLIDAY_MONDAY, day("10:00", "12:00"))),
                        "2026-11-23T11:00+09:00", TOKYO, "2026-11-23T12:00+09:00"),
                row("holiday with shorter hours, weekly hours no longer count",
                        DAY_SHIFT.withExceptions(ExceptionDate.hours(HOLIDAY_MONDAY, day("10:00", "12:00"))), "2026-11-23T09:30+09:00", TOKYO, null),
                row("closed Monday governs the second half of Sunday night",
                        SUNDAY_NIGHT.withExceptions(ExceptionDate.closed(HOLIDAY_MONDAY)), "2026-11-23T03:00+09:00", TOKYO, null),
                row("... and the first half ends at midnight", SUNDAY_NIGHT.withExceptions(ExceptionDate.closed(HOLIDAY_MONDAY)),
                        "2026-11-22T23:00+09:00", TOKYO, "2026-11-23T00:00+09:00"),
                row("closed Sunday leaves the Monday morning part", SUNDAY_NIGHT.withExceptions(ExceptionDate.closed(SUNDAY_22ND)),
                        "2026-11-23T03:00+09:00", TOKYO, "2026-11-23T06:00+09:00"),
                row("closed Sunday, evening", SUNDAY_NIGHT.withExceptions(ExceptionDate.closed(SUNDAY_22ND)), "2026-11-22T23:00+09:00", TOKYO, null),
                row("an exception's hours to midnight join the next morning",
                        SUNDAY_NIGHT.withExceptions(ExceptionDate.hours(SUNDAY_22ND, day("20:00", "00:00"))), "2026-11-22T21:00+09:00", TOKYO,
                        "2026-11-23T06:00+09:00"),

                row("never", ViewingSchedule.never(), "2026-11-24T10:00+09:00", TOKYO, null),
                row("always: open, never closing", ViewingSchedule.always(), "2026-11-24T10:00+09:00", TOKYO, null, true),
                row("always but a closure two days on", ViewingSchedule.always().withExceptions(ExceptionDate.closed(LocalDate.parse("2026-11-26"))),
                        "2026-11-24T10:00+09:00", TOKYO, "2026-11-26T00:00+09:00"),
                row("always but a closure nine days on: beyond the look-ahead",
                        ViewingSchedule.always().withExceptions(ExceptionDate.closed(LocalDate.parse("2026-12-03"))), "2026-11-24T10:00+09:00", TOKYO,
                        null, true),

                // Europe/Berlin: 2026-03-29 02:00 CET becomes 03:00 CEST; 2026-10-25 03:00 CEST becomes 02:00 CET.
                row("spring forward: 01:00-04:00 is two real hours", ViewingSchedule.weekly(window(SUNDAY, "01:00", "04:00")),
                        "2026-03-29T01:30+01:00", BERLIN, "2026-03-29T04:00+02:00"),
                row("spring forward: a window inside the gap never opens", ViewingSchedule.weekly(window(SUNDAY, "02:00", "02:30")),
                        "2026-03-29T03:00+02:00", BERLIN, null),
                row("spring forward: a start in the gap opens when the clock jumps", ViewingSchedule.weekly(window(SUNDAY, "02:30", "05:00")),
                        "2026-03-29T03:00+02:00", BERLIN, "2026-03-29T05:00+02:00"),
                row("spring forward: a night across the change", ViewingSchedule.weekly(window(SATURDAY, "22:00", "06:00")),
                        "2026-03-28T23:00+01:00", BERLIN, "2026-03-29T06:00+02:00"),
                row("fall back: a time means its first occurrence", ViewingSchedule.weekly(window(SUNDAY, "00:00", "02:30")),
                        "2026-10-25T02:15+02:00", BERLIN, "2026-10-25T02:30+02:00"),
                row("fall back: the repeated hour is after that end", ViewingSchedule.weekly(window(SUNDAY, "00:00", "02:30")),
                        "2026-10-25T02:15+01:00", BERLIN, null),
                row("fall back: a window from 02:30 covers the repeated hour", ViewingSchedule.weekly(window(SUNDAY, "02:30", "04:00")),
                        "2026-10-25T02:15+01:00", BERLIN, "2026-10-25T04:00+01:00"),
                row("fall back: a night across the change", ViewingSchedule.weekly(window(SATURDAY, "22:00", "06:00")),
                        "2026-10-24T23:00+02:00", BERLIN, "2026-10-25T06:00+01:00"),

                row("union: a closure in one schedule leaves the other's hours",
                        ViewingSchedule.union(List.of(DAY_SHIFT.withExceptions(ExceptionDate.closed(HOLIDAY_MONDAY)),
                                ViewingSchedule.weekly(window(MONDAY, "13:00", "20:00")))),
                        "2026-11-23T14:00+09:00", TOKYO, "2026-11-23T20:00+09:00"),
                row("union: ... and not the closed one's",
                        ViewingSchedule.union(List.of(DAY_SHIFT.withExceptions(ExceptionDate.closed(HOLIDAY_MONDAY)),
                                ViewingSchedule.weekly(window(MONDAY, "13:00", "20:00")))),
                        "2026-11-23T10:00+09:00", TOKYO, null),
                row("union: windows of two schedules merge into one period",
                        ViewingSchedule.union(List.of(ViewingSchedule.weekly(window(FRIDAY, "09:00", "13:00")),
                                ViewingSchedule.weekly(window(FRIDAY, "12:00", "18:00")))),
                        "2026-11-27T10:00+09:00", TOKYO, "2026-11-27T18:00+09:00"),
                row("union of nothing allows nothing", ViewingSchedule.union(List.of()), "2026-11-27T10:00+09:00", TOKYO, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decidesAndClosesByTheTable(String name, ViewingSchedule schedule, Instant at, ZoneId zone, boolean allowed, Optional<Instant> closes) {
        assertEquals(allowed, schedule.allows(at, zone), "allows");
        assertEquals(closes, schedule.closesAfter(at, zone), "closes");
    }

    @Test
    void aDayWindowEndsAfterItStartsOrAtMidnight() {
        assertThrows(IllegalArgumentException.class, () -> day("17:00", "09:00"));
        assertThrows(IllegalArgumentException.class, () -> day("09:00", "09:00"));
        assertEquals(DayWindow.wholeDay(), day("00:00", "00:00"));
    }

    @Test
    void aDateHasOneException() {
        assertThrows(IllegalArgumentException.class, () -> DAY_SHIFT.withExceptions(ExceptionDate.closed(HOLIDAY_MONDAY),
                ExceptionDate.hours(HOLIDAY_MONDAY, day("10:00", "12:00"))));
    }

    /// A row whose expected close is `closes`, or, when null, one that is denied.
    private static Arguments row(String name, ViewingSchedule schedule, String at, ZoneId zone, String closes) {
        return row(name, schedule, at, zone, closes, closes != null);
    }

    private static Arguments row(String name, ViewingSchedule schedule, String at, ZoneId zone, String closes, boolean allowed) {
        return Arguments.of(name, schedule, instant(at), zone, allowed, Optional.ofNullable(closes).map(ViewingScheduleTest::instant));
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    static WeeklyWindow window(DayOfWeek day, String start, String end) {
        return new WeeklyWindow(day, LocalTime.parse(start), LocalTime.parse(end));
    }

    static DayWindow day(String start, String end) {
        return new DayWindow(LocalTime.parse(start), LocalTime.parse(end));
    }
}
