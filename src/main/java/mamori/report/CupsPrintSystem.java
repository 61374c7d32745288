package mamori.report;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.print.DocFlavor;
import javax.print.DocPrintJob;
import javax.print.PrintException;
import javax.print.PrintService;
import javax.print.PrintServiceLookup;
import javax.print.SimpleDoc;
import javax.print.attribute.HashPrintRequestAttributeSet;
import javax.print.attribute.PrintRequestAttributeSet;
import javax.print.attribute.standard.Copies;
import javax.print.attribute.standard.JobName;
import javax.print.attribute.standard.JobSheets;
import javax.print.attribute.standard.MediaSizeName;
import javax.print.attribute.standard.OrientationRequested;
import javax.print.attribute.standard.Sides;

/// The operating system's print queues through `javax.print`, sending the signed PDF as it is
/// (`application/pdf`). On Linux the JDK finds CUPS's queues through libcups and hands the job to
/// CUPS with `/usr/bin/lpr` (Debian package cups-bsd), which converts and paginates it for the
/// printer; paper, orientation, copies and sides travel as CUPS job options.
public final class CupsPrintSystem implements ReportPrinter.PrintSystem {

    private static final DocFlavor PDF = DocFlavor.BYTE_ARRAY.PDF;

    static {
        // The JDK otherwise re-reads CUPS's queues only every two minutes, in a thread of its own: a
        // queue added while the kiosk runs would not be offered. Read before printing is first touched.
        if (System.getProperty("sun.java2d.print.polling") == null) {
            System.setProperty("sun.java2d.print.polling", "false");
        }
    }

    @Override
    public List<String> printers() {
        return Arrays.stream(PrintServiceLookup.lookupPrintServices(PDF, null)).map(PrintService::getName).sorted().toList();
    }

    @Override
    public Optional<String> defaultPrinter() {
        return Optional.ofNullable(PrintServiceLookup.lookupDefaultPrintService())
                .filter(service -> service.isDocFlavorSupported(PDF)).map(PrintService::getName);
    }

    @Override
    public void submit(String printer, byte[] pdf, String jobName, ReportPrinter.PageSetup setup) throws ReportPrinter.ReportPrintException {
        PrintService service = Arrays.stream(PrintServiceLookup.lookupPrintServices(PDF, null))
                .filter(each -> each.getName().equals(printer)).findFirst()
                .orElseThrow(() -> new ReportPrinter.ReportPrintException("The printer '" + printer + "' is gone"));
        PrintRequestAttributeSet attributes = new HashPrintRequestAttributeSet();
        attributes.add(new Copies(setup.copies()));
        attributes.add(new JobName(jobName, null));
        // Without this the JDK asks CUPS for a banner page wherever the queue supports one.
        attributes.add(JobSheets.NONE);
        attributes.add(switch (setup.paper()) {
            case A4 -> MediaSizeName.ISO_A4;
            case A3 -> MediaSizeName.ISO_A3;
            case JIS_B5 -> MediaSizeName.JIS_B5;
            case LETTER -> MediaSizeName.NA_LETTER;
        });
        attributes.add(switch (setup.orientation()) {
            case PORTRAIT -> OrientationRequested.PORTRAIT;
            case LANDSCAPE -> OrientationRequested.LANDSCAPE;
        });
        attributes.add(setup.twoSided() ? Sides.TWO_SIDED_LONG_EDGE : Sides.ONE_SIDED);
        DocPrintJob job = service.createPrintJob();
        try {
            job.print(new SimpleDoc(pdf, PDF, null), attributes);
        } catch (PrintException e) {
            throw new ReportPrinter.ReportPrintException("The print system refused the job: " + e.getMessage(), e);
        }
    }
}
