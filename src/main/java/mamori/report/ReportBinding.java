package mamori.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mamori.audit.AuditRange;
import mamori.audit.CheckpointNote;

/// How a report carries its tie to the log, as two files embedded in the PDF (and so covered by its
/// signature): `mamori-binding.txt` (the report number, the entries covered, the Merkle frontier
/// just before them and the signed checkpoint note, verbatim) and `mamori-leaves.bin` (the Merkle
/// leaf hash of every covered entry, 32 bytes each, in order).
///
/// ```
/// mamori-report-binding 1
/// report T-3F2A1B9C-0004
/// entries 1201 98765
/// frontier <base64>
/// checkpoint
/// <the checkpoint note, as signed>
/// ```
public final class ReportBinding {

    public static final String TEXT_FILE = "mamori-binding.txt";
    public static final String LEAVES_FILE = "mamori-leaves.bin";
    private static final String MAGIC = "mamori-report-binding 1";
    static final int MAX_TEXT_BYTES = 64 * 1024;
    static final long MAX_LEAVES = 20_000_000;

    private ReportBinding() {
    }

    static byte[] text(String reportNumber, AuditRange.Binding binding) {
        return (MAGIC + "\n" + "report " + reportNumber + "\n" + "entries " + binding.firstSeq() + " " + binding.lastSeq() + "\n"
                + "frontier " + Base64.getEncoder().encodeToString(binding.frontierBefore()) + "\n" + "checkpoint\n"
                + binding.checkpoint().note()).getBytes(StandardCharsets.UTF_8);
    }

    /// What a report says about itself, read back: the number and the binding.
    record Read(String reportNumber, AuditRange.Binding binding) {
    }

    /// Parses the embedded files and checks the checkpoint's signature with `auditKeys`.
    static Read read(byte[] text, byte[] leaves, Map<String, byte[]> auditKeys) throws ReportInvalidException {
        if (text.length > MAX_TEXT_BYTES || leaves.length > MAX_LEAVES * 32) {
            throw new ReportInvalidException("the report's binding to the log is too large");
        }
        String all = new String(text, StandardCharsets.UTF_8);
        int noteAt = all.indexOf("\ncheckpoint\n");
        if (!all.startsWith(MAGIC + "\n") || noteAt < 0) {
            throw new ReportInvalidException("the report's binding to the log is not in the expected form");
        }
        List<String> lines = all.substring(0, noteAt).lines().toList();
        try {
            if (lines.size() != 4 || !lines.get(1).startsWith("report ") || !lines.get(2).startsWith("entries ")
                    || !lines.get(3).startsWith("frontier ")) {
                throw new ReportInvalidException("the report's binding to the log is not in the expected form");
            }
            String[] entries = lines.get(2).substring(8).split(" ");
            long first = Long.parseLong(entries[0]);
            long last = Long.parseLong(entries[1]);
            byte[] frontier = Base64.getDecoder().decode(lines.get(3).substring(9));
            CheckpointNote.Checkpoint checkpoint = CheckpointNote.verify(all.substring(noteAt + "\ncheckpoint\n".length()), auditKeys);
            if (first < 1 || last < first - 1 || last > checkpoint.treeSize() || Long.bitCount(first - 1) * 32L != frontier.length
                    || (last - first + 1) * 32L != leaves.length) {
                throw new ReportInvalidException("the report's binding to the log does not add up (entries " + first + ".." + last
                        + ", checkpoint of " + checkpoint.treeSize() + ")");
            }
            return new Read(lines.get(1).substring(7), new AuditRange.Binding(first, last, frontier, leaves, checkpoint));
        } catch (CheckpointNote.CheckpointException e) {
            throw new ReportInvalidException("the checkpoint in the report is not valid: " + e.getMessage());
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new ReportInvalidException("the report's binding to the log is not in the expected form: " + e.getMessage());
        }
    }
}
