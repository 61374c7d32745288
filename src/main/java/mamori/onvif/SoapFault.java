package mamori.onvif;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.namespace.QName;

/// A SOAP 1.2 fault a device answered: its code (`env:Sender`, `env:Receiver`), the subcodes from
/// the outermost in (`ter:InvalidArgVal`, `ter:NoRecording`) and the reason text.
public record SoapFault(QName code, List<QName> subcodes, String reason) {

    public SoapFault {
        Objects.requireNonNull(code, "code");
        subcodes = List.copyOf(subcodes);
        Objects.requireNonNull(reason, "reason");
    }

    public boolean hasSubcode(QName subcode) {
        return subcodes.contains(subcode);
    }

    /// `ter:NotAuthorized`: the device refused the user name token.
    public boolean isNotAuthorized() {
        return hasSubcode(OnvifNamespaces.NOT_AUTHORIZED);
    }

    /// For messages: `env:Sender / ter:NotAuthorized: Sender not authorized`.
    public String describe() {
        String codes = Stream.concat(Stream.of(code), subcodes.stream()).map(OnvifNamespaces::display)
                .collect(Collectors.joining(" / "));
        return reason.isEmpty() ? codes : codes + ": " + reason;
    }
}
