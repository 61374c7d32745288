package mamori.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/// Lines as `/proc/self/mountinfo` writes them (proc(5)).
class MountTableTest {

    static final String TABLE = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
            31 27 0:26 / /run rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=1620508k,mode=755
            612 27 8:17 / /media/kiosk/USB\\040STICK rw,nosuid,nodev,relatime shared:330 master:1 - vfat /dev/sdb1 rw,fmask=0022,codepage=437,iocharset=ascii
            613 27 8:18 /sub\\134dir /mnt/tab\\011here rw - exfat /dev/sdb2 rw
            broken line without separator
            """;

    @Test
    void fieldsAreReadWithOptionalFieldsAndEscapes() {
        List<MountTable.Mount> mounts = MountTable.parse(TABLE);
        assertEquals(5, mounts.size());
        MountTable.Mount stick = mounts.get(3);
        assertEquals(612, stick.id());
        assertEquals("8:17", stick.majorMinor());
        assertEquals("/media/kiosk/USB STICK", stick.mountPoint());
        assertEquals("vfat", stick.fsType());
        assertEquals("/dev/sdb1", stick.source());
        MountTable.Mount other = mounts.get(4);
        assertEquals("/sub\\dir", other.root());
        assertEquals("/mnt/tab\there", other.mountPoint());
    }

    @Test
    void virtualFileSystemsAreNotVolumes() {
        List<MountTable.Mount> mounts = MountTable.parse(TABLE);
        assertFalse(mounts.get(0).onBlockDevice());
        assertTrue(mounts.get(1).onBlockDevice());
        assertFalse(mounts.get(2).onBlockDevice());
        assertTrue(mounts.get(3).onBlockDevice());
    }

    @Test
    void aBackslashWithoutThreeOctalDigitsStaysAsItIs() {
        assertEquals("a\\0b", MountTable.unescape("a\\0b"));
        assertEquals("end\\", MountTable.unescape("end\\"));
        assertEquals("a\\999", MountTable.unescape("a\\999"));
    }
}
