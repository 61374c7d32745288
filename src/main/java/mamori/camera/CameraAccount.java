package mamori.camera;

import java.util.Objects;

/// The account a camera or recorder is reached with. Handed out only to open a stream (see
/// [CredentialStore#account]); the password never appears in `toString`.
public record CameraAccount(String user, char[] password) {

    public CameraAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank()) {
            throw new IllegalArgumentException("The user name is blank");
        }
    }

    @Override
    public String toString() {
        return "CameraAccount[user=" + user + ", password=(set)]";
    }
}
