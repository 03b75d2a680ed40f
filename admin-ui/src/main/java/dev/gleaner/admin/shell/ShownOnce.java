package dev.gleaner.admin.shell;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;

/**
 * A secret core-api shows this once (an API token, a webhook secret), in a dialog with a copy button; closing it
 * is the last the console sees of it.
 */
public final class ShownOnce {

    private ShownOnce() {
    }

    /** Opens the dialog; {@code id} names its read-only field ({@code id}) and its close button ({@code close-id}). */
    public static void open(String title, String label, String secret, String id) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        TextField value = new TextField(label);
        value.setId(id);
        value.setValue(secret);
        value.setReadOnly(true);
        value.setWidth("min(36em, 80vw)");
        Button copy = new Button("Copy", e -> e.getSource().getUI().ifPresent(ui -> ui.getPage()
                .executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", secret)));
        copy.setId("copy-" + id);
        copy.setAriaLabel("Copy it to the clipboard");
        Button close = new Button("I have copied it", e -> dialog.close());
        close.setId("close-" + id);
        HorizontalLayout row = new HorizontalLayout(value, copy);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        dialog.add(new Paragraph("Copy it now: it is shown this once and cannot be retrieved later."), row);
        dialog.getFooter().add(close);
        dialog.open();
    }
}
