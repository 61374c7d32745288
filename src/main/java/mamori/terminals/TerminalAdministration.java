package mamori.terminals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Session;
import mamori.identity.TerminalRegistration;
import mamori.policy.Decision;
import mamori.store.Database;

/// The terminals of this database, for administrators: lists them, registers this PC (through
/// [TerminalRegistration], which records it first), renames one and withdraws the registration of
/// another. A rename or withdrawal is a `CONFIGURATION_CHANGE` entry (`setting: "terminal"`, old and
/// new) appended inside the transaction that makes it, so a refused entry rolls it back (fail closed).
/// This PC's own registration is not withdrawn here: afterwards only administrators could log in.
public final class TerminalAdministration {

    static final String SETTING = "terminal";
    private static final int MAX_NAME_LENGTH = 200;

    /// Whether a session may administer (the policy's ADMINISTER).
    @FunctionalInterface
    public interface AdministerRight {
        Decision decide(Session by) throws SQLException;
    }

    private final Database database;
    private final TerminalRegistration registration;
    private final AdministerRight right;
    private final AuditLog audit;

    public TerminalAdministration(Database database, TerminalRegistration registration, AdministerRight right, AuditLog audit) {
        this.database = database;
        this.registration = registration;
        this.right = right;
        this.audit = audit;
    }

    /// Every terminal of this database, by id.
    public List<KnownTerminal> terminals() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id, name, this_terminal, registered_at, registered_by, machine_fingerprint FROM terminal ORDER BY id");
                ResultSet row = query.executeQuery()) {
            List<KnownTerminal> terminals = new ArrayList<>();
            while (row.next()) {
                OffsetDateTime at = row.getObject(4, OffsetDateTime.class);
                terminals.add(new KnownTerminal(row.getString(1), row.getString(2), row.getBoolean(3),
                        Optional.ofNullable(at).map(OffsetDateTime::toInstant), Optional.ofNullable(row.getString(5)),
                        Optional.ofNullable(row.getString(6))));
            }
            return terminals;
        }
    }

    /// This PC's machine fingerprint, to tell whether this terminal's registration is for this PC.
    public String thisMachine() {
        return registration.machine().fingerprint();
    }

    /// Whether this terminal is registered on this PC.
    public boolean thisPcRegistered() {
        return registration.isRegistered();
    }

    /// Registers this terminal on this PC in `by`'s name (recorded first, as `TERMINAL_REGISTERED`).
    public synchronized void registerThisPc(Session by) throws SQLException, AuditUnavailableException, TerminalRefusedException {
        requireAdministrator(by, "register");
        if (registration.isRegistered()) {
            throw new TerminalRefusedException(TerminalRefusedException.Reason.ALREADY_REGISTERED, "This PC is registered already");
        }
        registration.register(by.person());
    }

    /// Gives `terminalId` the name `name`; nothing is recorded when it is unchanged.
    public synchronized void rename(Session by, String terminalId, String name)
            throws SQLException, AuditUnavailableException, TerminalRefusedException {
        requireAdministrator(by, "rename");
        String newName = name == null ? "" : name.strip();
        if (newName.isEmpty() || newName.length() > MAX_NAME_LENGTH) {
            throw new TerminalRefusedException(TerminalRefusedException.Reason.BAD_NAME, "A name of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        KnownTerminal old = terminal(terminalId);
        if (old.name().equals(newName)) {
            return;
        }
        change(by, terminalId, Map.of("name", old.name()), Map.of("name", newName), connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE terminal SET name = ? WHERE id = ?")) {
                update.setString(1, newName);
                update.setString(2, terminalId);
                update.executeUpdate();
            }
        });
    }

    /// Withdraws the registration of another terminal: it is unregistered until an administrator
    /// registers it again (then only administrators log in there, decision 0021).
    public synchronized void withdraw(Session by, String terminalId) throws SQLException, AuditUnavailableException, TerminalRefusedException {
        requireAdministrator(by, "withdraw");
        KnownTerminal old = terminal(terminalId);
        if (old.thisTerminal()) {
            throw new TerminalRefusedException(TerminalRefusedException.Reason.THIS_TERMINAL, "This PC's own registration is not withdrawn here");
        }
        if (old.registeredAt().isEmpty()) {
            throw new TerminalRefusedException(TerminalRefusedException.Reason.NOT_REGISTERED, terminalId + " is not registered");
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("registered", true);
        before.put("registered_at", old.registeredAt().get().toString());
        before.put("registered_by", old.registeredBy().orElse("none"));
        before.put("machine", old.machine().orElse("none"));
        change(by, terminalId, before, Map.of("registered", false), connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE terminal SET registered_at = NULL, registered_by = NULL, machine_fingerprint = NULL WHERE id = ?")) {
                update.setString(1, terminalId);
                update.executeUpdate();
            }
        });
    }

    private KnownTerminal terminal(String terminalId) throws SQLException, TerminalRefusedException {
        return terminals().stream().filter(terminal -> terminal.id().equals(terminalId)).findFirst()
                .orElseThrow(() -> new TerminalRefusedException(TerminalRefusedException.Reason.UNKNOWN_TERMINAL, "No terminal " + terminalId));
    }

    private void requireAdministrator(Session by, String what) throws SQLException, AuditUnavailableException, TerminalRefusedException {
        if (right.decide(by) instanceof Decision.Denied denied) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id())
                    .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("setting", SETTING).detail("change", what)
                    .detail("reason", denied.reason()));
            throw new TerminalRefusedException(TerminalRefusedException.Reason.NOT_PERMITTED, Optional.of(denied.reason()),
                    "Not permitted to administer terminals: " + denied.reason());
        }
    }

    @FunctionalInterface
    private interface RowWork {
        void apply(Connection connection) throws SQLException;
    }

    private void change(Session by, String terminalId, Map<String, Object> old, Map<String, Object> updated, RowWork work)
            throws SQLException, AuditUnavailableException {
        try {
            database.inTransaction(connection -> {
                work.apply(connection);
                try {
                    audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id())
                            .detail("setting", SETTING).detail("subject", terminalId).detail("old", old).detail("new", updated));
                } catch (AuditUnavailableException e) {
                    throw new LogRefused(e);
                }
                return null;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    private static final class LogRefused extends RuntimeException {
        private final AuditUnavailableException cause;

        LogRefused(AuditUnavailableException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
