package mamori.ui.player;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import mamori.playback.RecordingTimeline;

/// The recorded spans (filled) and gaps (empty) of the period, the current position, and the
/// place to click or drag to move. Dragging previews key frames; the release is one seek.
final class TimelineBar extends Pane {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private final RecordingTimeline timeline;
    private final Line cursor = new Line();
    private final Label startLabel;
    private final Label endLabel;
    private double fraction;

    TimelineBar(PlayerViewModel model, ZoneId zone) {
        this.timeline = model.timeline();
        setId("player-timeline");
        getStyleClass().add("timeline");
        setMinHeight(56);
        setPrefHeight(56);
        startLabel = new Label(TIME.format(timeline.start().atZone(zone)));
        endLabel = new Label(TIME.format(timeline.end().atZone(zone)));
        startLabel.getStyleClass().add("timeline-label");
        endLabel.getStyleClass().add("timeline-label");
        cursor.getStyleClass().add("timeline-cursor");
        model.positionFractionProperty().addListener((property, was, now) -> {
            fraction = now.doubleValue();
            placeCursor();
        });
        setOnMousePressed(event -> model.beginDrag());
        setOnMouseDragged(event -> model.drag(event.getX() / getWidth()));
        // A click is a drag that did not move: either way one seek entry when the button comes up.
        setOnMouseReleased(event -> model.endDrag(event.getX() / getWidth()));
    }

    @Override
    protected void layoutChildren() {
        getChildren().clear();
        double width = getWidth();
        double barTop = 6;
        double barHeight = 28;
        Rectangle track = new Rectangle(0, barTop, width, barHeight);
        track.getStyleClass().add("timeline-gap");
        getChildren().add(track);
        double whole = Duration.between(timeline.start(), timeline.end()).toMillis();
        for (RecordingTimeline.Span span : timeline.spans()) {
            double x0 = x(span.start(), whole, width);
            double x1 = x(span.end(), whole, width);
            Rectangle recorded = new Rectangle(x0, barTop, Math.max(1, x1 - x0), barHeight);
            recorded.getStyleClass().add("timeline-span");
            getChildren().add(recorded);
        }
        startLabel.autosize();
        startLabel.relocate(0, barTop + barHeight + 2);
        endLabel.autosize();
        endLabel.relocate(width - endLabel.prefWidth(-1), barTop + barHeight + 2);
        getChildren().addAll(startLabel, endLabel, cursor);
        placeCursor();
    }

    private double x(Instant at, double whole, double width) {
        return whole <= 0 ? 0 : Duration.between(timeline.start(), at).toMillis() / whole * width;
    }

    private void placeCursor() {
        double x = Math.clamp(fraction, 0.0, 1.0) * getWidth();
        cursor.setStartX(x);
        cursor.setEndX(x);
        cursor.setStartY(0);
        cursor.setEndY(40);
    }
}
