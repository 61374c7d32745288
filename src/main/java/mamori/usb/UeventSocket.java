package mamori.usb;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/// The kernel's uevent broadcast: a `NETLINK_KOBJECT_UEVENT` socket bound to the kernel's multicast
/// group, opened with the FFM API (no JNA). Linux only. One thread receives; [#close] waits for a
/// receive under way (they share a lock, and a receive waits at most half a second), so the file
/// descriptor is never closed under a reader nor reused by another socket while one still reads it.
final class UeventSocket implements AutoCloseable {

    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_KOBJECT_UEVENT = 15;
    /// Group 1 carries the kernel's own messages; group 2 udev's re-broadcasts, which we do not trust.
    static final int KERNEL_GROUP = 1;
    private static final int POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int ENOBUFS = 105;
    private static final long MAX_WAIT_MILLIS = 500;

    /// struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }
    private static final MemoryLayout SOCKADDR_NL = MemoryLayout.structLayout(ValueLayout.JAVA_SHORT.withName("family"),
            ValueLayout.JAVA_SHORT.withName("pad"), ValueLayout.JAVA_INT.withName("pid"), ValueLayout.JAVA_INT.withName("groups"));
    /// struct pollfd { int fd; short events; short revents; }
    private static final MemoryLayout POLLFD = MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"), ValueLayout.JAVA_SHORT.withName("revents"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final class Native {
        static final MethodHandle SOCKET = function("socket",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final MethodHandle BIND = function("bind",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle POLL = function("poll",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        static final MethodHandle RECVFROM = function("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS));
        static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        private static MethodHandle function(String name, FunctionDescriptor descriptor) {
            SymbolLookup libc = LINKER.defaultLookup();
            MemorySegment symbol = libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
            return LINKER.downcallHandle(symbol, descriptor, ERRNO);
        }
    }

    /// What one [#receive] got.
    sealed interface Received {
        /// A datagram from the kernel (sender port id 0).
        record Message(byte[] data) implements Received {
        }

        /// Nothing arrived in the time given.
        record Nothing() implements Received {
        }

        /// The socket's buffer overflowed and messages were lost: the caller must look again at what is there.
        record Lost() implements Received {
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment buffer = arena.allocate(Uevent.MAX_BYTES);
    private final MemorySegment sender = arena.allocate(SOCKADDR_NL);
    private final MemorySegment senderLength = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment pollFd = arena.allocate(POLLFD);
    private int fd;

    private UeventSocket(int fd) {
        this.fd = fd;
    }

    /// Opens and binds the socket; throws, saying why, where the system does not allow it.
    static UeventSocket open() throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = call.allocate(Linker.Option.captureStateLayout());
            int fd = (int) Native.SOCKET.invokeExact(errno, AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
            if (fd < 0) {
                throw new IOException("The kernel's uevent socket cannot be opened (errno " + errno(errno) + ")");
            }
            MemorySegment address = call.allocate(SOCKADDR_NL);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
            address.set(ValueLayout.JAVA_INT, 4, 0);
            address.set(ValueLayout.JAVA_INT, 8, KERNEL_GROUP);
            int bound = (int) Native.BIND.invokeExact(errno, fd, address, (int) SOCKADDR_NL.byteSize());
            if (bound != 0) {
                int error = errno(errno);
                int ignored = (int) Native.CLOSE.invokeExact(errno, fd);
                throw new IOException("The kernel's uevent socket cannot be bound to its group (errno " + error + ")");
            }
            return new UeventSocket(fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("The kernel's uevent socket cannot be opened: " + e, e);
        }
    }

    /// Waits up to `timeout` (at most half a second) for one message.
    synchronized Received receive(Duration timeout) throws IOException {
        if (fd < 0) {
            throw new IOException("The uevent socket is closed");
        }
        try {
            pollFd.set(ValueLayout.JAVA_INT, 0, fd);
            pollFd.set(ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
            pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int wait = (int) Math.min(MAX_WAIT_MILLIS, Math.max(0, timeout.toMillis()));
            int ready = (int) Native.POLL.invokeExact(state, pollFd, 1L, wait);
            if (ready < 0) {
                if (errno(state) == EINTR) {
                    return new Received.Nothing();
                }
                throw new IOException("Waiting on the uevent socket failed (errno " + errno(state) + ")");
            }
            if (ready == 0) {
                return new Received.Nothing();
            }
            senderLength.set(ValueLayout.JAVA_INT, 0, (int) SOCKADDR_NL.byteSize());
            long length = (long) Native.RECVFROM.invokeExact(state, fd, buffer, buffer.byteSize(), 0, sender, senderLength);
            if (length < 0) {
                int error = errno(state);
                if (error == ENOBUFS) {
                    return new Received.Lost();
                }
                if (error == EINTR) {
                    return new Received.Nothing();
                }
                throw new IOException("Reading the uevent socket failed (errno " + error + ")");
            }
            // Only the kernel (port id 0) speaks for devices; anything else on the group is ignored.
            if (sender.get(ValueLayout.JAVA_INT, 4) != 0) {
                return new Received.Nothing();
            }
            return new Received.Message(buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("Reading the uevent socket failed: " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (fd < 0) {
            return;
        }
        try {
            int ignored = (int) Native.CLOSE.invokeExact(state, fd);
        } catch (Throwable e) {
            // Nothing more can be done about a descriptor close() refuses; it is dropped either way.
        }
        fd = -1;
        arena.close();
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }
}
