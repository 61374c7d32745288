package mamori.ui.report;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import mamori.report.ReportPages;
import mamori.report.ReportPrinter;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;

/// The report screen: filters on the left, the generated report's pages (and its viewing
/// sessions) in the middle, saving and printing on the right.
public final class ReportView extends BorderPane {

    public ReportView(ReportViewModel model, Messages messages) {
        setId("report-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("report.back"));
        back.setId("report-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("report.title")).id("report-title").end(back);

        setTop(header);
        setLeft(filters(model, messages));
        setCenter(preview(model, messages));
        setRight(output(model, messages));
    }

    private static Node filters(ReportViewModel model, Messages messages) {
        DatePicker from = new DatePicker();
        from.setId("report-from");
        from.valueProperty().bindBidirectional(model.fromDateProperty());
        DatePicker to = new DatePicker();
        to.setId("report-to");
        to.valueProperty().bindBidirectional(model.toDateProperty());
        for (DatePicker picker : List.of(from, to)) {
            picker.setPrefWidth(160);
            picker.setConverter(new javafx.util.converter.LocalDateStringConverter(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE,
                    java.time.format.DateTimeFormatter.ISO_LOCAL_DATE));
        }
        ComboBox<ReportViewModel.Language> language = new ComboBox<>();
        language.setId("report-language");
        language.getItems().setAll(model.languages());
        language.valueProperty().bindBidirectional(model.languageProperty());

        Button generate = new Button(messages.get("report.generate"));
        generate.setId("report-generate");
        generate.setDefaultButton(true);
        generate.disableProperty().bind(model.busyProperty());
        generate.setOnAction(event -> model.generate());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setId("report-busy");
        busy.setMaxSize(28, 28);
        busy.visibleProperty().bind(model.busyProperty());
        Label status = new Label();
        status.setId("report-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        model.failedProperty().addListener((property, was, failed) -> {
            status.getStyleClass().remove("error-text");
            if (failed) {
                status.getStyleClass().add("error-text");
            }
        });

        Label noneIsAll = new Label(messages.get("report.noneIsAll"));
        noneIsAll.getStyleClass().add("screen-hint");
        VBox column = new VBox(10,
                labelled(messages.get("report.period"), new HBox(8, from, new Label("〜"), to)),
                noneIsAll,
                ticks(messages.get("report.people"), "report-person-", model.people()),
                ticks(messages.get("report.cameras"), "report-camera-", model.cameras()),
                ticks(messages.get("report.terminals"), "report-terminal-", model.terminals()),
                ticks(messages.get("report.kinds"), "report-kind-", model.kinds()));
        column.getStyleClass().add("report-filters");
        ScrollPane scroll = new ScrollPane(column);
        scroll.setId("report-filters");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        HBox actions = new HBox(12, labelled(messages.get("report.language"), language), generate, busy);
        actions.setAlignment(Pos.BOTTOM_LEFT);
        status.setMinHeight(Region.USE_PREF_SIZE);
        VBox left = new VBox(10, scroll, actions, status);
        left.setPrefWidth(400);
        left.setMaxWidth(400);
        BorderPane.setMargin(left, new javafx.geometry.Insets(20, 16, 0, 0));
        return left;
    }

    /// A multi-select filter: one box per value, two or three to a row; none ticked means all.
    private static Node ticks(String title, String idPrefix, List<ReportViewModel.Option> options) {
        FlowPane boxes = new FlowPane(14, 6);
        boxes.setPrefWrapLength(360);
        for (ReportViewModel.Option option : options) {
            CheckBox box = new CheckBox(option.label());
            box.setId(idPrefix + option.id());
            box.selectedProperty().bindBidirectional(option.selected());
            boxes.getChildren().add(box);
        }
        return labelled(title, boxes);
    }

    private static Node preview(ReportViewModel model, Messages messages) {
        ImageView picture = new ImageView();
        picture.setId("report-page-image");
        picture.setPreserveRatio(true);
        model.pageProperty().addListener((property, was, page) -> picture.setImage(page == null ? null : image(page)));
        StackPane paper = new StackPane(picture);
        paper.getStyleClass().add("report-paper");
        ScrollPane scroll = new ScrollPane(paper);
        scroll.setId("report-preview");
        scroll.setFitToWidth(true);
        scroll.setPannable(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        Label empty = new Label(messages.get("report.noReportYet"));
        empty.setId("report-preview-empty");
        empty.getStyleClass().add("screen-detail");
        empty.setWrapText(true);
        empty.visibleProperty().bind(model.generatedProperty().not());
        empty.managedProperty().bind(empty.visibleProperty());
        scroll.visibleProperty().bind(model.generatedProperty());

        Button previous = new Button(messages.get("report.previousPage"));
        previous.setId("report-previous-page");
        previous.disableProperty().bind(model.hasPreviousProperty().not().or(model.busyProperty()));
        previous.setOnAction(event -> model.previousPage());
        Button next = new Button(messages.get("report.nextPage"));
        next.setId("report-next-page");
        next.disableProperty().bind(model.hasNextProperty().not().or(model.busyProperty()));
        next.setOnAction(event -> model.nextPage());
        Label pageLabel = new Label();
        pageLabel.setId("report-page-label");
        pageLabel.getStyleClass().add("screen-detail");
        pageLabel.textProperty().bind(model.pageLabelProperty());
        Label summary = new Label();
        summary.setId("report-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.reportSummaryProperty());
        HBox paging = new HBox(12, previous, pageLabel, next);
        paging.setAlignment(Pos.CENTER_LEFT);
        paging.visibleProperty().bind(model.generatedProperty());
        VBox previewBox = new VBox(10, summary, paging, empty, scroll);

        TableView<ReportViewModel.ViewingLine> table = new TableView<>(model.viewings());
        table.setId("report-viewings");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column(messages.get("report.column.started"), ReportViewModel.ViewingLine::started, 160));
        table.getColumns().add(column(messages.get("report.column.person"), ReportViewModel.ViewingLine::person, 120));
        table.getColumns().add(column(messages.get("report.column.camera"), ReportViewModel.ViewingLine::camera, 140));
        table.getColumns().add(column(messages.get("report.column.footage"), ReportViewModel.ViewingLine::footage, 300));
        table.getColumns().add(column(messages.get("report.column.watched"), line -> line.watchedSeconds() + " s", 80));
        table.getColumns().add(column(messages.get("report.column.purpose"), ReportViewModel.ViewingLine::purpose, 160));
        table.setPlaceholder(new Label(messages.get("report.noViewings")));

        Tab pages = new Tab(messages.get("report.tab.preview"), previewBox);
        pages.setId("report-tab-preview");
        model.selectedViewingProperty().bind(table.getSelectionModel().selectedItemProperty());
        var replayBar = new mamori.ui.player.ReplayBar(model.replayOffer(), messages.get("report.drillDown.replay"), "report");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox sessionsBox = new VBox(10, table, replayBar);
        Tab sessions = new Tab(messages.get("report.tab.viewings"), sessionsBox);
        sessions.setId("report-tab-viewings");
        TabPane tabs = new TabPane(pages, sessions);
        tabs.setId("report-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        BorderPane.setMargin(tabs, new javafx.geometry.Insets(20, 0, 0, 0));
        return tabs;
    }

    private static WritableImage image(ReportPages.Picture page) {
        WritableImage image = new WritableImage(page.width(), page.height());
        image.getPixelWriter().setPixels(0, 0, page.width(), page.height(), PixelFormat.getIntArgbInstance(), page.argb(), 0, page.width());
        return image;
    }

    private static Node output(ReportViewModel model, Messages messages) {
        Button save = new Button(messages.get("report.save"));
        save.setId("report-save");
        save.disableProperty().bind(model.generatedProperty().not().or(model.savedProperty()).or(model.busyProperty()));
        save.setOnAction(event -> model.save());
        Label saved = new Label();
        saved.setId("report-saved-path");
        saved.setWrapText(true);
        saved.textProperty().bind(model.savedPathProperty());

        ComboBox<String> printer = new ComboBox<>(model.printers());
        printer.setId("report-printer");
        printer.setMaxWidth(Double.MAX_VALUE);
        printer.valueProperty().bindBidirectional(model.printerProperty());
        Spinner<Integer> copies = new Spinner<>();
        copies.setId("report-copies");
        copies.setEditable(true);
        SpinnerValueFactory.IntegerSpinnerValueFactory range =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, ReportPrinter.PageSetup.MAX_COPIES, 1);
        copies.setValueFactory(range);
        range.valueProperty().addListener((property, was, value) -> model.copiesProperty().set(value == null ? 1 : value));
        copies.setPrefWidth(100);
        ComboBox<ReportPrinter.Paper> paper = new ComboBox<>();
        paper.setId("report-paper");
        paper.getItems().setAll(ReportPrinter.Paper.values());
        paper.setCellFactory(list -> named(model::paperName));
        paper.setButtonCell(named(model::paperName));
        paper.valueProperty().bindBidirectional(model.paperProperty());
        ComboBox<ReportPrinter.Orientation> orientation = new ComboBox<>();
        orientation.setId("report-orientation");
        orientation.getItems().setAll(ReportPrinter.Orientation.values());
        orientation.setCellFactory(list -> named(model::orientationName));
        orientation.setButtonCell(named(model::orientationName));
        orientation.valueProperty().bindBidirectional(model.orientationProperty());
        CheckBox twoSided = new CheckBox(messages.get("report.twoSided"));
        twoSided.setId("report-two-sided");
        twoSided.selectedProperty().bindBidirectional(model.twoSidedProperty());
        Button print = new Button(messages.get("report.print"));
        print.setId("report-print");
        print.disableProperty().bind(model.generatedProperty().not().or(model.busyProperty()));
        print.setOnAction(event -> model.print());
        Label result = new Label();
        result.setId("report-print-result");
        result.setWrapText(true);
        result.textProperty().bind(model.printResultProperty());
        Label marginNote = new Label(messages.get("report.marginsNote"));
        marginNote.setWrapText(true);
        marginNote.getStyleClass().add("screen-hint");
        marginNote.setMinHeight(Region.USE_PREF_SIZE);
        result.setMinHeight(Region.USE_PREF_SIZE);
        saved.setMinHeight(Region.USE_PREF_SIZE);

        javafx.scene.layout.GridPane setup = new javafx.scene.layout.GridPane(12, 8);
        setup.add(labelled(messages.get("report.copies"), copies), 0, 0);
        setup.add(labelled(messages.get("report.paper"), paper), 1, 0);
        setup.add(labelled(messages.get("report.orientation"), orientation), 0, 1);
        setup.add(twoSided, 1, 1);
        javafx.scene.layout.GridPane.setValignment(twoSided, javafx.geometry.VPos.BOTTOM);
        VBox column = new VBox(10,
                labelled(messages.get("report.saveTitle"), new VBox(6, save, saved)),
                labelled(messages.get("report.printer"), printer), setup, marginNote, print, result);
        column.setPrefWidth(300);
        column.setMaxWidth(300);
        column.getStyleClass().add("report-output");
        BorderPane.setMargin(column, new javafx.geometry.Insets(20, 0, 0, 16));
        return column;
    }

    private static <T> ListCell<T> named(Function<T, String> name) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : name.apply(item));
            }
        };
    }

    private static VBox labelled(String text, Node field) {
        Label label = new Label(text);
        label.getStyleClass().add("screen-hint");
        return new VBox(4, label, field);
    }

    private static TableColumn<ReportViewModel.ViewingLine, String> column(String title,
            Function<ReportViewModel.ViewingLine, String> value, double width) {
        TableColumn<ReportViewModel.ViewingLine, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        column.setSortable(false);
        return column;
    }
}
