package mamori.replay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/// The video track of a DESCRIBE reply's SDP (RFC 4566): payload type, codec, clock rate, the
/// track's control URI and H.264's `sprop-parameter-sets` (RFC 6184 section 8.1). Bounded: at
/// most 200 lines and 16 media sections are looked at.
record SessionDescription(int payloadType, String codec, int clockRate, URI control, List<byte[]> parameterSets) {

    private static final int MAX_LINES = 200;

    /// The first video section, resolving its control against `base` (Content-Base, else the
    /// request URI, RFC 2326 appendix C.1.1).
    static SessionDescription video(byte[] sdp, URI base) throws ReplayException {
        String[] lines = new String(sdp, StandardCharsets.UTF_8).split("\r?\n", MAX_LINES + 1);
        String sessionControl = null;
        boolean inVideo = false;
        boolean seenVideo = false;
        int payloadType = -1;
        String codec = null;
        int clockRate = 0;
        String control = null;
        List<byte[]> parameterSets = new ArrayList<>();
        for (int i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
            String line = lines[i].trim();
            if (line.startsWith("m=")) {
                if (seenVideo) {
                    break;
                }
                inVideo = line.startsWith("m=video ");
                if (inVideo) {
                    seenVideo = true;
                    String[] fields = line.split(" ");
                    if (fields.length < 4 || !fields[3].matches("\\d{1,3}")) {
                        throw malformed(base, line);
                    }
                    payloadType = Integer.parseInt(fields[3]);
                }
            } else if (line.startsWith("a=control:")) {
                if (inVideo) {
                    control = line.substring("a=control:".length()).trim();
                } else if (!seenVideo) {
                    sessionControl = line.substring("a=control:".length()).trim();
                }
            } else if (inVideo && line.startsWith("a=rtpmap:" + payloadType + " ")) {
                String[] encoding = line.substring(line.indexOf(' ') + 1).trim().split("/");
                codec = encoding[0].toUpperCase(Locale.ROOT);
                if (encoding.length < 2 || !encoding[1].matches("\\d{1,7}")) {
                    throw malformed(base, line);
                }
                clockRate = Integer.parseInt(encoding[1]);
            } else if (inVideo && line.startsWith("a=fmtp:" + payloadType + " ")) {
                for (String parameter : line.substring(line.indexOf(' ') + 1).split(";")) {
                    String[] pair = parameter.trim().split("=", 2);
                    if (pair.length == 2 && pair[0].equalsIgnoreCase("sprop-parameter-sets")) {
                        for (String set : pair[1].split(",")) {
                            try {
                                if (!set.isBlank() && parameterSets.size() < 8) {
                                    parameterSets.add(Base64.getDecoder().decode(set.trim()));
                                }
                            } catch (IllegalArgumentException e) {
                                throw malformed(base, "sprop-parameter-sets");
                            }
                        }
                    }
                }
            }
        }
        if (!seenVideo) {
            throw new ReplayException(ReplayException.Kind.UNSUPPORTED, base + ": the recording has no video track");
        }
        if (codec == null || clockRate <= 0) {
            throw malformed(base, "no a=rtpmap for payload type " + payloadType);
        }
        return new SessionDescription(payloadType, codec, clockRate, resolve(base, sessionControl, control), List.copyOf(parameterSets));
    }

    private static URI resolve(URI base, String sessionControl, String control) throws ReplayException {
        try {
            URI root = sessionControl != null && !sessionControl.equals("*") && sessionControl.startsWith("rtsp://")
                    ? URI.create(sessionControl) : base;
            if (control == null || control.equals("*")) {
                return root;
            }
            if (control.regionMatches(true, 0, "rtsp://", 0, 7)) {
                return URI.create(control);
            }
            String text = root.toString();
            return URI.create(text + (text.endsWith("/") ? "" : "/") + control);
        } catch (IllegalArgumentException e) {
            throw malformed(base, "a=control:" + control);
        }
    }

    Optional<byte[]> annexBParameterSets() {
        if (parameterSets.isEmpty()) {
            return Optional.empty();
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] set : parameterSets) {
            all.writeBytes(H264Depacketiser.START_CODE);
            all.writeBytes(set);
        }
        return Optional.of(all.toByteArray());
    }

    private static ReplayException malformed(URI base, String what) {
        String printable = what.replaceAll("[^\\x20-\\x7E]", "?");
        return new ReplayException(ReplayException.Kind.PROTOCOL, base + ": the session description cannot be read ("
                + (printable.length() > 60 ? printable.substring(0, 60) + "..." : printable) + ")");
    }
}
