package mamori.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mamori.policy.DayWindow;
import mamori.policy.ExceptionDate;
import mamori.policy.ViewingSchedule;
import mamori.policy.WeeklyWindow;

/// A schedule as lines of text, one window or exception a line: `MONDAY 08:30-17:15`,
/// `2026-12-29 closed`, `2026-12-24 09:00-12:00 13:00-15:00`. The audit log records old and new
/// schedules in this form, and it reads back to the same schedule.
public final class ScheduleText {

    private static final Pattern WEEKLY = Pattern.compile("([A-Z]+) (\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    private static final Pattern EXCEPTION = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (closed|(?:\\d{2}:\\d{2}-\\d{2}:\\d{2} ?)+)");
    private static final Pattern SPAN = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    /// More lines than any facility's week and year of exceptions holds.
    private static final int MAX_LINES = 1000;

    private ScheduleText() {
    }

    public static List<String> lines(ViewingSchedule schedule) {
        List<String> lines = new ArrayList<>();
        for (WeeklyWindow window : schedule.weekly()) {
            lines.add(window.day().name() + " " + window.start() + "-" + window.end());
        }
        for (ExceptionDate exception : schedule.exceptions()) {
            lines.add(exception.date() + " " + (exception.closed() ? "closed"
                    : String.join(" ", exception.hours().stream().map(hours -> hours.start() + "-" + hours.end()).toList())));
        }
        return lines;
    }

    /// Reads [#lines] back.
    ///
    /// @throws IllegalArgumentException naming the first line that is not a window or an exception
    public static ViewingSchedule parse(List<String> lines) {
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("A schedule has at most " + MAX_LINES + " lines");
        }
        List<WeeklyWindow> weekly = new ArrayList<>();
        List<ExceptionDate> exceptions = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            try {
                Matcher week = WEEKLY.matcher(line.toUpperCase(Locale.ROOT));
                Matcher date = EXCEPTION.matcher(line);
                if (week.matches()) {
                    weekly.add(new WeeklyWindow(DayOfWeek.valueOf(week.group(1)), LocalTime.parse(week.group(2)), LocalTime.parse(week.group(3))));
                } else if (date.matches()) {
                    List<DayWindow> hours = new ArrayList<>();
                    if (!date.group(2).equals("closed")) {
                        Matcher span = SPAN.matcher(date.group(2));
                        while (span.find()) {
                            hours.add(new DayWindow(LocalTime.parse(span.group(1)), LocalTime.parse(span.group(2))));
                        }
                    }
                    exceptions.add(new ExceptionDate(LocalDate.parse(date.group(1)), hours));
                } else if (!line.isEmpty()) {
                    throw new IllegalArgumentException("not a window or an exception");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("Schedule line '" + line + "': " + e.getMessage(), e);
            }
        }
        return new ViewingSchedule(weekly, exceptions);
    }
}
