/// The login-status screen for supervisors and administrators: who is logged in on which terminal,
/// since when, last activity, locked or not, and the forced logout of a session. Talks to the identity
/// services only, never to the database.
package mamori.ui.sessions;
