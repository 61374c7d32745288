package mamori.app;

/// Told how the kiosk's start went; the command line prints it (only it writes to the console).
public interface StartupObserver {

    /// The login screen has been laid out and rendered for the first time.
    void loginScreenShown();

    /// The kiosk could not start; `message` says why.
    void failed(String message);

    /// Something the operator should know about this start, such as the playback engine chosen.
    default void notice(String message) {
    }
}
