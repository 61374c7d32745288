package mamori.onvif;

import java.util.Objects;
import java.util.Optional;

/// An ONVIF operation failed. The message names the operation, the device address (without any
/// user information) and what was wrong; `kind` lets a screen choose what to tell the person.
/// Passwords never appear in it.
public final class OnvifException extends Exception {

    /// What went wrong, from the caller's point of view.
    public enum Kind {
        /// The device refused the user name or password (SOAP fault ter:NotAuthorized, or HTTP 401).
        WRONG_CREDENTIALS,
        /// Any other SOAP fault; `fault()` says which.
        DEVICE_FAULT,
        /// No connection, or no complete answer, within the configured time.
        TIMEOUT,
        /// The device could not be reached (connection refused or reset, unknown host).
        UNREACHABLE,
        /// An HTTP status other than 200 that carried no SOAP fault.
        HTTP_STATUS,
        /// The answer is not XML at all.
        NOT_XML,
        /// The answer looks like XML but is not well-formed, or carries a document type declaration.
        MALFORMED_XML,
        /// Well-formed XML, but not the SOAP 1.2 answer to the operation.
        UNEXPECTED_RESPONSE,
        /// The answer lacks an element or attribute the schema requires.
        MISSING_ELEMENT,
        /// An element holds a value that cannot be read (a time, a number, an address, an enumeration).
        INVALID_VALUE,
        /// The answer is larger, or holds more items, than this client accepts.
        TOO_LARGE,
        /// The device does not offer the service the operation needs.
        SERVICE_NOT_OFFERED,
        /// The calling thread was interrupted; its interrupt flag is set again.
        INTERRUPTED
    }

    private final Kind kind;
    private final String operation;
    private final String deviceAddress;
    private final SoapFault fault;

    OnvifException(Kind kind, String operation, String deviceAddress, String detail, SoapFault fault, Throwable cause) {
        super(operation + " at " + deviceAddress + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.operation = operation;
        this.deviceAddress = deviceAddress;
        this.fault = fault;
    }

    public Kind kind() {
        return kind;
    }

    /// The ONVIF operation, e.g. `FindRecordings`.
    public String operation() {
        return operation;
    }

    /// The address the request went to, without user information or query.
    public String deviceAddress() {
        return deviceAddress;
    }

    /// The SOAP fault the device answered, if it answered one.
    public Optional<SoapFault> fault() {
        return Optional.ofNullable(fault);
    }
}
