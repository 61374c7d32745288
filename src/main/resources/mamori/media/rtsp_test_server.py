#!/usr/bin/python3
"""RTSP server for Mamori's tests: serves every MP4 (H.264) in a directory.

    rtsp_test_server.py DIR [--port N] [--user U --password P [--auth digest|basic]]
                            [--onvif-start 2026-11-23T05:07:10Z]

Each DIR/name.mp4 is served at rtsp://127.0.0.1:PORT/name. Port 0 (the default) picks a free
port. Prints exactly one line "READY <port>" on stdout once listening; errors go to stderr.
Exits when stdin reaches end of file, so it never outlives the process that started it.

With --onvif-start the clips are served the ONVIF replay way (ONVIF Streaming Specification,
section 6): every clip is a recording that started at that UTC time, `Require: onvif-replay` is
accepted, `Range: clock=...` selects absolute times, and the first RTP packet of every frame
carries the 0xABAC header extension with the frame's NTP time and the C/E/D/T flags. Clips named
*-h265.mp4 hold H.265 and are served with h265parse and rtph265pay (ONVIF replay only).

Needs Debian's /usr/bin/python3 with python3-gi, python3-gst-1.0, gir1.2-gst-rtsp-server-1.0,
gstreamer1.0-plugins-good (qtdemux, rtph264pay) and gstreamer1.0-plugins-bad (h264parse).
"""

import argparse
import datetime
import os
import re
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstBase", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstBase, GstRtsp, GstRtspServer  # noqa: E402

# Before the element class below: its pad templates need an initialised GStreamer.
Gst.init(None)

ROLE = "viewer"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
NTP_EPOCH = datetime.datetime(1900, 1, 1, tzinfo=datetime.timezone.utc)


def plain_factory(path):
    # A PLAY with Range: npt= and no Seek-Style becomes a key-unit seek: qtdemux starts at the
    # key frame at or before the position and frames go out at 1x with their own timestamps, so
    # a client that decodes forward and drops the frames before its target reaches it exactly.
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        '( filesrc location="%s" ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )'
        % path.replace("\\", "\\\\").replace('"', '\\"'))
    return factory


class RecordingClock(GstBase.BaseTransform):
    """Moves a file's timeline (0 at its start) to nanoseconds since 1900, the timeline that
    gst-rtsp-server gives `Range: clock=` seeks and reports back in the PLAY reply. Only stream
    time moves: running time, and so pacing and RTP timestamps, stay as they were."""

    __gstmetadata__ = ("Recording clock", "Filter", "File time to NTP time", "Mamori tests")
    __gsttemplates__ = (
        Gst.PadTemplate.new("src", Gst.PadDirection.SRC, Gst.PadPresence.ALWAYS, Gst.Caps.new_any()),
        Gst.PadTemplate.new("sink", Gst.PadDirection.SINK, Gst.PadPresence.ALWAYS, Gst.Caps.new_any()))

    def __init__(self, start_ntp_ns):
        super().__init__()
        self.offset = start_ntp_ns
        # PyGObject cannot override do_query (Gst.Element has one too): answer on the pad.
        self.srcpad.set_query_function_full(self.src_query)

    def shifted(self, time):
        # Unset times come as CLOCK_TIME_NONE (unsigned) or -1 (signed fields).
        return time if time < 0 or time == Gst.CLOCK_TIME_NONE else time + self.offset

    def src_query(self, pad, parent, query):
        if not Gst.Pad.query_default(pad, parent, query):
            return False
        if query.type == Gst.QueryType.DURATION:
            fmt, duration = query.parse_duration()
            if fmt == Gst.Format.TIME and duration >= 0:
                query.set_duration(fmt, duration + self.offset)
        elif query.type == Gst.QueryType.POSITION:
            fmt, position = query.parse_position()
            if fmt == Gst.Format.TIME and position >= 0:
                query.set_position(fmt, position + self.offset)
        elif query.type == Gst.QueryType.SEGMENT:
            rate, fmt, start, stop = query.parse_segment()
            if fmt == Gst.Format.TIME:
                query.set_segment(rate, fmt, self.shifted(start), self.shifted(stop))
        elif query.type == Gst.QueryType.SEEKING:
            fmt, seekable, first, last = query.parse_seeking()
            if fmt == Gst.Format.TIME and seekable and first >= 0:
                query.set_seeking(fmt, seekable, first + self.offset, last + self.offset if last >= 0 else last)
        return True

    def do_transform_ip(self, buffer):
        buffer.pts = self.shifted(buffer.pts)
        buffer.dts = self.shifted(buffer.dts)
        return Gst.FlowReturn.OK

    def do_sink_event(self, event):
        if event.type == Gst.EventType.SEGMENT:
            segment = event.parse_segment()
            if segment.format == Gst.Format.TIME:
                segment.start = self.shifted(segment.start)
                segment.stop = self.shifted(segment.stop)
                segment.time = self.shifted(segment.time)
                segment.position = self.shifted(segment.position)
                moved = Gst.Event.new_segment(segment)
                moved.set_seqnum(event.get_seqnum())
                event = moved
        return GstBase.BaseTransform.do_sink_event(self, event)

    def do_src_event(self, event):
        if event.type == Gst.EventType.SEEK:
            rate, fmt, flags, start_type, start, stop_type, stop = event.parse_seek()
            if fmt == Gst.Format.TIME:
                # Before the recording's start means from its start.
                if start_type == Gst.SeekType.SET and start != Gst.CLOCK_TIME_NONE:
                    start = max(0, start - self.offset)
                if stop_type == Gst.SeekType.SET and stop != Gst.CLOCK_TIME_NONE:
                    stop = max(0, stop - self.offset)
                moved = Gst.Event.new_seek(rate, fmt, flags, start_type, start, stop_type, stop)
                moved.set_seqnum(event.get_seqnum())
                event = moved
        return GstBase.BaseTransform.do_src_event(self, event)


