package mamori.enrolment;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.fingerprint.Deletion;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentListener;
import mamori.fingerprint.FingerprintReader;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.store.Database;

/// Enrols, re-enrols and removes people's fingers on this kiosk's reader, for administrators.
///
/// An enrolment takes the lowest template id free on the reader, runs the reader's captures, and
/// only then records: the `CONFIGURATION_CHANGE` entry (person, finger, reader, template id; never
/// template data) is appended inside the transaction that writes the `finger_enrolment` row, so
/// the finger can log in only once the log holds the entry. When the log refuses (or the row cannot
/// be written) the template is deleted from the module again: fail closed. A removal is recorded
/// and its row deleted first, then the template is deleted from the module. Re-enrolment is a
/// removal followed by an enrolment of the same finger.
public final class FingerEnrolment {

    /// How long each wait for the person (place, lift) may take.
    public static final Duration PER_CAPTURE_TIMEOUT = Duration.ofSeconds(15);
    static final String SETTING = "finger enrolment";

    /// Whether a session's person may administer people now (the policy's ADMINISTER right).
    @FunctionalInterface
    public interface AdministerRight {
        Decision decide(Session by) throws SQLException;
    }

    /// One enrolled finger of a person on this reader.
    public record EnrolledFinger(int templateId, String finger) {
    }

    /// A person with their fingers enrolled on this reader.
    public record PersonFingers(Person person, List<EnrolledFinger> fingers) {
    }

    private final Database database;
    private final PersonRepository people;
    private final FingerprintReader reader;
    private final AdministerRight right;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration perCaptureTimeout;
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FingerEnrolment(Database database, PersonRepository people, FingerprintReader reader, AdministerRight right,
            AuditLog audit, Clock clock) {
        this(database, people, reader, right, audit, clock, PER_CAPTURE_TIMEOUT);
    }

    public FingerEnrolment(Database database, PersonRepository people, FingerprintReader reader, AdministerRight right,
            AuditLog audit, Clock clock, Duration perCaptureTimeout) {
        this.database = database;
        this.people = people;
        this.reader = reader;
        this.right = right;
        this.audit = audit;
        this.clock = clock;
        this.perCaptureTimeout = perCaptureTimeout;
    }

    /// Runs `listener` after each recorded enrolment or removal, on the thread that made it.
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /// The reader enrolments are made on.
    public String readerId() {
        return reader.readerId();
    }

    /// Everybody, with their fingers on this reader, in display-name order.
    public List<PersonFingers> people() throws SQLException {
        List<PersonRepository.Enrolment> enrolments = people.enrolments(reader.readerId());
        List<PersonFingers> all = new ArrayList<>();
        for (Person person : people.all()) {
            all.add(new PersonFingers(person, enrolments.stream().filter(enrolment -> enrolment.personId().equals(person.id()))
                    .map(enrolment -> new EnrolledFinger(enrolment.templateId(), enrolment.finger())).toList()));
        }
        return all;
    }

    /// Whose finger is stored at `templateId` on this reader (for "already enrolled as ...").
    public Optional<Person> ownerOf(int templateId) throws SQLException {
        return people.byFingerTemplate(reader.readerId(), templateId);
    }

