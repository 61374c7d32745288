package mamori.pin;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.SecondFactor;
import mamori.identity.Session;
import mamori.store.Database;

/// Answers the login's questions about PINs (a person needs one when any of their roles does) and
/// lets a logged-in person set their own PIN, recorded as a `CONFIGURATION_CHANGE` (setting "pin of
/// person", old and new "none"/"set", never the PIN or its hash) before it counts.
public final class PinCheck implements SecondFactor {

    static final String OWN_PIN = "pin of person";

    private final Database database;
    private final AuditLog audit;
    private final SecureRandom random;
    private final Clock clock;
    private final Argon2Cost cost;

    public PinCheck(Database database, AuditLog audit, SecureRandom random, Clock clock, Argon2Cost cost) {
        this.database = database;
        this.audit = audit;
        this.random = random;
        this.clock = clock;
        this.cost = cost;
    }

    @Override
    public Need needAfterFinger(Person person) throws SQLException {
        try (Connection connection = database.connection()) {
            if (!required(PinRepository.roleRules(connection), person)) {
                return Need.NOTHING;
            }
            return PinRepository.pin(connection, person.id()).isPresent() ? Need.PIN : Need.PIN_TO_BE_SET;
        }
    }

    static boolean required(Map<Role, Boolean> rules, Person person) {
        return person.roles().stream().anyMatch(role -> rules.getOrDefault(role, false));
    }

    @Override
    public boolean matches(Person person, char[] pin) throws SQLException {
        Optional<PinHash> stored;
        try (Connection connection = database.connection()) {
            stored = PinRepository.pin(connection, person.id());
        }
        if (stored.isEmpty() || pin.length > PinRules.LONGEST) {
            // The same slow work as a real check, so the time taken does not tell whether a PIN exists.
            PinHash.derive(new char[] {'0', '0', '0', '0'}, new byte[PinHash.SALT_BYTES], cost);
            return false;
        }
        return stored.get().matches(pin);
    }

    @Override
    public boolean mayUsePinAlone(Person person) throws SQLException {
        try (Connection connection = database.connection()) {
            return PinRepository.allowance(connection, person.id()).isPresent();
        }
    }

    /// Whether `person` must set a PIN now: one of their roles requires it and they have none.
    public boolean mustSetPin(Person person) throws SQLException {
        return needAfterFinger(person) == Need.PIN_TO_BE_SET;
    }

    public boolean hasPin(Person person) throws SQLException {
        try (Connection connection = database.connection()) {
            return PinRepository.pin(connection, person.id()).isPresent();
        }
    }

    /// Sets (or replaces) the session's person's own PIN; `pin` and `repeat` are wiped afterwards.
    public void setOwnPin(Session by, char[] pin, char[] repeat) throws PinRefusedException, SQLException, AuditUnavailableException {
        try {
            PinHash hash = hashChecked(pin, repeat);
            Person person = by.person();
            write(connection -> {
                boolean had = PinRepository.pin(connection, person.id()).isPresent();
                PinRepository.setPin(connection, person.id(), hash, clock.instant());
                audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(person.id()).session(by.id())
                        .detail("setting", OWN_PIN).detail("subject", person.id()).detail("old", had ? "set" : "none")
                        .detail("new", "set").detail("by_whom", "the person"));
            });
        } finally {
            Arrays.fill(pin, '\0');
            Arrays.fill(repeat, '\0');
        }
    }

    /// Checks the rules and that both entries agree, then hashes (slow); nothing is stored here.
    PinHash hashChecked(char[] pin, char[] repeat) throws PinRefusedException {
        Optional<PinRules.Problem> problem = PinRules.problem(pin);
        if (problem.isPresent()) {
            throw new PinRefusedException(PinRefusedException.Reason.RULE, problem, Optional.empty());
        }
        if (!Arrays.equals(pin, repeat)) {
            throw new PinRefusedException(PinRefusedException.Reason.REPEAT_DIFFERS, Optional.empty(), Optional.empty());
        }
        return PinHash.of(pin, cost, random);
    }

    <T> T read(Database.SqlWork<T> work) throws SQLException {
        return database.inTransaction(work);
    }

    /// Work on the PIN tables whose audit entry is appended before its transaction commits; when the
    /// log refuses, the transaction rolls back and the refusal is thrown (fail closed).
    void write(Change change) throws SQLException, AuditUnavailableException {
        try {
            database.inTransaction(connection -> {
                try {
                    change.apply(connection);
                } catch (AuditUnavailableException e) {
                    throw new LogRefused(e);
                }
                return null;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    @FunctionalInterface
    interface Change {
        void apply(Connection connection) throws SQLException, AuditUnavailableException;
    }

    /// Carries the log's refusal out of the transaction, which rolls back on it.
    private static final class LogRefused extends RuntimeException {
        private final AuditUnavailableException cause;

        LogRefused(AuditUnavailableException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
