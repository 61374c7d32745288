package mamori.enrolment;

import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.store.Database;

/// Adds people, activates and deactivates them and sets their roles, for administrators. Each change
/// is a `CONFIGURATION_CHANGE` entry (`setting: "person"`, old and new: name, roles, active) appended
/// inside the transaction that makes it, so a refused entry rolls the change back (fail closed).
/// The last active administrator is neither deactivated nor stripped of the role.
public final class PeopleAdministration {

    static final String SETTING = "person";
    private static final int MAX_NAME_LENGTH = 200;

    private final Database database;
    private final PersonRepository people;
    private final FingerEnrolment.AdministerRight right;
    private final AuditLog audit;
    private final Clock clock;

    public PeopleAdministration(Database database, PersonRepository people, FingerEnrolment.AdministerRight right, AuditLog audit,
            Clock clock) {
        this.database = database;
        this.people = people;
        this.right = right;
        this.audit = audit;
        this.clock = clock;
    }

    /// Adds an active person with `roles`; returns them (with a new id).
    public synchronized Person add(Session by, String displayName, Set<Role> roles)
            throws SQLException, AuditUnavailableException, EnrolmentRefusedException {
        requireAdministrator(by);
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.BAD_NAME, "A name of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (roles.isEmpty()) {
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.NO_ROLE, "A person needs at least one role");
        }
        Person person = new Person(UUID.randomUUID().toString(), name, roles, true);
        change(by, Optional.empty(), person, connection -> PersonRepository.insert(connection, person, clock.instant()));
        return person;
    }

    /// Activates or deactivates `personId`; nothing is recorded when it is already so.
    public synchronized void setActive(Session by, String personId, boolean active)
            throws SQLException, AuditUnavailableException, EnrolmentRefusedException {
        requireAdministrator(by);
        Person old = person(personId);
        if (old.active() == active) {
            return;
        }
        Person updated = new Person(old.id(), old.displayName(), old.roles(), active);
        requireAnotherAdministratorRemains(old, updated);
        change(by, Optional.of(old), updated, connection -> PersonRepository.setActive(connection, personId, active));
    }

    /// Sets `personId`'s roles; nothing is recorded when they are unchanged.
    public synchronized void setRoles(Session by, String personId, Set<Role> roles)
            throws SQLException, AuditUnavailableException, EnrolmentRefusedException {
        requireAdministrator(by);
        if (roles.isEmpty()) {
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.NO_ROLE, "A person needs at least one role");
        }
        Person old = person(personId);
        if (old.roles().equals(EnumSet.copyOf(roles))) {
            return;
        }
        Person updated = new Person(old.id(), old.displayName(), roles, old.active());
        requireAnotherAdministratorRemains(old, updated);
        change(by, Optional.of(old), updated, connection -> PersonRepository.setRoles(connection, personId, roles));
    }

    private void requireAdministrator(Session by) throws SQLException, AuditUnavailableException, EnrolmentRefusedException {
        if (right.decide(by) instanceof Decision.Denied denied) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id())
                    .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("setting", SETTING).detail("reason", denied.reason()));
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.NOT_PERMITTED, Optional.of(denied.reason()),
                    "Not permitted to administer people: " + denied.reason());
        }
    }

    private Person person(String personId) throws SQLException, EnrolmentRefusedException {
        return people.all().stream().filter(person -> person.id().equals(personId)).findFirst()
                .orElseThrow(() -> new EnrolmentRefusedException(EnrolmentRefusedException.Reason.UNKNOWN_PERSON, "No person " + personId));
    }

    private void requireAnotherAdministratorRemains(Person old, Person updated) throws SQLException, EnrolmentRefusedException {
        boolean wasAdministrator = old.active() && old.holds(Role.ADMINISTRATOR);
        boolean staysAdministrator = updated.active() && updated.holds(Role.ADMINISTRATOR);
        if (!wasAdministrator || staysAdministrator) {
            return;
        }
        List<Person> others = people.all().stream()
                .filter(person -> !person.id().equals(old.id()) && person.active() && person.holds(Role.ADMINISTRATOR)).toList();
        if (others.isEmpty()) {
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.LAST_ADMINISTRATOR,
                    old.displayName() + " is the last active administrator");
        }
    }

    @FunctionalInterface
    private interface RowWork {
        void apply(java.sql.Connection connection) throws SQLException;
    }

    private void change(Session by, Optional<Person> old, Person updated, RowWork work) throws SQLException, AuditUnavailableException {
        try {
            database.inTransaction(connection -> {
                work.apply(connection);
                try {
                    audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id())
                            .detail("setting", SETTING).detail("subject", updated.id())
                            .detail("old", old.map(PeopleAdministration::details).orElse(Map.of())).detail("new", details(updated)));
                } catch (AuditUnavailableException e) {
                    throw new LogRefused(e);
                }
                return null;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    private static Map<String, Object> details(Person person) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", person.displayName());
        details.put("roles", person.roles().stream().sorted().map(Role::name).toList());
        details.put("active", person.active());
        return details;
    }

    private static final class LogRefused extends RuntimeException {
        private final AuditUnavailableException cause;

        LogRefused(AuditUnavailableException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
