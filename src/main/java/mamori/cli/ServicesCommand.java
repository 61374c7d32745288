package mamori.cli;

import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.app.ReaderSetting;
import mamori.app.StartupException;

/// Opens the services for a headless command (no kiosk start is recorded) and closes them after.
final class ServicesCommand {

    private ServicesCommand() {
    }

    interface Work {
        int run(Mamori mamori) throws Exception;
    }

    static int withServices(Work work) throws Exception {
        // Commands never log anyone in, and a running kiosk may hold the reader's serial port.
        MamoriConfig config = MamoriConfig.fromEnvironment().withReader(ReaderSetting.IN_PROCESS);
        try (Mamori mamori = Mamori.open(config, false)) {
            return work.run(mamori);
        } catch (StartupException e) {
            throw new Exception("cannot open the data directory: " + e.getMessage(), e);
        }
    }
}
