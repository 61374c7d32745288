package mamori.fingerprint.r30x;

import java.util.Arrays;
import java.util.Optional;

/// The instruction codes of the R30x command set that Mamori uses (first payload byte of a
/// command packet).
public enum R30xCommand {
    /// Capture a finger image into the image buffer.
    GEN_IMG(0x01),
    /// Extract features from the image into character buffer 1 or 2.
    IMG_2_TZ(0x02),
    /// 1:N search of a character buffer over a range of library pages.
    SEARCH(0x04),
    /// Combine character buffers 1 and 2 into a template.
    REG_MODEL(0x05),
    /// Store a character buffer at a library page.
    STORE(0x06),
    /// Delete a run of library pages.
    DELETE(0x0C),
    /// Delete every template in the library.
    EMPTY(0x0D),
    /// Read the 16-byte system parameter block.
    READ_SYS_PARA(0x0F),
    /// Verify the module's 32-bit handshake password.
    VFY_PWD(0x13),
    /// Count the stored templates.
    TEMPLATE_NUM(0x1D);

    private final int code;

    R30xCommand(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<R30xCommand> of(int code) {
        return Arrays.stream(values()).filter(command -> command.code == code).findFirst();
    }
}
