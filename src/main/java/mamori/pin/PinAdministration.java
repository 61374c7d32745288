package mamori.pin;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.policy.Decision;

/// What administrators change about PINs: whether a role needs a PIN after the finger, which named
/// people may use a PIN instead of a finger (who allowed it and why), and clearing a person's PIN so
/// they set a new one. Each change is one `CONFIGURATION_CHANGE` entry with the old and new values,
/// appended before the change commits; the policy's ADMINISTER right is checked at each change.
public final class PinAdministration {

    static final String ROLE_RULE = "pin required for role";
    static final String PIN_ALONE = "pin instead of finger";
    static final int LONGEST_REASON = 500;

    /// Whether a session's person may administer people now (the policy's ADMINISTER right).
    @FunctionalInterface
    public interface AdministerRight {
        Decision decide(Session by) throws SQLException;
    }

    /// One person as the administration screen lists them.
    public record PersonPins(Person person, boolean hasPin, Optional<PinAlone> pinAlone) {
    }

    /// Everything the administration screen shows.
    public record Overview(Map<Role, Boolean> roleRules, List<PersonPins> people) {
    }

    private final PinCheck pins;
    private final PersonRepository people;
    private final AdministerRight right;
    private final AuditLog audit;
    private final Clock clock;

    public PinAdministration(PinCheck pins, PersonRepository people, AdministerRight right, AuditLog audit, Clock clock) {
        this.pins = pins;
        this.people = people;
        this.right = right;
        this.audit = audit;
        this.clock = clock;
    }

    public Overview overview() throws SQLException {
        List<Person> everyone = people.all();
        return pins.read(connection -> {
            Map<String, java.time.Instant> set = PinRepository.pinsSetAt(connection);
            Map<String, PinAlone> allowed = PinRepository.allowances(connection);
            return new Overview(PinRepository.roleRules(connection), everyone.stream().map(person -> new PersonPins(person,
                    set.containsKey(person.id()), Optional.ofNullable(allowed.get(person.id())))).toList());
        });
    }

    /// Turns "PIN required after the finger" on or off for `role`; nothing is recorded when unchanged.
    public void requireForRole(Session by, Role role, boolean required)
            throws SQLException, AuditUnavailableException, PinRefusedException {
        requireRight(by, ROLE_RULE);
        pins.write(connection -> {
            boolean old = PinRepository.roleRules(connection).get(role);
            if (old == required) {
                return;
            }
            PinRepository.setRoleRule(connection, role, required, by.person().id(), clock.instant());
            audit.append(change(by, ROLE_RULE).detail("role", role).detail("old", old).detail("new", required));
        });
    }

    /// Lets `personId` log in with a PIN instead of a finger, for `reason`. When they have no PIN yet,
    /// `firstPin` (typed twice by the person themselves on the administrator's screen) becomes it;
    /// the arrays are wiped afterwards.
    public void allowPinAlone(Session by, String personId, String reason, char[] firstPin, char[] repeat)
            throws SQLException, AuditUnavailableException, PinRefusedException {
        try {
            requireRight(by, PIN_ALONE);
            Person person = person(personId);
            if (person.id().equals(by.person().id())) {
                throw new PinRefusedException(PinRefusedException.Reason.OWN_ALLOWANCE, Optional.empty(), Optional.empty());
            }
            String why = reason.strip();
            if (why.isEmpty() || why.length() > LONGEST_REASON) {
                throw new PinRefusedException(PinRefusedException.Reason.NO_REASON_GIVEN, Optional.empty(), Optional.empty());
            }
            boolean hasPin = pins.hasPin(person);
            Optional<PinHash> first = hasPin && firstPin.length == 0 ? Optional.empty() : Optional.of(pins.hashChecked(firstPin, repeat));
            pins.write(connection -> {
                Optional<PinAlone> old = PinRepository.allowance(connection, person.id());
                PinAlone allowance = new PinAlone(by.person().id(), why, clock.instant());
                PinRepository.allow(connection, person.id(), allowance);
                audit.append(change(by, PIN_ALONE).detail("subject", person.id()).detail("old", describe(old))
                        .detail("new", describe(Optional.of(allowance))));
                if (first.isPresent()) {
                    boolean had = PinRepository.pin(connection, person.id()).isPresent();
                    PinRepository.setPin(connection, person.id(), first.get(), clock.instant());
                    audit.append(change(by, PinCheck.OWN_PIN).detail("subject", person.id()).detail("old", had ? "set" : "none")
                            .detail("new", "set").detail("by_whom", "the person, at the administrator's screen"));
                }
            });
        } finally {
            Arrays.fill(firstPin, '\0');
            Arrays.fill(repeat, '\0');
        }
    }

    /// Withdraws `personId`'s PIN-instead-of-finger allowance; nothing is recorded when there was none.
    public void withdrawPinAlone(Session by, String personId) throws SQLException, AuditUnavailableException, PinRefusedException {
        requireRight(by, PIN_ALONE);
        Person person = person(personId);
        pins.write(connection -> {
            Optional<PinAlone> old = PinRepository.allowance(connection, person.id());
            if (old.isEmpty()) {
                return;
            }
            PinRepository.withdraw(connection, person.id());
            audit.append(change(by, PIN_ALONE).detail("subject", person.id()).detail("old", describe(old)).detail("new", "none"));
        });
    }

    /// Clears `personId`'s PIN: where their role requires one they set a new one after their next
    /// finger login. Nothing is recorded when they had none.
    public void resetPin(Session by, String personId) throws SQLException, AuditUnavailableException, PinRefusedException {
        requireRight(by, PinCheck.OWN_PIN);
        Person person = person(personId);
        pins.write(connection -> {
            if (PinRepository.pin(connection, person.id()).isEmpty()) {
                return;
            }
            PinRepository.clearPin(connection, person.id());
            audit.append(change(by, PinCheck.OWN_PIN).detail("subject", person.id()).detail("old", "set").detail("new", "none")
                    .detail("by_whom", "administrator reset"));
        });
    }

    private AuditEvent change(Session by, String setting) {
        return AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id()).detail("setting", setting);
    }

    private static Object describe(Optional<PinAlone> allowance) {
        return allowance.<Object>map(a -> Map.of("allowed_by", a.allowedBy(), "reason", a.reason(), "allowed_at", a.allowedAt()))
                .orElse("none");
    }

    private Person person(String personId) throws SQLException, PinRefusedException {
        return people.byId(personId).orElseThrow(
                () -> new PinRefusedException(PinRefusedException.Reason.UNKNOWN_PERSON, Optional.empty(), Optional.empty()));
    }

    private void requireRight(Session by, String setting) throws SQLException, AuditUnavailableException, PinRefusedException {
        if (right.decide(by) instanceof Decision.Denied denied) {
            audit.append(AuditEvent.of(AuditAction.POLICY_DENIAL).person(by.person().id()).session(by.id())
                    .detail("action", AuditAction.CONFIGURATION_CHANGE).detail("setting", setting).detail("reason", denied.reason()));
            throw new PinRefusedException(PinRefusedException.Reason.NOT_PERMITTED, Optional.empty(), Optional.of(denied.reason()));
        }
    }

}
