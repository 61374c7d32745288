package mamori.export;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import mamori.camera.Camera;
import mamori.camera.CameraRepository;
import mamori.camera.PrivacyMask;
import mamori.playback.PlaybackException;
import mamori.playback.RecordingSources;
import mamori.playback.RecordingTimeline;

/// Turns an approved [ExportOrder] into a plain H.264 MP4: finds the order's camera, its privacy
/// masks and its recording (the local store's segment files or the recorder's ONVIF replay) and
/// has the [FootageTranscoder] write the span with the masks covered unless lifted and the
/// export's mark burned in.
public final class ExportTranscoder {

    private final RecordingSources sources;
    private final CameraRepository cameras;
    private final FootageTranscoder footage;

    public ExportTranscoder(RecordingSources sources, CameraRepository cameras, FootageTranscoder footage) {
        this.sources = sources;
        this.cameras = cameras;
        this.footage = footage;
    }

    /// With the default thread counts (decision 0023).
    public ExportTranscoder(RecordingSources sources, CameraRepository cameras, ExportWatermark.Labels labels, ZoneId zone) {
        this(sources, cameras, new FootageTranscoder(labels, zone, FootageTranscoder.DECODER_THREADS,
                FootageTranscoder.ENCODER_THREADS));
    }

    /// Writes the export of `order` to `output` (which must not exist; it appears only once
    /// complete), reporting 0..1 to `progress` and stopping, with nothing left behind, once
    /// `cancelled` answers true ([ExportCancelledException]).
    public TranscodedExport transcode(ExportOrder order, Path output, DoubleConsumer progress, BooleanSupplier cancelled)
            throws ExportException, InterruptedException {
        Camera camera;
        List<PrivacyMask> masks;
        RecordingTimeline timeline;
        try {
            camera = cameras.all().stream().filter(each -> each.id().equals(order.cameraId())).findFirst()
                    .orElseThrow(() -> new ExportException("Camera " + order.cameraId() + " no longer exists"));
            masks = cameras.masks(camera.id());
            timeline = sources.timeline(camera);
        } catch (SQLException e) {
            throw new ExportException("The camera's recordings could not be looked up: " + e.getMessage(), e);
        } catch (PlaybackException e) {
            throw new ExportException(e.getMessage(), e);
        }
        return footage.transcode(order, timeline, masks, output, progress, cancelled);
    }
}
