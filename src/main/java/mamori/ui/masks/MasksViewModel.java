package mamori.ui.masks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditUnavailableException;
import mamori.camera.AdministrationDeniedException;
import mamori.camera.PrivacyMask;
import mamori.camera.PrivacyMaskAdministration;
import mamori.identity.Session;
import mamori.playback.CameraStill;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The masks of one camera while they are edited, in picture coordinates scaled to 0..1: the saved
/// ones as read, the polygon being drawn (its corners so far), which mask and corner are chosen.
/// Nothing is stored until "save", which replaces the camera's masks at once.
public final class MasksViewModel {

    /// A mask as edited: its label and corners.
    public record Mask(String label, List<PrivacyMask.Point> corners) {

        public Mask {
            corners = List.copyOf(corners);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Session administrator;
    private final String cameraId;
    private final String cameraTitle;
    private final PrivacyMaskAdministration administration;
    private final CameraStill stills;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final int boxWidth;
    private final int boxHeight;
    private final Runnable onDone;
    private final ObservableList<Mask> masks = FXCollections.observableArrayList();
    private final ObservableList<Mask> masksView = FXCollections.unmodifiableObservableList(masks);
    private final ObservableList<PrivacyMask.Point> drawing = FXCollections.observableArrayList();
    private final ObservableList<PrivacyMask.Point> drawingView = FXCollections.unmodifiableObservableList(drawing);
    private final ReadOnlyObjectWrapper<CameraStill.Still> still = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper selectedMask = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper selectedCorner = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper();
    private final StringProperty label = new SimpleStringProperty("");
    private boolean left;

    public MasksViewModel(Session administrator, String cameraId, String cameraTitle, PrivacyMaskAdministration administration,
            CameraStill stills, TaskExecutor tasks, Messages messages, int boxWidth, int boxHeight, Runnable onDone) {
        this.administrator = administrator;
        this.cameraId = cameraId;
        this.cameraTitle = cameraTitle;
        this.administration = administration;
        this.stills = stills;
        this.tasks = tasks;
        this.messages = messages;
        this.boxWidth = boxWidth;
        this.boxHeight = boxHeight;
        this.onDone = onDone;
    }

    private record Opened(List<PrivacyMask> masks, CameraStill.Still still) {
    }

    /// Reads the camera's masks and decodes its still (recorded as viewing before it is decoded).
    public void load() {
        busy.set(true);
        tasks.execute(() -> {
            List<PrivacyMask> stored = administration.masks(cameraId);
            return new Opened(stored, stills.show(administrator, cameraId, boxWidth, boxHeight));
        }, opened -> {
            busy.set(false);
            if (left) {
                // Left while the still was decoded: it is never shown, its viewing is closed at once.
                tasks.execute(() -> {
                    stills.stopped(administrator, cameraId, opened.still());
                    return null;
                }, done -> { }, failure -> { });
                return;
            }
            masks.setAll(opened.masks().stream().map(mask -> new Mask(mask.label(), mask.corners())).toList());
            still.set(opened.still());
            editable.set(true);
            show(messages.get("masks.howTo"), false);
        }, failure -> {
            busy.set(false);
            show(failureText(failure, "masks.openFailed"), true);
        });
    }

    /// Adds a corner to the polygon being drawn.
    public void addCorner(double x, double y) {
        if (!editable.get()) {
            return;
        }
        drawing.add(point(x, y));
        select(-1, -1);
    }

    /// Closes the polygon being drawn into a mask (three corners at least).
    public void closePolygon() {
        if (drawing.size() < 3) {
            show(messages.get("masks.needThree"), true);
            return;
        }
        if (masks.size() >= PrivacyMaskAdministration.MAX_MASKS) {
            show(messages.get("masks.tooMany", PrivacyMaskAdministration.MAX_MASKS), true);
            return;
        }
        if (drawing.size() > PrivacyMaskAdministration.MAX_CORNERS) {
            show(messages.get("masks.tooManyCorners", PrivacyMaskAdministration.MAX_CORNERS), true);
            return;
        }
        String text = label.get() == null ? "" : label.get().strip();
        String name = text.isEmpty() ? messages.get("masks.defaultLabel", masks.size() + 1) : text;
        masks.add(new Mask(name.length() > PrivacyMaskAdministration.MAX_LABEL_CHARS
                ? name.substring(0, PrivacyMaskAdministration.MAX_LABEL_CHARS) : name, drawing));
        drawing.clear();
        label.set("");
        select(masks.size() - 1, -1);
        show(messages.get("masks.closed", name), false);
    }

    /// Drops the last corner of the polygon being drawn.
    public void undoCorner() {
        if (!drawing.isEmpty()) {
            drawing.removeLast();
        }
    }

    public void select(int mask, int corner) {
        selectedMask.set(mask);
        selectedCorner.set(mask < 0 ? -1 : corner);
    }

    /// Moves corner `corner` of mask `mask` to (x, y), kept inside the picture.
    public void moveCorner(int mask, int corner, double x, double y) {
        if (mask < 0 || mask >= masks.size()) {
            return;
        }
        List<PrivacyMask.Point> corners = new ArrayList<>(masks.get(mask).corners());
        if (corner < 0 || corner >= corners.size()) {
            return;
        }
        corners.set(corner, point(x, y));
        masks.set(mask, new Mask(masks.get(mask).label(), corners));
    }

    /// Deletes the chosen corner; a mask keeps three at least.
    public void deleteCorner() {
        int mask = selectedMask.get();
        int corner = selectedCorner.get();
        if (mask < 0 || corner < 0) {
            show(messages.get("masks.chooseCorner"), true);
            return;
        }
        List<PrivacyMask.Point> corners = new ArrayList<>(masks.get(mask).corners());
        if (corners.size() <= 3) {
            show(messages.get("masks.keepThree"), true);
            return;
        }
        corners.remove(corner);
        masks.set(mask, new Mask(masks.get(mask).label(), corners));
        select(mask, -1);
    }

    /// Deletes the chosen mask.
    public void deleteMask() {
        int mask = selectedMask.get();
        if (mask < 0 || mask >= masks.size()) {
            show(messages.get("masks.chooseMask"), true);
            return;
        }
        Mask removed = masks.remove(mask);
        select(-1, -1);
        show(messages.get("masks.deleted", removed.label()), false);
    }

    /// Stores the masks as they are now (replacing the camera's), then leaves.
    public void save() {
        if (!editable.get()) {
            return;
        }
        if (!drawing.isEmpty()) {
            show(messages.get("masks.unfinished"), true);
            return;
        }
        List<PrivacyMask> toStore = masks.stream().map(mask -> new PrivacyMask(mask.label(), mask.corners())).toList();
        busy.set(true);
        tasks.execute(() -> {
            administration.replace(administrator, cameraId, toStore);
            return null;
        }, done -> {
            busy.set(false);
            leave();
        }, failure -> {
            busy.set(false);
            show(failureText(failure, "masks.saveFailed"), true);
        });
    }

    /// Leaves without storing anything.
    public void cancel() {
        leave();
    }

    /// The screen was replaced from outside (the session locked or ended): the still's STOP is
    /// recorded, nothing is stored and nowhere is navigated to.
    public void screenLeft() {
        if (left) {
            return;
        }
        left = true;
        CameraStill.Still shown = still.get();
        editable.set(false);
        if (shown != null) {
            tasks.execute(() -> {
                stills.stopped(administrator, cameraId, shown);
                return null;
            }, done -> { }, failure -> { });
        }
    }

    /// The still's STOP is recorded on the way out; a log that cannot take it does not keep the
    /// administrator on a screen they want to leave (the still is no longer shown either way).
    private void leave() {
        if (left) {
            return;
        }
        left = true;
        CameraStill.Still shown = still.get();
        still.set(null);
        editable.set(false);
        if (shown == null) {
            onDone.run();
            return;
        }
        tasks.execute(() -> {
            stills.stopped(administrator, cameraId, shown);
            return null;
        }, done -> onDone.run(), failure -> onDone.run());
    }

    private String failureText(Exception failure, String otherwise) {
        return switch (failure) {
            case AdministrationDeniedException denied -> messages.get("policy.denied." + denied.reason().name());
            case AuditUnavailableException refused -> messages.get("masks.auditUnavailable", refused.getMessage());
            default -> messages.get(otherwise, failure.getMessage());
        };
    }

    private static PrivacyMask.Point point(double x, double y) {
        return new PrivacyMask.Point(Math.clamp(x, 0.0, 1.0), Math.clamp(y, 0.0, 1.0));
    }

    private void show(String text, boolean isError) {
        messageIsError.set(isError);
        message.set(text);
    }

    public String title() {
        return messages.get("masks.title", cameraTitle);
    }

    public Optional<Mask> chosenMask() {
        int mask = selectedMask.get();
        return mask >= 0 && mask < masks.size() ? Optional.of(masks.get(mask)) : Optional.empty();
    }

    public ObservableList<Mask> masks() {
        return masksView;
    }

    public ObservableList<PrivacyMask.Point> drawing() {
        return drawingView;
    }

    public ReadOnlyObjectProperty<CameraStill.Still> stillProperty() {
        return still.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectedMaskProperty() {
        return selectedMask.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectedCornerProperty() {
        return selectedCorner.getReadOnlyProperty();
    }

    public StringProperty labelProperty() {
        return label;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty editableProperty() {
        return editable.getReadOnlyProperty();
    }
}
