package mamori.onvif;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.onvif.OnvifException.Kind;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/// An element of a device's answer, read with checks: a missing required element, an unreadable
/// value or too many items become an [OnvifException] naming the operation, the device and the
/// element's path, never a null or a NullPointerException.
final class ResponseElement {

    /// Free text (names, locations, addresses) longer than this is refused rather than shown.
    static final int MAX_TEXT_CHARS = 1024;
    /// tt:ReferenceToken allows 64 characters.
    static final int MAX_TOKEN_CHARS = 64;

    private final Exchange exchange;
    private final Element element;
    private final String path;

    ResponseElement(Exchange exchange, Element element, String path) {
        this.exchange = exchange;
        this.element = element;
        this.path = path;
    }

    String path() {
        return path;
    }

    Element element() {
        return element;
    }

    ResponseElement child(String namespace, String localName) throws OnvifException {
        return optionalChild(namespace, localName).orElseThrow(() -> exchange.failure(Kind.MISSING_ELEMENT,
                "the answer lacks " + path + "/" + localName));
    }

    Optional<ResponseElement> optionalChild(String namespace, String localName) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && localName.equals(child.getLocalName())
                    && namespace.equals(child.getNamespaceURI())) {
                return Optional.of(new ResponseElement(exchange, child, path + "/" + localName));
            }
        }
        return Optional.empty();
    }

    List<ResponseElement> children(String namespace, String localName, int max) throws OnvifException {
        List<ResponseElement> children = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && localName.equals(child.getLocalName())
                    && namespace.equals(child.getNamespaceURI())) {
                if (children.size() == max) {
                    throw exchange.failure(Kind.TOO_LARGE, "the answer holds more than " + max + " " + path + "/" + localName);
                }
                children.add(new ResponseElement(exchange, child, path + "/" + localName + "[" + (children.size() + 1) + "]"));
            }
        }
        return children;
    }

    /// The element's text, trimmed; may be empty.
    String text() throws OnvifException {
        String text = element.getTextContent().strip();
        if (text.length() > MAX_TEXT_CHARS) {
            throw exchange.failure(Kind.INVALID_VALUE, path + " holds " + text.length() + " characters, more than "
                    + MAX_TEXT_CHARS);
        }
        return text;
    }

    /// A reference token: not empty, at most 64 characters.
    String token() throws OnvifException {
        String text = text();
        if (text.isEmpty()) {
            throw exchange.failure(Kind.MISSING_ELEMENT, path + " is empty");
        }
        if (text.length() > MAX_TOKEN_CHARS) {
            throw exchange.failure(Kind.INVALID_VALUE, path + " is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        return text;
    }

    String attribute(String name) throws OnvifException {
        if (!element.hasAttribute(name)) {
            throw exchange.failure(Kind.MISSING_ELEMENT, "the answer lacks the attribute " + name + " of " + path);
        }
        String value = element.getAttribute(name).strip();
        if (value.isEmpty() || value.length() > MAX_TOKEN_CHARS) {
            throw exchange.failure(Kind.INVALID_VALUE, "the attribute " + name + " of " + path + " is empty or too long");
        }
        return value;
    }

    /// The text, which must be one of `allowed` (a schema enumeration).
    String oneOf(List<String> allowed) throws OnvifException {
        String text = text();
        if (!allowed.contains(text)) {
            throw exchange.failure(Kind.INVALID_VALUE, path + " is \"" + shown(text) + "\", not one of " + allowed);
        }
        return text;
    }

    int integer() throws OnvifException {
        String text = text();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw exchange.failure(Kind.INVALID_VALUE, path + " is not a whole number: \"" + shown(text) + "\"", e);
        }
    }

    /// An xs:dateTime. ONVIF requires UTC with `Z`; a value without any zone is taken as UTC, since
    /// that is what a device that forgot the `Z` means.
    Instant dateTime() throws OnvifException {
        String text = text();
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime withOffset ? withOffset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw exchange.failure(Kind.INVALID_VALUE, path + " is not a date and time: \"" + shown(text) + "\"", e);
        }
    }

    /// An absolute URI with one of `schemes`.
    URI uri(String... schemes) throws OnvifException {
        String text = text();
        try {
            URI uri = new URI(text);
            for (String scheme : schemes) {
                if (scheme.equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                    return uri;
                }
            }
            // The address itself is left out of the message: a stream URI may carry a user and password.
            throw exchange.failure(Kind.INVALID_VALUE, path + " is not an absolute " + String.join(" or ", schemes)
                    + " address (scheme " + uri.getScheme() + ")");
        } catch (URISyntaxException e) {
            throw exchange.failure(Kind.INVALID_VALUE, path + " is not an address: " + e.getReason(), e);
        }
    }

    /// Device text inside our messages: short, one line, no control characters.
    static String shown(String text) {
        return shown(text, 80);
    }

    static String shown(String text, int maxChars) {
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ");
        return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, maxChars) + "…";
    }
}
