/// The login screen: waiting for a finger, the reader's answer, the demo reader panel.
package mamori.ui.login;
