package mamori.export;

import java.nio.file.Path;

/// A produced export: the encrypted package file, its SHA-256 (hex), its size, and the passphrase
/// that opens it, shown once to the approver and never stored.
public record ExportPackage(String exportId, Path file, String sha256, long bytes, char[] passphrase) {
}
