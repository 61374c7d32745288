package mamori.export;

/// The short plain-text note (Japanese, then English) every package holds as `VERIFY.txt`: how to
/// check it with `mamori export verify`, or with 7-Zip, coreutils and openssl alone. The same
/// commands are in the README ("Verifying an export") and run by the tests.
final class VerifyNote {

    private VerifyNote() {
    }

    /// The openssl-only commands for a package whose ONVIF signature is `length` bytes at `offset`.
    static String commands(long offset, int length) {
        return """
                  openssl pkeyutl -verify -pubin -inkey manifest-key.pem -rawin -in manifest.json -sigfile manifest.json.sig
                  sha256sum export.mp4
                  openssl x509 -in certificate.pem -outform DER | sha256sum
                  dd if=export.mp4 of=onvif.sig bs=1 skip=%1$d count=%2$d status=none
                  cp export.mp4 onvif-input.mp4
                  dd if=/dev/zero of=onvif-input.mp4 bs=1 seek=%1$d count=%2$d conv=notrunc status=none
                  openssl x509 -in certificate.pem -pubkey -noout > rsa-key.pem
                  openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:20 -sigopt rsa_mgf1_md:sha256 -verify rsa-key.pem -signature onvif.sig onvif-input.mp4
                """.formatted(offset, length);
    }

    static String text(long offset, int length) {
        String commands = commands(offset, length);
        return """
                Mamori 映像エクスポートの検証方法
                ================================
                このパッケージ (AES-256 暗号化 ZIP) は、承認者に一度だけ表示されたパスフレーズで 7-Zip などで開けます:
                  7z x -pパスフレーズ パッケージ.zip
                中身: export.mp4 (ONVIF Export File Format で RSASSA-PSS 署名済みの映像), manifest.json (誰が誰の承認で何を
                誰に渡したか、元の録画とハッシュ), manifest.json.sig (端末の Ed25519 鍵による manifest.json の署名),
                manifest-key.pem (その公開鍵), certificate.pem (映像署名の RSA 証明書)。

                Mamori で検証する (全署名とハッシュを確認し、依頼者・承認者を表示します):
                  mamori export verify パッケージ.zip --public-key 施設から受け取った端末公開鍵.pem

                openssl だけで検証する (取り出したフォルダで実行):
                %1$s
                1 行目が "Signature Verified Successfully"、2・3 行目のハッシュが manifest.json の "video"."sha256" と
                "certificateSha256" に一致し、最後の行が "Verified OK" なら改ざんされていません。manifest-key.pem が
                施設の公表する端末公開鍵と同じであることも確かめてください。

                How to verify this Mamori video export
                ======================================
                This package (a ZIP encrypted with AES-256) opens in 7-Zip with the passphrase shown once to the approver:
                  7z x -pPASSPHRASE PACKAGE.zip
                It holds export.mp4 (the video, signed to the ONVIF Export File Format with RSASSA-PSS), manifest.json (who
                requested and approved what for whom, the source recordings and the hashes), manifest.json.sig (its Ed25519
                signature by the terminal), manifest-key.pem (that public key) and certificate.pem (the video's RSA certificate).

                With Mamori (checks every signature and hash, prints the requester and approver):
                  mamori export verify PACKAGE.zip --public-key TERMINAL-KEY-FROM-THE-FACILITY.pem

                With openssl alone (in the extracted folder):
                %1$s
                The first line must print "Signature Verified Successfully", the two hashes must equal "video"."sha256" and
                "certificateSha256" in manifest.json, and the last line must print "Verified OK". Check also that
                manifest-key.pem is the terminal key the facility publishes.
                """.formatted(commands.stripTrailing());
    }
}
