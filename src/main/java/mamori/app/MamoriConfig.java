package mamori.app;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import mamori.demo.DemoSeed.RecordingPlan;
import mamori.identity.LoginLimits;
import mamori.store.DataDirectory;

/// What the composition root needs from outside: where the data lives, the clock, the facility's
/// time zone, how much demo recording to make, a key store password if the deployment injects one,
/// a syslog collector (`tcp://host:port` or `udp://host:port`) to forward entries to, the login
/// limits (lockout, idle lock, maximum session), the fingerprint reader and the machine this runs on
/// (which a terminal's registration is bound to).
public record MamoriConfig(DataDirectory home, Clock clock, ZoneId facilityZone, RecordingPlan demoPlan,
        Optional<String> keyStorePassword, Optional<String> syslogCollector, LoginLimits loginLimits, ReaderSetting reader,
        mamori.identity.MachineIdentity machine) {

    /// On this machine.
    public MamoriConfig(DataDirectory home, Clock clock, ZoneId facilityZone, RecordingPlan demoPlan, Optional<String> keyStorePassword,
            Optional<String> syslogCollector, LoginLimits loginLimits, ReaderSetting reader) {
        this(home, clock, facilityZone, demoPlan, keyStorePassword, syslogCollector, loginLimits, reader,
                mamori.identity.MachineIdentity.ofThisMachine());
    }

    /// With the in-process reader: for tests and commands that need no serial line.
    public MamoriConfig(DataDirectory home, Clock clock, ZoneId facilityZone, RecordingPlan demoPlan, Optional<String> keyStorePassword) {
        this(home, clock, facilityZone, demoPlan, keyStorePassword, Optional.empty());
    }

    public MamoriConfig(DataDirectory home, Clock clock, ZoneId facilityZone, RecordingPlan demoPlan, Optional<String> keyStorePassword,
            Optional<String> syslogCollector) {
        this(home, clock, facilityZone, demoPlan, keyStorePassword, syslogCollector, LoginLimits.DEFAULTS, ReaderSetting.IN_PROCESS);
    }

    public MamoriConfig withReader(ReaderSetting newReader) {
        return new MamoriConfig(home, clock, facilityZone, demoPlan, keyStorePassword, syslogCollector, loginLimits, newReader, machine);
    }

    public MamoriConfig withLoginLimits(LoginLimits limits) {
        return new MamoriConfig(home, clock, facilityZone, demoPlan, keyStorePassword, syslogCollector, limits, reader, machine);
    }

    /// As if on another PC (tests of a data directory that has been moved).
    public MamoriConfig onMachine(mamori.identity.MachineIdentity otherMachine) {
        return new MamoriConfig(home, clock, facilityZone, demoPlan, keyStorePassword, syslogCollector, loginLimits, reader, otherMachine);
    }

    public static final ZoneId DEFAULT_FACILITY_ZONE = ZoneId.of("Asia/Tokyo");

    public static MamoriConfig fromEnvironment() {
        RecordingPlan plan = RecordingPlan.DEMO;
        String span = System.getenv("MAMORI_DEMO_SPAN");
        if (span != null && !span.isBlank()) {
            Duration length = Duration.parse(span);
            if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("MAMORI_DEMO_SPAN must be between PT1S and P1D, got " + span);
            }
            plan = new RecordingPlan(length, plan.segment().compareTo(length) > 0 ? length : plan.segment(), plan.format());
        }
        return new MamoriConfig(DataDirectory.fromEnvironment(), Clock.systemUTC(), DEFAULT_FACILITY_ZONE,
                plan, Optional.ofNullable(System.getenv("MAMORI_KEYSTORE_PASSWORD")),
                Optional.ofNullable(System.getenv("MAMORI_SYSLOG")).filter(uri -> !uri.isBlank()),
                loginLimitsFrom(System::getenv),
                Optional.ofNullable(System.getenv("MAMORI_READER")).filter(reader -> !reader.isBlank())
                        .map(ReaderSetting::parse).orElse(ReaderSetting.DEMO));
    }

    /// The login limits from `MAMORI_LOCKOUT_FAILURES` (a count), `MAMORI_LOCKOUT_WINDOW`,
    /// `MAMORI_LOCKOUT_COOLDOWN`, `MAMORI_IDLE_LOCK` and `MAMORI_MAX_SESSION` (ISO-8601 durations such as
    /// `PT5M`); each one not set keeps its default.
    static LoginLimits loginLimitsFrom(java.util.function.UnaryOperator<String> environment) {
        LoginLimits defaults = LoginLimits.DEFAULTS;
        String failures = environment.apply("MAMORI_LOCKOUT_FAILURES");
        return new LoginLimits(
                failures == null || failures.isBlank() ? defaults.failuresBeforeLockout() : Integer.parseInt(failures.strip()),
                duration(environment, "MAMORI_LOCKOUT_WINDOW", defaults.failureWindow()),
                duration(environment, "MAMORI_LOCKOUT_COOLDOWN", defaults.lockoutCoolDown()),
                duration(environment, "MAMORI_IDLE_LOCK", defaults.idleLock()),
                duration(environment, "MAMORI_MAX_SESSION", defaults.maximumSession()));
    }

    private static Duration duration(java.util.function.UnaryOperator<String> environment, String name, Duration fallback) {
        String value = environment.apply(name);
        return value == null || value.isBlank() ? fallback : Duration.parse(value.strip());
    }

    /// The playback engine from `MAMORI_ENGINE`: `ffmpeg` (the default) or `vlc` (libVLC, when installed).
    public static mamori.playback.vlc.EngineChoice.Setting engineSetting(java.util.function.UnaryOperator<String> environment) {
        return mamori.playback.vlc.EngineChoice.Setting.parse(environment.apply("MAMORI_ENGINE"));
    }
}
