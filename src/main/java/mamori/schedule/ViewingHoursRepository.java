package mamori.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.identity.Role;
import mamori.policy.DayWindow;
import mamori.policy.ExceptionDate;
import mamori.policy.ViewingHours;
import mamori.policy.ViewingSchedule;
import mamori.policy.WeeklyWindow;
import mamori.store.Database;

/// The viewing schedules of people and roles (decision 0009), read whole as the facility's
/// [ViewingHours] in its time zone. Schedules are small (a few rows per person or role), so they are
/// read again at every decision rather than cached: a change applies to the next decision.
///
/// Setting or clearing a schedule is a configuration change: the screen or command that offers it
/// records a `CONFIGURATION_CHANGE` entry before calling these methods.
public final class ViewingHoursRepository {

    private final Database database;
    private final ZoneId zone;

    public ViewingHoursRepository(Database database, ZoneId zone) {
        this.database = database;
        this.zone = zone;
    }

    /// Every schedule set, by person and by role. A stored row the policy's types refuse (an unknown
    /// role, a window ending before it starts) throws, so the caller fails closed.
    public ViewingHours viewingHours() throws SQLException {
        try (Connection connection = database.connection()) {
            Map<Long, Owner> owners = new HashMap<>();
            try (Statement query = connection.createStatement();
                    ResultSet rows = query.executeQuery("SELECT id, person_id, role FROM viewing_schedule")) {
                while (rows.next()) {
                    owners.put(rows.getLong(1), new Owner(Optional.ofNullable(rows.getString(2)),
                            Optional.ofNullable(rows.getString(3)).map(Role::valueOf)));
                }
            }
            Map<Long, List<WeeklyWindow>> weekly = new HashMap<>();
            try (Statement query = connection.createStatement();
                    ResultSet rows = query.executeQuery("SELECT schedule_id, day_of_week, start_time, end_time "
                            + "FROM viewing_weekly_window ORDER BY schedule_id, position")) {
                while (rows.next()) {
                    weekly.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(new WeeklyWindow(
                            DayOfWeek.valueOf(rows.getString(2)), rows.getObject(3, LocalTime.class),
                            rows.getObject(4, LocalTime.class)));
                }
            }
            Map<Long, Map<LocalDate, List<DayWindow>>> exceptions = new HashMap<>();
            try (Statement query = connection.createStatement();
                    ResultSet rows = query.executeQuery("SELECT d.schedule_id, d.exception_date, w.start_time, w.end_time "
                            + "FROM viewing_exception_date d LEFT JOIN viewing_exception_window w "
                            + "ON w.schedule_id = d.schedule_id AND w.exception_date = d.exception_date "
                            + "ORDER BY d.schedule_id, d.exception_date, w.position")) {
                while (rows.next()) {
                    List<DayWindow> hours = exceptions.computeIfAbsent(rows.getLong(1), id -> new LinkedHashMap<>())
                            .computeIfAbsent(rows.getObject(2, LocalDate.class), date -> new ArrayList<>());
                    LocalTime start = rows.getObject(3, LocalTime.class);
                    if (start != null) {
                        hours.add(new DayWindow(start, rows.getObject(4, LocalTime.class)));
                    }
                }
            }
            Map<String, ViewingSchedule> byPerson = new HashMap<>();
            Map<Role, ViewingSchedule> byRole = new HashMap<>();
            for (var owner : owners.entrySet()) {
                ViewingSchedule schedule = new ViewingSchedule(weekly.getOrDefault(owner.getKey(), List.of()),
                        exceptions.getOrDefault(owner.getKey(), Map.of()).entrySet().stream()
                                .map(exception -> new ExceptionDate(exception.getKey(), exception.getValue())).toList());
                owner.getValue().personId().ifPresent(person -> byPerson.put(person, schedule));
                owner.getValue().role().ifPresent(role -> byRole.put(role, schedule));
            }
            return new ViewingHours(zone, byPerson, byRole);
        }
    }

    /// Sets `personId`'s own schedule, replacing any; it then applies to them alone, instead of their roles'.
    public void setForPerson(String personId, ViewingSchedule schedule) throws SQLException {
        database.inTransaction(connection -> {
            delete(connection, "person_id", personId);
            insert(connection, "person_id", personId, schedule);
            return null;
        });
    }

    /// Sets the schedule of everyone holding `role` (who has no own schedule), replacing any.
    public void setForRole(Role role, ViewingSchedule schedule) throws SQLException {
        database.inTransaction(connection -> {
            delete(connection, "role", role.name());
            insert(connection, "role", role.name(), schedule);
            return null;
        });
    }

