/// The data directory, the encrypted embedded H2 database and its versioned schema migrations.
/// Feature packages keep their own repositories and borrow connections from here. Never touches JavaFX.
package mamori.store;
