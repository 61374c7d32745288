package mamori.replay;

import java.util.Arrays;

/// The recorder's account. [#password()] hands out a copy the caller wipes; `toString` never
/// shows it.
public final class ReplayAccount {

    private final String user;
    private final char[] password;

    public ReplayAccount(String user, char[] password) {
        this.user = user;
        this.password = password.clone();
    }

    public String user() {
        return user;
    }

    char[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "ReplayAccount[user=" + user + ", password=(set)]";
    }

    void wipe() {
        Arrays.fill(password, '\0');
    }
}
