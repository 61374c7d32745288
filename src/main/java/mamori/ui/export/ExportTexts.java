package mamori.ui.export;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import mamori.audit.RecordingRange;
import mamori.export.ExportRefusedException;
import mamori.export.Recipient;
import mamori.ui.Messages;

/// How the export screens write spans, recipients and refusals.
public final class ExportTexts {

    public static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ExportTexts() {
    }

    public static String span(RecordingRange span, ZoneId zone) {
        return SHOWN.format(span.from().atZone(zone)) + " – " + SHOWN.format(span.to().atZone(zone));
    }

    public static String time(Instant at, ZoneId zone) {
        return SHOWN.format(at.atZone(zone));
    }

    public static String recipient(Recipient recipient, Messages messages) {
        String kind = messages.get("export.recipient." + recipient.kind().name());
        return recipient.text().isEmpty() ? kind : kind + "（" + recipient.text() + "）";
    }

    public static String refusal(ExportRefusedException refused, Messages messages) {
        return refused.policyReason().map(reason -> messages.get("export.refused.POLICY", messages.get("policy.denied." + reason.name())))
                .orElseGet(() -> messages.get("export.refused." + refused.reason().name()));
    }
}
