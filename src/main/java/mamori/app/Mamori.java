package mamori.app;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.function.Supplier;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.UUID;
import mamori.audit.AuditAction;
import mamori.audit.AuditBrowser;
import mamori.audit.AuditVerifier;
import mamori.audit.KeyHandover;
import mamori.audit.SyslogForwarder;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.camera.CameraCatalog;
import mamori.camera.CameraRepository;
import mamori.clock.ClockRepository;
import mamori.clock.ClockSanity;
import mamori.clock.ClockWatch;
import mamori.crypto.KeyVault;
import mamori.crypto.KeyVaultException;
import mamori.demo.DemoData;
import mamori.demo.DemoSeed;
import mamori.fingerprint.FingerSimulator;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.emulated.InProcessEmulatedReader;
import mamori.fingerprint.gt521.Gt521Reader;
import mamori.fingerprint.r30x.R30xEmulator;
import mamori.fingerprint.r30x.R30xEmulatorOnPty;
import mamori.fingerprint.r30x.R30xPacket;
import mamori.fingerprint.r30x.R30xReader;
import mamori.identity.LockoutRepository;
import mamori.identity.LoginService;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.SessionDirectory;
import mamori.identity.SessionRepository;
import mamori.identity.Terminal;
import mamori.identity.TerminalLockout;
import mamori.identity.TerminalRegistry;
import mamori.policy.AccessConditions;
import mamori.policy.AccessPolicy;
import mamori.playback.FfmpegEngine;
import mamori.playback.PlaybackService;
import mamori.recording.RecordingStore;
import mamori.schedule.ViewingHoursRepository;
import mamori.store.DataDirectory;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import mamori.store.Settings;
import mamori.store.StoreException;
import mamori.usb.ApprovedMedia;
import mamori.usb.UsbMonitor;
import mamori.usb.UsbWatch;

/// The composition root: builds every service once, with plain constructors, and hands them to
/// the screens and commands. Nothing else in the code base makes a service.
public final class Mamori implements AutoCloseable {

    private static final String DATABASE_FILE_KEY = "h2-file-key";
    private static final String DATABASE_USER_KEY = "h2-user-key";
    private static final String AUDIT_KEY = "audit-ed25519";
    private static final String REPORT_KEY = "report-p256";
    /// The RSA key of the ONVIF export signature (RSASSA-PSS needs RSA; decision 0022).
    private static final String EXPORT_KEY = "export-rsa";

    private final MamoriConfig config;
    private final Database database;
    private final Terminal terminal;
    private final RecordingStore recordings;
    private final CameraCatalog cameraCatalog;
    private final DemoSeed demoSeed;
    private final ConnectedReader reader;
    private final LoginService loginService;
    private final AuditLog auditLog;
    private final AuditEntryStore auditEntries;
    private final KeyVault vault;
    private final Optional<SyslogForwarder> forwarder;
    private final PlaybackService playback;
    /// Set once by [#open], before the services are handed out.
    private List<String> startupNotices = List.of();
    private final ClockWatch clockWatch;
    private final ViewingHoursRepository viewingHours;
    private final SessionDirectory sessionDirectory;
    private final UsbMonitor usbMonitor;
    private final mamori.identity.TerminalRegistration terminalRegistration;
    private final mamori.camera.CameraAdministration cameraAdministration;
    private volatile mamori.export.media.RetentionSchedule exportRetention;
    private mamori.pin.PinCheck pinCheck;
    private final mamori.export.ExportRequests exportRequests;
    private final mamori.export.ExportProduction exportProduction;
    /// The signed producer, set in [#open]; until then (and in a `Mamori` that never opened its
    /// sources) approved exports fail with the reason.
    private volatile mamori.export.ExportProducer exportProducer = new mamori.export.UnavailableExportProducer();
    /// The camera screen's list, the mask editor's store and its still; set in [#open].
    private mamori.camera.CameraRegistry cameraRegistry;
    private mamori.camera.PrivacyMaskAdministration privacyMasks;
    private mamori.playback.CameraStill cameraStill;

