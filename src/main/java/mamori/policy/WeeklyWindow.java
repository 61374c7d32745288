package mamori.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;

/// Viewing hours that recur every week: from `start` on `day` until `end` (exclusive). An `end` at or
/// before `start` crosses midnight into the next day, so `SUNDAY 22:00-06:00` runs into Monday and
/// `MONDAY 08:00-08:00` lasts 24 hours.
public record WeeklyWindow(DayOfWeek day, LocalTime start, LocalTime end) {

    public WeeklyWindow {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    boolean crossesMidnight() {
        return !end.isAfter(start);
    }

    /// The part of this window on `day` itself.
    DayWindow onItsDay() {
        return new DayWindow(start, crossesMidnight() ? LocalTime.MIDNIGHT : end);
    }

    /// The part that runs into the next day, if any.
    Optional<DayWindow> onTheNextDay() {
        return crossesMidnight() && !end.equals(LocalTime.MIDNIGHT)
                ? Optional.of(new DayWindow(LocalTime.MIDNIGHT, end))
                : Optional.empty();
    }
}
