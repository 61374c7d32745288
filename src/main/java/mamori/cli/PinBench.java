package mamori.cli;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import mamori.pin.Argon2Cost;
import mamori.pin.PinHash;

/// `mamori bench pin`: the time of one PIN check (Argon2id at [Argon2Cost#CURRENT]) on this machine,
/// median of 30 after 10 unmeasured, against PBKDF2-HMAC-SHA256 at 600,000 iterations (OWASP's
/// figure for PBKDF2) in the same run. Decision 0029 aims at 50-150 ms per check.
final class PinBench {

    private static final int WARM_UP = 10;
    private static final int RUNS = 30;

    private final PrintStream out;

    PinBench(PrintStream out) {
        this.out = out;
    }

    int run() throws Exception {
        PinHash hash = PinHash.of("4821".toCharArray(), Argon2Cost.CURRENT, new SecureRandom());
        long[] argon = measure(() -> hash.matches("4812".toCharArray()));
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salt = new byte[16];
        long[] reference = measure(() -> pbkdf2.generateSecret(new PBEKeySpec("4812".toCharArray(), salt, 600_000, 256)));
        Argon2Cost cost = Argon2Cost.CURRENT;
        out.printf("PIN check, Argon2id m=%d KiB t=%d p=%d: median %.1f ms (min %.1f, max %.1f) over %d%n", cost.memoryKiB(),
                cost.iterations(), cost.parallelism(), argon[RUNS / 2] / 1e6, argon[0] / 1e6, argon[RUNS - 1] / 1e6, RUNS);
        out.printf("reference, PBKDF2-HMAC-SHA256 600,000 iterations: median %.1f ms (min %.1f, max %.1f)%n", reference[RUNS / 2] / 1e6,
                reference[0] / 1e6, reference[RUNS - 1] / 1e6);
        out.printf("ratio Argon2id / PBKDF2: %.2f%n", (double) argon[RUNS / 2] / reference[RUNS / 2]);
        return 0;
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    private static long[] measure(Check check) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            check.run();
        }
        long[] times = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            check.run();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times;
    }
}
