package dev.gleaner.admin.domain;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.policy.DomainPolicyRequest;
import dev.gleaner.core.client.policy.DomainPolicyView;
import dev.gleaner.core.client.policy.DomainView;

/** A domain's own politeness settings in place of the defaults; an admin sets them or goes back to the defaults. */
final class PolicyPanel extends VerticalLayout {

    private final AdminApi admin;
    private final Runnable changed;
    private final TextField domain = new TextField("Domain");
    private final NumberField rate = new NumberField("Requests per second");
    private final IntegerField concurrency = new IntegerField("Fetches at once");
    private final IntegerField breaker = new IntegerField("Failures that open the breaker");
    private final IntegerField blocks = new IntegerField("Blocks that pause it (0 never)");
    private final Paragraph current = new Paragraph("Select a domain above, or type one.");

    PolicyPanel(AdminApi admin, Runnable changed) {
        this.admin = admin;
        this.changed = changed;
        setPadding(false);
        domain.setId("policy-domain");
        rate.setId("policy-rate");
        concurrency.setId("policy-concurrency");
        breaker.setId("policy-breaker");
        blocks.setId("policy-blocks");
        current.setId("policy-current");
        rate.setPlaceholder("default");
        rate.setReadOnly(!SignedIn.canChange());
        for (IntegerField field : new IntegerField[] {concurrency, breaker, blocks}) {
            field.setPlaceholder("default");
            field.setReadOnly(!SignedIn.canChange());
        }
        HorizontalLayout fields = new HorizontalLayout(domain, rate, concurrency, breaker, blocks);
        fields.setAlignItems(FlexComponent.Alignment.BASELINE);
        fields.setWrap(true);
        add(current, fields);
        if (SignedIn.canChange()) {
            Button set = new Button("Set policy", e -> set());
            set.setId("set-policy");
            Button clear = new Button("Back to defaults", e -> clear());
            clear.setId("clear-policy");
            add(new HorizontalLayout(set, clear));
        } else {
            domain.setReadOnly(true);
        }
    }

    void show(DomainView seen) {
        domain.setValue(seen.domain());
        DomainPolicyView own = seen.policy();
        current.setText(own == null ? seen.domain() + " has the default settings"
                : seen.domain() + " has its own settings, set by " + own.updatedBy());
        rate.setValue(own == null ? null : own.ratePerSecond());
        concurrency.setValue(own == null ? null : own.maxConcurrency());
        breaker.setValue(own == null ? null : own.breakerFailures());
        blocks.setValue(own == null ? null : own.blockPauseAfter());
    }

    private void set() {
        String name = domain.getValue().strip();
        CoreApiCall.of(() -> admin.setDomainPolicy(name, new DomainPolicyRequest(rate.getValue(), concurrency.getValue(),
                breaker.getValue(), blocks.getValue()))).ifPresent(set -> {
                    CoreApiCall.success(set.domain() + " has its own settings now");
                    changed.run();
                });
    }

    private void clear() {
        String name = domain.getValue().strip();
        CoreApiCall.of(() -> admin.clearDomainPolicy(name)).ifPresent(cleared -> {
            CoreApiCall.success(cleared.domain() + " is back to the defaults");
            changed.run();
        });
    }
}
