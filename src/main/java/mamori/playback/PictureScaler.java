package mamori.playback;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/// A decoder's picture into the screen's BGRA buffer at the size shown, in FFmpeg's scaler, with
/// the digital zoom cut out of the planes, for [FfmpegDecoder] and for [OnvifReplayDecoder], which
/// runs libavcodec itself.
final class PictureScaler implements AutoCloseable {

    private final FrameSize size;
    private final IntPointer targetStrides;
    /// The native address of each target buffer, made once per buffer (screens lend a few, over and over).
    private final Map<ByteBuffer, PointerPointer<BytePointer>> targets = new IdentityHashMap<>();
    private final PointerPointer<BytePointer> sourcePlanes = new PointerPointer<>(4);
    private final IntPointer sourceStrides = new IntPointer(4);
    private SwsContext scaler;

    PictureScaler(FrameSize size) {
        this.size = size;
        this.targetStrides = new IntPointer(size.width() * 4, 0, 0, 0);
    }

    /// Converts `picture` into `target`; returns the part of the camera's picture it shows (zoom
    /// needs planar 4:2:0 input, else the whole picture is shown).
    ZoomRegion convert(AVFrame picture, ByteBuffer target, ZoomRegion zoom) {
        if (target.capacity() < size.bytesBgra() || !target.isDirect()) {
            throw new IllegalArgumentException("Target buffer is not a direct buffer of " + size);
        }
        PointerPointer<BytePointer> planes = targets.computeIfAbsent(target,
                buffer -> new PointerPointer<BytePointer>(4).put(0, new BytePointer(buffer)));
        int format = picture.format();
        boolean planar420 = format == avutil.AV_PIX_FMT_YUV420P || format == avutil.AV_PIX_FMT_YUVJ420P;
        if (zoom.whole() || !planar420) {
            scaler = scalerFor(picture.width(), picture.height(), format);
            swscale.sws_scale(scaler, picture.data(), picture.linesize(), 0, picture.height(), planes, targetStrides);
            return ZoomRegion.WHOLE;
        }
        // Digital zoom: start the scaler inside the planes (4:2:0, so even offsets) and give it only
        // the region's rows and columns.
        int left = (int) (zoom.x() * picture.width()) & ~1;
        int top = (int) (zoom.y() * picture.height()) & ~1;
        int width = Math.max(2, (int) (zoom.width() * picture.width()) & ~1);
        int height = Math.max(2, (int) (zoom.height() * picture.height()) & ~1);
        for (int plane = 0; plane < 3; plane++) {
            int shift = plane == 0 ? 0 : 1;
            long offset = (long) (top >> shift) * picture.linesize(plane) + (left >> shift);
            sourcePlanes.put(plane, picture.data(plane).position(offset));
            sourceStrides.put(plane, picture.linesize(plane));
        }
        scaler = scalerFor(width, height, format);
        swscale.sws_scale(scaler, sourcePlanes, sourceStrides, 0, height, planes, targetStrides);
        return zoom;
    }

    private SwsContext scalerFor(int width, int height, int format) {
        SwsContext context = swscale.sws_getCachedContext(scaler, width, height, format, size.width(), size.height(),
                avutil.AV_PIX_FMT_BGRA, swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("FFmpeg cannot convert pixel format " + format);
        }
        return context;
    }

    @Override
    public void close() {
        if (scaler != null) {
            swscale.sws_freeContext(scaler);
            scaler = null;
        }
        targets.values().forEach(PointerPointer::close);
        targets.clear();
        targetStrides.close();
        sourcePlanes.close();
        sourceStrides.close();
    }
}
