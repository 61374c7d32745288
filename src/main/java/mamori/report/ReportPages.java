package mamori.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/// A signed report's pages drawn as pictures for the screen's preview (PDFBox's PDFRenderer), one
/// page at a time so that a long report costs the memory of one page.
public final class ReportPages implements AutoCloseable {

    /// A page as ARGB pixels, row by row.
    public record Picture(int width, int height, int[] argb) {
    }

    private final PDDocument document;
    private final PDFRenderer renderer;

    public ReportPages(byte[] pdf) throws IOException {
        document = Loader.loadPDF(pdf);
        renderer = new PDFRenderer(document);
    }

    public int count() {
        return document.getNumberOfPages();
    }

    /// Page `index` (0-based) at `dpi` (bounded to 36-200).
    public synchronized Picture render(int index, float dpi) throws IOException {
        if (index < 0 || index >= count()) {
            throw new IllegalArgumentException("no page " + (index + 1) + " of " + count());
        }
        BufferedImage image = renderer.renderImageWithDPI(index, Math.clamp(dpi, 36f, 200f), ImageType.RGB);
        int width = image.getWidth();
        int height = image.getHeight();
        return new Picture(width, height, image.getRGB(0, 0, width, height, null, 0, width));
    }

    @Override
    public synchronized void close() throws IOException {
        document.close();
    }
}
