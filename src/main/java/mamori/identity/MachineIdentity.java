package mamori.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/// The PC a terminal runs on, as a fingerprint of its machine id (never the id itself, which other
/// software uses too): what a terminal's registration is bound to. `source` says where the id came
/// from, for the administrator's screen and the audit entry.
public record MachineIdentity(String fingerprint, String source) {

    /// Where Linux keeps the machine id (systemd, then D-Bus).
    static final List<Path> MACHINE_ID_FILES = List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));

    /// This PC: its machine id where the OS has one, else its host name (weaker: it can be set by anyone
    /// with administrator rights on the PC; the Windows MachineGuid comes with the Windows build).
    public static MachineIdentity ofThisMachine() {
        for (Path file : MACHINE_ID_FILES) {
            try {
                String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (id.matches("[0-9a-fA-F]{32}")) {
                    return of(id, file.toString());
                }
            } catch (IOException | SecurityException e) {
                // Try the next place.
            }
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return of("host:" + host, "host name");
    }

    /// The identity of a machine whose id is `machineId`.
    public static MachineIdentity of(String machineId, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("mamori terminal machine\n" + machineId).getBytes(StandardCharsets.UTF_8));
            return new MachineIdentity(HexFormat.of().formatHex(digest, 0, 16), source);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
