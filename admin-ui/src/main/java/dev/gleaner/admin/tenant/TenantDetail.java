package dev.gleaner.admin.tenant;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.plan.PlansView;
import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.ShownOnce;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.SuspendTenantRequest;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.UpdateTenantRequest;
import dev.gleaner.core.client.plan.AssignPlanRequest;
import dev.gleaner.core.client.plan.PlanView;

/**
 * One tenant: its status, its plan (an admin puts it on another), its usage this month against the plan, and
 * its tokens. An admin edits it (name, concurrency cap, retention), suspends or resumes it and gives it a new webhook
 * secret (shown once) here; a viewer sees the same without any control that changes it.
 */
final class TenantDetail extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(TenantDetail.class);

    private final AdminApi admin;
    private final Runnable changed;
    private final H3 title = new H3();
    private final Paragraph status = new Paragraph();
    private final Paragraph limits = new Paragraph();
    private final Select<PlanView> plan = new Select<>();
    private final Button assign = new Button("Put on plan");
    private final Button suspend = new Button("Suspend");
    private final Button resume = new Button("Resume");
    private TenantView current;
    private final UsageBars usage;
    private final TokensPanel tokens;
    private UUID shown;

    TenantDetail(AdminApi admin, Runnable changed) {
        this.admin = admin;
        this.changed = changed;
        this.usage = new UsageBars(admin);
        this.tokens = new TokensPanel(admin, changed);
        setPadding(false);
        setVisible(false);
        title.setId("tenant-title");
        status.setId("tenant-status");
        limits.setId("tenant-plan-limits");
        plan.setId("tenant-plan");
        plan.setLabel("Plan");
        plan.setItemLabelGenerator(PlanView::name);
        plan.setReadOnly(!SignedIn.canChange());
        HorizontalLayout controls = new HorizontalLayout(plan);
        controls.setAlignItems(Alignment.BASELINE);
        controls.setWrap(true);
        if (SignedIn.canChange()) {
            assign.setId("assign-plan");
            assign.addClickListener(e -> assignPlan());
            suspend.setId("suspend-tenant");
            suspend.addThemeVariants(ButtonVariant.LUMO_ERROR);
            suspend.addClickListener(e -> confirmSuspend());
            resume.setId("resume-tenant");
            resume.addClickListener(e -> resume());
            Button edit = new Button("Edit tenant", e -> edit());
            edit.setId("edit-tenant");
            Button rotate = new Button("New webhook secret", e -> confirmRotation());
            rotate.setId("rotate-webhook-secret");
            controls.add(assign, suspend, resume, edit, rotate);
        }
        add(title, status, controls, limits, usage, tokens);
    }

    /** Shows the tenant with that id (read afresh from core-api). */
    void show(UUID id, List<PlanView> plans) {
        shown = id;
        reload(plans);
    }

    void reload(List<PlanView> plans) {
        if (shown == null) {
            return;
        }
        Optional<TenantView> found = CoreApiCall.of(() -> admin.listTenants(shown.toString(), null, null, null, 0, 1))
                .flatMap(list -> list.stream().findFirst());
        setVisible(found.isPresent());
        found.ifPresent(tenant -> {
            current = tenant;
            title.setText(tenant.name());
            status.setText((tenant.suspendedAt() == null ? "Active" : "Suspended since " + tenant.suspendedAt())
                    + " · concurrency cap " + tenant.concurrencyCap() + " · results kept " + tenant.retentionDays()
                    + " days · id " + tenant.id());
            plan.setItems(plans);
            plans.stream().filter(p -> tenant.planId() == null ? p.isDefault() : p.id().equals(tenant.planId()))
                    .findFirst().ifPresent(on -> {
                        plan.setValue(on);
                        limits.setText("Plan " + on.name() + ": " + PlansView.describe(on));
                    });
            suspend.setVisible(tenant.suspendedAt() == null);
            resume.setVisible(tenant.suspendedAt() != null);
            usage.show(tenant.id());
            tokens.show(tenant);
        });
    }

    /** Shows the shown tenant's usage afresh. */
    void refreshUsage() {
        if (shown != null && isVisible()) {
            usage.show(shown);
        }
    }

    private void assignPlan() {
        PlanView chosen = plan.getValue();
        if (chosen != null && CoreApiCall.run(() -> admin.assignPlan(shown, new AssignPlanRequest(chosen.id())))) {
            log.info("operator {} put tenant {} on plan '{}'", SignedIn.name().orElse("?"), shown, chosen.name());
            CoreApiCall.success("Now on plan '" + chosen.name() + "'");
            changed.run();
        }
    }

    private void confirmSuspend() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Suspend " + title.getText() + "?");
        TextField reason = new TextField("Reason (for the audit log)");
        reason.setId("suspend-reason");
        reason.setMaxLength(500);
        reason.setWidthFull();
        Button confirm = new Button("Suspend", e -> {
            dialog.close();
            if (CoreApiCall.of(() -> admin.suspendTenant(shown, new SuspendTenantRequest(reason.getValue()))).isPresent()) {
                CoreApiCall.success(title.getText() + " suspended: its tokens are refused within seconds");
                changed.run();
            }
        });
        confirm.setId("confirm-suspend");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.add(new Paragraph("Its tokens are refused and its queued jobs wait until it is resumed."), reason);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
    }

    private void edit() {
        TenantView tenant = current;
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Edit " + tenant.name());
        TextField name = new TextField("Name");
        name.setId("edit-tenant-name");
        name.setValue(tenant.name());
        name.setMaxLength(100);
        IntegerField cap = new IntegerField("Browsers at once (concurrency cap)");
        cap.setId("edit-tenant-cap");
        cap.setValue(tenant.concurrencyCap());
        IntegerField days = new IntegerField("Results kept (days)");
        days.setId("edit-tenant-retention");
        days.setValue(tenant.retentionDays());
        Button save = new Button("Save", e -> {
            UpdateTenantRequest change = new UpdateTenantRequest(
                    name.getValue().equals(tenant.name()) ? null : name.getValue(),
                    Objects.equals(cap.getValue(), tenant.concurrencyCap()) ? null : cap.getValue(),
                    Objects.equals(days.getValue(), tenant.retentionDays()) ? null : days.getValue());
            CoreApiCall.of(() -> admin.updateTenant(tenant.id(), change)).ifPresent(changed -> {
                dialog.close();
                CoreApiCall.success("Tenant '" + changed.name() + "' saved");
                this.changed.run();
            });
        });
        save.setId("save-tenant");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new VerticalLayout(name, cap, days));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void confirmRotation() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New webhook secret for " + title.getText() + "?");
        Button confirm = new Button("Make a new secret", e -> {
            dialog.close();
            CoreApiCall.of(() -> admin.rotateWebhookSecret(shown)).ifPresent(secret -> {
                log.info("operator {} rotated the webhook secret of tenant {}", SignedIn.name().orElse("?"), shown);
                ShownOnce.open("Webhook secret for " + title.getText(), "Secret", secret.secret(), "webhook-secret");
            });
        });
        confirm.setId("confirm-rotate");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.add(new Paragraph("Its webhooks are signed with the new secret at once: the tenant must switch to it."));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
    }

    private void resume() {
        if (CoreApiCall.of(() -> admin.resumeTenant(shown)).isPresent()) {
            CoreApiCall.success(title.getText() + " resumed");
            changed.run();
        }
    }
}
