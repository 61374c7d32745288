package mamori.cli;

import java.io.PrintStream;
import java.util.List;
import mamori.crypto.Ed25519Keys;

/// `mamori terminal show`: this terminal's id, its audit public key and its report certificate, for auditors.
final class TerminalCommand {

    private final PrintStream out;

    TerminalCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws Exception {
        if (args.equals(List.of("rotate-key"))) {
            return ServicesCommand.withServices(mamori -> {
                var handover = mamori.rotateAuditKey();
                var key = mamori.auditLog().key();
                out.println("audit signing handed over in entry " + handover.seq() + " to key id " + key.keyId());
                out.print(Ed25519Keys.toPem(key.publicKey()));
                return 0;
            });
        }
        if (!args.equals(List.of("show"))) {
            throw new UsageException("terminal takes: show | rotate-key");
        }
        return ServicesCommand.withServices(mamori -> {
            var key = mamori.auditLog().key();
            out.println("terminal: " + mamori.terminal().id() + " (" + mamori.terminal().name() + ")");
            out.println("audit signing key: Ed25519, key id " + key.keyId());
            out.print(Ed25519Keys.toPem(key.publicKey()));
            printCertificate("report signing certificate: ECDSA P-256", mamori.reportCertificate());
            printCertificate("export signing certificate: RSA 3072, RSASSA-PSS", mamori.exportCertificate());
            return 0;
        });
    }

    private void printCertificate(String what, java.security.cert.X509Certificate certificate) throws Exception {
        out.println(what + ", SHA-256 fingerprint "
                + java.util.HexFormat.ofDelimiter(":").formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
        out.print("-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }
}