    /// Removes `personId`'s own schedule: their roles' hours apply again.
    public void clearForPerson(String personId) throws SQLException {
        database.inTransaction(connection -> {
            delete(connection, "person_id", personId);
            return null;
        });
    }

    /// Removes `role`'s schedule: the role is unrestricted again.
    public void clearForRole(Role role) throws SQLException {
        database.inTransaction(connection -> {
            delete(connection, "role", role.name());
            return null;
        });
    }

    /// The schedule set for `owner`, if any, read inside the caller's transaction.
    static Optional<ViewingSchedule> schedule(Connection connection, ScheduleOwner owner) throws SQLException {
        Long id = null;
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM viewing_schedule WHERE " + owner.column() + " = ?")) {
            query.setString(1, owner.key());
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    id = rows.getLong(1);
                }
            }
        }
        if (id == null) {
            return Optional.empty();
        }
        List<WeeklyWindow> weekly = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT day_of_week, start_time, end_time FROM viewing_weekly_window WHERE schedule_id = ? ORDER BY position")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    weekly.add(new WeeklyWindow(DayOfWeek.valueOf(rows.getString(1)), rows.getObject(2, LocalTime.class),
                            rows.getObject(3, LocalTime.class)));
                }
            }
        }
        Map<LocalDate, List<DayWindow>> exceptions = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT d.exception_date, w.start_time, w.end_time "
                + "FROM viewing_exception_date d LEFT JOIN viewing_exception_window w "
                + "ON w.schedule_id = d.schedule_id AND w.exception_date = d.exception_date "
                + "WHERE d.schedule_id = ? ORDER BY d.exception_date, w.position")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    List<DayWindow> hours = exceptions.computeIfAbsent(rows.getObject(1, LocalDate.class), date -> new ArrayList<>());
                    LocalTime start = rows.getObject(2, LocalTime.class);
                    if (start != null) {
                        hours.add(new DayWindow(start, rows.getObject(3, LocalTime.class)));
                    }
                }
            }
        }
        return Optional.of(new ViewingSchedule(weekly, exceptions.entrySet().stream()
                .map(exception -> new ExceptionDate(exception.getKey(), exception.getValue())).toList()));
    }

    /// Replaces `owner`'s schedule with `schedule` (or removes it when empty), inside the caller's transaction.
    static void replace(Connection connection, ScheduleOwner owner, Optional<ViewingSchedule> schedule) throws SQLException {
        delete(connection, owner.column(), owner.key());
        if (schedule.isPresent()) {
            insert(connection, owner.column(), owner.key(), schedule.get());
        }
    }

    /// `column` is one of two constants of this class, never input.
    private static void delete(Connection connection, String column, String owner) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM viewing_schedule WHERE " + column + " = ?")) {
            delete.setString(1, owner);
            delete.executeUpdate();
        }
    }

    private static void insert(Connection connection, String column, String owner, ViewingSchedule schedule) throws SQLException {
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO viewing_schedule (" + column + ") VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, owner);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO viewing_weekly_window (schedule_id, position, day_of_week, start_time, end_time) VALUES (?, ?, ?, ?, ?)")) {
            int position = 0;
            for (WeeklyWindow window : schedule.weekly()) {
                insert.setLong(1, id);
                insert.setInt(2, position++);
                insert.setString(3, window.day().name());
                insert.setObject(4, window.start());
                insert.setObject(5, window.end());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement date = connection.prepareStatement(
                "INSERT INTO viewing_exception_date (schedule_id, exception_date) VALUES (?, ?)");
                PreparedStatement window = connection.prepareStatement("INSERT INTO viewing_exception_window "
                        + "(schedule_id, exception_date, position, start_time, end_time) VALUES (?, ?, ?, ?, ?)")) {
            for (ExceptionDate exception : schedule.exceptions()) {
                date.setLong(1, id);
                date.setObject(2, exception.date());
                date.executeUpdate();
                int position = 0;
                for (DayWindow hours : exception.hours()) {
                    window.setLong(1, id);
                    window.setObject(2, exception.date());
                    window.setInt(3, position++);
                    window.setObject(4, hours.start());
                    window.setObject(5, hours.end());
                    window.executeUpdate();
                }
            }
        }
    }

    private record Owner(Optional<String> personId, Optional<Role> role) {
    }
}
