package mamori.onvif;

import static mamori.onvif.OnvifNamespaces.SOAP_11_ENVELOPE;
import static mamori.onvif.OnvifNamespaces.SOAP_ENVELOPE;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.xml.namespace.QName;
import mamori.onvif.OnvifException.Kind;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/// Posts a [SoapRequest] and turns whatever comes back into the operation's response element or an
/// [OnvifException]: HTTP status, SOAP faults, non-XML, malformed XML, a foreign envelope, the
/// wrong response element, too large an answer, no answer in time.
final class SoapTransport {

    /// ONVIF answers are kilobytes; a recording search page with 100 recordings is well under 1 MiB.
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final HttpClient http;
    private final Timeouts timeouts;

    SoapTransport(HttpClient http, Timeouts timeouts) {
        this.http = http;
        this.timeouts = timeouts;
    }

    /// Sends `request` and returns the body's `<operation>Response` element. `deviceWait` is how long
    /// the operation itself lets the device hold the answer (WaitTime), added to the response timeout.
    ResponseElement call(Exchange exchange, SoapRequest request, Duration deviceWait) throws OnvifException {
        Duration responseTimeout = timeouts.response().plus(deviceWait);
        HttpRequest post = HttpRequest.newBuilder(exchange.address())
                .timeout(responseTimeout)
                .header("Content-Type", "application/soap+xml; charset=utf-8; action=\"" + request.action() + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toBytes()))
                .build();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(post,
                HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), MAX_RESPONSE_BYTES));
        HttpResponse<byte[]> response;
        // HttpRequest.timeout ends with the response headers; a device that stalls in the middle of
        // the body is caught by this bound on the whole exchange.
        Duration wholeExchange = timeouts.connect().plus(responseTimeout);
        try {
            response = pending.get(wholeExchange.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw exchange.failure(Kind.TIMEOUT, "no complete answer within " + seconds(wholeExchange), e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw exchange.failure(Kind.INTERRUPTED, "interrupted while waiting for the answer", e);
        } catch (ExecutionException e) {
            throw sendFailure(exchange, e.getCause(), responseTimeout);
        }
        boolean digestChallenge = response.headers().allValues("WWW-Authenticate").stream()
                .anyMatch(challenge -> challenge.regionMatches(true, 0, "Digest", 0, 6));
        return interpret(exchange, request, response.statusCode(), digestChallenge, response.body());
    }

    private OnvifException sendFailure(Exchange exchange, Throwable cause, Duration responseTimeout) {
        return switch (cause) {
            case HttpConnectTimeoutException timeout ->
                    exchange.failure(Kind.TIMEOUT, "no connection within " + seconds(timeouts.connect()), timeout);
            case HttpTimeoutException timeout ->
                    exchange.failure(Kind.TIMEOUT, "no answer within " + seconds(responseTimeout), timeout);
            case ConnectException refused ->
                    exchange.failure(Kind.UNREACHABLE, "could not connect (" + refused.getMessage() + ")", refused);
            // BodyHandlers.limiting fails the body with this message once the capacity is passed.
            case IOException io when String.valueOf(io.getMessage()).contains("exceeds capacity") ->
                    exchange.failure(Kind.TOO_LARGE, "the answer is larger than " + MAX_RESPONSE_BYTES + " bytes", io);
            case IOException io -> exchange.failure(Kind.UNREACHABLE, "the connection failed (" + io + ")", io);
            default -> exchange.failure(Kind.UNREACHABLE, "the request failed (" + cause + ")", cause);
        };
    }

    private static ResponseElement interpret(Exchange exchange, SoapRequest request, int status, boolean digestChallenge, byte[] body)
            throws OnvifException {
        if (status == 401) {
            // Devices that also speak HTTP digest may answer a refused token with 401; devices that
            // speak only HTTP digest (no WS-UsernameToken) answer every request so.
            throw exchange.failure(Kind.WRONG_CREDENTIALS, "wrong user name or password (HTTP 401"
                    + (digestChallenge ? "; the device asks for HTTP digest authentication, which this client does not send" : "")
                    + ")");
        }
        if (!looksLikeXml(body) || looksLikeHtml(body)) {
            if (status != 200) {
                throw exchange.failure(Kind.HTTP_STATUS, "the device answered HTTP " + status);
            }
            throw exchange.failure(Kind.NOT_XML, body.length == 0 ? "the answer is empty"
                    : "the answer is not XML (it starts with \"" + ResponseElement.shown(start(body).strip()) + "\")");
        }
        Document document;
        try {
            document = HardenedXml.parse(body);
        } catch (SAXException e) {
            String where = e instanceof SAXParseException at ? " at line " + at.getLineNumber() + ", column " + at.getColumnNumber() : "";
            throw exchange.failure(Kind.MALFORMED_XML, "the answer is not well-formed XML" + where + ": "
                    + ResponseElement.shown(String.valueOf(e.getMessage()), 300), e);
        }
        Element root = document.getDocumentElement();
        if (!SOAP_ENVELOPE.equals(root.getNamespaceURI()) || !"Envelope".equals(root.getLocalName())) {
            if (status != 200) {
                throw exchange.failure(Kind.HTTP_STATUS, "the device answered HTTP " + status + " without a SOAP envelope");
            }
            String what = SOAP_11_ENVELOPE.equals(root.getNamespaceURI()) ? "a SOAP 1.1 envelope; ONVIF uses SOAP 1.2"
                    : "<" + root.getTagName() + ">";
            throw exchange.failure(Kind.UNEXPECTED_RESPONSE, "the answer is not a SOAP 1.2 envelope but " + what);
        }
        ResponseElement envelope = new ResponseElement(exchange, root, "Envelope");
        ResponseElement soapBody = envelope.child(SOAP_ENVELOPE, "Body");
        Element content = firstElement(soapBody.element());
        if (content != null && SOAP_ENVELOPE.equals(content.getNamespaceURI()) && "Fault".equals(content.getLocalName())) {
            SoapFault fault = readFault(new ResponseElement(exchange, content, "Envelope/Body/Fault"));
            if (fault.isNotAuthorized()) {
                throw exchange.fault(Kind.WRONG_CREDENTIALS, "wrong user name or password (the device answered "
                        + fault.describe() + ")", fault);
            }
            throw exchange.fault(Kind.DEVICE_FAULT, "the device answered the fault " + fault.describe(), fault);
        }
        if (status != 200) {
            throw exchange.failure(Kind.HTTP_STATUS, "the device answered HTTP " + status + " without a SOAP fault");
        }
        String expected = request.operationName() + "Response";
        if (content == null || !expected.equals(content.getLocalName()) || !request.namespace().equals(content.getNamespaceURI())) {
            String found = content == null ? "an empty body" : "{" + content.getNamespaceURI() + "}" + content.getLocalName();
            throw exchange.failure(Kind.UNEXPECTED_RESPONSE, "expected " + OnvifNamespaces.display(new QName(request.namespace(),
                    expected)) + " in the body, found " + found);
        }
        return new ResponseElement(exchange, content, expected);
    }

    private static SoapFault readFault(ResponseElement fault) throws OnvifException {
        ResponseElement code = fault.child(SOAP_ENVELOPE, "Code");
        QName value = faultCode(code.child(SOAP_ENVELOPE, "Value"));
        List<QName> subcodes = new ArrayList<>();
        var subcode = code.optionalChild(SOAP_ENVELOPE, "Subcode");
        // SOAP 1.2 nests subcodes without limit; eight levels is far more than any device sends.
        while (subcode.isPresent() && subcodes.size() < 8) {
            subcodes.add(faultCode(subcode.get().child(SOAP_ENVELOPE, "Value")));
            subcode = subcode.get().optionalChild(SOAP_ENVELOPE, "Subcode");
        }
        String reason = "";
        var reasons = fault.optionalChild(SOAP_ENVELOPE, "Reason");
        if (reasons.isPresent()) {
            List<ResponseElement> texts = reasons.get().children(SOAP_ENVELOPE, "Text", 16);
            for (ResponseElement text : texts) {
                String lang = text.element().getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang");
                if (reason.isEmpty() || lang.startsWith("en")) {
                    reason = ResponseElement.shown(text.text());
                }
            }
        }
        return new SoapFault(value, subcodes, reason);
    }

    /// A fault code is a QName in text. Some devices use the `ter` prefix without declaring it (an
    /// issue reported against the ONVIF specs), so the conventional prefixes are known without one.
    private static QName faultCode(ResponseElement value) throws OnvifException {
        String text = value.text();
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? null : text.substring(0, colon);
        String local = colon < 0 ? text : text.substring(colon + 1);
        String namespace = value.element().lookupNamespaceURI(prefix);
        if (namespace == null && prefix != null) {
            namespace = OnvifNamespaces.namespaceOfConventionalPrefix(prefix);
        }
        return namespace == null ? new QName(text) : new QName(namespace, local);
    }

    private static Element firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        return null;
    }

    private static boolean looksLikeXml(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i < body.length && body[i] == '<';
    }

    /// An HTML error page (a web server in front of the device, a captive portal) is not XML either.
    private static boolean looksLikeHtml(byte[] body) {
        String start = start(body).strip().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static String start(byte[] body) {
        return new String(body, 0, Math.min(body.length, 40), StandardCharsets.UTF_8);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
