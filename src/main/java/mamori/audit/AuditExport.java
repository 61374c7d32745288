package mamori.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/// The JSON-lines export of the log: one object per entry, in sequence order:
/// `{"seq":N,"canonical":"<the exact signed text>","hash":"<hex SHA-256 of canonical>",
/// "key":"<key id>","signature":"<base64 Ed25519 signature of the 32 hash bytes>"}`.
/// `docs/audit/verify_export.py` re-verifies it without Mamori.
public final class AuditExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditExport() {
    }

    /// Writes every entry to `out`; returns how many.
    public static long writeJsonl(AuditEntryStore store, Writer out) throws SQLException, IOException {
        long[] lines = {0};
        try {
            store.scan(entry -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("seq", entry.seq());
                line.put("canonical", entry.canonical());
                line.put("hash", HexFormat.of().formatHex(entry.entryHash()));
                line.put("key", entry.keyId());
                line.put("signature", Base64.getEncoder().encodeToString(entry.signature()));
                try {
                    out.write(JSON.writeValueAsString(line));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                lines[0]++;
                return true;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return lines[0];
    }
}
