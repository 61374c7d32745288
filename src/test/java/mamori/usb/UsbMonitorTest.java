package mamori.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import mamori.TestKeys;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.StoredEntry;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import mamori.store.Settings;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The monitor on a real audit log in a real H2 file, fed by the Linux watch over a fake sysfs tree
/// (the watch's polls are stepped by hand; the monitor handles events on the calling thread).
class UsbMonitorTest {

    private static final Instant START = Instant.parse("2026-11-24T01:00:00Z");
    private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);
    private static final Terminal TERMINAL = new Terminal("T-1", "kiosk");
    private static final Session OPERATOR = session(new Person("operator", "職員", Set.of(Role.OPERATOR), true));
    private static final Session SUPERVISOR = session(new Person("supervisor", "監督者", Set.of(Role.SUPERVISOR), true));
    private static final Session ADMINISTRATOR = session(new Person("admin", "管理者", Set.of(Role.ADMINISTRATOR), true));
    private static final MediaIdentity STICK = new MediaIdentity("0781", "5567", "4C530001231219117142");

    @TempDir
    Path dir;
    private Database database;
    private AuditLog audit;
    private Settings settings;
    private ApprovedMedia approved;
    private FakeSysfs sysfs;
    private Path mountinfo;
    private LinuxUsbWatch watch;
    private UsbMonitor monitor;
    private final AtomicReference<Session> loggedIn = new AtomicReference<>();
    private final List<UsbAlert> alerts = new ArrayList<>();
    private final List<Session> lockRequests = new ArrayList<>();

    private static Session session(Person person) {
        return new Session("session-" + person.id(), person, TERMINAL, START);
    }

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir.resolve("db"), TestKeys.fileKey("usb"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            for (Session session : List.of(OPERATOR, SUPERVISOR, ADMINISTRATOR)) {
                PersonRepository.insert(connection, session.person(), START);
            }
            return null;
        });
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), "T-1", "run-1", CLOCK,
                System::nanoTime);
        settings = new Settings(database);
        approved = new ApprovedMedia(database, audit, CLOCK);
        sysfs = new FakeSysfs(Files.createDirectories(dir.resolve("sys"))).keyboard();
        mountinfo = Files.writeString(dir.resolve("mountinfo"), "27 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n");
        watch = new LinuxUsbWatch(sysfs.root, mountinfo, CLOCK, false);
        monitor = new UsbMonitor(watch, approved, settings, () -> Optional.ofNullable(loggedIn.get()), audit, CLOCK, new SameThread(),
                Executors.newSingleThreadScheduledExecutor());
        monitor.onAlert(alerts::add);
        monitor.onLockRequest(lockRequests::add);
    }

    @AfterEach
    void close() {
        monitor.close();
        audit.close();
        database.close();
    }

    /// Starts the monitor on the watch without its threads: present devices are reported at once.
    private void start() {
        Consumer<UsbEvent> seen = monitor::seen;
        watch.begin(seen);
    }

    private List<StoredEntry> entries(AuditAction action) throws Exception {
        return new AuditEntryStore(database).byAction(action);
    }

    @Test
    void aKeyboardIsRecordedWithWhoWasLoggedInAndRaisesNothing() throws Exception {
        start();
        loggedIn.set(OPERATOR);
        sysfs.usbDevice("1-4", "04d9", "1603", "00", "Holtek", "Keyboard", null, "03");
        watch.pollDevices();

        List<StoredEntry> connected = entries(AuditAction.USB_DEVICE_CONNECTED);
        assertEquals(2, connected.size(), "the keyboard present at start, then the new one");
        assertNull(connected.get(0).personId(), "nobody was logged in at start");
        assertTrue(connected.get(0).canonical().contains("\"presentAtStart\":true"), connected.get(0).canonical());
        StoredEntry keyboard = connected.get(1);
        assertEquals("operator", keyboard.personId());
        assertEquals(OPERATOR.id(), keyboard.sessionId());
        assertTrue(keyboard.canonical().contains("\"vendorId\":\"04d9\""), keyboard.canonical());
        assertTrue(keyboard.canonical().contains("\"interfaceClasses\":[\"03\"]"), keyboard.canonical());
        assertFalse(keyboard.canonical().contains("storage"), keyboard.canonical());
        assertTrue(alerts.isEmpty());
        assertTrue(lockRequests.isEmpty());
    }

    @Test
    void anUnapprovedStickDuringASessionAlertsAndLocksWhenThePolicySaysSo() throws Exception {
        settings.put(UsbMonitor.LOCK_SETTING, "true");
        start();
        loggedIn.set(OPERATOR);
        sysfs.stick();
        watch.pollDevices();

        assertEquals(1, alerts.size());
        UsbAlert alert = alerts.getFirst();
        assertEquals(Optional.of(OPERATOR), alert.during());
        assertTrue(alert.lockRequested());
        assertEquals("0781:5567 SanDisk Cruzer Blade (4C530001231219117142)", alert.description());
        assertEquals(List.of(OPERATOR), lockRequests);
        assertEquals(List.of(alert), monitor.unresolvedAlerts());

        StoredEntry entry = entries(AuditAction.USB_DEVICE_CONNECTED).getLast();
        assertEquals("operator", entry.personId());
        assertTrue(entry.canonical().contains("\"storage\":\"unapproved\""), entry.canonical());
        assertTrue(entry.canonical().contains("\"serial\":\"4C530001231219117142\""), entry.canonical());
        assertTrue(entry.canonical().contains("\"lockRequested\":true"), entry.canonical());
    }

    @Test
    void withoutTheLockSettingTheAlertStandsAlone() throws Exception {
        start();
        loggedIn.set(OPERATOR);
        sysfs.stick();
        watch.pollDevices();
        assertEquals(1, alerts.size());
        assertFalse(alerts.getFirst().lockRequested());
        assertTrue(lockRequests.isEmpty());
    }

    @Test
    void anApprovedStickIsRecordedAsSuchAndItsVolumeIsWhereCopiesMayGo() throws Exception {
        approved.approve(ADMINISTRATOR, STICK, "事務所の USB メモリ 1");
        StoredEntry approval = entries(AuditAction.CONFIGURATION_CHANGE).getLast();
        assertEquals("admin", approval.personId());
        assertTrue(approval.canonical().contains("\"old\":null"), approval.canonical());
        assertTrue(approval.canonical().contains("\"serial\":\"4C530001231219117142\""), approval.canonical());

        settings.put(UsbMonitor.LOCK_SETTING, "true");
        start();
        loggedIn.set(OPERATOR);
        sysfs.stick();
        watch.pollDevices();
        Files.writeString(mountinfo, "612 27 8:17 / /media/kiosk/USB\\040STICK rw - vfat /dev/sdb1 rw\n",
                java.nio.file.StandardOpenOption.APPEND);
        watch.pollMounts();

        assertTrue(alerts.isEmpty());
        assertTrue(lockRequests.isEmpty());
        assertTrue(entries(AuditAction.USB_DEVICE_CONNECTED).getLast().canonical().contains("\"storage\":\"approved\""));
        StoredEntry mounted = entries(AuditAction.VOLUME_MOUNTED).getLast();
        assertEquals("operator", mounted.personId());
        assertTrue(mounted.canonical().contains("\"mountPoint\":\"/media/kiosk/USB STICK\""), mounted.canonical());
        assertTrue(mounted.canonical().contains("\"storage\":\"approved\""), mounted.canonical());
        assertEquals(List.of("/media/kiosk/USB STICK"), monitor.approvedVolumes().stream().map(Volume::mountPoint).toList());

        approved.revoke(ADMINISTRATOR, STICK);
        assertTrue(entries(AuditAction.CONFIGURATION_CHANGE).getLast().canonical().contains("\"new\":null"));
        assertTrue(monitor.approvedVolumes().isEmpty());

        Files.writeString(mountinfo, "27 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n");
        watch.pollMounts();
        assertTrue(entries(AuditAction.VOLUME_UNMOUNTED).getLast().canonical().contains("USB STICK"));
    }

    @Test
    void onlyAnAdministratorApprovesAndTheRefusalIsRecorded() throws Exception {
        assertThrows(MediaApprovalDeniedException.class, () -> approved.approve(OPERATOR, STICK, "mine"));
        assertFalse(approved.isApproved(STICK));
        assertEquals("operator", entries(AuditAction.POLICY_DENIAL).getLast().personId());
        assertThrows(IllegalArgumentException.class,
                () -> approved.approve(ADMINISTRATOR, new MediaIdentity("0781", "5567", ""), "no serial"));
    }

    @Test
    void whenTheLogRefusesTheAlertStillComesAndTheEntryIsRecordedLater() throws Exception {
        start();
        loggedIn.set(OPERATOR);
        sql("ALTER TABLE audit_entry ADD CONSTRAINT refuse_usb CHECK (action <> 'USB_DEVICE_CONNECTED') NOCHECK");
        sysfs.stick();
        watch.pollDevices();

        assertEquals(1, alerts.size(), "the alert does not wait for the log");
        assertEquals(1, monitor.queuedEntries());
        assertTrue(monitor.recordingProblem().isPresent());
        assertEquals(1, entries(AuditAction.USB_DEVICE_CONNECTED).size(), "only the keyboard present at start");

        loggedIn.set(null);
        sql("ALTER TABLE audit_entry DROP CONSTRAINT refuse_usb");
        monitor.flush();
        assertEquals(0, monitor.queuedEntries());
        assertEquals(Optional.empty(), monitor.recordingProblem());
        StoredEntry late = entries(AuditAction.USB_DEVICE_CONNECTED).getLast();
        assertEquals("operator", late.personId(), "who was logged in when the stick was seen, not when it was recorded");
        assertTrue(late.canonical().contains("\"storage\":\"unapproved\""));
    }

    @Test
    void aSupervisorAcknowledgesAnAlertAndAnOperatorCannot() throws Exception {
        start();
        sysfs.stick();
        watch.pollDevices();
        UsbAlert alert = monitor.unresolvedAlerts().getFirst();
        assertEquals(Optional.empty(), alert.during(), "seen while nobody was logged in: recorded and shown, nothing to lock");

        assertThrows(IllegalArgumentException.class, () -> monitor.acknowledge(OPERATOR, alert.id()));
        monitor.acknowledge(SUPERVISOR, alert.id());
        assertTrue(monitor.unresolvedAlerts().isEmpty());
        StoredEntry acknowledged = entries(AuditAction.CONFIGURATION_CHANGE).getLast();
        assertEquals("supervisor", acknowledged.personId());
        assertTrue(acknowledged.canonical().contains(alert.id()));
    }

    private void sql(String statement) throws Exception {
        database.inTransaction(connection -> {
            try (Statement run = connection.createStatement()) {
                run.execute(statement);
            }
            return null;
        });
    }

    /// Runs each task on the calling thread, so a test sees its effect at once.
    private static final class SameThread extends AbstractExecutorService {
        private boolean shut;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shut = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shut = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shut;
        }

        @Override
        public boolean isTerminated() {
            return shut;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

}
