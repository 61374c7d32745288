/// One pure decision: may this person, on this terminal, do this to this camera now, and if not, why.
/// No I/O, no clock, no JavaFX: callers pass in the grants and the instant.
package mamori.policy;
