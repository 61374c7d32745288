/// The login screen and the lock screen: waiting for a finger, the reader's answer (including a
/// lockout of the terminal), the demo reader panel they share.
package mamori.ui.login;
