package mamori.ui.export.approvals;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;

/// The waiting requests, one button each, opening its approval.
public final class ExportApprovalsView extends BorderPane {

    public ExportApprovalsView(ExportApprovalsViewModel model, Messages messages) {
        setId("export-approvals-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("export.back"));
        back.setId("export-approvals-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("export.approvals.title")).end(back);

        Label summary = new Label();
        summary.setId("export-approvals-summary");
        summary.getStyleClass().add("screen-detail");
        summary.textProperty().bind(model.summaryProperty());
        VBox list = new VBox(12);
        list.setId("export-approvals-list");
        model.rows().addListener((ListChangeListener<ExportApprovalsViewModel.Row>) change -> {
            list.getChildren().clear();
            int index = 0;
            for (ExportApprovalsViewModel.Row row : model.rows()) {
                Button open = new Button(row.text());
                open.setId("export-approvals-row-" + index++);
                open.setWrapText(true);
                open.setMaxWidth(Double.MAX_VALUE);
                open.getStyleClass().add("export-request-row");
                open.setOnAction(event -> model.open(row));
                list.getChildren().add(open);
            }
        });
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("camera-scroll");
        VBox body = new VBox(16, summary, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }
}
