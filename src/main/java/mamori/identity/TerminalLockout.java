package mamori.identity;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;

/// Locks a terminal out after too many refused identifications (see [LoginLimits]): while it is locked
/// out only an administrator's finger is accepted, and that finger lifts the lockout; otherwise it is
/// lifted once the cool-down has passed.
///
/// A lockout is a restriction, so it is stored before its `TERMINAL_LOCKED_OUT` entry is written (an
/// entry that cannot be written leaves the terminal locked out, never open). Lifting is a relief, so
/// its `LOCKOUT_LIFTED` entry comes first. Times come from the trusted clock: turning the PC's clock
/// forward does not end a lockout.
public final class TerminalLockout {

    private final LockoutRepository repository;
    private final AuditLog audit;
    private final String terminalId;
    private final LoginLimits limits;
    private final Clock clock;

    public TerminalLockout(LockoutRepository repository, AuditLog audit, String terminalId, LoginLimits limits, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.terminalId = terminalId;
        this.limits = limits;
        this.clock = clock;
    }

    /// When the lockout in force now ends; empty when there is none. A lockout whose cool-down has
    /// passed is lifted here, once that is recorded.
    public synchronized Optional<Instant> lockedUntil() throws SQLException, AuditUnavailableException {
        Optional<LockoutRepository.Lockout> lockout = repository.lockout(terminalId);
        if (lockout.isEmpty()) {
            return Optional.empty();
        }
        if (clock.instant().isBefore(lockout.get().lockedUntil())) {
            return Optional.of(lockout.get().lockedUntil());
        }
        audit.append(lifted(lockout.get()).detail("reason", "cool-down"));
        repository.lift(terminalId);
        return Optional.empty();
    }

    /// Counts one refused identification (already recorded as `LOGIN_FAILED`); the one that reaches
    /// the limit within the window locks the terminal out. Returns the lockout's end when this refusal
    /// started one.
    public synchronized Optional<Instant> countRefusal() throws SQLException, AuditUnavailableException {
        Instant now = clock.instant();
        int refusals = repository.addFailure(terminalId, now, now.minus(limits.failureWindow()));
        if (refusals < limits.failuresBeforeLockout()) {
            return Optional.empty();
        }
        Instant until = now.plus(limits.lockoutCoolDown());
        repository.lockOut(terminalId, now, until);
        audit.append(AuditEvent.of(AuditAction.TERMINAL_LOCKED_OUT).detail("refusals", refusals)
                .detail("window_seconds", limits.failureWindow().toSeconds()).detail("locked_until", until));
        return Optional.of(until);
    }

    /// `administrator` lifts the lockout in force (nothing happens when there is none).
    public synchronized void liftBy(Person administrator) throws SQLException, AuditUnavailableException {
        if (!mayLift(administrator)) {
            throw new IllegalArgumentException(administrator.id() + " is not an active administrator");
        }
        Optional<LockoutRepository.Lockout> lockout = repository.lockout(terminalId);
        if (lockout.isPresent()) {
            audit.append(lifted(lockout.get()).person(administrator.id()).detail("reason", "administrator"));
            repository.lift(terminalId);
        }
    }

    /// Only an active administrator gets past a lockout: someone must be able to lift it on the spot.
    public static boolean mayLift(Person person) {
        return person.active() && person.holds(Role.ADMINISTRATOR);
    }

    private static AuditEvent lifted(LockoutRepository.Lockout lockout) {
        return AuditEvent.of(AuditAction.LOCKOUT_LIFTED).detail("locked_at", lockout.lockedAt())
                .detail("locked_until", lockout.lockedUntil());
    }
}