    /// Enrols `finger` of `personId`: the captures go through the reader, the steps to `listener`
    /// (on this thread). Returns the reader's outcome; only [Enrolment.Stored] changed anything,
    /// and it is recorded.
    ///
    /// @throws AuditUnavailableException the log refused the entry: the template was deleted again
    public synchronized Enrolment enrol(Session by, String personId, Finger finger, EnrolmentListener listener)
            throws SQLException, AuditUnavailableException, EnrolmentRefusedException, InterruptedException {
        requireAdministrator(by);
        Person person = person(personId);
        if (!person.active()) {
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.PERSON_INACTIVE, person.displayName() + " is not active");
        }
        List<PersonRepository.Enrolment> enrolments = people.enrolments(reader.readerId());
        if (enrolments.stream().anyMatch(held -> held.personId().equals(personId) && held.finger().equals(finger.name()))) {
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.FINGER_ALREADY_ENROLLED,
                    person.displayName() + " already has " + finger + " enrolled on " + reader.readerId());
        }
        int templateId = nextFreeTemplate(enrolments);
        Enrolment result = reader.enrol(templateId, listener, perCaptureTimeout);
        if (result instanceof Enrolment.Stored stored) {
            record(by, new PersonRepository.Enrolment(reader.readerId(), stored.templateId(), personId, finger.name()));
        }
        return result;
    }

    /// Removes one finger; returns what the reader said about deleting its template (the finger can
    /// no longer log in either way: its row is gone).
    public synchronized Deletion remove(Session by, String personId, int templateId)
            throws SQLException, AuditUnavailableException, EnrolmentRefusedException, InterruptedException {
        requireAdministrator(by);
        PersonRepository.Enrolment enrolment = enrolmentOf(personId, templateId);
        requireNotLastAdministratorFinger(enrolment);
        unrecord(by, enrolment);
        return reader.delete(templateId);
    }

    /// Removes the finger at `templateId` and enrols the same finger of the same person again.
    public synchronized Enrolment reenrol(Session by, String personId, int templateId, EnrolmentListener listener)
            throws SQLException, AuditUnavailableException, EnrolmentRefusedException, InterruptedException {
        requireAdministrator(by);
        PersonRepository.Enrolment enrolment = enrolmentOf(personId, templateId);
        requireNotLastAdministratorFinger(enrolment);
        remove(by, personId, templateId);
        return enrol(by, personId, Finger.valueOf(enrolment.finger()), listener);
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

    private PersonRepository.Enrolment enrolmentOf(String personId, int templateId) throws SQLException, EnrolmentRefusedException {
        return people.enrolments(reader.readerId()).stream()
                .filter(held -> held.templateId() == templateId && held.personId().equals(personId)).findFirst()
                .orElseThrow(() -> new EnrolmentRefusedException(EnrolmentRefusedException.Reason.NOT_ENROLLED,
                        "No finger of " + personId + " at template " + templateId + " on " + reader.readerId()));
    }

    /// Refuses to take the last finger of the last active administrator who has one on this reader.
    private void requireNotLastAdministratorFinger(PersonRepository.Enrolment enrolment) throws SQLException, EnrolmentRefusedException {
        Set<String> administrators = new TreeSet<>();
        for (Person person : people.all()) {
            if (person.active() && person.holds(Role.ADMINISTRATOR)) {
                administrators.add(person.id());
            }
        }
        if (!administrators.contains(enrolment.personId())) {
            return;
        }
        boolean anotherRemains = people.enrolments(reader.readerId()).stream()
                .anyMatch(held -> held.templateId() != enrolment.templateId() && administrators.contains(held.personId()));
        if (!anotherRemains) {
            throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.LAST_ADMINISTRATOR_FINGER,
                    "The last finger of the last administrator on " + reader.readerId() + " cannot be removed");
        }
    }

    /// The lowest id no enrolment of this reader uses (a page left on the module by an enrolment
    /// that was not recorded is overwritten). A capacity not known yet lets the reader decide.
    private int nextFreeTemplate(List<PersonRepository.Enrolment> enrolments) throws EnrolmentRefusedException {
        Set<Integer> used = new TreeSet<>();
        enrolments.forEach(enrolment -> used.add(enrolment.templateId()));
        int capacity = reader.templateCapacity();
        int limit = capacity > 0 ? capacity : Integer.MAX_VALUE;
        for (int id = 0; id < limit; id++) {
            if (!used.contains(id)) {
                return id;
            }
        }
        throw new EnrolmentRefusedException(EnrolmentRefusedException.Reason.READER_FULL,
                "Every one of the " + capacity + " templates of " + reader.readerId() + " is taken");
    }

    private void record(Session by, PersonRepository.Enrolment enrolment)
            throws SQLException, AuditUnavailableException, InterruptedException {
        try {
            change(by, enrolment, false, connection -> PersonRepository.enrol(connection, enrolment, clock.instant()));
        } catch (SQLException | AuditUnavailableException | RuntimeException e) {
            // Not recorded, so not enrolled: the template must not stay on the module.
            reader.delete(enrolment.templateId());
            throw e;
        }
        changeListeners.forEach(Runnable::run);
    }

    private void unrecord(Session by, PersonRepository.Enrolment enrolment) throws SQLException, AuditUnavailableException {
        change(by, enrolment, true, connection -> PersonRepository.unenrol(connection, enrolment.readerId(), enrolment.templateId()));
        changeListeners.forEach(Runnable::run);
    }

    @FunctionalInterface
    private interface RowWork {
        void apply(Connection connection) throws SQLException;
    }

    /// Writes the row and appends the entry in one transaction; the log's refusal rolls the row back.
    private void change(Session by, PersonRepository.Enrolment enrolment, boolean wasEnrolled, RowWork work)
            throws SQLException, AuditUnavailableException {
        try {
            database.inTransaction(connection -> {
                work.apply(connection);
                try {
                    audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id())
                            .detail("setting", SETTING).detail("old", details(enrolment, wasEnrolled))
                            .detail("new", details(enrolment, !wasEnrolled)));
                } catch (AuditUnavailableException e) {
                    throw new LogRefused(e);
                }
                return null;
            });
        } catch (LogRefused refused) {
            throw refused.cause;
        }
    }

    private static Map<String, Object> details(PersonRepository.Enrolment enrolment, boolean enrolled) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("person", enrolment.personId());
        details.put("finger", enrolment.finger());
        details.put("reader", enrolment.readerId());
        details.put("template", enrolment.templateId());
        details.put("enrolled", enrolled);
        return details;
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
