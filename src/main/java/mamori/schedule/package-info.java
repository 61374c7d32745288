/// The facility's viewing hours as stored: one schedule per person or per role (weekly windows and
/// exception dates), read as the policy's `ViewingHours`. Storage only: how schedules combine and
/// what they allow is decided by `mamori.policy`. Never touches JavaFX.
package mamori.schedule;
