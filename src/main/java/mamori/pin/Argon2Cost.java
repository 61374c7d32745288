package mamori.pin;

/// The Argon2id cost a PIN hash was made with, kept in its row so the cost can be raised later
/// (a PIN hashed at an older cost still checks against its own; new PINs take the new cost).
/// [#CURRENT] takes 87 ms at best and 131 ms median per check on the 2-core reference machine while it
/// was shared (load average 16; `mamori bench pin`, decision 0029).
public record Argon2Cost(int memoryKiB, int iterations, int parallelism) {

    public static final Argon2Cost CURRENT = new Argon2Cost(19_456, 2, 1);

    public Argon2Cost {
        if (memoryKiB < 8 * parallelism || memoryKiB > 1 << 21 || iterations < 1 || iterations > 100 || parallelism < 1
                || parallelism > 16) {
            throw new IllegalArgumentException("Argon2id cost out of bounds: m=" + memoryKiB + " t=" + iterations + " p=" + parallelism);
        }
    }
}
