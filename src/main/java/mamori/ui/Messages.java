package mamori.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/// The screens' text, from `mamori/ui/messages_ja.properties` and `messages_en.properties`.
/// No fallback to the JVM's default locale: a kiosk set to Japanese never shows English by accident.
public final class Messages {

    public static final Locale DEFAULT_LOCALE = Locale.JAPANESE;

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    public static Messages load(Locale locale) {
        Locale language = Locale.of(locale.getLanguage());
        ResourceBundle bundle = ResourceBundle.getBundle("mamori.ui.messages", language,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new Messages(bundle, language);
    }

    public String get(String key, Object... arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    public Locale locale() {
        return locale;
    }
}
