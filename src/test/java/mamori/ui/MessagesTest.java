package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import mamori.audit.AuditAction;
import mamori.policy.DenialReason;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static Set<String> keys(String language) throws IOException {
        Properties properties = new Properties();
        try (var in = new InputStreamReader(MessagesTest.class.getResourceAsStream("/mamori/ui/messages_" + language + ".properties"),
                StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return new TreeSet<>(properties.stringPropertyNames());
    }

    @Test
    void japaneseAndEnglishHaveTheSameKeys() throws IOException {
        assertEquals(keys("ja"), keys("en"));
    }

    @Test
    void japaneseIsTheDefaultAndNeverFallsBackToTheJvmLocale() {
        Locale previous = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("指紋でログイン", Messages.load(Messages.DEFAULT_LOCALE).get("login.title"));
            assertEquals("Welcome, 鈴木 一郎", Messages.load(Locale.ENGLISH).get("home.greeting", "鈴木 一郎"));
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void everyDenialReasonHasAMessageInBothLanguages() throws IOException {
        for (String language : Set.of("ja", "en")) {
            Set<String> keys = keys(language);
            for (DenialReason reason : DenialReason.values()) {
                assertTrue(keys.contains("policy.denied." + reason.name()), language + " has no message for " + reason);
            }
        }
    }

    @Test
    void everyAuditActionHasANameInBothLanguages() throws IOException {
        for (String language : Set.of("ja", "en")) {
            Set<String> keys = keys(language);
            for (AuditAction action : AuditAction.values()) {
                assertTrue(keys.contains("audit.action." + action.name()), language + " has no name for the audit action " + action);
            }
        }
    }
}
