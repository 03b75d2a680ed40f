package dev.gleaner.admin.tenant;

import java.util.UUID;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.NativeLabel;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;

import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.core.client.admin.AdminApi;

/** A tenant's usage this month: one bar per allowance of its plan (used of used + remaining), or "unlimited". */
final class UsageBars extends VerticalLayout {

    private final AdminApi admin;
    private final H4 title = new H4("Usage this month");
    private final Div bars = new Div();

    UsageBars(AdminApi admin) {
        this.admin = admin;
        setPadding(false);
        setSpacing(false);
        bars.setId("usage-bars");
        bars.setWidthFull();
        bars.getStyle().set("max-width", "40em");
        add(title, bars);
    }

    void show(UUID tenant) {
        bars.removeAll();
        CoreApiCall.of(() -> admin.usage(tenant)).ifPresent(usage -> {
            title.setText("Usage in " + usage.period() + " (plan " + usage.plan().name() + ")");
            bar("requests", "Requests", usage.used().requests(), usage.remaining().requests());
            bar("pages", "Pages", usage.used().pages(), usage.remaining().pages());
            bar("browser-seconds", "Browser seconds", usage.used().browserSeconds(), usage.remaining().browserSeconds());
            bar("llm-tokens", "Language model tokens", usage.used().llmTokens(), usage.remaining().llmTokens());
        });
    }

    private void bar(String id, String name, Long usedOrNull, Long remaining) {
        long used = usedOrNull == null ? 0 : usedOrNull;
        NativeLabel label = new NativeLabel(remaining == null ? name + ": " + used + " (unlimited)"
                : name + ": " + used + " of " + (used + remaining));
        label.setId("usage-" + id + "-label");
        Div row = new Div(label);
        bars.add(row);
        if (remaining != null) {
            long limit = Math.max(1, used + remaining);
            ProgressBar bar = new ProgressBar(0, 1, Math.min(1, (double) used / limit));
            bar.setId("usage-" + id);
            bar.getElement().setAttribute("aria-label", name + " used");
            label.setFor(bar);
            if ((double) used / limit >= 0.9) {
                bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
            }
            row.add(bar);
        }
    }
}
