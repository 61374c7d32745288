package mamori.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.store.Database;

/// Whether this terminal is registered on this PC: an administrator registered it, on the machine it
/// now runs on. A data directory copied to another PC is not registered there (only an
/// administrator may log in, and only to register it, which the policy enforces). Registering is
/// an audit entry before it takes effect.
public final class TerminalRegistration {

    /// Why a terminal is not registered.
    public enum Reason {
        /// No administrator has registered this terminal yet.
        NEVER_REGISTERED,
        /// It was registered on another PC: its data directory has been moved or copied here.
        ANOTHER_MACHINE
    }

    /// The registration as it stands.
    public sealed interface Status {
        record Registered(Instant at, Optional<String> byPersonId) implements Status {
        }

        record Unregistered(Reason reason) implements Status {
        }
    }

    private final Database database;
    private final Terminal terminal;
    private final MachineIdentity machine;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Status status;

    /// Reads the registration; one made before registrations named their machine (migration 11) is
    /// bound to this machine now, and that is recorded.
    public TerminalRegistration(Database database, Terminal terminal, MachineIdentity machine, AuditLog audit, Clock clock)
            throws SQLException, AuditUnavailableException {
        this.database = database;
        this.terminal = terminal;
        this.machine = machine;
        this.audit = audit;
        this.clock = clock;
        Stored stored = read();
        if (stored.registeredAt() != null && stored.machineFingerprint() == null) {
            audit.append(AuditEvent.of(AuditAction.TERMINAL_REGISTERED).detail("machine", machine.fingerprint())
                    .detail("machineSource", machine.source()).detail("reason", "registered before registrations named their machine"));
            store(stored.registeredAt(), stored.registeredBy());
            stored = read();
        }
        status = statusOf(stored);
    }

    public Status status() {
        return status;
    }

    public boolean isRegistered() {
        return status instanceof Status.Registered;
    }

    public MachineIdentity machine() {
        return machine;
    }

    /// Registers this terminal on this PC by `administrator` (recorded first, with the machine it was
    /// registered on before, if any).
    public synchronized void register(Person administrator) throws AuditUnavailableException, SQLException {
        if (!administrator.holds(Role.ADMINISTRATOR)) {
            throw new IllegalArgumentException("Only an administrator registers a terminal");
        }
        register(administrator.id(), "registered by an administrator");
    }

    /// Registers the terminal of a demo facility the app has just made for itself, in the name of its
    /// administrator: a demo has no one else to do it.
    public synchronized void registerForDemo(String demoAdministratorId) throws AuditUnavailableException, SQLException {
        if (status instanceof Status.Unregistered(Reason reason) && reason == Reason.NEVER_REGISTERED) {
            register(demoAdministratorId, "demo facility set up");
        }
    }

    private void register(String personId, String reason) throws AuditUnavailableException, SQLException {
        Stored before = read();
        Instant now = clock.instant();
        audit.append(AuditEvent.of(AuditAction.TERMINAL_REGISTERED).person(personId).detail("machine", machine.fingerprint())
                .detail("machineSource", machine.source()).detail("previousMachine", Optional.ofNullable(before.machineFingerprint()).orElse("none"))
                .detail("reason", reason));
        store(now, personId);
        status = statusOf(read());
    }

    private Status statusOf(Stored stored) {
        if (stored.registeredAt() == null) {
            return new Status.Unregistered(Reason.NEVER_REGISTERED);
        }
        if (!machine.fingerprint().equals(stored.machineFingerprint())) {
            return new Status.Unregistered(Reason.ANOTHER_MACHINE);
        }
        return new Status.Registered(stored.registeredAt(), Optional.ofNullable(stored.registeredBy()));
    }

    private record Stored(Instant registeredAt, String registeredBy, String machineFingerprint) {
    }

    private Stored read() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT registered_at, registered_by, machine_fingerprint FROM terminal WHERE id = ?")) {
            query.setString(1, terminal.id());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("Terminal " + terminal.id() + " is not in the database");
                }
                OffsetDateTime at = row.getObject(1, OffsetDateTime.class);
                return new Stored(at == null ? null : at.toInstant(), row.getString(2), row.getString(3));
            }
        }
    }

    private void store(Instant at, String byPersonId) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE terminal SET registered_at = ?, registered_by = ?, machine_fingerprint = ? WHERE id = ?")) {
                update.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                update.setString(2, byPersonId);
                update.setString(3, machine.fingerprint());
                update.setString(4, terminal.id());
                update.executeUpdate();
            }
            return null;
        });
    }
}
