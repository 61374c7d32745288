package mamori.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// Uevent datagrams laid out byte for byte as the kernel sends them (lib/kobject_uevent.c: the
/// header `ACTION@DEVPATH`, a NUL, then `KEY=VALUE` NUL-terminated), and udev's re-broadcasts.
class UeventTest {

    private static final String STICK = "/devices/pci0000:00/0000:00:14.0/usb1/1-1";

    static byte[] kernelMessage(String action, String devpath, String... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((action + "@" + devpath).getBytes(StandardCharsets.UTF_8));
        out.write(0);
        for (String pair : pairs) {
            out.writeBytes(pair.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] stickAdded() {
        return kernelMessage("add", STICK, "ACTION=add", "DEVPATH=" + STICK, "SUBSYSTEM=usb", "MAJOR=189", "MINOR=5",
                "DEVNAME=bus/usb/001/006", "DEVTYPE=usb_device", "PRODUCT=781/5567/100", "TYPE=0/0/0", "BUSNUM=001", "DEVNUM=006",
                "SEQNUM=4711");
    }

    @Test
    void aKernelMessageGivesActionDevpathAndProperties() {
        byte[] data = stickAdded();
        Uevent event = Uevent.parse(data, data.length).orElseThrow();
        assertEquals("add", event.action());
        assertEquals(STICK, event.devpath());
        assertEquals("usb", event.subsystem());
        assertEquals("usb_device", event.devtype());
        assertEquals(Optional.of("781/5567/100"), event.property("PRODUCT"));
        assertEquals(Optional.of("4711"), event.property("SEQNUM"));
        assertEquals(12, event.properties().size());
    }

    @Test
    void onlyTheReceivedLengthIsRead() {
        byte[] data = stickAdded();
        byte[] buffer = new byte[Uevent.MAX_BYTES];
        System.arraycopy(data, 0, buffer, 0, data.length);
        buffer[data.length] = 'X';
        buffer[data.length + 1] = '=';
        Uevent event = Uevent.parse(buffer, data.length).orElseThrow();
        assertEquals(12, event.properties().size());
    }

    @Test
    void aRemoveMessageStillNamesTheProduct() {
        byte[] data = kernelMessage("remove", STICK, "ACTION=remove", "DEVPATH=" + STICK, "SUBSYSTEM=usb", "DEVTYPE=usb_device",
                "PRODUCT=781/5567/100", "TYPE=0/0/0", "SEQNUM=4720");
        UsbDevice gone = LinuxUsbWatch.fromUevent(Uevent.parse(data, data.length).orElseThrow());
        assertEquals("0781", gone.vendorId());
        assertEquals("5567", gone.productId());
        assertEquals("1-1", gone.busPath());
        assertEquals(0, gone.deviceClass());
    }

    @Test
    void udevRebroadcastsAreNotKernelMessages() {
        // struct udev_monitor_netlink_header: "libudev\0", magic 0xfeedcafe (network order), lengths and offsets.
        ByteBuffer header = ByteBuffer.allocate(40).order(ByteOrder.BIG_ENDIAN);
        header.put("libudev\0".getBytes(StandardCharsets.US_ASCII)).putInt(0xfeedcafe).putInt(40).putInt(40).putInt(60);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes("ACTION=add\0DEVPATH=/devices/x\0SUBSYSTEM=usb\0".getBytes(StandardCharsets.US_ASCII));
        byte[] data = out.toByteArray();
        assertTrue(Uevent.parse(data, data.length).isEmpty());
    }

    @Test
    void malformedMessagesAreRefusedWithoutThrowing() {
        for (byte[] data : List.of(new byte[0], "add\0ACTION=add\0".getBytes(StandardCharsets.US_ASCII),
                "add@devices/no-slash\0".getBytes(StandardCharsets.US_ASCII),
                kernelMessage("add", STICK, "ACTION=remove"), kernelMessage("add", STICK, "DEVPATH=/devices/elsewhere"),
                kernelMessage("add", STICK, "NOEQUALS"), kernelMessage("add", STICK, "=value"), new byte[Uevent.MAX_BYTES + 1])) {
            assertTrue(Uevent.parse(data, data.length).isEmpty(), new String(data, StandardCharsets.UTF_8));
        }
        String[] tooMany = new String[200];
        for (int i = 0; i < tooMany.length; i++) {
            tooMany[i] = "K" + i + "=v";
        }
        byte[] flood = kernelMessage("add", STICK, tooMany);
        assertTrue(Uevent.parse(flood, flood.length).isEmpty());
    }
}
