package mamori.onvif;

import java.util.Objects;

/// The user name and password an ONVIF device knows. The password never appears in `toString`,
/// and so never in a log line or an exception message that prints a `Credentials`.
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw new IllegalArgumentException("the user name is blank");
        }
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<redacted>]";
    }
}
