package mamori.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/// Viewing hours within one calendar day, from `start` until `end` (exclusive). An `end` of
/// midnight means the end of the day, so `00:00-00:00` is the whole day; otherwise `start` must be
/// before `end`. Times are the facility's wall-clock times.
public record DayWindow(LocalTime start, LocalTime end) {

    public DayWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
            throw new IllegalArgumentException("A day window ends after it starts, or at midnight: " + start + "-" + end);
        }
    }

    public static DayWindow wholeDay() {
        return new DayWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    /// The real-time period this window covers on `date`: from the first moment the wall clock
    /// reads `start` to the first moment it reads `end` (or the next day begins). In a
    /// spring-forward gap a time that does not exist means the moment the clock jumps over it; in a
    /// fall-back overlap a time means its first occurrence. So a window is always one period.
    OpenPeriod on(LocalDate date, ZoneId zone) {
        Instant closes = end.equals(LocalTime.MIDNIGHT) ? firstReading(date.plusDays(1), LocalTime.MIDNIGHT, zone)
                : firstReading(date, end, zone);
        return new OpenPeriod(firstReading(date, start, zone), closes);
    }

    private static Instant firstReading(LocalDate date, LocalTime time, ZoneId zone) {
        LocalDateTime local = date.atTime(time);
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        // Outside transitions there is one offset; in an overlap atZone takes the earlier one.
        return local.atZone(zone).toInstant();
    }
}
