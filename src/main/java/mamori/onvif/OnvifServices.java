package mamori.onvif;

import java.net.URI;
import java.util.Optional;

/// Where a device's services answer (GetServices' XAddrs), already pointed at the host and port the
/// device was reached on. A service the device does not offer is empty: no search and replay means
/// the device has no ONVIF Profile G recordings.
public record OnvifServices(URI device, Optional<URI> media, Optional<URI> search, Optional<URI> replay) {
}
