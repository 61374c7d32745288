/// The administrators' view of the terminals this database knows: listing them, registering this
/// PC, renaming one and withdrawing another's registration, each audited before it takes effect.
/// Domain code: no JavaFX; the registration itself stays in mamori.identity.
package mamori.terminals;