    private Mamori(MamoriConfig config, Database database, Terminal terminal, RecordingStore recordings,
            CameraCatalog cameraCatalog, DemoSeed demoSeed, ConnectedReader reader, LoginService loginService, AuditLog auditLog, KeyVault vault,
            Optional<SyslogForwarder> forwarder, PlaybackService playback, ClockWatch clockWatch,
            ViewingHoursRepository viewingHours, SessionDirectory sessionDirectory, UsbMonitor usbMonitor,
            mamori.identity.TerminalRegistration terminalRegistration, mamori.camera.CameraAdministration cameraAdministration) {
        this.config = config;
        this.database = database;
        this.terminal = terminal;
        this.recordings = recordings;
        this.cameraCatalog = cameraCatalog;
        this.demoSeed = demoSeed;
        this.reader = reader;
        this.loginService = loginService;
        this.auditLog = auditLog;
        this.auditEntries = new AuditEntryStore(database);
        this.vault = vault;
        this.forwarder = forwarder;
        this.playback = playback;
        this.clockWatch = clockWatch;
        this.viewingHours = viewingHours;
        this.sessionDirectory = sessionDirectory;
        this.usbMonitor = usbMonitor;
        this.terminalRegistration = terminalRegistration;
        this.cameraAdministration = cameraAdministration;
        // Requests wait MAMORI_EXPORT_REQUEST_TTL (ISO-8601, default PT24H); decisions and expiry run on the trusted clock.
        this.exportRequests = new mamori.export.ExportRequests(database, cameraCatalog, auditLog, clockWatch.trustedClock(),
                mamori.export.ExportRequests.timeToLive(System.getenv(mamori.export.ExportRequests.TTL_SETTING)));
        this.exportProduction = new mamori.export.ExportProduction(database, auditLog, config.home().exports(), () -> exportProducer);
    }

    private static mamori.export.ExportProducer lazyExportProducer(KeyVault vault, Terminal terminal, AuditSigningKey auditKey,
            mamori.export.ExportTranscoder transcoder, Clock clock, SecureRandom random) {
        var made = new java.util.concurrent.atomic.AtomicReference<mamori.export.SignedExportProducer>();
        return (order, staging, progress, cancelled) -> {
            mamori.export.SignedExportProducer producer = made.get();
            if (producer == null) {
                try {
                    producer = new mamori.export.SignedExportProducer(transcoder, new mamori.export.ExportPackager(
                            exportKey(vault, terminal), auditKey.privateKey(), clock, random));
                } catch (KeyVaultException e) {
                    throw new mamori.export.ExportException("The terminal's export signing key cannot be read or made: " + e.getMessage(), e);
                }
                made.compareAndSet(null, producer);
            }
            return producer.produce(order, staging, progress, cancelled);
        };
    }

    /// The key that signs now: the one the log's latest handover names (the log, not a setting,
    /// is the record of which key is current), else the first audit key, made on first run.
    private static AuditSigningKey currentAuditKey(KeyVault vault, Terminal terminal, AuditEntryStore entries)
            throws KeyVaultException, SQLException {
        AuditSigningKey first = new AuditSigningKey(vault.signingKey(AUDIT_KEY, "Mamori " + terminal.id() + " audit log"));
        Optional<String> handedOverTo = KeyHandover.latestIncomingKeyId(entries);
        if (handedOverTo.isEmpty()) {
            return first;
        }
        for (String alias : vault.aliasesStartingWith(AUDIT_KEY)) {
            AuditSigningKey key = new AuditSigningKey(vault.signingKey(alias, "Mamori " + terminal.id() + " audit log"));
            if (key.keyId().equals(handedOverTo.get())) {
                return key;
            }
        }
        throw new KeyVaultException("The log hands signing over to key " + handedOverTo.get()
                + ", which this terminal's key store does not hold: the key store was swapped or restored from an old backup");
    }

    /// Makes a new audit key in the key store and hands signing over to it (a `KEY_ROTATION` entry
    /// signed by both keys); returns the handover entry.
    public mamori.audit.AuditEntry rotateAuditKey() throws KeyVaultException, AuditUnavailableException {
        String alias = AUDIT_KEY + "-" + config.clock().millis();
        AuditSigningKey incoming = new AuditSigningKey(vault.signingKey(alias, "Mamori " + terminal.id() + " audit log"));
        return auditLog.rotateKey(incoming);
    }

