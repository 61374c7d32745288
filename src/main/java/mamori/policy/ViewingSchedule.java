package mamori.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/// When viewing is allowed, for one person or one role: weekly windows, and exception dates that
/// replace a calendar day's hours. An empty schedule allows nothing. The hours of a date are its
/// exception's, if it has one; otherwise the weekly windows of its weekday plus the parts of the
/// previous weekday's windows that cross midnight.
public record ViewingSchedule(List<WeeklyWindow> weekly, List<ExceptionDate> exceptions) {

    /// How far ahead [#closesAfter] looks; a period still open then counts as not closing.
    static final Duration LOOKAHEAD = Duration.ofDays(8);

    public ViewingSchedule {
        weekly = List.copyOf(weekly);
        exceptions = List.copyOf(exceptions);
        Set<LocalDate> dates = new HashSet<>();
        for (ExceptionDate exception : exceptions) {
            if (!dates.add(exception.date())) {
                throw new IllegalArgumentException("Two exceptions for " + exception.date());
            }
        }
    }

    public static ViewingSchedule never() {
        return new ViewingSchedule(List.of(), List.of());
    }

    /// Every day, all day: what a role without a schedule of its own gets.
    public static ViewingSchedule always() {
        return new ViewingSchedule(Stream.of(DayOfWeek.values())
                .map(day -> new WeeklyWindow(day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)).toList(), List.of());
    }

    public static ViewingSchedule weekly(WeeklyWindow... windows) {
        return new ViewingSchedule(List.of(windows), List.of());
    }

    public ViewingSchedule withExceptions(ExceptionDate... added) {
        return new ViewingSchedule(weekly, Stream.concat(exceptions.stream(), Stream.of(added)).toList());
    }

    /// Allowed whenever any of `schedules` allows; no schedules allow nothing. Dates that are an
    /// exception in any schedule become exceptions holding every schedule's hours of that date.
    public static ViewingSchedule union(Collection<ViewingSchedule> schedules) {
        List<WeeklyWindow> weekly = schedules.stream().flatMap(schedule -> schedule.weekly().stream()).toList();
        TreeSet<LocalDate> exceptionDates = new TreeSet<>();
        schedules.forEach(schedule -> schedule.exceptions().forEach(exception -> exceptionDates.add(exception.date())));
        List<ExceptionDate> exceptions = exceptionDates.stream()
                .map(date -> new ExceptionDate(date, schedules.stream().flatMap(schedule -> schedule.hoursOn(date).stream()).toList()))
                .toList();
        return new ViewingSchedule(weekly, exceptions);
    }

    /// The hours of the calendar day `date`, possibly overlapping one another.
    public List<DayWindow> hoursOn(LocalDate date) {
        Optional<ExceptionDate> exception = exceptions.stream().filter(candidate -> candidate.date().equals(date)).findFirst();
        if (exception.isPresent()) {
            return exception.get().hours();
        }
        DayOfWeek previousDay = date.getDayOfWeek().minus(1);
        List<DayWindow> hours = new ArrayList<>();
        for (WeeklyWindow window : weekly) {
            if (window.day() == date.getDayOfWeek()) {
                hours.add(window.onItsDay());
            }
            if (window.day() == previousDay) {
                window.onTheNextDay().ifPresent(hours::add);
            }
        }
        return hours;
    }

    /// Whether viewing is allowed at `at`; the facility's calendar day of `at` in `zone` decides.
    public boolean allows(Instant at, ZoneId zone) {
        LocalDate date = LocalDate.ofInstant(at, zone);
        return hoursOn(date).stream().anyMatch(window -> window.on(date, zone).contains(at));
    }

    /// When the allowed period that `at` lies in ends: adjacent and overlapping windows count as one
    /// period, also across midnight and across exception dates. Empty when viewing is not allowed at
    /// `at`, or when the period lasts beyond [#LOOKAHEAD] (unrestricted hours).
    public Optional<Instant> closesAfter(Instant at, ZoneId zone) {
        if (!allows(at, zone)) {
            return Optional.empty();
        }
        Instant horizon = at.plus(LOOKAHEAD);
        LocalDate first = LocalDate.ofInstant(at, zone);
        // Periods of dates up to one day past the horizon, so a period reaching the last of them ends after the horizon.
        long days = LOOKAHEAD.toDays() + 2;
        List<OpenPeriod> periods = Stream.iterate(first, date -> date.plusDays(1)).limit(days)
                .flatMap(date -> hoursOn(date).stream().map(window -> window.on(date, zone)))
                .sorted(Comparator.comparing(OpenPeriod::opens))
                .toList();
        Instant closes = at;
        for (OpenPeriod period : periods) {
            if (period.opens().isAfter(closes)) {
                break;
            }
            if (period.closes().isAfter(closes)) {
                closes = period.closes();
            }
        }
        return closes.isAfter(horizon) ? Optional.empty() : Optional.of(closes);
    }
}
