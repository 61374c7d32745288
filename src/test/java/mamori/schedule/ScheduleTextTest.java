package mamori.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import mamori.policy.DayWindow;
import mamori.policy.ExceptionDate;
import mamori.policy.ViewingSchedule;
import mamori.policy.WeeklyWindow;
import org.junit.jupiter.api.Test;

class ScheduleTextTest {

    private static final ViewingSchedule SCHEDULE = ViewingSchedule.weekly(
                    new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(8, 30), LocalTime.of(17, 15)),
                    new WeeklyWindow(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.of(6, 0)))
            .withExceptions(ExceptionDate.closed(LocalDate.of(2026, 12, 29)),
                    ExceptionDate.hours(LocalDate.of(2026, 12, 24), new DayWindow(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                            new DayWindow(LocalTime.of(13, 0), LocalTime.MIDNIGHT)));

    @Test
    void aScheduleIsWrittenOneLineAWindowOrExceptionAndReadBackTheSame() {
        List<String> lines = ScheduleText.lines(SCHEDULE);
        assertEquals(List.of("MONDAY 08:30-17:15", "SUNDAY 22:00-06:00", "2026-12-29 closed", "2026-12-24 09:00-12:00 13:00-00:00"), lines);
        assertEquals(SCHEDULE, ScheduleText.parse(lines));
        assertEquals(ViewingSchedule.never(), ScheduleText.parse(List.of()));
    }

    @Test
    void aLineThatIsNoWindowOrExceptionIsNamed() {
        for (String bad : List.of("MONTAG 08:30-17:15", "MONDAY 8:30-17:15", "MONDAY 25:00-26:00", "2026-13-01 closed",
                "2026-12-24 12:00-09:00", "2026-12-24 open")) {
            var refused = assertThrows(IllegalArgumentException.class, () -> ScheduleText.parse(List.of("MONDAY 08:00-09:00", bad)), bad);
            assertTrue(refused.getMessage().contains(bad), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ScheduleText.parse(List.of("2026-12-24 closed", "2026-12-24 09:00-10:00")),
                "two exceptions for one date");
    }
}
