package mamori.onvif;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/// The official ONVIF schemas of the device, media, search and replay services, compiled from the
/// `<wsdl:types>` of their WSDL files (src/test/resources/mamori/onvif/schemas, copied unchanged
/// with their licence notice) into one javax.xml.validation [Schema].
///
/// onvif.xsd imports four external schemas by URL (SOAP 1.2 envelope, xmlmime, WS-BaseNotification
/// b-2, XOP include). There is no network here, so the [LSResourceResolver] below maps those
/// namespaces to minimal local stand-ins in `schemas/external/` (written for these tests, lax where
/// the originals are detailed; none of the operations Mamori calls uses them), and every other
/// import to the copied files; anything else fails loudly instead of being fetched.
public final class OnvifSchemas {

    private static final String ROOT = "/mamori/onvif/schemas/";
    private static final List<String> SERVICE_WSDLS = List.of("ver10/device/wsdl/devicemgmt.wsdl",
            "ver10/media/wsdl/media.wsdl", "ver10/search.wsdl", "ver10/replay.wsdl");
    private static final Map<String, String> STAND_INS = Map.of(
            "http://www.w3.org/2003/05/soap-envelope", "external/soap-envelope.xsd",
            "http://www.w3.org/2005/05/xmlmime", "external/xmlmime.xsd",
            "http://docs.oasis-open.org/wsn/b-2", "external/b-2.xsd",
            "http://www.w3.org/2004/08/xop/include", "external/xop-include.xsd");

    private final Schema schema;

    private OnvifSchemas(Schema schema) {
        this.schema = schema;
    }

    public static OnvifSchemas load() {
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Nothing is fetched by the parser itself; the resolver hands over every schema document.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            // The ONVIF schemas put optional elements next to xs:any wildcards that could match the
            // same element: XSD 1.1 allows that (a declared element wins over a wildcard), XSD 1.0's
            // Unique Particle Attribution rule does not, and the JDK implements XSD 1.0. Xerces checks
            // UPA only in "full checking", so that is off; instance validation is unaffected.
            factory.setFeature("http://apache.org/xml/features/validation/schema-full-checking", false);
            factory.setResourceResolver(new LocalSchemas());
            List<String> problems = new ArrayList<>();
            factory.setErrorHandler(collecting(problems));
            List<Source> sources = new ArrayList<>();
            for (String wsdl : SERVICE_WSDLS) {
                sources.addAll(embeddedSchemas(resource(wsdl)));
            }
            Schema schema = factory.newSchema(sources.toArray(Source[]::new));
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the ONVIF schemas do not compile: " + problems);
            }
            return new OnvifSchemas(schema);
        } catch (SAXException e) {
            throw new IllegalStateException("the ONVIF schemas do not compile", e);
        }
    }

    /// Every schema problem of `element` (the operation element of a SOAP body, validated as a
    /// document root against the global element declarations); empty when it is valid.
    List<String> problems(Element element) {
        List<String> problems = new ArrayList<>();
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setErrorHandler(collecting(problems));
            // A DOMSource of an inner element: the validator takes the in-scope namespace declarations
            // from its ancestors, so QName values declared on the envelope still resolve.
            validator.validate(new DOMSource(element));
        } catch (SAXException | IOException e) {
            problems.add(String.valueOf(e.getMessage()));
        }
        return problems;
    }

    /// The `<xs:schema>` elements of a WSDL's types, each as a document of its own that carries the
    /// namespace declarations it inherited from `<wsdl:definitions>` (the device WSDL's schema uses
    /// the `xs` prefix declared only there).
    private static List<Source> embeddedSchemas(URL wsdl) {
        try (InputStream in = wsdl.openStream()) {
            Document document = HardenedXml.parse(in.readAllBytes());
            List<Source> sources = new ArrayList<>();
            var schemas = document.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "schema");
            for (int i = 0; i < schemas.getLength(); i++) {
                Element embedded = (Element) schemas.item(i);
                Document own = HardenedXml.newDocument();
                Element copy = (Element) own.importNode(embedded, true);
                own.appendChild(copy);
                for (Node ancestor = embedded.getParentNode(); ancestor instanceof Element parent; ancestor = parent.getParentNode()) {
                    NamedNodeMap attributes = parent.getAttributes();
                    for (int a = 0; a < attributes.getLength(); a++) {
                        Attr attribute = (Attr) attributes.item(a);
                        if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
                                && !copy.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attribute.getLocalName())) {
                            copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attribute.getName(), attribute.getValue());
                        }
                    }
                }
                sources.add(new DOMSource(own, wsdl.toExternalForm()));
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SAXException e) {
            throw new IllegalStateException("cannot read " + wsdl, e);
        }
    }

    private static URL resource(String path) {
        return Objects.requireNonNull(OnvifSchemas.class.getResource(ROOT + path), () -> "missing test resource " + ROOT + path);
    }

    private static ErrorHandler collecting(List<String> problems) {
        return new ErrorHandler() {
            @Override
            public void warning(SAXParseException exception) {
            }

            @Override
            public void error(SAXParseException exception) {
                problems.add(exception.getMessage());
            }

            @Override
            public void fatalError(SAXParseException exception) {
                problems.add(exception.getMessage());
            }
        };
    }

    /// Hands the schema loader local files only: stand-ins for the four external namespaces, and
    /// the copied ONVIF files for relative imports and includes.
    private static final class LocalSchemas implements LSResourceResolver {

        private final String root = resource("LICENSE.md").toExternalForm().replace("LICENSE.md", "");
        private final DOMImplementationLS ls = (DOMImplementationLS) HardenedXml.newBuilder().getDOMImplementation();

        @Override
        public LSInput resolveResource(String type, String namespace, String publicId, String systemId, String baseUri) {
            String location;
            if (namespace != null && STAND_INS.containsKey(namespace)) {
                location = resource(STAND_INS.get(namespace)).toExternalForm();
            } else if (systemId != null && baseUri != null) {
                try {
                    location = new URI(baseUri).resolve(systemId).toString();
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("schema location " + systemId + " from " + baseUri, e);
                }
            } else {
                throw new IllegalStateException("unexpected schema import " + namespace + " at " + systemId);
            }
            if (!location.startsWith(root)) {
                throw new IllegalStateException("schema import outside the local copies: " + location);
            }
            try {
                LSInput input = ls.createLSInput();
                input.setSystemId(location);
                input.setByteStream(URI.create(location).toURL().openStream());
                return input;
            } catch (IOException e) {
                throw new UncheckedIOException("schema " + location, e);
            }
        }
    }
}
