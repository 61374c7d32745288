package mamori.export.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mamori.usb.Volume;

/// Finds a mounted volume's file-system UUID and label: from udev's `/dev/disk/by-uuid` and
/// `/dev/disk/by-label` links, else from `blkid -o export <device>` (util-linux; root or a udev
/// cache needed). Nothing found is not an error: the entry then carries the USB identity alone.
public interface VolumeNames {

    Destination.VolumeName of(Volume volume);

    /// Names nothing (tests, systems without either source).
    static VolumeNames none() {
        return volume -> Destination.VolumeName.UNKNOWN;
    }

    /// This system's names: `devDisk` (normally `/dev/disk`) and, if it says nothing, `blkid`.
    static VolumeNames system(Path devDisk) {
        return volume -> {
            Optional<String> uuid = linkTo(devDisk.resolve("by-uuid"), volume.device());
            Optional<String> label = linkTo(devDisk.resolve("by-label"), volume.device());
            if (uuid.isPresent() || label.isPresent()) {
                return new Destination.VolumeName(uuid, label);
            }
            return blkid(volume.device());
        };
    }

    private static Optional<String> linkTo(Path dir, String device) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
            int seen = 0;
            for (Path link : links) {
                if (++seen > 4096) {
                    break;
                }
                if (link.toRealPath().equals(Path.of(device).toRealPath())) {
                    return Optional.of(unescape(link.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            // Links that vanish while read: nothing found.
        }
        return Optional.empty();
    }

    /// udev writes unsafe characters of labels as `\xHH`.
    private static String unescape(String name) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            if (name.startsWith("\\x", i) && i + 4 <= name.length() && name.substring(i + 2, i + 4).matches("[0-9a-fA-F]{2}")) {
                text.append((char) Integer.parseInt(name.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                text.append(name.charAt(i));
            }
        }
        return text.toString();
    }

    private static Destination.VolumeName blkid(String device) {
        Path blkid = Path.of("/usr/sbin/blkid");
        if (!device.startsWith("/dev/") || !Files.isExecutable(blkid)) {
            return Destination.VolumeName.UNKNOWN;
        }
        try {
            Process process = new ProcessBuilder(blkid.toString(), "-o", "export", device).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Destination.VolumeName.UNKNOWN;
            }
            Optional<String> uuid = Optional.empty();
            Optional<String> label = Optional.empty();
            for (String line : output.split("\n")) {
                if (line.startsWith("UUID=")) {
                    uuid = Optional.of(clean(line.substring(5)));
                } else if (line.startsWith("LABEL=")) {
                    label = Optional.of(clean(line.substring(6)));
                }
            }
            return new Destination.VolumeName(uuid, label);
        } catch (IOException e) {
            return Destination.VolumeName.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Destination.VolumeName.UNKNOWN;
        }
    }

    /// Labels come from the medium: bounded, control characters replaced.
    private static String clean(String value) {
        String bounded = value.strip().length() > 64 ? value.strip().substring(0, 64) : value.strip();
        StringBuilder text = new StringBuilder();
        bounded.codePoints().forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.toString();
    }
}
