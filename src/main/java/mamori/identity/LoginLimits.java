package mamori.identity;

import java.time.Duration;

/// How much a terminal tolerates: refused identifications before it locks itself out
/// (`failuresBeforeLockout` within `failureWindow`, lifted after `lockoutCoolDown` or by an
/// administrator's finger), and how long a session may sit idle before the screen locks
/// (`idleLock`) or last at all (`maximumSession`). Decision 0014 explains the defaults.
public record LoginLimits(int failuresBeforeLockout, Duration failureWindow, Duration lockoutCoolDown, Duration idleLock,
        Duration maximumSession) {

    /// 5 refusals within 10 minutes lock the terminal out for 15 minutes; the screen locks after 5
    /// idle minutes; a session ends after 8 hours (one shift).
    public static final LoginLimits DEFAULTS =
            new LoginLimits(5, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofHours(8));

    public LoginLimits {
        if (failuresBeforeLockout < 1) {
            throw new IllegalArgumentException("failuresBeforeLockout must be at least 1, got " + failuresBeforeLockout);
        }
        for (Duration duration : new Duration[] {failureWindow, lockoutCoolDown, idleLock, maximumSession}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("Login limits must be positive durations, got " + duration);
            }
        }
    }

    public LoginLimits withIdleLock(Duration idle) {
        return new LoginLimits(failuresBeforeLockout, failureWindow, lockoutCoolDown, idle, maximumSession);
    }

    public LoginLimits withMaximumSession(Duration maximum) {
        return new LoginLimits(failuresBeforeLockout, failureWindow, lockoutCoolDown, idleLock, maximum);
    }
}
