package mamori.identity;

/// The PC this kiosk runs on, as registered in the database.
public record Terminal(String id, String name) {
}
