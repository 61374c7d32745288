package mamori.ui.player;

import java.time.ZoneId;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import mamori.ui.Messages;

/// The player: the watermarked picture, the timeline, and the controls below it.
public final class PlayerView extends BorderPane {

    /// One surface fills the picture area; two to four share it as a 2x2 grid, each with its name.
    public PlayerView(PlayerViewModel model, java.util.List<Cell> cells, Messages messages, ZoneId zone) {
        setId("player-screen");
        getStyleClass().add("screen");

        Label title = new Label(model.title());
        title.setId("player-title");
        title.getStyleClass().add("screen-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button back = new Button(messages.get("player.back"));
        back.setId("player-back");
        back.setOnAction(event -> model.close());
        HBox header = new HBox(16, title, spacer, back);
        if (model.exportRequestOffered()) {
            Button export = new Button(messages.get("export.player.request"));
            export.setId("player-request-export");
            export.setOnAction(event -> model.requestExport());
            header.getChildren().add(header.getChildren().indexOf(back), export);
        }
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("screen-header");

        javafx.scene.layout.Region picture = cells.size() == 1 ? single(cells.getFirst()) : grid(cells);
        if (cells.size() == 1) {
            var view = cells.getFirst().surface().view();
            view.setOnScroll(event -> {
                var bounds = view.getBoundsInLocal();
                model.zoomAt(event.getX() / bounds.getWidth(), event.getY() / bounds.getHeight(), event.getDeltaY() > 0 ? 1.25 : 0.8);
            });
            view.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2) {
                    model.resetZoom();
                }
            });
        }

        Button playPause = new Button();
        playPause.setId("player-play-pause");
        playPause.textProperty().bind(javafx.beans.binding.Bindings.when(model.playingProperty())
                .then(messages.get("player.pause")).otherwise(messages.get("player.play")));
        playPause.setOnAction(event -> model.playPause());
        Button stepBack = new Button(messages.get("player.stepBack"));
        stepBack.setId("player-step-back");
        stepBack.setOnAction(event -> model.step(-1));
        Button stepForward = new Button(messages.get("player.stepForward"));
        stepForward.setId("player-step-forward");
        stepForward.setOnAction(event -> model.step(1));
        ChoiceBox<Double> rate = new ChoiceBox<>();
        rate.setId("player-rate");
        rate.getItems().setAll(PlayerViewModel.RATES);
        rate.setValue(1.0);
        rate.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double value) {
                return value == null ? "" : PlayerViewModel.rateLabel(value);
            }

            @Override
            public Double fromString(String text) {
                return Double.valueOf(text.replace("x", ""));
            }
        });
        rate.valueProperty().addListener((property, was, now) -> {
            if (now != null) {
                model.setRate(now);
            }
        });
        Label position = new Label();
        position.setId("player-position");
        position.getStyleClass().add("player-position");
        position.textProperty().bind(model.positionTextProperty());
        TextField jump = new TextField();
        jump.setId("player-jump");
        jump.setPromptText(messages.get("player.jumpPrompt"));
        jump.setPrefColumnCount(14);
        Button go = new Button(messages.get("player.jump"));
        go.setId("player-jump-go");
        go.setOnAction(event -> model.jumpTo(jump.getText()));
        jump.setOnAction(event -> model.jumpTo(jump.getText()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox controls = new HBox(10, playPause, stepBack, stepForward, new Label(messages.get("player.rate")), rate,
                position, gap, jump, go);
        if (model.masksCanBeLifted()) {
            Button masks = new Button();
            masks.setId("player-masks");
            masks.textProperty().bind(javafx.beans.binding.Bindings.when(model.masksLiftedProperty())
                    .then(messages.get("player.masksRestore")).otherwise(messages.get("player.masksLift")));
            masks.setOnAction(event -> model.toggleMasks());
            controls.getChildren().add(controls.getChildren().indexOf(gap), masks);
        }
        controls.setAlignment(Pos.CENTER_LEFT);
        // Buttons keep their words; the date field gives way when space is short.
        controls.getChildren().forEach(node -> {
            if (node instanceof javafx.scene.control.Labeled labeled) {
                labeled.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        });
        jump.setMinWidth(120);

        Label message = new Label();
        message.setId("player-message");
        message.getStyleClass().add("error-text");
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        TimelineBar timeline = new TimelineBar(model, zone);
        // Nothing can be moved before playback has started (with its purpose, where one is asked).
        timeline.disableProperty().bind(model.purposeNeededProperty());
        controls.disableProperty().bind(model.purposeNeededProperty());
        VBox bottom = new VBox(8, timeline, controls, message);
        bottom.getStyleClass().add("player-controls");

        StackPane pictureArea = new StackPane(picture, purposeForm(model, messages));
        pictureArea.setMinSize(0, 0);
        VBox body = new VBox(12, pictureArea, bottom);
        VBox.setVgrow(pictureArea, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
        sceneProperty().addListener((property, was, now) -> {
            if (now == null) {
                cells.forEach(cell -> cell.surface().stop());
            }
        });
    }

    /// Asked before anything is shown when the facility wants the reason for viewing: a usual
    /// reason from the list, or one typed in.
    private static VBox purposeForm(PlayerViewModel model, Messages messages) {
        Label title = new Label(messages.get("player.purposeTitle"));
        title.getStyleClass().add("panel-title");
        ChoiceBox<String> usual = new ChoiceBox<>();
        usual.setId("player-purpose-choice");
        for (String key : new String[] {"incident", "request", "police", "maintenance", "other"}) {
            usual.getItems().add(messages.get("player.purpose." + key));
        }
        TextField typed = new TextField();
        typed.setId("player-purpose-text");
        typed.setPromptText(messages.get("player.purposePrompt"));
        Button start = new Button(messages.get("player.purposeStart"));
        start.setId("player-purpose-start");
        start.setOnAction(event -> {
            String other = messages.get("player.purpose.other");
            String chosen = usual.getValue();
            String purpose = chosen == null || chosen.equals(other) ? typed.getText()
                    : typed.getText().isBlank() ? chosen : chosen + ": " + typed.getText().strip();
            model.startWithPurpose(purpose);
        });
        VBox form = new VBox(12, title, usual, typed, start);
        form.setId("player-purpose");
        form.getStyleClass().add("card");
        form.setMaxSize(520, javafx.scene.layout.Region.USE_PREF_SIZE);
        form.visibleProperty().bind(model.purposeNeededProperty());
        form.managedProperty().bind(form.visibleProperty());
        return form;
    }

    /// A camera's picture and the name shown over it in a grid.
    public record Cell(VideoSurface surface, String name) {
    }

    private static StackPane single(Cell cell) {
        StackPane picture = new StackPane(cell.surface().view());
        picture.getStyleClass().add("player-picture");
        picture.setMinSize(0, 0);
        cell.surface().view().fitWidthProperty().bind(picture.widthProperty());
        cell.surface().view().fitHeightProperty().bind(picture.heightProperty());
        return picture;
    }

    private static javafx.scene.layout.GridPane grid(java.util.List<Cell> cells) {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setId("player-grid");
        grid.getStyleClass().add("player-grid");
        grid.setMinSize(0, 0);
        for (int i = 0; i < 4; i++) {
            javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
            column.setPercentWidth(50);
            if (i < 2) {
                grid.getColumnConstraints().add(column);
                javafx.scene.layout.RowConstraints row = new javafx.scene.layout.RowConstraints();
                row.setPercentHeight(50);
                grid.getRowConstraints().add(row);
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            StackPane picture = single(cells.get(i));
            picture.setId("player-cell-" + i);
            Label name = new Label(cells.get(i).name());
            name.getStyleClass().add("player-cell-name");
            StackPane.setAlignment(name, Pos.TOP_LEFT);
            picture.getChildren().add(name);
            grid.add(picture, i % 2, i / 2);
        }
        return grid;
    }
}
