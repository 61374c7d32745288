/// The clock check: the wall clock watched against the monotonic clock, jumps reported, and the
/// trusted time that policy decisions use. [ClockSanity] is the pure rule (samples in, state out);
/// [ClockWatch] takes the samples, records jumps in the audit log, keeps the trusted time and the
/// unacknowledged jumps in the database ([ClockRepository]) and takes acknowledgements. Never touches JavaFX.
package mamori.clock;
