package mamori.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/// The encrypted embedded H2 database. Commits are durable (`WRITE_DELAY=0`: H2's default delay
/// lost committed rows on `kill -9` here) and file tracing is off, because a failed open would
/// otherwise write a plaintext trace file beside the encrypted one.
public final class Database implements AutoCloseable {

    private static final String USER = "MAMORI";

    private final JdbcConnectionPool pool;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /// Opens (or creates) the database file at `base` (H2 adds `.mv.db`).
    public static Database open(Path base, char[] fileKey, char[] userPassword) throws StoreException {
        String url = "jdbc:h2:file:" + base.toAbsolutePath()
                + ";CIPHER=AES;WRITE_DELAY=0;TRACE_LEVEL_FILE=0;DB_CLOSE_ON_EXIT=FALSE";
        char[] password = new char[fileKey.length + 1 + userPassword.length];
        System.arraycopy(fileKey, 0, password, 0, fileKey.length);
        password[fileKey.length] = ' ';
        System.arraycopy(userPassword, 0, password, fileKey.length + 1, userPassword.length);
        // H2's pool takes a String password; the char[] copies are cleared at least.
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, USER, new String(password));
        Arrays.fill(password, '\0');
        pool.setMaxConnections(8);
        try (Connection probe = pool.getConnection()) {
            probe.isValid(1);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException(describeOpenFailure(e, base), e);
        }
        return new Database(pool);
    }

    private static String describeOpenFailure(SQLException e, Path base) {
        return switch (e.getErrorCode()) {
            case ErrorCode.DATABASE_ALREADY_OPEN_1 ->
                    "The database " + base + " is in use by another Mamori process on this data directory";
            case ErrorCode.FILE_ENCRYPTION_ERROR_1, ErrorCode.WRONG_USER_OR_PASSWORD ->
                    "The database " + base + " cannot be decrypted with this terminal's key store";
            case ErrorCode.FILE_CORRUPTED_1 -> "The database file " + base + " is damaged";
            default -> "The database " + base + " cannot be opened: " + e.getMessage();
        };
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /// Runs `work` in one transaction: committed when it returns, rolled back when it throws.
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection connection = connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        try (Connection connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // Already closed or never usable: disposing the pool below is all that is left to do.
        }
        pool.dispose();
    }

    /// Work done with one connection inside a transaction.
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
