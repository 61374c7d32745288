package mamori.fingerprint.gt521;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import mamori.fingerprint.gt521.Gt521ProtocolException.Kind;

/// An open serial port carrying GT-521 packets (8N1, no flow control): bounded writes, and reads
/// that wait in short slices until a caller's deadline, skipping bytes until `55 AA` so a packet
/// is found again after line noise. Shared by the driver and the emulator, one on each end.
final class Gt521Line implements AutoCloseable {

    private static final int READ_SLICE_MILLIS = 20;
    private static final int WRITE_TIMEOUT_MILLIS = 1000;
    /// Bytes skipped looking for a start code before the line is called garbled.
    private static final int MAX_SKIPPED = 256;

    private final SerialPort port;
    private final String path;
    private final byte[] one = new byte[1];

    private Gt521Line(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    /// Opens `path` by name (`getCommPorts()` does not list ptys).
    static Gt521Line open(String path, int baud) throws IOException {
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
        if (!port.openPort()) {
            throw new IOException("Cannot open serial port %s (error %d)".formatted(path, port.getLastErrorCode()));
        }
        return new Gt521Line(port, path);
    }

    String path() {
        return path;
    }

    void write(byte[] bytes) throws Gt521ProtocolException {
        int written = port.isOpen() ? port.writeBytes(bytes, bytes.length) : -1;
        if (written != bytes.length) {
            throw new Gt521ProtocolException(Kind.DISCONNECTED, "Could not write to the fingerprint module's serial port " + path);
        }
    }

    /// Reads the next packet, waiting until `deadlineNanos` (a `System.nanoTime()` value).
    Gt521Packet read(long deadlineNanos) throws Gt521ProtocolException {
        int skipped = 0;
        int previous = -1;
        while (true) {
            int current = nextByte(deadlineNanos);
            if (previous == Gt521Packet.START_1 && current == Gt521Packet.START_2) {
                break;
            }
            if (previous >= 0 && ++skipped > MAX_SKIPPED) {
                throw new Gt521ProtocolException(Kind.NOT_A_RESPONSE, "no GT-521 packet in %d bytes from %s".formatted(skipped, path));
            }
            previous = current;
        }
        byte[] packet = new byte[Gt521Packet.SIZE];
        packet[0] = (byte) Gt521Packet.START_1;
        packet[1] = (byte) Gt521Packet.START_2;
        for (int i = 2; i < packet.length; i++) {
            packet[i] = (byte) nextByte(deadlineNanos);
        }
        return Gt521Packet.decode(packet);
    }

    private int nextByte(long deadlineNanos) throws Gt521ProtocolException {
        while (true) {
            int read = port.isOpen() ? port.readBytes(one, 1) : -1;
            if (read == 1) {
                return one[0] & 0xFF;
            }
            if (read < 0) {
                throw new Gt521ProtocolException(Kind.DISCONNECTED, "The fingerprint module's serial port " + path + " went away");
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                throw new Gt521ProtocolException(Kind.TIMEOUT, "No answer from the fingerprint module on " + path);
            }
        }
    }

    /// Drops bytes received but not read yet (a late answer to an earlier command).
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
