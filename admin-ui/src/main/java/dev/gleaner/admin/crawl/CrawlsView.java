package dev.gleaner.admin.crawl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.job.JobsView;
import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.admin.shell.IdField;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.batch.AdminBatchView;
import dev.gleaner.core.client.batch.BatchView;
import dev.gleaner.core.client.crawl.AdminCrawlView;
import dev.gleaner.core.client.crawl.CrawlView;

/**
 * Every tenant's crawls and batches, newest first, with their progress (pushed, so a running crawl moves on the
 * screen). The selected one's pages open in the jobs view; an admin cancels a running one.
 */
@Route(value = "crawls", layout = MainLayout.class)
@PageTitle("Crawls and batches · Gleaner")
@PermitAll
public class CrawlsView extends VerticalLayout {

    private static final int PAGE = 50;
    private static final String ANY = "any";

    private final AdminApi admin;
    private final IdField tenant = IdField.tenant("Tenant id");
    private final Select<String> status = new Select<>();
    private final Grid<AdminCrawlView> crawls = new Grid<>(AdminCrawlView.class, false);
    private final Grid<AdminBatchView> batches = new Grid<>(AdminBatchView.class, false);
    private final Button olderCrawls = new Button("Older crawls");
    private final Button olderBatches = new Button("Older batches");
    private final List<AdminCrawlView> crawlsShown = new ArrayList<>();
    private final List<AdminBatchView> batchesShown = new ArrayList<>();
    private String nextCrawls;
    private String nextBatches;

    public CrawlsView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        setSizeFull();
        tenant.setId("crawls-tenant");
        tenant.addValueChangeListener(e -> refresh());
        status.setId("crawls-status");
        status.setLabel("Crawl status");
        status.setItems(ANY, "running", "succeeded", "failed", "cancelled");
        status.setValue(ANY);
        status.addValueChangeListener(e -> refresh());
        HorizontalLayout filters = new HorizontalLayout(tenant, status);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        crawls.setId("crawls-grid");
        crawls.setAriaLabel("Crawls");
        crawls.addColumn(c -> Shown.instant(c.crawl().createdAt())).setHeader("Started").setAutoWidth(true);
        crawls.addColumn(c -> c.crawl().url()).setHeader("Site").setFlexGrow(2);
        crawls.addColumn(c -> c.crawl().status()).setHeader("Status");
        crawls.addComponentColumn(c -> progress(c.crawl().counts())).setHeader("Progress");
        crawls.addColumn(c -> describe(c.crawl().counts())).setHeader("Pages").setFlexGrow(2);
        crawls.addColumn(AdminCrawlView::tenantId).setHeader("Tenant");
        crawls.setMinHeight("12em");
        olderCrawls.setId("crawls-older");
        olderCrawls.addClickListener(e -> pageCrawls());

        batches.setId("batches-grid");
        batches.setAriaLabel("Batches");
        batches.addColumn(b -> Shown.instant(b.batch().createdAt())).setHeader("Submitted").setAutoWidth(true);
        batches.addColumn(b -> b.batch().status()).setHeader("Status");
        batches.addComponentColumn(b -> progress(b.batch())).setHeader("Progress");
        batches.addColumn(b -> describe(b.batch())).setHeader("Jobs").setFlexGrow(2);
        batches.addColumn(AdminBatchView::tenantId).setHeader("Tenant");
        batches.setMinHeight("12em");
        olderBatches.setId("batches-older");
        olderBatches.addClickListener(e -> pageBatches());

