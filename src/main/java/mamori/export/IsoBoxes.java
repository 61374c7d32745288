package mamori.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/// A small, bounded ISO base media file format (ISO/IEC 14496-12) box reader and writer: only what
/// signing and checking an export needs. Every size read from a file is checked against its
/// container and hard limits; garbage gives a [MalformedBoxException], never a crash or a huge
/// allocation.
final class IsoBoxes {

    /// Most top-level boxes a file may have (a fragmented MP4 has two per fragment).
    static final int MAX_TOP_LEVEL_BOXES = 1_000_000;
    /// Most children one box read into memory may have, and how deep they may nest.
    static final int MAX_CHILDREN = 256;
    static final int MAX_DEPTH = 8;
    /// Largest box read into memory (the `moov` of a long export, the signature `meta`).
    static final int MAX_IN_MEMORY_BOX = 64 * 1024 * 1024;

    private IsoBoxes() {
    }

    /// A box thrown away as not well formed; the message says where.
    static final class MalformedBoxException extends Exception {
        MalformedBoxException(String message) {
            super(message);
        }
    }

    /// One box: its four-character type, where it starts, where its payload starts and where it ends
    /// (offsets in the file, or in the buffer it was read from).
    record Box(String type, long start, long payloadStart, long end) {

        long size() {
            return end - start;
        }
    }

    /// The top-level boxes of a file, read from their headers only (the payloads are skipped).
    static List<Box> topLevel(FileChannel file) throws IOException, MalformedBoxException {
        long size = file.size();
        List<Box> boxes = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(16);
        long position = 0;
        while (position < size) {
            if (boxes.size() >= MAX_TOP_LEVEL_BOXES) {
                throw new MalformedBoxException("more than " + MAX_TOP_LEVEL_BOXES + " top-level boxes");
            }
            header.clear();
            header.limit((int) Math.min(16, size - position));
            while (header.hasRemaining()) {
                if (file.read(header, position + header.position()) < 0) {
                    break;
                }
            }
            header.flip();
            Box box = header(header, position, size);
            boxes.add(box);
            position = box.end();
        }
        return boxes;
    }

    /// The box whose header starts at `buffer`'s position (file offset `start`) inside a container
    /// ending at `containerEnd`. A size of 0 ("to the end") is taken as running to `containerEnd`.
    static Box header(ByteBuffer buffer, long start, long containerEnd) throws MalformedBoxException {
        if (buffer.remaining() < 8) {
            throw new MalformedBoxException("a box header at offset " + start + " is cut off");
        }
        long size = Integer.toUnsignedLong(buffer.getInt());
        String type = fourCc(buffer.getInt());
        long headerSize = 8;
        if (size == 1) {
            if (buffer.remaining() < 8) {
                throw new MalformedBoxException("the large size of box '" + type + "' at offset " + start + " is cut off");
            }
            size = buffer.getLong();
            headerSize = 16;
        } else if (size == 0) {
            size = containerEnd - start;
        }
        if (size < headerSize || size > containerEnd - start) {
            throw new MalformedBoxException("box '" + type + "' at offset " + start + " has size " + size + ", outside its container");
        }
        return new Box(type, start, start + headerSize, start + size);
    }

    /// The children of the box payload `data[from, to)`.
    static List<Box> children(byte[] data, int from, int to) throws MalformedBoxException {
        List<Box> boxes = new ArrayList<>();
        int position = from;
        while (position < to) {
            if (boxes.size() >= MAX_CHILDREN) {
                throw new MalformedBoxException("more than " + MAX_CHILDREN + " boxes in one container");
            }
            Box box = header(ByteBuffer.wrap(data, position, to - position), position, to);
            boxes.add(box);
            position = (int) box.end();
        }
        return boxes;
    }

    /// The only child of type `type`; throws when there is none or more than one.
    static Box only(byte[] data, Box parent, int skip, String type) throws MalformedBoxException {
        Box found = null;
        for (Box child : children(data, (int) parent.payloadStart() + skip, (int) parent.end())) {
            if (child.type().equals(type)) {
                if (found != null) {
                    throw new MalformedBoxException("more than one '" + type + "' in '" + parent.type() + "'");
                }
                found = child;
            }
        }
        if (found == null) {
            throw new MalformedBoxException("no '" + type + "' in '" + parent.type() + "'");
        }
        return found;
    }

    static String fourCc(int value) {
        byte[] bytes = ByteBuffer.allocate(4).putInt(value).array();
        StringBuilder text = new StringBuilder(4);
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return text.toString();
    }

    /// Writes boxes into memory: `begin` a box, write its payload, `end` it (sizes are patched).
    static final class Writer {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final List<Integer> open = new ArrayList<>();

        Writer begin(String type) {
            if (type.length() != 4) {
                throw new IllegalArgumentException("a box type has four characters: " + type);
            }
            open.add(out.size());
            u32(0);
            out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Writer beginFull(String type, int version, int flags) {
            begin(type);
            return u32(((version & 0xff) << 24) | (flags & 0xffffff));
        }

        Writer end() {
            int start = open.removeLast();
            byte[] bytes = out.toByteArray();
            int size = bytes.length - start;
            out.reset();
            ByteBuffer.wrap(bytes, start, 4).putInt(size);
            out.writeBytes(bytes);
            return this;
        }

        Writer u16(int value) {
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Writer u32(long value) {
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) value).array());
            return this;
        }

        Writer u64(long value) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
            return this;
        }

        Writer fourCc(String value) {
            out.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /// A null-terminated UTF-8 string (the ONVIF boxes' `string`); a NUL inside is refused.
        Writer string(String value) {
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a box string cannot hold NUL");
            }
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return this;
        }

        Writer bytes(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        int position() {
            return out.size();
        }

        byte[] toByteArray() {
            if (!open.isEmpty()) {
                throw new IllegalStateException("boxes left open");
            }
            return out.toByteArray();
        }
    }
}
