package mamori.usb;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.store.Settings;

/// Records what the [UsbWatch] reports and watches for unapproved storage.
///
/// Every device connected or removed and every volume mounted or unmounted becomes an audit entry
/// (`USB_DEVICE_CONNECTED`, `USB_DEVICE_REMOVED`, `VOLUME_MOUNTED`, `VOLUME_UNMOUNTED`) naming the
/// device and who was logged in when it was seen. For storage the entry says `storage`: `approved`
/// or `unapproved`. Unapproved storage raises a [UsbAlert] (kept until a supervisor or administrator
/// acknowledges it) and, during a session and when the setting `usb.lockOnUnapprovedStorage` is
/// `true` (or cannot be read), a lock request for that session.
///
/// Fails closed: the alert and the lock request never wait for the log. An entry the log refuses
/// stays queued, in order, and is tried again with the next event and every few seconds.
public final class UsbMonitor implements AutoCloseable {

    public static final String LOCK_SETTING = "usb.lockOnUnapprovedStorage";
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /// Entries kept for a log that refuses them; beyond this the oldest are dropped and counted.
    private static final int MAX_QUEUED = 100_000;

    private final UsbWatch watch;
    private final ApprovedMedia approved;
    private final Settings settings;
    private final Supplier<Optional<Session>> currentSession;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService worker;
    private final ScheduledExecutorService retry;

    private final List<Consumer<UsbAlert>> alertListeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<Session> lockRequest = session -> { };

    // Guarded by this.
    private final Deque<AuditEvent> queued = new ArrayDeque<>();
    private final Map<String, UsbAlert> unresolved = new LinkedHashMap<>();
    private final Map<String, Volume> mounted = new LinkedHashMap<>();
    private Optional<String> problem = Optional.empty();
    private long dropped;
    private boolean closed;