    /// Opens the data directory, key store and database, migrates the schema and seeds the demo
    /// facility's people and cameras on a new data directory (its recordings are made later, with
    /// progress on screen: see [#demoSeed()]).
    public static Mamori open(MamoriConfig config) throws StartupException {
        return open(config, true);
    }

    /// Opens the services; `recordStart` says whether this start is a kiosk start to be audited
    /// (headless commands such as `audit verify` record their own entries instead).
    public static Mamori open(MamoriConfig config, boolean recordStart) throws StartupException {
        mamori.playback.vlc.EngineChoice.Setting engine;
        try {
            engine = MamoriConfig.engineSetting(System::getenv);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        return open(config, recordStart, engine);
    }

    /// As [#open(MamoriConfig, boolean)], playing with the engine `engine` asks for (FFmpeg when
    /// libVLC is asked for but missing: [#startupNotices()] then says so).
    public static Mamori open(MamoriConfig config, boolean recordStart, mamori.playback.vlc.EngineChoice.Setting engine)
            throws StartupException {
        Clock clock = config.clock();
        SecureRandom random = new SecureRandom();
        DataDirectory home = config.home();
        Database database = null;
        AuditLog auditLog = null;
        ClockWatch clockWatch = null;
        ConnectedReader connected = null;
        try {
            home.create();
            KeyVault vault = KeyVault.openOrCreate(home.keyStore(), home.keyStorePasswordFile(),
                    config.keyStorePassword(), random, clock);
            database = Database.open(home.databaseBase(), vault.secretKey(DATABASE_FILE_KEY).getEncoded(),
                    vault.secretAsHex(DATABASE_USER_KEY));
            new SchemaMigrations(SchemaMigrations.ALL, clock).migrate(database);

            Settings settings = new Settings(database);
            Terminal terminal = new TerminalRegistry(database, random).thisTerminal();
            RecordingStore recordings = new RecordingStore(database, home.recordings());
            DemoSeed demoSeed = new DemoSeed(database, settings, recordings, config.demoPlan(), clock, config.facilityZone());
            demoSeed.seedPeopleAndCameras();

            AuditSigningKey auditKey = currentAuditKey(vault, terminal, new AuditEntryStore(database));
            AuditLog audit = new AuditLog(database, auditKey, terminal.id(), UUID.randomUUID().toString(), clock, System::nanoTime);
            auditLog = audit;
            Optional<SyslogForwarder> forwarder = config.syslogCollector().map(SyslogForwarder::forUri);
            forwarder.ifPresent(forwarding -> audit.onCommitted(forwarding::forward));
            if (recordStart) {
                audit.append(AuditEvent.of(AuditAction.KIOSK_STARTED).detail("version", Optional.ofNullable(
                        Mamori.class.getPackage().getImplementationVersion()).orElse("development build")).detail("key", auditKey.keyId()));
            }

            // Registered on this PC by an administrator; the demo facility the app makes for itself is
            // registered in its administrator's name.
            var registration = new mamori.identity.TerminalRegistration(database, terminal, config.machine(), audit, clock);
            PersonRepository people = new PersonRepository(database);
            if (people.all().stream().anyMatch(person -> person.id().equals(DemoData.ADMINISTRATOR_ID))) {
                registration.registerForDemo(DemoData.ADMINISTRATOR_ID);
            }
            try {
                connected = connectReader(config.reader(), enrolledFingers(people));
            } catch (IOException e) {
                throw new StartupException("The fingerprint reader cannot start: " + e.getMessage(), e);
            }
            FingerprintReader reader = connected.reader();
            ClockWatch watch = ClockWatch.open(new ClockRepository(database), audit, clock, System::nanoTime,
                    ClockSanity.DEFAULT_THRESHOLD);
            clockWatch = watch;
            watch.startSampling(ClockWatch.SAMPLE_INTERVAL);
            ViewingHoursRepository hours = new ViewingHoursRepository(database, config.facilityZone());
            // Decisions see the stored viewing hours and the clock's status as they are at that moment, and
            // the trusted time as "now", and whether this terminal is registered on this PC. A schedule that
            // cannot be read fails the decision (the player stops, the home screen says it cannot list the cameras).
            Supplier<AccessConditions> conditions = () -> {
                try {
                    return new AccessConditions(hours.viewingHours(), registration.isRegistered(), watch.status());
                } catch (SQLException e) {
                    throw new IllegalStateException("The viewing hours cannot be read: " + e.getMessage(), e);
                }
            };
            CameraCatalog catalog = new CameraCatalog(new CameraRepository(database), new AccessPolicy(), watch.trustedClock(),
                    conditions);
            // Lockout windows and session limits run on the trusted clock: turning the PC's clock does not shorten them.
            Clock trusted = watch.trustedClock();
            SessionRepository sessions = new SessionRepository(database);
            TerminalLockout lockout = new TerminalLockout(new LockoutRepository(database), audit, terminal.id(), config.loginLimits(), trusted);
            // The optional PIN after the finger (decision 0029); no role needs one until an administrator says so.
            var pinCheck = new mamori.pin.PinCheck(database, audit, random, trusted, mamori.pin.Argon2Cost.CURRENT);
            LoginService login = new LoginService(reader, people, sessions, lockout, terminal, registration::isRegistered, audit,
                    config.loginLimits(), trusted, pinCheck);
            if (recordStart) {
                login.endSessionLeftByEarlierRun();
            }
            // Camera passwords are sealed under their own key-store key; the sources hand them to the engine only.
            var cameraAccounts = new mamori.camera.CredentialStore(database, vault.secretKey("camera-credentials"), random, clock);
            var sources = new mamori.playback.RecordingSources(recordings, new mamori.camera.CameraSourceRepository(database),
                    cameraAccounts, clock, mamori.onvif.Timeouts.DEFAULT);
            // MAMORI_ENGINE=vlc: libVLC for recorded files when it is installed, FFmpeg otherwise and for RTSP.
            var engines = mamori.playback.vlc.EngineChoice.choose(engine, () -> new FfmpegEngine(2));
            PlaybackService playback = new PlaybackService(sources, new CameraRepository(database), new AccessPolicy(),
                    conditions, new mamori.playback.PurposeRule(settings), audit, engines.engine(), watch.trustedClock(), config.facilityZone(), System::nanoTime);
            mamori.export.media.ExportMediaSettings exportMedia;
            try {
                exportMedia = mamori.export.media.ExportMediaSettings.fromEnvironment(System::getenv);
            } catch (IllegalArgumentException e) {
                throw new StartupException(e.getMessage(), e);
            }
            // USB devices and volumes are watched only while the kiosk runs (a no-op watch where the OS has none yet).
            UsbMonitor usb = new UsbMonitor(UsbWatch.forThisSystem(clock), new ApprovedMedia(database, audit, clock), settings,
                    login::currentSession, audit, clock);
            if (recordStart) {
                usb.start();
            }
            Mamori opened = new Mamori(config, database, terminal, recordings, catalog, demoSeed, connected, login, audit,
                    vault, forwarder, playback, watch, hours, new SessionDirectory(sessions, audit, trusted), usb,
                    registration, new mamori.camera.CameraAdministration(database, catalog, cameraAccounts, audit));
            opened.startupNotices = engines.notice().stream().toList();
            // Exports: transcoded with masks and the export's mark, signed (RSA for the ONVIF signature, made on
            // the first export so the start does not wait for an RSA key; the audit key for the manifest), encrypted.
            var transcoder = new mamori.export.ExportTranscoder(sources, new CameraRepository(database),
                    new mamori.export.ExportWatermark.Labels("書き出し Export", "依頼 Requested", "承認 Approved", "日時 Date"),
                    config.facilityZone());
            opened.pinCheck = pinCheck;
            opened.exportProducer = lazyExportProducer(vault, terminal, auditKey, transcoder, watch.trustedClock(), random);
            opened.cameraRegistry = new mamori.camera.CameraRegistry(new CameraRepository(database),
                    new mamori.camera.CameraSourceRepository(database), cameraAccounts);
            opened.privacyMasks = new mamori.camera.PrivacyMaskAdministration(database, opened.cameraAdministration);
            opened.cameraStill = new mamori.playback.CameraStill(sources, catalog, new FfmpegEngine(2), audit, watch.trustedClock());
            // Staged exports past their retention are deleted at start and hourly, each audited first (decision 0025).
            if (recordStart) {
                opened.exportRetention = mamori.export.media.RetentionSchedule.start(new mamori.export.media.ExportRetention(
                        home.exports(), exportMedia.retention(), audit, watch.trustedClock()));
            }
            return opened;
        } catch (StartupException e) {
            closeQuietly(connected, clockWatch, auditLog, database);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(connected, clockWatch, auditLog, database);
            throw new StartupException("The start was interrupted", e);
        } catch (AuditUnavailableException e) {
            closeQuietly(connected, clockWatch, auditLog, database);
            throw new StartupException("The audit log cannot record the start, so the kiosk does not start: " + e.getMessage(), e);
        } catch (KeyVaultException | StoreException e) {
            closeQuietly(connected, clockWatch, auditLog, database);
            throw new StartupException(e.getMessage(), e);
        } catch (SQLException | IOException e) {
            closeQuietly(connected, clockWatch, auditLog, database);
            throw new StartupException("Mamori cannot start on " + home.root() + ": " + e.getMessage(), e);
        }
    }

    private static List<SimulatedFinger> enrolledFingers(PersonRepository people) throws SQLException {
        Map<String, String> names = people.all().stream().collect(Collectors.toMap(Person::id, Person::displayName));
        List<SimulatedFinger> fingers = new ArrayList<>();
        for (var enrolment : people.enrolments(DemoData.READER_ID)) {
            fingers.add(new SimulatedFinger(Optional.ofNullable(names.get(enrolment.personId())), enrolment.finger(),
                    OptionalInt.of(enrolment.templateId())));
        }
        return fingers;
    }

    /// The reader the login uses, the demo panel's way to place fingers (emulators only) and what
    /// else was started for it (the emulated module and its socat pty pair).
    private record ConnectedReader(FingerprintReader reader, Optional<FingerSimulator> simulator,
            Optional<R30xEmulatorOnPty> emulatedModule) implements AutoCloseable {

        @Override
        public void close() {
            reader.close();
            emulatedModule.ifPresent(R30xEmulatorOnPty::close);
        }
    }

    /// Builds the configured reader. The demo's emulated module must start (its failure, such as
    /// socat missing, stops the start with the reason); a real module may be absent at start: the
    /// login screen then says the reader is lost, and the driver keeps trying to open it.
    private static ConnectedReader connectReader(ReaderSetting setting, List<SimulatedFinger> enrolled)
            throws IOException, InterruptedException {
        return switch (setting) {
            case ReaderSetting.InProcess() -> {
                InProcessEmulatedReader reader = new InProcessEmulatedReader(DemoData.READER_ID, enrolled);
                yield new ConnectedReader(reader, Optional.of(reader), Optional.empty());
            }
            case ReaderSetting.Demo() -> {
                R30xEmulatorOnPty module = R30xEmulatorOnPty.start(enrolled,
                        R30xEmulator.Settings.factoryDefaults(R30xEmulator.Timing.DATASHEET));
                R30xReader reader = new R30xReader(module.driverPort(), R30xReader.DEFAULT_BAUD, R30xPacket.DEFAULT_ADDRESS,
                        R30xReader.DEFAULT_PASSWORD, DemoData.READER_ID);
                try {
                    reader.open();
                } catch (IOException | RuntimeException e) {
                    reader.close();
                    module.close();
                    throw e;
                }
                yield new ConnectedReader(reader, Optional.of(module), Optional.of(module));
            }
            // Until enrolment lands, a real module's pages are enrolled at the people's template ids
            // under the kiosk's one reader id (fingerprint-drivers/HARDWARE.md).
            case ReaderSetting.R30x(String port, int baud) -> new ConnectedReader(new R30xReader(port, baud,
                    R30xPacket.DEFAULT_ADDRESS, R30xReader.DEFAULT_PASSWORD, DemoData.READER_ID), Optional.empty(), Optional.empty());
            case ReaderSetting.Gt521(String port, int baud) ->
                    new ConnectedReader(new Gt521Reader(port, baud, DemoData.READER_ID), Optional.empty(), Optional.empty());
        };
    }

    private static void closeQuietly(ConnectedReader reader, ClockWatch clockWatch, AuditLog auditLog, Database database) {
        if (reader != null) {
            reader.close();
        }
        if (clockWatch != null) {
            clockWatch.close();
        }
        if (auditLog != null) {
            auditLog.close();
        }
        if (database != null) {
            database.close();
        }
    }

    public MamoriConfig config() {
        return config;
    }

    public Terminal terminal() {
        return terminal;
    }

    public LoginService loginService() {
        return loginService;
    }

    public CameraCatalog cameraCatalog() {
        return cameraCatalog;
    }

    public RecordingStore recordings() {
        return recordings;
    }

    /// What the operator should know about this start (the playback engine when `MAMORI_ENGINE=vlc`); the
    /// command line prints it.
    public List<String> startupNotices() {
        return startupNotices;
    }

    public PlaybackService playback() {
        return playback;
    }

    /// The clock check: the trusted time, the clock's status, acknowledging a jump.
    public ClockWatch clockWatch() {
        return clockWatch;
    }

    /// The stored viewing hours of people and roles.
    public ViewingHoursRepository viewingHours() {
        return viewingHours;
    }

    /// The sessions open on every terminal of this database, for the login-status screen.
    public SessionDirectory sessionDirectory() {
        return sessionDirectory;
    }

    /// The rows behind [#sessionDirectory()]: one open session per terminal.
    public SessionRepository sessions() {
        return new SessionRepository(database);
    }

    /// USB devices and volumes: alerts about unapproved storage, the hook for the session lock, the
    /// volumes copies may go to.
    /// Cameras' sources, accounts and grants, changed by administrators (audited).
    /// Setting viewing hours (stateless: made on each use).
    public mamori.schedule.ViewingHoursAdministration viewingHoursAdministration() {
        return new mamori.schedule.ViewingHoursAdministration(database, cameraCatalog, auditLog);
    }

    public mamori.camera.CameraAdministration cameraAdministration() {
        return cameraAdministration;
    }

    public mamori.camera.CameraRegistry cameraRegistry() {
        return cameraRegistry;
    }

    public mamori.camera.PrivacyMaskAdministration privacyMaskAdministration() {
        return privacyMasks;
    }

    public mamori.playback.CameraStill cameraStill() {
        return cameraStill;
    }

    public mamori.identity.TerminalRegistration terminalRegistration() {
        return terminalRegistration;
    }

    /// Export requests and their four-eyes decisions.
    public mamori.export.ExportRequests exportRequests() {
        return exportRequests;
    }

    /// The public half of the key that signs the log now (and export manifests), as auditors pin it.
    public byte[] auditPublicKey() {
        return auditLog.key().publicKey();
    }

    /// Production of approved exports into `<data dir>/exports`, with the producer plugged in by [#useExportProducer].
    public mamori.export.ExportProduction exportProduction() {
        return exportProduction;
    }

    /// Plugs in the producer that makes export packages (transcode, sign, encrypt); the composition
    /// root's caller does this once the real producer is part of the build.
    public void useExportProducer(mamori.export.ExportProducer producer) {
        this.exportProducer = java.util.Objects.requireNonNull(producer);
    }

    /// Identifies the person who places a finger to decide an export, on the kiosk's reader.
    public mamori.export.ApproverFinger approverFinger() {
        return new mamori.export.ApproverFinger(reader.reader(), new PersonRepository(database));
    }

    public UsbMonitor usbMonitor() {
        return usbMonitor;
    }

    /// `MAMORI_EXPORT_FOLDER` and `MAMORI_EXPORT_RETENTION` (read when asked: a bad value fails the copy screen or the start).
    public mamori.export.media.ExportMediaSettings exportMediaSettings() {
        return mamori.export.media.ExportMediaSettings.fromEnvironment(System::getenv);
    }

    /// Copies of staged exports to approved media or the configured folder, read back and audited (decision 0025).
    public mamori.export.media.ExportCopier exportCopier() {
        return new mamori.export.media.ExportCopier(new ApprovedMedia(database, auditLog, config.clock()), usbMonitor::mountedVolumes,
                exportMediaSettings().folder(), cameraCatalog, auditLog, mamori.export.media.VolumeNames.system(java.nio.file.Path.of("/dev/disk")));
    }

    /// The check of packages brought back: looked for where copies may go (approved media mounted
    /// now, the export folder), compared with this terminal's log and key.
    public mamori.export.ExportCheck exportCheck() {
        mamori.export.media.ExportCopier copier = exportCopier();
        java.util.function.Supplier<java.util.List<mamori.export.ExportCheck.Place>> places = () -> copier.destinations().places();
        return new mamori.export.ExportCheck(places, new mamori.export.ExportVerifier(), database, auditLog, cameraCatalog,
                java.util.Set.of(mamori.crypto.Ed25519Keys.keyId(auditPublicKey())));
    }

    /// The retention schedule of staged exports, while the kiosk runs (empty for headless commands).
    public Optional<mamori.export.media.RetentionSchedule> exportRetention() {
        return Optional.ofNullable(exportRetention);
    }

    public DemoSeed demoSeed() {
        return demoSeed;
    }

    /// Present when the reader is an emulator that the demo panel can drive; lists the fingers
    /// enrolled now, so fingers enrolled while the kiosk runs can be placed.
    public synchronized Optional<FingerSimulator> fingerSimulator() {
        if (demoFingers == null && reader.simulator().isPresent()) {
            demoFingers = new EnrolledDemoFingers(reader.simulator().get(), new PersonRepository(database), reader.reader().readerId());
        }
        return Optional.ofNullable(demoFingers);
    }

    private EnrolledDemoFingers demoFingers;
    private mamori.enrolment.FingerEnrolment fingerEnrolment;

    /// Enrolment of people's fingers on this kiosk's reader, for administrators (audited). The right
    /// is the policy's ADMINISTER over everything, decided on the trusted clock at each change.
    public synchronized mamori.enrolment.FingerEnrolment fingerEnrolment() {
        if (fingerEnrolment == null) {
            fingerEnrolment = new mamori.enrolment.FingerEnrolment(database, new PersonRepository(database), reader.reader(),
                    administerRight(), auditLog, clockWatch.trustedClock());
            fingerSimulator();
            if (demoFingers != null) {
                fingerEnrolment.onChange(demoFingers::refresh);
            }
        }
        return fingerEnrolment;
    }

    /// Adding people, their roles and whether they are active, for administrators (audited).
    public mamori.enrolment.PeopleAdministration peopleAdministration() {
        return new mamori.enrolment.PeopleAdministration(database, new PersonRepository(database), administerRight(), auditLog,
                clockWatch.trustedClock());
    }

    /// The terminals of this database for administrators: list, register this PC, rename, withdraw (audited).
    public mamori.terminals.TerminalAdministration terminalAdministration() {
        mamori.enrolment.FingerEnrolment.AdministerRight right = administerRight();
        return new mamori.terminals.TerminalAdministration(database, terminalRegistration, right::decide, auditLog);
    }

    /// The policy's ADMINISTER over everything (no particular camera), decided on the trusted clock.
    private mamori.enrolment.FingerEnrolment.AdministerRight administerRight() {
        Clock trusted = clockWatch.trustedClock();
        return by -> new AccessPolicy().decide(new mamori.policy.AccessRequest(by.person(), by.terminal(),
                mamori.policy.Permission.ADMINISTER, Optional.empty(), trusted.instant()), cameraCatalog.grants(),
                new AccessConditions(viewingHours.viewingHours(), terminalRegistration.isRegistered(), clockWatch.status()));
    }

    /// The PIN second factor: the login's questions and setting one's own PIN (decision 0029).
    public mamori.pin.PinCheck pinCheck() {
        return pinCheck;
    }

    /// What administrators change about PINs (audited); the right is the policy's ADMINISTER over everything.
    public mamori.pin.PinAdministration pinAdministration() {
        return new mamori.pin.PinAdministration(pinCheck, new PersonRepository(database), administerRight()::decide, auditLog,
                clockWatch.trustedClock());
    }

    /// The demo's emulated R30x module on its pty pair, when the reader is the demo's: for
    /// injecting faults in tests and for the login benchmark's modelled time.
    public Optional<R30xEmulatorOnPty> emulatedModule() {
        return reader.emulatedModule();
    }

    public Clock clock() {
        return config.clock();
    }

    public ZoneId facilityZone() {
        return config.facilityZone();
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public AuditEntryStore auditEntries() {
        return auditEntries;
    }

    /// Every audit key this terminal's key store holds, current and retired: the log's handovers
    /// say which of them was valid when.
    public Map<String, byte[]> ownAuditKeys() {
        Map<String, byte[]> keys = new java.util.TreeMap<>();
        try {
            for (String alias : vault.aliasesStartingWith(AUDIT_KEY)) {
                AuditSigningKey key = new AuditSigningKey(vault.signingKey(alias, "Mamori " + terminal.id() + " audit log"));
                keys.put(key.keyId(), key.publicKey());
            }
        } catch (KeyVaultException e) {
            keys.put(auditLog.key().keyId(), auditLog.key().publicKey());
        }
        return keys;
    }

    /// The audit screen's reader; trusts this terminal's own key.
    public AuditBrowser auditBrowser() {
        return new AuditBrowser(database, ownAuditKeys());
    }

    public AuditVerifier auditVerifier() {
        return new AuditVerifier(auditEntries, ownAuditKeys());
    }

    /// Signed viewing reports, signed with this terminal's P-256 report certificate (made on first use).
    public mamori.report.ReportService reports() throws KeyVaultException, SQLException {
        Settings settings = new Settings(database);
        var context = new mamori.report.ReportService.Context(terminal.id(),
                settings.get(Settings.FACILITY_NAME).orElse(terminal.id()), personNames(), cameraNames(),
                Map.of("purpose", settings.get(mamori.playback.PurposeRule.SETTING).map(rule -> "(" + rule + ")").orElse("")));
        return new mamori.report.ReportService(auditLog, auditEntries, ownAuditKeys(), new mamori.report.ReportSigner(reportKey()), context,
                config.clock());
    }

    public mamori.report.ReportVerifier reportVerifier() throws KeyVaultException {
        return new mamori.report.ReportVerifier(auditEntries, ownAuditKeys(), reportKey().certificate());
    }

    /// The certificate this terminal signs its reports with (for auditors and other verifiers).
    /// The certificate of the key that signs exported MP4s (ONVIF export file format), made on first use.
    public java.security.cert.X509Certificate exportCertificate() throws KeyVaultException {
        return exportKey(vault, terminal).certificate();
    }

    private static KeyVault.CertifiedKey exportKey(KeyVault vault, Terminal terminal) throws KeyVaultException {
        return vault.rsaCertifiedKey(EXPORT_KEY, "Mamori " + terminal.id() + " exports");
    }

    public java.security.cert.X509Certificate reportCertificate() throws KeyVaultException {
        return reportKey().certificate();
    }

    private KeyVault.CertifiedKey reportKey() throws KeyVaultException {
        return vault.certifiedKey(REPORT_KEY, "Mamori " + terminal.id() + " reports");
    }

    public Map<String, String> personNames() throws SQLException {
        return new PersonRepository(database).all().stream().collect(Collectors.toMap(Person::id, Person::displayName));
    }

    public Map<String, String> cameraNames() throws SQLException {
        return new CameraRepository(database).all().stream().collect(Collectors.toMap(mamori.camera.Camera::id,
                camera -> camera.code() + " " + camera.name()));
    }

    /// The terminals of this database by id, with their host names, for the report screen's filter.
    public Map<String, String> terminalNames() throws SQLException {
        return new TerminalRegistry(database, new java.security.SecureRandom()).all().stream()
                .collect(Collectors.toMap(Terminal::id, each -> each.id() + " (" + each.name() + ")"));
    }

    /// Where the report screen generates reports and saves them: the setting `report.folder`, else
    /// the data directory's `reports/`.
    public mamori.report.ReportArchive reportArchive() throws SQLException {
        java.nio.file.Path folder = new Settings(database).get(mamori.report.ReportArchive.SETTING).map(java.nio.file.Path::of)
                .orElse(config.home().root().resolve("reports"));
        return new mamori.report.ReportArchive(config.home().root().resolve("reports").resolve(".unsaved"), folder);
    }

    /// Prints reports through the OS print system (CUPS), each printing recorded first.
    public mamori.report.ReportPrinter reportPrinter() {
        return new mamori.report.ReportPrinter(auditLog, new mamori.report.CupsPrintSystem());
    }

    @Override
    public void close() {
        if (exportRetention != null) {
            exportRetention.close();
        }
        reader.close();
        usbMonitor.close();
        clockWatch.close();
        auditLog.close();
        forwarder.ifPresent(SyslogForwarder::close);
        database.close();
    }
}
