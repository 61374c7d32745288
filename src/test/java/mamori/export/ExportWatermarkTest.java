package mamori.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import mamori.playback.FrameSize;
import org.junit.jupiter.api.Test;

class ExportWatermarkTest {

    private static final FrameSize FULL_HD = new FrameSize(1920, 1080);

    @Test
    void theLabelNamesTheExportBothPeopleAndTheApprovalTimeInTheFacilitysZone() {
        List<String> lines = ExportWatermark.lines(ExportFixture.order(0, 6, false), ExportFixture.LABELS, ExportFixture.ZONE);
        assertEquals(List.of("書き出し EXP-0001", "依頼 鈴木 一郎 (op-1)   承認 高橋 次郎 (sv-1)", "日付 2026-11-23 11:30"), lines);
    }

    @Test
    void itStaysInsideThePictureOnEvenCoordinatesAndDriftsSlowly() {
        ExportWatermark mark = ExportWatermark.of(ExportFixture.order(0, 6, false), ExportFixture.LABELS, ExportFixture.ZONE, FULL_HD);
        int[] previous = mark.placement(0);
        for (double t = 0; t < 600; t += 1.0 / 30) {
            int[] at = mark.placement(t);
            assertEquals(0, at[0] % 2);
            assertEquals(0, at[1] % 2);
            assertTrue(at[0] >= 0 && at[0] + at[2] <= FULL_HD.width() && at[1] >= 0 && at[1] + at[3] <= FULL_HD.height());
            assertTrue(Math.abs(at[0] - previous[0]) <= 4 && Math.abs(at[1] - previous[1]) <= 4, "a slow drift, no jumps");
            previous = at;
        }
        assertTrue(mark.placement(0)[0] != mark.placement(60)[0]);
        assertTrue(mark.placement(0)[1] != mark.placement(85)[1]);
    }

    @Test
    void drawingChangesOnlyTheLabelsBox() {
        ExportWatermark mark = ExportWatermark.of(ExportFixture.order(0, 6, false), ExportFixture.LABELS, ExportFixture.ZONE, FULL_HD);
        int lumaBytes = FULL_HD.width() * FULL_HD.height();
        ByteBuffer picture = ByteBuffer.allocateDirect(lumaBytes * 3 / 2);
        for (int i = 0; i < picture.capacity(); i++) {
            picture.put(i, (byte) (i < lumaBytes ? 128 : 100));
        }
        mark.draw(picture, 42);
        int[] box = mark.placement(42);
        int changed = 0;
        for (int y = 0; y < FULL_HD.height(); y++) {
            for (int x = 0; x < FULL_HD.width(); x++) {
                boolean inside = x >= box[0] && x < box[0] + box[2] && y >= box[1] && y < box[1] + box[3];
                if (picture.get(y * FULL_HD.width() + x) != (byte) 128) {
                    assertTrue(inside, "changed outside the box at " + x + "," + y);
                    changed++;
                }
            }
        }
        assertTrue(changed > box[2] * box[3] / 10, "the text shows: " + changed + " samples");
        assertTrue(mark.image().getWidth() == box[2] && mark.image().getHeight() == box[3]);
    }
}
