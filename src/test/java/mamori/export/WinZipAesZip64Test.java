package mamori.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import mamori.export.ExportRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The ZIP64 form of a package (APPNOTE 4.3.14-4.3.15, 4.5.3), written with a lowered threshold so
/// that it is checked without 4 GiB of disk: read back by our reader, by the real `7z` with the
/// passphrase, and listed by Python's `zipfile`; damage to its records is refused.
class WinZipAesZip64Test {

    private static final char[] PASSPHRASE = "7KQM-X3TD-ABCD-EFGH-JKLM".toCharArray();
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final byte[] VIDEO = bytes(300_000, 1);
    private static final byte[] MANIFEST = "{\"format\":\"test\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final Set<String> NAMES = Set.of("export.mp4", "manifest.json");

    @TempDir
    Path directory;

    @Test
    void everyEntryInZip64FormIsReadByOurReaderBySevenZipAndByTheJdk() throws Exception {
        Path zip = write(0);
        byte[] file = Files.readAllBytes(zip);
        assertTrue(indexOf(file, 0x06064b50) > 0 && indexOf(file, 0x07064b50) > 0, "ZIP64 end record and locator written");
        assertReadable(zip);
    }

    @Test
    void onlyTheEntryBeyondTheThresholdAndTheDirectoryTakeZip64() throws Exception {
        // the video (first) fits; the manifest starts beyond the threshold: ZIP64 for its offset only
        Path zip = write(VIDEO.length + 1_000);
        assertReadable(zip);
    }

    @Test
    void belowFourGibibytesNothingOfZip64IsWritten() throws Exception {
        Path zip = directory.resolve("plain.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            WinZipAes.Writer writer = new WinZipAes.Writer(out, PASSPHRASE, new SecureRandom(), NOW);
            writer.entry("export.mp4", VIDEO);
            writer.entry("manifest.json", MANIFEST);
            writer.finish();
        }
        // looked at by position, not by searching: encrypted bytes may hold any signature
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        int end = file.capacity() - 22;
        assertEquals(0x06054b50, file.getInt(end));
        long centralOffset = Integer.toUnsignedLong(file.getInt(end + 16));
        assertTrue(centralOffset < 0xFFFF_FFFFL, "the directory's offset in the end record itself");
        assertEquals(centralOffset + Integer.toUnsignedLong(file.getInt(end + 12)), end, "no ZIP64 records between");
        int central = (int) centralOffset;
        for (int i = 0; i < 2; i++) {
            assertEquals(0x02014b50, file.getInt(central));
            assertEquals(11, file.getShort(central + 30), "only the AES extra field");
            assertTrue(file.getInt(central + 20) != -1 && file.getInt(central + 42) != -1, "sizes and offset in place");
            central += 46 + file.getShort(central + 28) + file.getShort(central + 30);
        }
        assertReadable(zip);
    }

    @Test
    void aLocatorPointingElsewhereIsRefused() throws Exception {
        Path zip = write(0);
        byte[] file = Files.readAllBytes(zip);
        int locator = indexOf(file, 0x07064b50);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(locator + 8, 12);
        assertMalformed(file);
    }

    @Test
    void aZip64EndRecordWithAnotherCountOrDirectoryIsRefused() throws Exception {
        byte[] original = Files.readAllBytes(write(0));
        int end = indexOf(original, 0x06064b50);
        byte[] count = original.clone();
        ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).putLong(end + 32, 3).putLong(end + 24, 3);
        assertMalformed(count);
        byte[] offset = original.clone();
        ByteBuffer.wrap(offset).order(ByteOrder.LITTLE_ENDIAN).putLong(end + 48, 100);
        assertMalformed(offset);
    }

    @Test
    void aSizeInTheZip64ExtraFieldThatDisagreesWithTheLocalHeaderIsRefused() throws Exception {
        byte[] file = Files.readAllBytes(write(0));
        int extra = lastDirectoryExtra(file);
        assertEquals(0x0001, ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getShort(extra), "ZIP64 field first");
        // the original size one byte less (and the compressed size with it, so that only the local header disagrees)
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(extra + 4, buffer.getLong(extra + 4) - 1).putLong(extra + 12, buffer.getLong(extra + 12) - 1);
        assertMalformed(file);
    }

    @Test
    void aZip64ExtraFieldCutShortIsRefused() throws Exception {
        byte[] file = Files.readAllBytes(write(0));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putShort(lastDirectoryExtra(file) + 2, (short) 8);
        assertMalformed(file);
    }

    private Path write(long zip64From) throws Exception {
        Path zip = directory.resolve("package-" + zip64From + ".zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            WinZipAes.Writer writer = new WinZipAes.Writer(out, PASSPHRASE, new SecureRandom(), NOW, zip64From);
            writer.entry("export.mp4", VIDEO);
            writer.entry("manifest.json", MANIFEST);
            writer.finish();
        }
        return zip;
    }

    private void assertReadable(Path zip) throws Exception {
        try (WinZipAes.Reader reader = WinZipAes.Reader.open(zip, NAMES)) {
            assertEquals(2, reader.entries().size());
            assertArrayEquals(VIDEO, content(reader, reader.entries().get(0)));
            assertArrayEquals(MANIFEST, content(reader, reader.entries().get(1)));
        }
        Path out = directory.resolve("out-" + zip.getFileName());
        ExportPackageTest.Run opened = ExportPackageTest.run(directory, "7z", "x", "-p" + new String(PASSPHRASE), "-o" + out,
                zip.toString());
        assertEquals(0, opened.status(), opened.output());
        assertArrayEquals(VIDEO, Files.readAllBytes(out.resolve("export.mp4")));
        assertArrayEquals(MANIFEST, Files.readAllBytes(out.resolve("manifest.json")));
        // Python's zipfile reads ZIP64 strictly (the JDK's refuses encrypted entries): names and sizes
        ExportPackageTest.Run listed = ExportPackageTest.run(directory, "python3", "-c",
                "import sys, zipfile\n"
                        + "for i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, i.file_size, i.compress_size)",
                zip.toString());
        assertEquals(0, listed.status(), listed.output());
        assertEquals("export.mp4 " + VIDEO.length + " " + (VIDEO.length + WinZipAes.OVERHEAD) + "\nmanifest.json " + MANIFEST.length
                + " " + (MANIFEST.length + WinZipAes.OVERHEAD) + "\n", listed.output());
    }

    private void assertMalformed(byte[] file) throws Exception {
        Path damaged = directory.resolve("damaged.zip");
        Files.write(damaged, file);
        ExportRejectedException e = assertThrows(ExportRejectedException.class, () -> {
            try (WinZipAes.Reader reader = WinZipAes.Reader.open(damaged, NAMES)) {
                for (WinZipAes.Reader.Entry entry : reader.entries()) {
                    content(reader, entry);
                }
            }
        });
        assertEquals(Reason.MALFORMED_PACKAGE, e.reason(), e.getMessage());
    }

    private static byte[] content(WinZipAes.Reader reader, WinZipAes.Reader.Entry entry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.read(entry, PASSPHRASE, out::write, () -> false);
        return out.toByteArray();
    }

    /// Where the extra fields of the last directory record start (the directory follows all data,
    /// so searching back finds its record, not encrypted bytes).
    private static int lastDirectoryExtra(byte[] file) {
        int central = indexOf(file, 0x02014b50);
        return central + 46 + ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getShort(central + 28);
    }

    private static int indexOf(byte[] file, int signature) {
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = file.length - 4; i >= 0; i--) {
            if (buffer.getInt(i) == signature) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
