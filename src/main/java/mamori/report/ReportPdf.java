package mamori.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.util.Matrix;

/// Draws a [ViewingReport] as an A4 PDF: header and summary with a chart per day, the detailed
/// tables, the checkpoint the report is bound to with the verification result, and the safety
/// measures in force. Text in Japanese (or English), in one TrueType font embedded as a subset; the
/// binding files ([ReportBinding]) are embedded too.
public final class ReportPdf {

    /// TrueType Japanese fonts, first found is used (Debian: fonts-ipaexfont-gothic). The Noto CJK
    /// fonts are CFF-flavoured collections, which PDFBox cannot embed as subsets.
    public static final List<Path> FONT_CANDIDATES = List.of(Path.of("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
            Path.of("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"), Path.of("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf"));

    private static final float MARGIN = 40;
    private static final PDRectangle SIZE = PDRectangle.A4;
    private static final float BODY = 9;
    private static final float SMALL = 7;

    /// Everything drawn besides the report itself.
    public record Document(ViewingReport report, String reportNumber, String facility, Instant generatedAt, String verification,
            long firstSeq, long lastSeq, long checkpointSize, byte[] checkpointRoot, String checkpointNote, String certificateFingerprint,
            Map<String, String> personNames, Map<String, String> cameraNames, Map<String, String> measures, byte[] bindingText,
            byte[] leafHashes) {
    }

    private final Path fontFile;

    public ReportPdf(Path fontFile) {
        this.fontFile = fontFile;
    }

    /// The first installed font of [#FONT_CANDIDATES].
    public static Optional<Path> installedFont() {
        return FONT_CANDIDATES.stream().filter(Files::isReadable).findFirst();
    }

    /// The drawn file (unsigned) and its number of pages.
    public record Rendered(byte[] pdf, int pages) {
    }

    public Rendered render(Document input) throws IOException {
        ResourceBundle text = ResourceBundle.getBundle("mamori.report.report", input.report().query().locale());
        try (PDDocument document = new PDDocument();
                TrueTypeFont face = new TTFParser().parse(new RandomAccessReadBufferedFile(fontFile.toFile()))) {
            // PDFBox's GSUB pass rebuilds regular expressions for every string shown (most of the
            // time of a long report) and turns letter pairs into ligatures that text extraction
            // loses; Japanese set horizontally needs none of it.
            face.setEnableGsub(false);
            PDType0Font font = PDType0Font.load(document, face, true);
            Canvas canvas = new Canvas(document, font);
            ZoneId zone = input.report().query().zone();
            Locale locale = input.report().query().locale();
            DateTimeFormatter dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale).withZone(zone);
            DateTimeFormatter shortTime = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", locale).withZone(zone);
            ViewingReport report = input.report();
            ViewingReport.Summary summary = report.summary();

            canvas.newPage();
            canvas.line(text.getString("title"), 15);
            canvas.gap(6);
            String[][] header = {
                    {text.getString("header.facility"), input.facility()},
                    {text.getString("header.terminals"), report.terminals().isEmpty() ? "-" : String.join(", ", report.terminals())},
                    {text.getString("header.period"), report.query().from() + " – " + report.query().to() + " (" + zone + ")"},
                    {text.getString("header.generatedBy"), report.query().generatedBy()},
                    {text.getString("header.generatedAt"), dateTime.format(input.generatedAt())},
                    {text.getString("header.number"), input.reportNumber()},
                    {text.getString("header.filters"), filters(report.query(), text, input)}};
            for (String[] row : header) {
                canvas.cells(BODY, new float[] {110, 405}, row);
            }
            canvas.gap(8);
            canvas.line(text.getString("summary"), 12);
            String[][] figures = {
                    {text.getString("summary.viewings"), Integer.toString(summary.viewings())},
                    {text.getString("summary.hours"), hours(summary.watchedSeconds())},
                    {text.getString("summary.exports"), Integer.toString(summary.exports())},
                    {text.getString("summary.denials"), Integer.toString(summary.denials())},
                    {text.getString("summary.lockouts"), Integer.toString(summary.lockouts())},
                    {text.getString("summary.usb"), Integer.toString(summary.usbEvents())},
                    {text.getString("summary.clockJumps"), Integer.toString(summary.clockJumps())}};
            for (String[] row : figures) {
                canvas.cells(BODY, new float[] {200, 100}, row);
            }
            canvas.gap(8);
            canvas.line(text.getString("chart"), 12);
            canvas.chart(summary.watchedSecondsPerDay());
            canvas.gap(8);
            canvas.line(text.getString("perCamera"), 12);
            canvas.cells(BODY, new float[] {260, 100}, text.getString("col.camera"), text.getString("col.hours"));
            for (var camera : summary.watchedSecondsPerCamera().entrySet()) {
                canvas.cells(BODY, new float[] {260, 100}, input.cameraNames().getOrDefault(camera.getKey(), camera.getKey()), hours(camera.getValue()));
            }

            canvas.newPage();
            canvas.line(text.getString("viewings"), 12);
            float[] widths = {48, 68, 55, 72, 100, 56, 40, 76};
            String[] columns = {text.getString("col.entry"), text.getString("col.person"), text.getString("col.terminal"),
                    text.getString("col.camera"), text.getString("col.recording"), text.getString("col.watchedAt"),
                    text.getString("col.duration"), text.getString("col.purpose")};
            canvas.tableHeader(widths, columns);
            for (ViewingReport.Viewing viewing : report.viewings()) {
                canvas.row(widths, columns, "#" + viewing.play() + (viewing.stop() > 0 ? "–" + viewing.stop() : ""),
                        input.personNames().getOrDefault(viewing.personId(), viewing.personId()), viewing.terminalId(),
                        input.cameraNames().getOrDefault(viewing.cameraId(), viewing.cameraId()),
                        viewing.recordingFrom().map(shortTime::format).orElse("?") + "–"
                                + viewing.recordingTo().map(to -> shortTime.format(to).substring(6)).orElse("?"),
                        shortTime.format(viewing.startedAt()).substring(0, 11), duration(viewing.watchedSeconds()), viewing.purpose());
            }
            canvas.gap(10);
            canvas.line(text.getString("exports"), 12);
            float[] exportWidths = {48, 68, 68, 80, 72, 70, 109};
            String[] exportColumns = {text.getString("col.entry"), text.getString("col.requester"), text.getString("col.approver"),
                    text.getString("col.recipient"), text.getString("col.camera"), text.getString("col.state"), text.getString("col.package")};
            canvas.tableHeader(exportWidths, exportColumns);
            if (report.exports().isEmpty()) {
                canvas.line(text.getString("none"), BODY);
            }
            for (ViewingReport.Export export : report.exports()) {
                canvas.row(exportWidths, exportColumns, "#" + export.requested(),
                        input.personNames().getOrDefault(export.requesterId(), export.requesterId()),
                        export.approverId().map(id -> input.personNames().getOrDefault(id, id)).orElse("-"), export.recipient().orElse("-"),
                        export.cameraId().map(id -> input.cameraNames().getOrDefault(id, id)).orElse("-"), export.state(),
                        export.packageHash().orElse("-"));
            }
            canvas.gap(10);
            canvas.line(text.getString("events"), 12);
            float[] eventWidths = {48, 70, 80, 68, 72, 177};
            String[] eventColumns = {text.getString("col.entry"), text.getString("col.at"), text.getString("col.kind"),
                    text.getString("col.person"), text.getString("col.camera"), text.getString("col.detail")};
            canvas.tableHeader(eventWidths, eventColumns);
            if (report.events().isEmpty()) {
                canvas.line(text.getString("none"), BODY);
            }
            for (ViewingReport.Event event : report.events()) {
                canvas.row(eventWidths, eventColumns, "#" + event.seq(), shortTime.format(event.at()),
                        text.getString("kind." + event.kind().name()) + " " + event.action().name(),
                        event.personId().map(id -> input.personNames().getOrDefault(id, id)).orElse("-"),
                        event.cameraId().map(id -> input.cameraNames().getOrDefault(id, id)).orElse("-"), event.detail());
            }

            canvas.newPage();
            canvas.line(text.getString("binding"), 12);
            canvas.gap(4);
            String[][] binding = {
                    {text.getString("binding.treeSize"), Long.toString(input.checkpointSize())},
                    {text.getString("binding.root"), HexFormat.of().formatHex(input.checkpointRoot())},
                    {text.getString("binding.entries"), input.lastSeq() < input.firstSeq() ? "-" : "#" + input.firstSeq() + " – #" + input.lastSeq()
                            + " (" + (input.lastSeq() - input.firstSeq() + 1) + ")"},
                    {text.getString("binding.verification"), input.verification()},
                    {text.getString("binding.certificate"), input.certificateFingerprint()}};
            for (String[] row : binding) {
                canvas.wrapped(BODY, 150, row[0], row[1]);
            }
            canvas.gap(6);
            canvas.line(text.getString("binding.note"), BODY);
            for (String line : input.checkpointNote().split("\n")) {
                canvas.line("  " + line, SMALL);
            }
            canvas.gap(6);
            canvas.paragraph(text.getString("binding.howToVerify"), BODY);

            canvas.newPage();
            canvas.line(text.getString("measures"), 12);
            canvas.gap(4);
            canvas.paragraph(text.getString("measures.intro"), BODY);
            for (String name : List.of("access", "hours", "purpose", "export", "retention", "log", "devices")) {
                canvas.gap(4);
                canvas.line(text.getString("measures." + name + ".title"), 10);
                canvas.paragraph(MessageFormat.format(text.getString("measures." + name), input.measures().getOrDefault(name, "")), BODY);
            }

            canvas.finish();
            canvas.footers(MessageFormat.format(text.getString("footer"), input.reportNumber()));
            embed(document, input);
            var info = document.getDocumentInformation();
            info.setTitle(text.getString("title") + " " + input.reportNumber());
            info.setAuthor(input.facility());
            info.setSubject(report.query().from() + " – " + report.query().to());
            info.setCreator("Mamori");
            info.setCustomMetadataValue("MamoriReportNumber", input.reportNumber());
            info.setCustomMetadataValue("MamoriCheckpoint", input.checkpointSize() + " " + HexFormat.of().formatHex(input.checkpointRoot()));
            Calendar created = new GregorianCalendar(java.util.TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(input.generatedAt().toEpochMilli());
            info.setCreationDate(created);
            document.getDocumentCatalog().setLanguage(locale.getLanguage().equals("en") ? "en" : "ja-JP");
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            document.save(out);
            return new Rendered(out.toByteArray(), document.getNumberOfPages());
        }
    }

    private static String filters(ReportQuery query, ResourceBundle text, Document input) {
        List<String> parts = new ArrayList<>();
        if (!query.people().isEmpty()) {
            parts.add(text.getString("col.person") + ": " + String.join(", ", query.people().stream().sorted()
                    .map(id -> input.personNames().getOrDefault(id, id)).toList()));
        }
        if (!query.cameras().isEmpty()) {
            parts.add(text.getString("col.camera") + ": " + String.join(", ", query.cameras().stream().sorted()
                    .map(id -> input.cameraNames().getOrDefault(id, id)).toList()));
        }
        if (!query.terminals().isEmpty()) {
            parts.add(text.getString("col.terminal") + ": " + String.join(", ", query.terminals().stream().sorted().toList()));
        }
        if (query.kinds().size() < EventKind.values().length) {
            parts.add(text.getString("col.kind") + ": " + String.join(", ", query.kinds().stream().sorted()
                    .map(kind -> text.getString("kind." + kind.name())).toList()));
        }
        return parts.isEmpty() ? text.getString("filters.none") : String.join(" / ", parts);
    }

    private static void embed(PDDocument document, Document input) throws IOException {
        Map<String, PDComplexFileSpecification> files = new java.util.LinkedHashMap<>();
        files.put(ReportBinding.TEXT_FILE, file(document, ReportBinding.TEXT_FILE, input.bindingText(), "text/plain"));
        files.put(ReportBinding.LEAVES_FILE, file(document, ReportBinding.LEAVES_FILE, input.leafHashes(), "application/octet-stream"));
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(files);
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
        names.setEmbeddedFiles(tree);
        document.getDocumentCatalog().setNames(names);
    }

    private static PDComplexFileSpecification file(PDDocument document, String name, byte[] content, String type) throws IOException {
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(name);
        spec.setFileUnicode(name);
        PDEmbeddedFile embedded = new PDEmbeddedFile(document, new java.io.ByteArrayInputStream(content));
        embedded.setSubtype(type);
        embedded.setSize(content.length);
        spec.setEmbeddedFile(embedded);
        spec.setEmbeddedFileUnicode(embedded);
        return spec;
    }

    private static void show(PDPageContentStream stream, String text) throws IOException {
        stream.showText(text);
    }

    static String hours(long seconds) {
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /// Pages being written top to bottom, with a running position.
    private static final class Canvas {
        private final PDDocument document;
        private final PDType0Font font;
        private PDPageContentStream stream;
        private float y;
        private final Map<String, String> drawable = new java.util.HashMap<>();

        Canvas(PDDocument document, PDType0Font font) {
            this.document = document;
            this.font = font;
        }

        void newPage() throws IOException {
            finish();
            PDPage page = new PDPage(SIZE);
            document.addPage(page);
            stream = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.OVERWRITE, true);
            y = SIZE.getHeight() - MARGIN;
        }

        void finish() throws IOException {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }

        void ensure(float height) throws IOException {
            if (y - height < MARGIN + 14) {
                newPage();
            }
        }

        void gap(float height) {
            y -= height;
        }

        void line(String value, float size) throws IOException {
            ensure(size * 1.5f);
            y -= size * 1.5f;
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(MARGIN, y);
            show(stream, drawable(value));
            stream.endText();
        }

        /// Wraps `value` to the width of the page.
        void paragraph(String value, float size) throws IOException {
            for (String part : value.split("\n")) {
                for (String line : wrap(part, SIZE.getWidth() - 2 * MARGIN, size)) {
                    line(line, size);
                }
            }
        }

        void wrapped(float size, float labelWidth, String label, String value) throws IOException {
            List<String> lines = wrap(value, SIZE.getWidth() - 2 * MARGIN - labelWidth, size);
            for (int i = 0; i < lines.size(); i++) {
                cells(size, new float[] {labelWidth, SIZE.getWidth() - 2 * MARGIN - labelWidth}, i == 0 ? label : "", lines.get(i));
            }
        }

        private List<String> wrap(String value, float width, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            String safe = drawable(value);
            int start = 0;
            while (start < safe.length()) {
                int end = start + 1;
                while (end <= safe.length() && font.getStringWidth(safe.substring(start, end)) / 1000 * size <= width) {
                    end++;
                }
                end = Math.max(start + 1, end - 1);
                lines.add(safe.substring(start, end));
                start = end;
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
            return lines;
        }

        void cells(float size, float[] widths, String... values) throws IOException {
            ensure(size * 1.6f);
            y -= size * 1.6f;
            stream.beginText();
            stream.setFont(font, size);
            float x = MARGIN;
            for (int i = 0; i < values.length; i++) {
                stream.setTextMatrix(Matrix.getTranslateInstance(x, y));
                show(stream, fit(values[i], widths[i] - 3, size));
                x += widths[i];
            }
            stream.endText();
        }

        void tableHeader(float[] widths, String[] columns) throws IOException {
            ensure(3 * SMALL * 1.6f);
            cells(SMALL, widths, columns);
            stream.setLineWidth(0.5f);
            stream.moveTo(MARGIN, y - 2);
            stream.lineTo(SIZE.getWidth() - MARGIN, y - 2);
            stream.stroke();
            y -= 2;
        }

        /// A table row; on a new page the column heads are repeated.
        void row(float[] widths, String[] columns, String... values) throws IOException {
            if (y - SMALL * 1.6f < MARGIN + 14) {
                newPage();
                tableHeader(widths, columns);
            }
            cells(SMALL, widths, values);
        }

        void chart(java.util.SortedMap<java.time.LocalDate, Long> perDay) throws IOException {
            float height = 130;
            ensure(height + 30);
            float width = SIZE.getWidth() - 2 * MARGIN - 30;
            float left = MARGIN + 30;
            float bottom = y - height - 4;
            long max = Math.max(3600, perDay.values().stream().mapToLong(Long::longValue).max().orElse(0));
            long top = (long) Math.ceil(max / 3600.0);
            stream.setLineWidth(0.5f);
            stream.moveTo(left, bottom);
            stream.lineTo(left + width, bottom);
            stream.moveTo(left, bottom);
            stream.lineTo(left, bottom + height);
            stream.stroke();
            stream.beginText();
            stream.setFont(font, SMALL);
            stream.setTextMatrix(Matrix.getTranslateInstance(MARGIN, bottom + height - SMALL));
            show(stream, top + " h");
            stream.setTextMatrix(Matrix.getTranslateInstance(MARGIN, bottom));
            show(stream, "0 h");
            stream.endText();
            int days = perDay.size();
            float slot = width / Math.max(1, days);
            int labelEvery = days <= 31 ? (slot < 12 ? 2 : 1) : 7;
            int i = 0;
            stream.setNonStrokingColor(0.25f, 0.4f, 0.7f);
            for (long seconds : perDay.values()) {
                float bar = (float) (seconds / (top * 3600.0) * height);
                if (bar > 0) {
                    stream.addRect(left + i * slot + slot * 0.15f, bottom, slot * 0.7f, bar);
                }
                i++;
            }
            stream.fill();
            stream.setNonStrokingColor(0f, 0f, 0f);
            stream.beginText();
            stream.setFont(font, SMALL - 1);
            i = 0;
            for (java.time.LocalDate day : perDay.keySet()) {
                if (i % labelEvery == 0) {
                    stream.setTextMatrix(Matrix.getTranslateInstance(left + i * slot + slot * 0.1f, bottom - SMALL));
                    show(stream, days <= 31 ? Integer.toString(day.getDayOfMonth()) : day.getMonthValue() + "/" + day.getDayOfMonth());
                }
                i++;
            }
            stream.endText();
            y = bottom - SMALL - 4;
        }

        void footers(String text) throws IOException {
            int pages = document.getNumberOfPages();
            int number = 1;
            for (PDPage page : document.getPages()) {
                try (PDPageContentStream footer = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    footer.beginText();
                    footer.setFont(font, SMALL);
                    footer.newLineAtOffset(MARGIN, MARGIN / 2);
                    show(footer, drawable(text + "  " + number + " / " + pages));
                    footer.endText();
                }
                number++;
            }
        }

        /// `value` cut to `width`, with only characters the font has.
        private String fit(String value, float width, float size) throws IOException {
            String safe = drawable(value);
            if (safe.length() * size * 0.5f <= width) {
                return safe;
            }
            float limit = width * 1000 / size;
            if (font.getStringWidth(safe) <= limit) {
                return safe;
            }
            int end = safe.length();
            while (end > 0 && font.getStringWidth(safe.substring(0, end) + "…") > limit) {
                end--;
            }
            return safe.substring(0, end) + "…";
        }

        private String drawable(String value) {
            String text = value.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
            String known = drawable.get(text);
            if (known != null) {
                return known;
            }
            String safe;
            try {
                font.encode(text);
                safe = text;
            } catch (IllegalArgumentException | IOException e) {
                StringBuilder kept = new StringBuilder();
                text.codePoints().forEach(codePoint -> {
                    String one = new String(Character.toChars(codePoint));
                    try {
                        font.encode(one);
                        kept.append(one);
                    } catch (IllegalArgumentException | IOException missing) {
                        kept.append('?');
                    }
                });
                safe = kept.toString();
            }
            if (drawable.size() < 100_000) {
                drawable.put(text, safe);
            }
            return safe;
        }
    }
}
