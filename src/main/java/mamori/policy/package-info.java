/// One pure decision: may this person, on this terminal, do this to this camera now, and if not, why;
/// and the viewing hours it weighs (weekly windows, exception dates, per person and per role).
/// No I/O, no clock, no JavaFX: callers pass in the grants, the conditions and the trusted instant.
package mamori.policy;