    /// A monitor that handles events on a thread of its own.
    public UsbMonitor(UsbWatch watch, ApprovedMedia approved, Settings settings, Supplier<Optional<Session>> currentSession,
            AuditLog audit, Clock clock) {
        this(watch, approved, settings, currentSession, audit, clock,
                Executors.newSingleThreadExecutor(Thread.ofPlatform().name("usb-monitor").daemon().factory()),
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("usb-monitor-retry").daemon().factory()));
    }

    UsbMonitor(UsbWatch watch, ApprovedMedia approved, Settings settings, Supplier<Optional<Session>> currentSession, AuditLog audit,
            Clock clock, ExecutorService worker, ScheduledExecutorService retry) {
        this.watch = watch;
        this.approved = approved;
        this.settings = settings;
        this.currentSession = currentSession;
        this.audit = audit;
        this.clock = clock;
        this.worker = worker;
        this.retry = retry;
    }

    /// Starts the watch; what it reports is handled from now on.
    public void start() {
        retry.scheduleWithFixedDelay(() -> worker.execute(this::flush), RETRY_INTERVAL.toMillis(), RETRY_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        watch.start(this::seen);
    }

    /// Called on the watch's thread: notes who is logged in now, then hands the event to the worker.
    void seen(UsbEvent event) {
        Optional<Session> session = currentSession.get();
        try {
            worker.execute(() -> handle(event, session));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: the kiosk is stopping.
        }
    }

    /// Decides, alerts, requests the lock, then records (in that order: the log may be down).
    synchronized void handle(UsbEvent event, Optional<Session> session) {
        AuditEvent entry = switch (event) {
            case UsbEvent.DeviceConnected(UsbDevice device, boolean atStart, var _) -> {
                AuditEvent connected = AuditEvent.of(AuditAction.USB_DEVICE_CONNECTED).detail("device", device.auditDetails())
                        .detail("presentAtStart", atStart);
                if (!device.massStorage()) {
                    yield connected;
                }
                boolean ok = approved(device.identity());
                if (!ok) {
                    connected = alert(connected, Optional.of(device), Optional.empty(), session, event);
                }
                yield connected.detail("storage", ok ? "approved" : "unapproved");
            }
            case UsbEvent.DeviceRemoved(UsbDevice device, var _) -> {
                AuditEvent removed = AuditEvent.of(AuditAction.USB_DEVICE_REMOVED).detail("device", device.auditDetails());
                yield device.massStorage() ? removed.detail("storage", "removed") : removed;
            }
            case UsbEvent.VolumeMounted(Volume volume, boolean atStart, var _) -> {
                mounted.put(volume.mountPoint(), volume);
                AuditEvent mount = AuditEvent.of(AuditAction.VOLUME_MOUNTED).detail("volume", volume.auditDetails())
                        .detail("presentAtStart", atStart);
                yield switch (volume.kind()) {
                    case USB -> {
                        UsbDevice device = volume.usbDevice().orElseThrow();
                        boolean ok = approved(device.identity());
                        if (!ok && !alerted(device)) {
                            mount = alert(mount, Optional.of(device), Optional.of(volume), session, event);
                        }
                        yield mount.detail("storage", ok ? "approved" : "unapproved");
                    }
                    case REMOVABLE -> alert(mount, Optional.empty(), Optional.of(volume), session, event).detail("storage", "unapproved");
                    case LOOP, FIXED, UNKNOWN -> mount;
                };
            }
            case UsbEvent.VolumeUnmounted(Volume volume, var _) -> {
                mounted.remove(volume.mountPoint());
                yield AuditEvent.of(AuditAction.VOLUME_UNMOUNTED).detail("volume", volume.auditDetails());
            }
        };
        entry = entry.detail("observedAt", event.observedAt());
        if (session.isPresent()) {
            entry = entry.person(session.get().person().id()).session(session.get().id());
        }
        if (queued.size() >= MAX_QUEUED) {
            queued.removeFirst();
            dropped++;
        }
        queued.addLast(entry);
        flush();
    }

    private boolean approved(MediaIdentity identity) {
        try {
            return approved.isApproved(identity);
        } catch (SQLException e) {
            // The list cannot be read: nothing counts as approved.
            return false;
        }
    }

    private boolean alerted(UsbDevice device) {
        return unresolved.values().stream().anyMatch(alert -> alert.device().map(UsbDevice::devpath).filter(device.devpath()::equals)
                .isPresent());
    }

    private AuditEvent alert(AuditEvent entry, Optional<UsbDevice> device, Optional<Volume> volume, Optional<Session> session,
            UsbEvent event) {
        boolean lock = session.isPresent() && lockOnUnapproved();
        UsbAlert alert = new UsbAlert(UUID.randomUUID().toString(), event.observedAt(), device, volume, session, lock);
        unresolved.put(alert.id(), alert);
        for (Consumer<UsbAlert> listener : alertListeners) {
            try {
                listener.accept(alert);
            } catch (RuntimeException e) {
                // A listener that fails must not keep the others, or the entry, from happening.
            }
        }
        if (lock) {
            try {
                lockRequest.accept(session.get());
            } catch (RuntimeException e) {
                entry = entry.detail("lockFailed", String.valueOf(e.getMessage()));
            }
        }
        return entry.detail("alert", alert.id()).detail("lockRequested", lock);
    }

    /// Whether the policy locks a session when unapproved storage appears; an unreadable setting locks.
    private boolean lockOnUnapproved() {
        try {
            return settings.get(LOCK_SETTING).map(String::strip).map(Boolean::parseBoolean).orElse(false);
        } catch (SQLException e) {
            return true;
        }
    }

    /// Appends queued entries in order until the log refuses one.
    synchronized void flush() {
        while (!queued.isEmpty()) {
            try {
                audit.append(queued.peekFirst());
                queued.removeFirst();
            } catch (AuditUnavailableException e) {
                problem = Optional.of(e.getMessage());
                return;
            } catch (RuntimeException e) {
                problem = Optional.of(String.valueOf(e.getMessage()));
                return;
            }
        }
        problem = dropped == 0 ? Optional.empty() : Optional.of(dropped + " USB entries were dropped while the audit log refused them");
    }

    /// `listener` is told of every new alert, on the monitor's thread. Returns what removes it again.
    public Runnable onAlert(Consumer<UsbAlert> listener) {
        alertListeners.add(listener);
        return () -> alertListeners.remove(listener);
    }

    /// Where lock requests go (the session lock); until set, they go nowhere.
    public void onLockRequest(Consumer<Session> hook) {
        this.lockRequest = hook;
    }

    /// Alerts nobody has acknowledged yet, oldest first.
    public synchronized List<UsbAlert> unresolvedAlerts() {
        return List.copyOf(unresolved.values());
    }

    /// `by`, a supervisor or administrator, has seen the alert: recorded, then it is resolved.
    /// Throws, and the alert stays, when that cannot be recorded.
    public void acknowledge(Session by, String alertId) throws AuditUnavailableException {
        if (!mayAcknowledge(by.person())) {
            throw new IllegalArgumentException(by.person().id() + " is neither a supervisor nor an administrator");
        }
        synchronized (this) {
            UsbAlert alert = unresolved.get(alertId);
            if (alert == null) {
                return;
            }
            flush();
            audit.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person(by.person().id()).session(by.id())
                    .detail("change", "USB alert acknowledged").detail("alert", alertId).detail("what", alert.description()));
            unresolved.remove(alertId);
        }
    }

    /// Whether `person` may acknowledge a USB alert: an active supervisor or administrator.
    public static boolean mayAcknowledge(Person person) {
        return person.active() && (person.holds(Role.SUPERVISOR) || person.holds(Role.ADMINISTRATOR));
    }

    /// Volumes mounted now whose USB device is approved: where copies may go.
    public synchronized List<Volume> approvedVolumes() {
        List<Volume> volumes = new ArrayList<>();
        for (Volume volume : mounted.values()) {
            if (volume.kind() == Volume.Kind.USB && approved(volume.usbDevice().orElseThrow().identity())) {
                volumes.add(volume);
            }
        }
        return volumes;
    }

    /// Every volume mounted now, as the watch reported it (the export copy lists them, approved or not).
    public synchronized List<Volume> mountedVolumes() {
        return List.copyOf(mounted.values());
    }

    /// Why entries wait for the log, if they do.
    public synchronized Optional<String> recordingProblem() {
        return problem;
    }

    /// How many entries wait for the log.
    public synchronized int queuedEntries() {
        return queued.size();
    }

    /// How the watch learns of changes.
    public String method() {
        return watch.method();
    }

    /// Stops the watch, then records what is still queued as far as the log takes it.
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watch.close();
        retry.shutdownNow();
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
