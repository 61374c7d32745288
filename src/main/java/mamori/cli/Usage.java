package mamori.cli;

/// The text of `mamori help`.
final class Usage {

    static final String TEXT = """
            Usage: mamori [kiosk options] | mamori <command> [arguments]

            Kiosk (no command):
              mamori                      start the kiosk: full screen, always on top
              mamori --windowed           start in a normal window (development)
              mamori --lang=en            English screens (default: Japanese, --lang=ja)

            Commands:
              help                        this text
              version                     the version of this build
              terminal show               this terminal's id and its audit public key (PEM), for auditors
              terminal rotate-key         a new audit key; the handover is an entry signed by both keys
              audit verify [--fast] [--public-key PEM-FILE] [--checkpoint FILE]
                                          check the whole log and its stored checkpoints (and a checkpoint
                                          kept elsewhere); exit 0 if intact, 3 with the first bad entry and
                                          the kind of damage (full: every signature; fast: chain, roots,
                                          checkpoint signatures)
              audit checkpoint [--output FILE]
                                          a signed checkpoint of the log now, to keep elsewhere
              audit export --format jsonl [--output FILE]
                                          every entry with its hash and signature (format: README)
              report --from YYYY-MM-DD --to YYYY-MM-DD --output FILE [--lang en] [--person ID] [--camera ID]
                     [--terminal ID] [--kind viewing|export|denial|lockout|usb|clock]
                                          a signed PDF viewing report of the period, bound to a checkpoint
              report verify FILE          the report's signature, its entries against the log, and the log
                                          since its checkpoint; exit 0 if valid, 3 if not
              export verify PACKAGE.zip [--passphrase-file FILE] [--public-key PEM-FILE]
                                          an export package's manifest signature, ONVIF video signature and
                                          hashes (passphrase from the file or standard input); prints who
                                          requested and approved what; exit 0 if valid, 3 if rejected
              bench startup [--runs N]    process start to login screen shown, median of N (default 5),
                                          against a bare JavaFX window started the same way
              bench login [--runs N]      finger placed on the demo reader (R30x emulator, 57600 baud, pty) to
                                          home screen shown, median of N (default 20); the software's own share
              bench audit [--entries N]   append (one commit per entry, group commit) against bare H2 inserts;
                                          fast and full verification of N entries (default 1,000,000)
              bench report                a one-month report over 100,000 entries: generate and sign, verify
              bench demo                  time to make the demo facility (3 cameras x 2 h of H.264)
              bench playback              1080p30 decode + masks + watermark CPU per frame and exact seek,
                                          against the ffmpeg command on the same clip
              bench playback-vlc          the same CPU per frame through libVLC (MAMORI_ENGINE=vlc) and FFmpeg
              bench export [--minutes N] [--size WxH]
                                          an export of N minutes (default 10) of 1080p with mask and burned-in
                                          mark, against the ffmpeg command doing the same, same encoder
              bench export-verify [--size-mib N]
                                          verification of a package of about N MiB (default 1024) against
                                          sha256sum of the same file
              bench pin                   one PIN check (Argon2id), median of 30, against PBKDF2-SHA256 600k

            Environment:
              MAMORI_HOME                 data directory (default: the per-user application data directory)
              MAMORI_KEYSTORE_PASSWORD    key store password injected by the deployment (default: a
                                          generated password in an owner-only file beside the key store)
              MAMORI_SYSLOG               forward audit entries to tcp://host:port or udp://host:port (RFC 5424)
              MAMORI_DEMO_SPAN            length of the demo recordings per camera, ISO-8601 (default PT2H)
            """;

    private Usage() {
    }
}
