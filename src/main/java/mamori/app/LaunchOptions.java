package mamori.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mamori.ui.Messages;

/// How the kiosk window starts: full-screen kiosk or a window for development, and its language.
/// `exitAfterStartup` is for the start-up benchmark: leave as soon as the login screen is shown.
public record LaunchOptions(boolean windowed, Locale locale, boolean exitAfterStartup) {

    public static final LaunchOptions KIOSK = new LaunchOptions(false, Messages.DEFAULT_LOCALE, false);

    /// Parses `--windowed`, `--lang=ja|en` and `--exit-after-startup`; anything else is an error.
    public static LaunchOptions parse(List<String> arguments) {
        boolean windowed = false;
        boolean exitAfterStartup = false;
        Locale locale = Messages.DEFAULT_LOCALE;
        List<String> unknown = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("--windowed")) {
                windowed = true;
            } else if (argument.equals("--exit-after-startup")) {
                exitAfterStartup = true;
            } else if (argument.startsWith("--lang=")) {
                String language = argument.substring("--lang=".length());
                if (!language.equals("ja") && !language.equals("en")) {
                    throw new IllegalArgumentException("--lang takes ja or en, not " + language);
                }
                locale = Locale.of(language);
            } else {
                unknown.add(argument);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown option(s): " + String.join(" ", unknown));
        }
        return new LaunchOptions(windowed, locale, exitAfterStartup);
    }
}