class OnvifReplayFactory(GstRtspServer.RTSPOnvifMediaFactory):
    """filesrc ! qtdemux ! h264parse ! RecordingClock ! [pay0: rtph264pay ! rtponviftimestamp]
    (h265parse and rtph265pay for clips named *-h265.mp4)"""

    def __init__(self, path, start_ntp_ns):
        super().__init__()
        self.path = path
        self.start_ntp_ns = start_ntp_ns
        # gst_rtsp_onvif_media_factory_new() sets this; a subclass made from Python must.
        self.set_media_gtype(GstRtspServer.RTSPOnvifMedia.__gtype__)
        self.set_replay_support(True)

    def do_create_element(self, url):
        top = Gst.Bin.new(None)
        source = element("filesrc", location=self.path)
        demux = element("qtdemux")
        codec = "h265" if self.path.lower().endswith("-h265.mp4") else "h264"
        parse = element(codec + "parse")
        clock = RecordingClock(self.start_ntp_ns)
        # rtponviftimestamp writes stream time + ntp-offset; stream time is NTP time already.
        # set-e-bit and set-t-bit mark the last packet before the end of the recording.
        pay = element("rtp%spay" % codec, pt=96, **{"config-interval": -1})
        stamp = element("rtponviftimestamp", **{"ntp-offset": 0, "set-e-bit": True, "set-t-bit": True})
        payloader = Gst.Bin.new("pay0")
        payloader.add(pay)
        payloader.add(stamp)
        pay.link(stamp)
        payloader.add_pad(Gst.GhostPad.new("sink", pay.get_static_pad("sink")))
        payloader.add_pad(Gst.GhostPad.new("src", stamp.get_static_pad("src")))
        for part in (source, demux, parse, clock, payloader):
            top.add(part)
        source.link(demux)
        parse.link(clock)
        clock.link(payloader)
        demux.connect("pad-added", lambda _, pad: pad.link(parse.get_static_pad("sink"))
                      if pad.get_name().startswith("video") else None)
        return top


def stamp_replies_with_their_cseq(server):
    """ONVIF wants the low byte of the PLAY request's CSeq in every 0xABAC extension (so a client
    can drop packets from before its latest PLAY); gst-rtsp-server leaves rtponviftimestamp's
    cseq at 0, so set it from the request before the server seeks."""

    def on_play(client, ctx):
        ok, cseq = ctx.request.get_header(GstRtsp.RTSPHeaderField.CSEQ, 0)
        sessmedia = ctx.session.get_media(ctx.uri.abspath)[0] if ctx.session else None
        if ok == GstRtsp.RTSPResult.OK and sessmedia is not None:
            pipeline = sessmedia.get_media().get_element()
            for part in pipeline.iterate_recurse():
                if part.get_factory() and part.get_factory().get_name() == "rtponviftimestamp":
                    part.set_property("cseq", int(cseq) & 0xFF)
        return GstRtsp.RTSPStatusCode.OK

    server.connect("client-connected", lambda _, client: client.connect("pre-play-request", on_play))


def element(factory, **properties):
    made = Gst.ElementFactory.make(factory, None)
    if made is None:
        raise RuntimeError("GStreamer element %s is missing (see the module docstring)" % factory)
    for name, value in properties.items():
        made.set_property(name, value)
    return made


def ntp_nanoseconds(utc_text):
    moment = datetime.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("--onvif-start needs a UTC time such as 2026-11-23T05:07:10Z")
    delta = moment - NTP_EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000


def require_credentials(server, factories, user, password, method):
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
    auth = GstRtspServer.RTSPAuth()
    # The bindings see the method set as an enum, not flags: one method per server.
    if method == "basic":
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
    else:
        auth.add_digest(user, password, token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    server.set_auth(auth)
    for factory in factories:
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role(ROLE, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role(ROLE, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)


def exit_when_stdin_closes():
    def watch():
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--auth", choices=("digest", "basic"), default="digest")
    parser.add_argument("--onvif-start", help="UTC start of every clip; serves ONVIF replay")
    args = parser.parse_args()
    if (args.user is None) != (args.password is None):
        parser.error("--user and --password go together")

    clips = sorted(f for f in os.listdir(args.directory) if f.lower().endswith(".mp4"))
    if not clips:
        print("no .mp4 files in " + args.directory, file=sys.stderr)
        return 2

    start_ntp_ns = ntp_nanoseconds(args.onvif_start) if args.onvif_start else None
    server = GstRtspServer.RTSPOnvifServer() if start_ntp_ns is not None else GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    factories = []
    for clip in clips:
        name = os.path.splitext(clip)[0]
        if not SAFE_NAME.match(name):
            print("skipping %r: only letters, digits, '_', '.', '-' in names" % clip, file=sys.stderr)
            continue
        path = os.path.abspath(os.path.join(args.directory, clip))
        factory = plain_factory(path) if start_ntp_ns is None else OnvifReplayFactory(path, start_ntp_ns)
        mounts.add_factory("/" + name, factory)
        factories.append(factory)
    if start_ntp_ns is not None:
        stamp_replies_with_their_cseq(server)
    if args.user is not None:
        require_credentials(server, factories, args.user, args.password, args.auth)

    if server.attach(None) == 0:
        print("cannot listen on 127.0.0.1:%d" % args.port, file=sys.stderr)
        return 1
    exit_when_stdin_closes()
    print("READY %d" % server.get_bound_port(), flush=True)
    GLib.MainLoop().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
