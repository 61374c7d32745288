package mamori.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/// A date whose viewing hours are not the weekly ones: a holiday with shorter `hours`, or a closure
/// (no hours at all). It governs that calendar day only, including the early-morning part of a
/// weekly window that started the evening before; a closure that should also end the previous
/// night's window needs the next date as an exception too.
public record ExceptionDate(LocalDate date, List<DayWindow> hours) {

    public ExceptionDate {
        Objects.requireNonNull(date, "date");
        hours = List.copyOf(hours);
    }

    public static ExceptionDate closed(LocalDate date) {
        return new ExceptionDate(date, List.of());
    }

    public static ExceptionDate hours(LocalDate date, DayWindow... hours) {
        return new ExceptionDate(date, List.of(hours));
    }

    public boolean closed() {
        return hours.isEmpty();
    }
}
