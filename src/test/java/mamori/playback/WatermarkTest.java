package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    private static final Watermark.Labels LABELS = new Watermark.Labels("閲覧者", "端末", "現在", "録画");
    private static final FrameSize SIZE = new FrameSize(640, 360);
    private static final Instant NOW = Instant.parse("2026-11-23T05:00:00Z");

    private static DecodedFrame grey() {
        ByteBuffer pixels = ByteBuffer.allocateDirect(SIZE.bytesBgra());
        for (int i = 0; i < pixels.capacity(); i++) {
            pixels.put(i, (i & 3) == 3 ? (byte) 0xFF : (byte) 0x80);
        }
        return new DecodedFrame(pixels, SIZE.width(), SIZE.height(), SIZE.width() * 4, Duration.ZERO);
    }

    @Test
    void theMarkChangesPixelsOnlyInsideItsPlace() {
        Watermark watermark = new Watermark("鈴木 一郎", "T-0001", LABELS, ZoneId.of("Asia/Tokyo"), 42);
        DecodedFrame frame = grey();
        watermark.draw(frame, NOW, NOW.minusSeconds(3600));
        int[] place = watermark.placement(SIZE, NOW);
        int inside = 0;
        int outside = 0;
        for (int y = 0; y < SIZE.height(); y++) {
            for (int x = 0; x < SIZE.width(); x++) {
                boolean changed = frame.pixels().get(y * SIZE.width() * 4 + x * 4 + 1) != (byte) 0x80;
                boolean within = x >= place[0] && x < place[0] + place[2] && y >= place[1] && y < place[1] + place[3];
                if (changed && within) {
                    inside++;
                } else if (changed) {
                    outside++;
                }
            }
        }
        assertTrue(inside > 500, "text drawn: " + inside + " pixels changed");
        assertTrue(outside == 0, "nothing drawn outside the stamp: " + outside);
    }

    @Test
    void theMarkMovesEveryFewSecondsSoItCannotBeCroppedAway() {
        Watermark watermark = new Watermark("鈴木 一郎", "T-0001", LABELS, ZoneId.of("Asia/Tokyo"), 42);
        watermark.draw(grey(), NOW, NOW);
        java.util.Set<String> places = new java.util.HashSet<>();
        for (int slot = 0; slot < 10; slot++) {
            int[] place = watermark.placement(SIZE, NOW.plusMillis(slot * Watermark.MOVE_EVERY_MILLIS));
            places.add(place[0] + "," + place[1]);
        }
        assertTrue(places.size() >= 8, "distinct places over 40 s: " + places);
        int[] a = watermark.placement(SIZE, NOW);
        int[] b = watermark.placement(SIZE, NOW.plusMillis(Watermark.MOVE_EVERY_MILLIS - 1));
        assertTrue(a[0] == b[0] && a[1] == b[1], "still within one slot");
        assertNotEquals(a[0] + "," + a[1], watermark.placement(SIZE, NOW.plusMillis(Watermark.MOVE_EVERY_MILLIS))[0] + ","
                + watermark.placement(SIZE, NOW.plusMillis(Watermark.MOVE_EVERY_MILLIS))[1]);
    }
}
