package mamori.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.VerificationMode;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MamoriKeyRotationTest {

    @TempDir
    Path home;

    private MamoriConfig config() {
        return new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                new DemoSeed.RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000)),
                Optional.empty());
    }

    @Test
    void afterARotationTheTerminalSignsWithTheNewKeyAcrossRestarts() throws Exception {
        String first;
        String second;
        try (Mamori mamori = Mamori.open(config())) {
            first = mamori.auditLog().key().keyId();
            mamori.rotateAuditKey();
            second = mamori.auditLog().key().keyId();
        }
        assertNotEquals(first, second);
        try (Mamori mamori = Mamori.open(config())) {
            assertEquals(second, mamori.auditLog().key().keyId(), "the log's handover, not a setting, names the current key");
            assertEquals(second, mamori.auditLog().append(AuditEvent.of(AuditAction.LOGIN)).keyId());
            assertEquals(2, mamori.ownAuditKeys().size());
            // Besides the entries this test makes, the demo terminal's registration is recorded once.
            // The USB watch records the devices and volumes present at each start: how many depends on the machine.
            mamori.usbMonitor().close();
            long usbEntries = 0;
            for (AuditAction usb : java.util.List.of(AuditAction.USB_DEVICE_CONNECTED, AuditAction.USB_DEVICE_REMOVED,
                    AuditAction.VOLUME_MOUNTED, AuditAction.VOLUME_UNMOUNTED)) {
                usbEntries += mamori.auditEntries().byAction(usb).size();
            }
            assertEquals(5 + usbEntries, mamori.auditVerifier().verify(VerificationMode.FULL, Optional.empty()).entries());
        }
    }
}