        Button crawlPages = new Button("Pages of the crawl", e -> selectedCrawl().ifPresent(c -> openJobs(c.crawl().id())));
        crawlPages.setId("crawl-pages");
        Button batchJobs = new Button("Jobs of the batch", e -> selectedBatch().ifPresent(b -> openJobs(b.batch().id())));
        batchJobs.setId("batch-jobs");
        HorizontalLayout crawlActions = new HorizontalLayout(crawlPages, olderCrawls);
        HorizontalLayout batchActions = new HorizontalLayout(batchJobs, olderBatches);
        if (SignedIn.canChange()) {
            Button cancelCrawl = new Button("Cancel crawl", e -> selectedCrawl().ifPresent(c -> cancel(() ->
                    admin.cancelCrawl(c.crawl().id()), "Crawl " + c.crawl().id())));
            cancelCrawl.setId("cancel-crawl");
            cancelCrawl.addThemeVariants(ButtonVariant.LUMO_ERROR);
            crawlActions.add(cancelCrawl);
            Button cancelBatch = new Button("Cancel batch", e -> selectedBatch().ifPresent(b -> cancel(() ->
                    admin.cancelBatch(b.batch().id()), "Batch " + b.batch().id())));
            cancelBatch.setId("cancel-batch");
            cancelBatch.addThemeVariants(ButtonVariant.LUMO_ERROR);
            batchActions.add(cancelBatch);
        }
        add(new H2("Crawls and batches"), filters, new H3("Crawls"), crawls, crawlActions, new H3("Batches"), batches,
                batchActions);
        refresh();
        refresher.every(this, this::refresh);
    }

    /** The first page of each again (what a push shows); the operator's selection stays. */
    void refresh() {
        nextCrawls = null;
        nextBatches = null;
        crawlsShown.clear();
        batchesShown.clear();
        pageCrawls();
        pageBatches();
    }

    private void pageCrawls() {
        if (!tenant.check()) {
            return;
        }
        UUID tenantId = tenant.id();
        String wanted = ANY.equals(status.getValue()) ? null : status.getValue();
        String cursor = nextCrawls;
        CoreApiCall.of(() -> admin.crawls(tenantId, wanted, cursor, PAGE)).ifPresent(found -> {
            crawlsShown.addAll(found.crawls());
            nextCrawls = found.next();
            Grids.refill(crawls, List.copyOf(crawlsShown), c -> c.crawl().id());
            olderCrawls.setEnabled(nextCrawls != null);
        });
    }

    private void pageBatches() {
        if (!tenant.check()) {
            return;
        }
        UUID tenantId = tenant.id();
        String cursor = nextBatches;
        CoreApiCall.of(() -> admin.batches(tenantId, cursor, PAGE)).ifPresent(found -> {
            batchesShown.addAll(found.batches());
            nextBatches = found.next();
            Grids.refill(batches, List.copyOf(batchesShown), b -> b.batch().id());
            olderBatches.setEnabled(nextBatches != null);
        });
    }

    private Optional<AdminCrawlView> selectedCrawl() {
        return crawls.getSelectedItems().stream().findFirst();
    }

    private Optional<AdminBatchView> selectedBatch() {
        return batches.getSelectedItems().stream().findFirst();
    }

    private void openJobs(UUID parent) {
        getUI().ifPresent(ui -> ui.navigate(JobsView.class, QueryParameters.of("parent", parent.toString())));
    }

    private void cancel(Supplier<?> action, String what) {
        CoreApiCall.of(action).ifPresent(done -> {
            CoreApiCall.success(what + " cancelled: nothing more of it starts");
            refresh();
        });
    }

    private static ProgressBar progress(CrawlView.Counts c) {
        long ended = c.done() + c.failed() + c.blocked() + c.cancelled();
        return bar(ended, ended + c.queued() + c.running());
    }

    private static ProgressBar progress(BatchView b) {
        BatchView.Counts c = b.counts();
        return bar(c.succeeded() + c.failed() + c.blocked() + c.cancelled(), b.total());
    }

    private static ProgressBar bar(long ended, long of) {
        ProgressBar bar = new ProgressBar(0, 1, of == 0 ? 0 : Math.min(1, (double) ended / of));
        bar.getElement().setAttribute("aria-label", ended + " of " + of + " ended");
        return bar;
    }

    static String describe(CrawlView.Counts c) {
        return c.done() + " done, " + c.queued() + " queued, " + c.running() + " running, " + c.failed() + " failed, "
                + c.blocked() + " blocked of " + c.discovered() + " found (skipped: " + c.skippedRobots()
                + " robots, " + c.skippedRules() + " rules, " + c.skippedRefused() + " refused)";
    }

    static String describe(BatchView b) {
        BatchView.Counts c = b.counts();
        return c.succeeded() + " succeeded, " + c.queued() + " queued, " + c.running() + " running, " + c.failed()
                + " failed, " + c.blocked() + " blocked, " + c.cancelled() + " cancelled of " + b.total();
    }
}
