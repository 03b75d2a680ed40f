package dev.gleaner.admin.shell;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;

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

    /**
     * Rows fetched page by page from core-api as the operator scrolls, in the order of the column the operator
     * sorts by (its sort property is core-api's {@code sort}). Rows are told apart by {@code id}, so a selection
     * survives {@code grid.getDataProvider().refreshAll()} even when the row's figures changed. A refusal by
     * core-api is shown in its own words and leaves the grid empty.
     */
    public static <T> void paged(Grid<T> grid, Page<T> page, Function<T, ?> id) {
        grid.setItems(query -> {
            String sort = query.getSortOrders().isEmpty() ? null : query.getSortOrders().getFirst().getSorted();
            String order = query.getSortOrders().isEmpty() ? null
                    : query.getSortOrders().getFirst().getDirection() == SortDirection.DESCENDING ? "desc" : "asc";
            return CoreApiCall.of(() -> page.fetch(sort, order, query.getOffset(), query.getLimit()))
                    .orElse(List.of()).stream();
        }).setIdentifierProvider(id::apply);
    }

    /**
     * A search field for a grid paged by core-api: it searches again ({@code search}) a moment after the
     * operator stops typing, and has a clear button.
     */
    public static TextField searchField(String id, String label, String placeholder, Runnable search) {
        TextField field = new TextField(label);
        field.setId(id);
        field.setPlaceholder(placeholder);
        field.setClearButtonVisible(true);
        field.setValueChangeMode(ValueChangeMode.LAZY);
        field.addValueChangeListener(e -> search.run());
        return field;
    }

    /** One page of a core-api listing; a null {@code sort} or {@code order} takes the listing's default. */
    @FunctionalInterface
    public interface Page<T> {

        List<T> fetch(String sort, String order, int offset, int limit);
    }
}
