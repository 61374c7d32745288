package mamori.onvif;

import javax.xml.namespace.QName;

/// The XML namespaces of the messages this package sends and reads.
final class OnvifNamespaces {

    static final String SOAP_ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";
    static final String SOAP_11_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
    static final String MEDIA = "http://www.onvif.org/ver10/media/wsdl";
    static final String SEARCH = "http://www.onvif.org/ver10/search/wsdl";
    static final String REPLAY = "http://www.onvif.org/ver10/replay/wsdl";
    static final String SCHEMA = "http://www.onvif.org/ver10/schema";
    static final String ERROR = "http://www.onvif.org/ver10/error";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String PASSWORD_DIGEST =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    static final String BASE64_BINARY =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    static final QName NOT_AUTHORIZED = new QName(ERROR, "NotAuthorized");

    private OnvifNamespaces() {
    }

    /// The prefix people know a namespace by, for messages ("ter:NotAuthorized"), or null.
    static String conventionalPrefix(String namespace) {
        return switch (namespace) {
            case SOAP_ENVELOPE -> "env";
            case ERROR -> "ter";
            case DEVICE -> "tds";
            case MEDIA -> "trt";
            case SEARCH -> "tse";
            case REPLAY -> "trp";
            case SCHEMA -> "tt";
            default -> null;
        };
    }

    /// The namespace of a conventional prefix, for fault codes whose prefix the device did not declare.
    static String namespaceOfConventionalPrefix(String prefix) {
        return switch (prefix) {
            case "env", "s", "soap", "SOAP-ENV" -> SOAP_ENVELOPE;
            case "ter" -> ERROR;
            default -> null;
        };
    }

    static String display(QName name) {
        String prefix = conventionalPrefix(name.getNamespaceURI());
        if (prefix != null) {
            return prefix + ":" + name.getLocalPart();
        }
        return name.getNamespaceURI().isEmpty() ? name.getLocalPart() : name.toString();
    }
}
