/// The clock sanity check: the wall clock watched against the monotonic clock, jumps reported, and
/// the trusted time that policy decisions use. Pure: samples come in as arguments; whoever reads
/// the clocks, audits jumps and shows them to supervisors lives elsewhere. Never touches JavaFX or storage.
package mamori.clock;
