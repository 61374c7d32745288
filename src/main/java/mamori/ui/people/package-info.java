/// The administrators' people screen: everybody with their roles and enrolled fingers, and the
/// guided enrolment, re-enrolment and removal of a finger (through mamori.enrolment, audited).
package mamori.ui.people;
