package mamori.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// Reads `/proc/self/mountinfo` (proc(5)): `id parent major:minor root mountpoint options
/// [optional fields...] - fstype source superoptions`, with space, tab, newline and backslash in
/// paths written as octal escapes (`\040`, `\011`, `\012`, `\134`).
public final class MountTable {

    private static final int MAX_LINES = 10_000;
    private static final int MAX_LINE = 8192;

    /// File systems that are not on a device (they never leave the PC on a stick).
    private static final Set<String> VIRTUAL = Set.of("proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "cgroup", "cgroup2",
            "overlay", "mqueue", "hugetlbfs", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl",
            "autofs", "binfmt_misc", "efivarfs", "ramfs", "rpc_pipefs", "nsfs", "squashfs", "selinuxfs");

    private MountTable() {
    }

    /// One line of the table.
    public record Mount(int id, String majorMinor, String root, String mountPoint, String fsType, String source) {

        /// Whether this is a file system on a block device (not a virtual one such as proc or tmpfs).
        public boolean onBlockDevice() {
            return !VIRTUAL.contains(fsType) && source.startsWith("/dev/");
        }
    }

    /// Every well-formed line of `text`; a malformed line is skipped, never fatal.
    public static List<Mount> parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n", MAX_LINES + 1)) {
            if (mounts.size() >= MAX_LINES) {
                break;
            }
            parseLine(line).ifPresent(mounts::add);
        }
        return mounts;
    }

    static Optional<Mount> parseLine(String line) {
        if (line.isBlank() || line.length() > MAX_LINE) {
            return Optional.empty();
        }
        String[] fields = line.strip().split(" ");
        int separator = -1;
        for (int i = 6; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (separator < 0 || fields.length < separator + 3 || !fields[2].matches("\\d+:\\d+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Mount(Integer.parseInt(fields[0]), fields[2], unescape(fields[3]), unescape(fields[4]),
                    unescape(fields[separator + 1]), unescape(fields[separator + 2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /// Undoes the kernel's octal escapes (fs/proc_namespace.c: mangle()).
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String field, int from) {
        if (from + 3 > field.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
