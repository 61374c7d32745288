package mamori.ui.player;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/// The replay button of a drill-down and the hint beside it saying why it is off; hidden until
/// the screen's [ReplayOffer] is offered. Ids: `<prefix>-replay`, `<prefix>-replay-hint`.
public final class ReplayBar extends HBox {

    public ReplayBar(ReplayOffer offer, String buttonText, String idPrefix) {
        super(12);
        Button replay = new Button(buttonText);
        replay.setId(idPrefix + "-replay");
        replay.disableProperty().bind(offer.allowedProperty().not());
        replay.setOnAction(event -> offer.replay());
        replay.setMinWidth(Region.USE_PREF_SIZE);
        Label hint = new Label();
        hint.setId(idPrefix + "-replay-hint");
        hint.setWrapText(true);
        hint.getStyleClass().add("screen-hint");
        hint.textProperty().bind(offer.hintProperty());
        getChildren().addAll(replay, hint);
        setAlignment(Pos.CENTER_LEFT);
        visibleProperty().bind(offer.offeredProperty());
        managedProperty().bind(visibleProperty());
    }
}
