package mamori.ui;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/// A table column holding one button per row that acts on that row ("take back", "force out",
/// "remove"), with a test id per row.
public final class ButtonColumn {

    private ButtonColumn() {
    }

    /// @param styleClass extra style class of the buttons (e.g. `danger`), or null
    /// @param id the button's test id for a row
    /// @param enabled whether a row's button may be pressed
    public static <T> TableColumn<T, T> of(String heading, String label, String styleClass, double minWidth, Function<T, String> id,
            Predicate<T> enabled, Consumer<T> action) {
        TableColumn<T, T> column = new TableColumn<>(heading);
        column.setSortable(false);
        column.setMinWidth(minWidth);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(view -> new TableCell<>() {
            private final Button button = new Button(label);

            {
                if (styleClass != null) {
                    button.getStyleClass().add(styleClass);
                }
                button.setOnAction(event -> {
                    if (getItem() != null) {
                        action.accept(getItem());
                    }
                });
            }

            @Override
            protected void updateItem(T row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                button.setId(id.apply(row));
                button.setDisable(!enabled.test(row));
                setGraphic(button);
            }
        });
        return column;
    }
}
