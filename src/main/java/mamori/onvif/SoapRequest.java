package mamori.onvif;

import static mamori.onvif.OnvifNamespaces.BASE64_BINARY;
import static mamori.onvif.OnvifNamespaces.PASSWORD_DIGEST;
import static mamori.onvif.OnvifNamespaces.SOAP_ENVELOPE;
import static mamori.onvif.OnvifNamespaces.WSSE;
import static mamori.onvif.OnvifNamespaces.WSU;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/// One SOAP 1.2 request built as a DOM tree: the envelope, an optional WS-Security header and the
/// operation element in the body. Values only ever enter as text nodes, so the serializer escapes
/// them; nothing is concatenated into markup.
final class SoapRequest {

    private final Document document;
    private final Element envelope;
    private final Element body;
    private final Element operation;

    private SoapRequest(String namespace, String operationName) {
        document = HardenedXml.newDocument();
        envelope = document.createElementNS(SOAP_ENVELOPE, "env:Envelope");
        declare(envelope, "env", SOAP_ENVELOPE);
        declare(envelope, OnvifNamespaces.conventionalPrefix(namespace), namespace);
        declare(envelope, "tt", OnvifNamespaces.SCHEMA);
        document.appendChild(envelope);
        body = document.createElementNS(SOAP_ENVELOPE, "env:Body");
        envelope.appendChild(body);
        operation = document.createElementNS(namespace, OnvifNamespaces.conventionalPrefix(namespace) + ":" + operationName);
        body.appendChild(operation);
    }

    /// A request for `operationName` of the service `namespace` (one of the ONVIF service namespaces).
    static SoapRequest of(String namespace, String operationName) {
        Objects.requireNonNull(OnvifNamespaces.conventionalPrefix(namespace), "not an ONVIF service namespace: " + namespace);
        return new SoapRequest(namespace, operationName);
    }

    Element operation() {
        return operation;
    }

    String operationName() {
        return operation.getLocalName();
    }

    String namespace() {
        return operation.getNamespaceURI();
    }

    /// The SOAP action ONVIF's WSDLs give every operation: the service namespace, a slash, the name.
    String action() {
        return namespace() + "/" + operationName();
    }

    Element add(Element parent, String namespace, String localName) {
        String prefix = OnvifNamespaces.conventionalPrefix(namespace);
        Element child = document.createElementNS(namespace, prefix == null ? localName : prefix + ":" + localName);
        parent.appendChild(child);
        return child;
    }

    Element add(Element parent, String namespace, String localName, String text) {
        Element child = add(parent, namespace, localName);
        child.appendChild(document.createTextNode(text));
        return child;
    }

    /// Adds the WS-Security header: a user name token whose `Created` is `deviceTime`, the time on
    /// the device's clock, since the device compares it with its own.
    void signWith(Credentials credentials, Instant deviceTime, byte[] nonce) {
        String created = UsernameToken.created(deviceTime);
        Element header = document.createElementNS(SOAP_ENVELOPE, "env:Header");
        envelope.insertBefore(header, body);
        Element security = document.createElementNS(WSSE, "wsse:Security");
        declare(security, "wsse", WSSE);
        declare(security, "wsu", WSU);
        security.setAttributeNS(SOAP_ENVELOPE, "env:mustUnderstand", "true");
        header.appendChild(security);
        Element token = child(security, WSSE, "wsse:UsernameToken", null);
        child(token, WSSE, "wsse:Username", credentials.username());
        child(token, WSSE, "wsse:Password", UsernameToken.passwordDigest(nonce, created, credentials.password()))
                .setAttribute("Type", PASSWORD_DIGEST);
        child(token, WSSE, "wsse:Nonce", Base64.getEncoder().encodeToString(nonce)).setAttribute("EncodingType", BASE64_BINARY);
        child(token, WSU, "wsu:Created", created);
    }

    byte[] toBytes() {
        return HardenedXml.write(document);
    }

    private Element child(Element parent, String namespace, String qualifiedName, String text) {
        Element child = document.createElementNS(namespace, qualifiedName);
        if (text != null) {
            child.appendChild(document.createTextNode(text));
        }
        parent.appendChild(child);
        return child;
    }

    private static void declare(Element element, String prefix, String namespace) {
        element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, namespace);
    }
}
