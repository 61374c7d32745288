package mamori.ui.shell;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.ui.Messages;

/// What the status bar shows: who is logged in with which role, on which terminal, and the time
/// in the facility's zone.
public final class StatusBarViewModel {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Messages messages;
    private final Clock clock;
    private final ZoneId zone;
    private final ReadOnlyStringWrapper person = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper role = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper terminal = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper time = new ReadOnlyStringWrapper();

    public StatusBarViewModel(Messages messages, Clock clock, ZoneId zone) {
        this.messages = messages;
        this.clock = clock;
        this.zone = zone;
        showSession(Optional.empty());
        tick();
    }

    public void showTerminal(Terminal shown) {
        terminal.set(messages.get("status.terminal", shown.id(), shown.name()));
    }

    public void showSession(Optional<Session> session) {
        person.set(session.map(s -> s.person().displayName()).orElse(messages.get("status.nobody")));
        role.set(session.map(s -> messages.get("role." + s.person().primaryRole().name())).orElse(""));
    }

    public void tick() {
        time.set(CLOCK.format(clock.instant().atZone(zone)));
    }

    public ReadOnlyStringProperty personProperty() {
        return person.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty roleProperty() {
        return role.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty terminalProperty() {
        return terminal.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timeProperty() {
        return time.getReadOnlyProperty();
    }
}
