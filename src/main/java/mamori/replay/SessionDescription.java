package mamori.replay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/// The video track of a DESCRIBE reply's SDP (RFC 4566): payload type, codec, clock rate, the
/// track's control URI and the parameter sets (H.264's `sprop-parameter-sets`, RFC 6184 section
/// 8.1; H.265's `sprop-vps`, `sprop-sps`, `sprop-pps`, RFC 7798 section 7.1). Bounded: at
/// most 200 lines and 16 media sections are looked at.
record SessionDescription(int payloadType, String codec, int clockRate, URI control, List<byte[]> parameterSets) {

    private static final int MAX_LINES = 200;
    /// H.264's (RFC 6184 8.1), then H.265's in the order a decoder needs them (RFC 7798 7.1).
    private static final List<String> PARAMETER_SETS = List.of("sprop-parameter-sets", "sprop-vps", "sprop-sps", "sprop-pps");

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
        java.util.Map<String, List<byte[]>> sets = new java.util.HashMap<>();
        boolean decodingOrderNumbers = false;
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
                    if (pair.length != 2) {
                        continue;
                    }
                    String name = pair[0].trim().toLowerCase(Locale.ROOT);
                    if (name.equals("sprop-max-don-diff") && !pair[1].trim().equals("0")) {
                        decodingOrderNumbers = true;
                    }
                    if (PARAMETER_SETS.contains(name)) {
                        for (String set : pair[1].split(",")) {
                            try {
                                List<byte[]> named = sets.computeIfAbsent(name, unused -> new ArrayList<>());
                                if (!set.isBlank() && named.size() < 8) {
                                    named.add(Base64.getDecoder().decode(set.trim()));
                                }
                            } catch (IllegalArgumentException e) {
                                throw malformed(base, name);
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
        if (decodingOrderNumbers) {
            throw new ReplayException(ReplayException.Kind.UNSUPPORTED, base + ": the recorder sends H.265 with decoding order numbers (sprop-max-don-diff)");
        }
        List<byte[]> parameterSets = new ArrayList<>();
        for (String name : PARAMETER_SETS) {
            parameterSets.addAll(sets.getOrDefault(name, List.of()));
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
            all.writeBytes(NalDepacketiser.START_CODE);
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
