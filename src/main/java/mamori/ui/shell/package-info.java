/// The kiosk's frame: the screen area, the status bar, and plain message screens.
package mamori.ui.shell;
