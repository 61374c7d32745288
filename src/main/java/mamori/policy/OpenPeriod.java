package mamori.policy;

import java.time.Instant;

/// A stretch of real time in which viewing is allowed, from `opens` until `closes` (exclusive).
record OpenPeriod(Instant opens, Instant closes) {

    boolean contains(Instant at) {
        return !at.isBefore(opens) && at.isBefore(closes);
    }
}
