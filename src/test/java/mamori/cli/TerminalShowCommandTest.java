package mamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `mamori terminal show` as an auditor or a recipient of exports runs it: a separate process on a
/// real data directory, printing the keys they pin: the audit key, the report and export certificates.
@Tag("system")
class TerminalShowCommandTest {

    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----\n(.*?)\n-----END CERTIFICATE-----", Pattern.DOTALL);

    @TempDir
    Path home;

    private String show() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "terminal", "show");
        builder.environment().put("MAMORI_HOME", home.toString());
        builder.environment().put("MAMORI_DEMO_SPAN", "PT10S");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static List<X509Certificate> certificates(String out) throws Exception {
        List<X509Certificate> found = new ArrayList<>();
        Matcher matcher = CERTIFICATE.matcher(out);
        while (matcher.find()) {
            byte[] der = java.util.Base64.getMimeDecoder().decode(matcher.group(1));
            found.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
        }
        return found;
    }

    @Test
    void theAuditKeyAndTheReportAndExportCertificatesArePrintedAndStayTheSame() throws Exception {
        String first = show();
        assertTrue(first.contains("-----BEGIN PUBLIC KEY-----"), first);
        List<X509Certificate> certificates = certificates(first);
        assertEquals(2, certificates.size(), first);
        X509Certificate export = certificates.get(1);
        assertTrue(first.contains("export signing certificate: RSA 3072, RSASSA-PSS"), first);
        assertEquals(3072, ((RSAPublicKey) export.getPublicKey()).getModulus().bitLength());
        String terminal = first.lines().filter(line -> line.startsWith("terminal: ")).findFirst().orElseThrow()
                .substring("terminal: ".length()).split(" ")[0];
        assertTrue(export.getSubjectX500Principal().getName().contains(terminal + " exports"), export.getSubjectX500Principal().getName());
        assertEquals(first, show(), "the keys are made once and then only read");
    }
}
