#!/usr/bin/python3
"""RTSP server for Mamori's tests: serves every MP4 (H.264) in a directory.

    rtsp_test_server.py DIR [--port N] [--user U --password P [--auth digest|basic]]

Each DIR/name.mp4 is served at rtsp://127.0.0.1:PORT/name. Port 0 (the default) picks a free
port. Prints exactly one line "READY <port>" on stdout once listening; errors go to stderr.
Exits when stdin reaches end of file, so it never outlives the process that started it.

Needs Debian's /usr/bin/python3 with python3-gi, python3-gst-1.0, gir1.2-gst-rtsp-server-1.0,
gstreamer1.0-plugins-good (qtdemux, rtph264pay) and gstreamer1.0-plugins-bad (h264parse).
"""

import argparse
import os
import re
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

ROLE = "viewer"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def plain_factory(path):
    # qtdemux seeks to the key frame before the requested position and h264parse/rtph264pay
    # send from there with the segment starting at the requested time: a client that drops
    # frames before the range start gets exactly the frame asked for.
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        '( filesrc location="%s" ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )'
        % path.replace("\\", "\\\\").replace('"', '\\"'))
    return factory


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
    args = parser.parse_args()
    if (args.user is None) != (args.password is None):
        parser.error("--user and --password go together")

    Gst.init(None)
    clips = sorted(f for f in os.listdir(args.directory) if f.lower().endswith(".mp4"))
    if not clips:
        print("no .mp4 files in " + args.directory, file=sys.stderr)
        return 2

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    factories = []
    for clip in clips:
        name = os.path.splitext(clip)[0]
        if not SAFE_NAME.match(name):
            print("skipping %r: only letters, digits, '_', '.', '-' in names" % clip, file=sys.stderr)
            continue
        factory = plain_factory(os.path.abspath(os.path.join(args.directory, clip)))
        mounts.add_factory("/" + name, factory)
        factories.append(factory)
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
