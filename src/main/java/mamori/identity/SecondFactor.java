package mamori.identity;

import java.sql.SQLException;

/// What [LoginService] asks after a finger (or instead of one): whether the person must also give a
/// PIN, whether a PIN is theirs, whether they may log in with a PIN alone. `mamori.pin` answers;
/// [#NONE] (no PINs at all) keeps the finger the only factor.
public interface SecondFactor {

    /// What a person identified by their finger must still do.
    enum Need {
        /// The finger is enough.
        NOTHING,
        /// A PIN must be entered before the session starts.
        PIN,
        /// A PIN is required but the person has none yet: they log in and are led to set one.
        PIN_TO_BE_SET
    }

    SecondFactor NONE = new SecondFactor() {
        @Override
        public Need needAfterFinger(Person person) {
            return Need.NOTHING;
        }

        @Override
        public boolean matches(Person person, char[] pin) {
            return false;
        }

        @Override
        public boolean mayUsePinAlone(Person person) {
            return false;
        }
    };

    Need needAfterFinger(Person person) throws SQLException;

    /// Whether `pin` is `person`'s PIN (false when they have none). Slow on purpose.
    boolean matches(Person person, char[] pin) throws SQLException;

    /// Whether an administrator has let `person` log in with a PIN instead of a finger.
    boolean mayUsePinAlone(Person person) throws SQLException;
}
