package mamori.ui.terminals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.identity.MachineIdentity;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.identity.TerminalRegistration;
import mamori.identity.TerminalRegistry;
import mamori.policy.Decision;
import mamori.policy.DenialReason;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import mamori.terminals.TerminalAdministration;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The terminals screen's model over the real service and database, on an unregistered PC, with
/// the work run on the test's thread.
class TerminalsViewModelTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:02:03Z"), ZoneOffset.UTC);
    private static final MachineIdentity THIS_PC = MachineIdentity.of("0123456789abcdef0123456789abcdef", "/etc/machine-id");
    private static final Person ADMIN = new Person("admin", "山田 太郎", Set.of(Role.ADMINISTRATOR), true);

    private static final TaskExecutor SAME_THREAD = new TaskExecutor() {
        @Override
        public <T> void execute(BackgroundWork<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
            T result;
            try {
                result = work.run();
            } catch (Exception e) {
                onFailure.accept(e);
                return;
            }
            onSuccess.accept(result);
        }

        @Override
        public void onUiThread(Runnable action) {
            action.run();
        }
    };

    @TempDir
    Path directory;
    private Database database;
    private AuditLog audit;
    private Terminal terminal;
    private TerminalsViewModel model;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(directory.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        terminal = new TerminalRegistry(database, new SecureRandom()).thisTerminal();
        database.inTransaction(connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO terminal (id, name, this_terminal, registered_at, registered_by, "
                    + "machine_fingerprint) VALUES ('T-OTHER', 'reception', FALSE, ?, 'admin', 'fedcba9876543210fedcba98')")) {
                insert.setObject(1, OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return null;
        });
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), terminal.id(), "run",
                CLOCK, System::nanoTime);
        TerminalAdministration terminals = new TerminalAdministration(database,
                new TerminalRegistration(database, terminal, THIS_PC, audit, CLOCK),
                by -> by.person().holds(Role.ADMINISTRATOR) ? Decision.allow() : Decision.deny(DenialReason.NO_GRANT), audit);
        model = new TerminalsViewModel(new Session("s-admin", ADMIN, terminal, CLOCK.instant()), terminals,
                () -> Map.of("admin", "山田 太郎"), SAME_THREAD, Messages.load(Locale.JAPANESE), ZoneId.of("Asia/Tokyo"), () -> { });
    }

    @AfterEach
    void close() {
        audit.close();
        database.close();
    }

    private TerminalsViewModel.Row row(String id) {
        return model.rows().stream().filter(row -> row.terminalId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anUnregisteredPcIsOfferedRegistrationAndAnotherTerminalIsWithdrawn() {
        model.load();
        assertTrue(model.registerOfferedProperty().get());
        assertEquals("この PC は登録されていません。ログインできるのは管理者だけです。", model.registrationProperty().get());
        assertEquals("この PC", row(terminal.id()).here());
        assertEquals("未登録", row(terminal.id()).registered());
        assertEquals("", row("T-OTHER").here());
        assertEquals("fedcba987654", row("T-OTHER").machine(), "the fingerprint's first 12 characters");
        assertEquals("2026-12-06 10:02", row("T-OTHER").registered(), "in the facility's zone");
        assertEquals("山田 太郎", row("T-OTHER").by());

        model.registerThisPc();
        assertEquals("この PC を登録しました。監査ログに記録しました。", model.messageProperty().get());
        assertFalse(model.registerOfferedProperty().get());
        assertEquals("2026-12-06 10:02", row(terminal.id()).registered());
        assertEquals("0123456789ab".length(), row(terminal.id()).machine().length());

        model.select(terminal.id());
        assertFalse(model.withdrawAllowedProperty().get(), "this PC's own registration is not withdrawn here");
        model.withdraw();
        assertTrue(model.messageIsErrorProperty().get());
        assertTrue(model.messageProperty().get().startsWith("この PC の登録はここでは取り消せません"), model.messageProperty().get());

        model.select("T-OTHER");
        assertTrue(model.withdrawAllowedProperty().get());
        model.withdraw();
        assertEquals("端末 T-OTHER の登録を取り消しました。監査ログに記録しました。その端末では、管理者が登録し直すまで管理者しかログインできません。",
                model.messageProperty().get());
        assertEquals("未登録", row("T-OTHER").registered());
        assertFalse(model.withdrawAllowedProperty().get(), "nothing left to withdraw");
    }

    @Test
    void aRenameTheLogRefusesIsNotMadeAndTheScreenSaysWhy() {
        model.load();
        model.select("T-OTHER");
        assertEquals("reception", model.newNameProperty().get());
        model.newNameProperty().set("受付");
        model.rename();
        assertEquals("受付", row("T-OTHER").name());

        audit.close();
        model.select("T-OTHER");
        model.newNameProperty().set("事務室");
        model.rename();
        assertTrue(model.messageIsErrorProperty().get());
        assertTrue(model.messageProperty().get().startsWith("監査ログに記録できないため、変更しませんでした"), model.messageProperty().get());
        assertEquals("受付", row("T-OTHER").name());
    }
}
