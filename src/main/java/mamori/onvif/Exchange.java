package mamori.onvif;

import java.net.URI;

/// One request to one address: the context every failure message names.
record Exchange(String operation, URI address) {

    /// The address for messages: user information and query left out, since a device address typed
    /// as `http://user:password@host/` must not put the password into an exception.
    String displayAddress() {
        StringBuilder shown = new StringBuilder();
        if (address.getScheme() != null) {
            shown.append(address.getScheme()).append("://");
        }
        shown.append(address.getHost() == null ? "?" : address.getHost());
        if (address.getPort() >= 0) {
            shown.append(':').append(address.getPort());
        }
        if (address.getRawPath() != null) {
            shown.append(address.getRawPath());
        }
        return shown.toString();
    }

    OnvifException failure(OnvifException.Kind kind, String detail) {
        return new OnvifException(kind, operation, displayAddress(), detail, null, null);
    }

    OnvifException failure(OnvifException.Kind kind, String detail, Throwable cause) {
        return new OnvifException(kind, operation, displayAddress(), detail, null, cause);
    }

    OnvifException fault(OnvifException.Kind kind, String detail, SoapFault fault) {
        return new OnvifException(kind, operation, displayAddress(), detail, fault, null);
    }
}
