package mamori.fingerprint.r30x;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import mamori.fingerprint.r30x.R30xProtocolException.Kind;

/// An open serial port configured for the R30x protocol (8N1, no flow control) with short,
/// bounded reads and writes. Shared by the driver and the emulator, which sit on the two ends.
final class SerialLink implements R30xPacketDecoder.ByteSource, AutoCloseable {

    /// How long one read waits for its first byte; the decoder loops until its own deadline.
    private static final int READ_SLICE_MILLIS = 20;
    /// A write of at most 267 bytes at 9,600 baud or more takes well under this.
    private static final int WRITE_TIMEOUT_MILLIS = 1000;

    private final SerialPort port;
    private final String path;

    private SerialLink(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    /// Opens `path` by name: `SerialPort.getCommPort` rather than a lookup in `getCommPorts()`,
    /// which does not list ptys.
    static SerialLink open(String path, int baud) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) {
            throw new IOException("No serial port at " + path, e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_SLICE_MILLIS, WRITE_TIMEOUT_MILLIS);
        // Only openPort's result says whether opening worked: getLastErrorCode() can be non-zero
        // after a good open on jSerialComm 2.11.
        if (!port.openPort()) {
            throw new IOException("Cannot open serial port %s (error %d at native line %d)"
                    .formatted(path, port.getLastErrorCode(), port.getLastErrorLocation()));
        }
        return new SerialLink(port, path);
    }

    String path() {
        return path;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (!port.isOpen()) {
            return -1;
        }
        // After the peer dies, jSerialComm reports -1 here on every read until closePort().
        return port.readBytes(buffer, length, offset);
    }

    void write(byte[] bytes) throws R30xProtocolException {
        int written = port.isOpen() ? port.writeBytes(bytes, bytes.length) : -1;
        if (written != bytes.length) {
            throw new R30xProtocolException(Kind.DISCONNECTED,
                    "Could not write to the fingerprint module's serial port " + path);
        }
    }

    /// Drops bytes the port has received but nobody read yet.
    void discardInput() {
        if (port.isOpen()) {
            port.flushIOBuffers();
        }
    }

    @Override
    public void close() {
        port.closePort();
    }
}
