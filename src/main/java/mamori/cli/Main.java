package mamori.cli;

import java.io.PrintStream;
import java.util.List;
import mamori.app.KioskLauncher;
import mamori.app.LaunchOptions;
import mamori.app.MamoriConfig;
import mamori.app.StartupObserver;

/// The `mamori` command: no arguments (or only `--options`) start the kiosk; a command word runs
/// a headless command. Errors go to stderr with a non-zero exit status. This package is the only
/// one that writes to the console.
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        List<String> words = List.of(args);
        boolean opensData = words.isEmpty() || words.getFirst().startsWith("--")
                || List.of("audit", "terminal", "report").contains(words.getFirst());
        if (opensData) {
            try {
                keepTemporaryFilesInTheDataDirectory();
            } catch (java.io.IOException e) {
                System.err.println("mamori: cannot prepare the data directory: " + e.getMessage());
                System.exit(1);
            }
        }
        System.exit(run(words, System.out, System.err));
    }

    /// For the whole process, before anything opens the database: H2 spills large query results
    /// to `java.io.tmpdir` unencrypted, so temporary files go into the owner-only data directory.
    static void keepTemporaryFilesInTheDataDirectory() throws java.io.IOException {
        var home = mamori.store.DataDirectory.fromEnvironment();
        home.create();
        System.setProperty("java.io.tmpdir", home.temporary().toString());
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().startsWith("--")) {
            return startKiosk(args, out, err);
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.getFirst()) {
                case "help" -> {
                    out.print(Usage.TEXT);
                    yield 0;
                }
                case "version" -> {
                    out.println("mamori " + version());
                    yield 0;
                }
                case "bench" -> new BenchCommand(out, err).run(rest);
                case "terminal" -> new TerminalCommand(out).run(rest);
                case "audit" -> new AuditCommand(out, err).run(rest);
                case "report" -> new ReportCommand(out, err).run(rest);
                case "export" -> new ExportCommand(out, err, System.in).run(rest);
                case "aot-training" -> new AotTraining(err).run();
                case "bench-reference-window" -> {
                    mamori.app.ReferenceWindow.run(() -> {
                        out.println(BenchCommand.LOGIN_SHOWN_MARK);
                        out.flush();
                    });
                    yield 0;
                }
                default -> {
                    err.println("mamori: unknown command '" + args.getFirst() + "'. See 'mamori help'.");
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("mamori: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("mamori: " + e.getMessage());
            return 1;
        }
    }

    private static int startKiosk(List<String> args, PrintStream out, PrintStream err) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("mamori: " + e.getMessage() + ". See 'mamori help'.");
            return 2;
        }
        StartupObserver observer = new StartupObserver() {
            @Override
            public void loginScreenShown() {
                if (options.exitAfterStartup()) {
                    out.println(BenchCommand.LOGIN_SHOWN_MARK);
                    out.flush();
                }
            }

            @Override
            public void failed(String message) {
                err.println("mamori: cannot start: " + message);
            }

            @Override
            public void notice(String message) {
                err.println("mamori: " + message);
            }
        };
        try {
            return KioskLauncher.run(options, MamoriConfig.fromEnvironment(), observer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version != null ? version : "development build";
    }
}
