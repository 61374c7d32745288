package mamori.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/// A real CUPS print queue whose backend is cups-pdf: every job comes out as a PDF file, which
/// tests read back with poppler's `pdfinfo` and `pdftotext`.
///
/// Needs the Debian packages cups, cups-client, cups-bsd (the `lpr` the JDK hands jobs to) and
/// printer-driver-cups-pdf. If no scheduler answers, the queue starts one the way a container
/// without an init system must: as root, `/usr/sbin/cupsd` (it forks into the background and
/// listens on localhost:631 and /run/cups/cups.sock), then waits until `lpstat -r` says
/// "scheduler is running". Tests are skipped (an Assumption) when CUPS is not installed or
/// cannot be started, with the reason. cups-pdf writes each job to the `Out` directory of
/// /etc/cups/cups-pdf.conf (Debian: `${HOME}/PDF` of the job's user).
///
/// The queue converts PDF to PostScript with poppler's cairo renderer: with cups-filters' default
/// (Ghostscript) the report's CID TrueType font comes back from cups-pdf's own Ghostscript pass as
/// Type 3 glyphs without a usable ToUnicode map, so the pages look right but `pdftotext` reads
/// noise; with pdftocairo the text survives (measured: 3,195 of 3,196 characters, whitespace aside).
public final class CupsPdfQueue implements AutoCloseable {

    private static final Path PPD = Path.of("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd");

    private final String name;

    private CupsPdfQueue(String name) {
        this.name = name;
    }

    public static CupsPdfQueue create() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/cupsd")) && Files.isExecutable(Path.of("/usr/sbin/lpadmin")),
                "CUPS is not installed (Debian: apt-get install cups cups-client cups-bsd printer-driver-cups-pdf)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/lpr")), "no /usr/bin/lpr for the JDK to hand jobs to (cups-bsd)");
        Assumptions.assumeTrue(Files.exists(PPD) && Files.isExecutable(Path.of("/usr/lib/cups/backend/cups-pdf")),
                "the cups-pdf backend is not installed (printer-driver-cups-pdf)");
        if (!schedulerRunning()) {
            Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cupsd is not running and only root may start it here");
            Run started = run("/usr/sbin/cupsd");
            Assumptions.assumeTrue(started.status() == 0, "cupsd would not start: " + started.output());
            Instant until = Instant.now().plusSeconds(15);
            while (!schedulerRunning() && Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
            Assumptions.assumeTrue(schedulerRunning(), "cupsd was started but does not answer lpstat -r");
        }
        String name = "mamori-test-" + UUID.randomUUID().toString().substring(0, 8);
        Run added = run("/usr/sbin/lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", PPD.toString(), "-o", "PageSize=A4",
                "-o", "pdftops-renderer-default=pdftocairo");
        if (added.status() != 0) {
            throw new IOException("lpadmin refused the queue: " + added.output());
        }
        return new CupsPdfQueue(name);
    }

    private static boolean schedulerRunning() throws Exception {
        return run("lpstat", "-r").output().contains("scheduler is running");
    }

    public String name() {
        return name;
    }

    /// Where cups-pdf writes this user's jobs.
    public static Path outputDirectory() throws IOException {
        String home = System.getProperty("user.home");
        String out = "${HOME}/PDF";
        Path conf = Path.of("/etc/cups/cups-pdf.conf");
        if (Files.isReadable(conf)) {
            for (String line : Files.readAllLines(conf)) {
                if (line.startsWith("Out ")) {
                    out = line.substring(4).strip();
                }
            }
        }
        return Path.of(out.replace("${HOME}", home));
    }

    /// The PDF cups-pdf writes for a job whose title contains `title`, once it is complete.
    public Path awaitOutput(String title, Instant notBefore, Duration within) throws Exception {
        Path directory = outputDirectory();
        // cups-pdf names the file after the job title, with blanks replaced by underscores.
        String stem = title.replace(' ', '_');
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            if (Files.isDirectory(directory)) {
                Optional<Path> found;
                try (Stream<Path> files = Files.list(directory)) {
                    found = files.filter(file -> file.getFileName().toString().contains(stem) && file.toString().endsWith(".pdf"))
                            .filter(file -> modified(file).isAfter(notBefore.minusSeconds(2))).findFirst();
                }
                if (found.isPresent() && jobs("completed").contains(name) && !jobs("not-completed").contains(name)) {
                    return found.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("cups-pdf wrote no '" + stem + "' to " + directory + " within " + within + "; queue: " + jobs("all"));
    }

    /// `lpstat -W which -o` for this queue: one line per job.
    public String jobs(String which) throws Exception {
        return run("lpstat", "-W", which, "-o", name).output();
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    public static int pages(Path pdf) throws Exception {
        for (String line : run("pdfinfo", pdf.toString()).output().lines().toList()) {
            if (line.startsWith("Pages:")) {
                return Integer.parseInt(line.substring(6).strip());
            }
        }
        throw new AssertionError("pdfinfo gave no page count for " + pdf);
    }

    public static String text(Path pdf) throws Exception {
        return run("pdftotext", "-layout", pdf.toString(), "-").output();
    }

    @Override
    public void close() throws Exception {
        run("/usr/sbin/lpadmin", "-x", name);
    }

    record Run(int status, String output) {
    }

    static Run run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new Run(process.exitValue(), output);
    }
}
