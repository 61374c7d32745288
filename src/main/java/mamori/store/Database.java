package mamori.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/// The encrypted embedded H2 database. Its files go through [XtsAesFileSystem] (XTS-AES-256 with
/// the JDK's AES-NI cipher; H2's own `CIPHER=AES` is a pure-Java AES, 4.5x slower to scan here:
/// decision 0008). Commits are durable (`WRITE_DELAY=0`: H2's default delay lost committed rows on
/// `kill -9` here) and file tracing is off, because a failed open would otherwise write a plaintext
/// trace file beside the encrypted one. Large query results, which H2 spills to plain temporary
/// files outside any file system wrapper, are kept in memory up to [#MAX_MEMORY_ROWS] rows; the
/// launcher also points `java.io.tmpdir` into the owner-only data directory.
public final class Database implements AutoCloseable {

    static {
        // H2 hashes and interns every value it reads (its "object cache"); for Mamori's one-pass
        // scans of unique entry texts that is pure cost (~20% of verifying the audit log, profiled).
        // Read once when H2 initialises, so it is set before the first connection.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }

    private static final String USER = "MAMORI";
    /// Every query Mamori runs is bounded (pages of at most 10,000 rows), far below this.
    static final int MAX_MEMORY_ROWS = 1_000_000;

    private final JdbcConnectionPool pool;
    private final Path directory;

    private Database(JdbcConnectionPool pool, Path directory) {
        this.pool = pool;
        this.directory = directory;
    }

    /// Opens (or creates) the database file at `base` (H2 adds `.mv.db`), encrypted with the
    /// 32-byte `fileKey`.
    public static Database open(Path base, byte[] fileKey, char[] userPassword) throws StoreException {
        Path absolute = base.toAbsolutePath();
        XtsAesFileSystem.register();
        XtsAesFileSystem.putKey(absolute.getParent(), fileKey);
        String url = "jdbc:h2:file:mamorixts:" + absolute
                + ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0;DB_CLOSE_ON_EXIT=FALSE;MAX_MEMORY_ROWS=" + MAX_MEMORY_ROWS;
        // H2's pool takes a String password.
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, USER, new String(userPassword));
        pool.setMaxConnections(8);
        try (Connection probe = pool.getConnection()) {
            probe.isValid(1);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException(describeOpenFailure(e, absolute), e);
        }
        return new Database(pool, absolute.getParent());
    }

    private static String describeOpenFailure(SQLException e, Path base) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("wrong key or not a Mamori encrypted file")) {
                return "The database " + base + " cannot be decrypted with this terminal's key store (or is not a Mamori database)";
            }
        }
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
        XtsAesFileSystem.removeKey(directory);
    }

    /// Work done with one connection inside a transaction.
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
