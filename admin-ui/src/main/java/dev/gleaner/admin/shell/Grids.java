package dev.gleaner.admin.shell;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.vaadin.flow.component.grid.Grid;

/** Grids whose rows are fetched again by push: the operator's selection survives the new rows. */
public final class Grids {

    private Grids() {
    }

    /** Shows {@code items}, selecting again the row whose {@code id} was selected (if it is still there). */
    public static <T> void refill(Grid<T> grid, List<T> items, Function<T, ?> id) {
        Object selected = grid.getSelectedItems().stream().findFirst().map(id).orElse(null);
        grid.setItems(items);
        if (selected != null) {
            items.stream().filter(item -> Objects.equals(id.apply(item), selected)).findFirst().ifPresent(grid::select);
        }
    }
}
