package dev.gleaner.admin.crawl;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.select.Select;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.batch.AdminBatchView;
import dev.gleaner.core.client.batch.BatchView;
import dev.gleaner.core.client.crawl.AdminCrawlView;
import dev.gleaner.core.client.crawl.CrawlView;

/** The crawls and batches view: progress from core-api, refreshed by push, cancelled by an admin. */
class CrawlsViewTest extends ViewTest {

    private final UUID tenant = UUID.randomUUID();

    private AdminCrawlView crawl(String status, long done, long queued) {
        AdminCrawlView crawl = new AdminCrawlView(tenant, new CrawlView(UUID.randomUUID(), "https://site.example/",
                status, new CrawlView.Counts(done + queued + 5, queued, 1, done, 0, 0, 0, 2, 3, 0), Instant.now(), null));
        admin.crawls.add(crawl);
        return crawl;
    }

    @SuppressWarnings("unchecked")
    private static Grid<AdminCrawlView> crawls() {
        return _get(Grid.class, spec -> spec.withId("crawls-grid"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void crawlsShowTheirProgressAPushMovesItAndAnAdminCancelsTheSelectedOne() {
        AdminCrawlView running = crawl("running", 40, 9);
        admin.batches.add(new AdminBatchView(tenant, new BatchView(UUID.randomUUID(), "running", 10,
                new BatchView.Counts(2, 1, 7, 0, 0, 0), Instant.now(), null)));
        show(new CrawlsView(admin, refresher));
        assertThat(GridKt._getFormattedRow(crawls(), 0)).contains("running",
                "40 done, 9 queued, 1 running, 0 failed, 0 blocked of 54 found (skipped: 2 robots, 3 rules, 0 refused)");
        Grid<AdminBatchView> batches = _get(Grid.class, spec -> spec.withId("batches-grid"));
        assertThat(GridKt._getFormattedRow(batches, 0))
                .contains("7 succeeded, 2 queued, 1 running, 0 failed, 0 blocked, 0 cancelled of 10");

        crawls().select(GridKt._get(crawls(), 0));
        admin.crawls.set(0, new AdminCrawlView(tenant, new CrawlView(running.crawl().id(), running.crawl().url(),
                "running", new CrawlView.Counts(60, 0, 1, 54, 0, 0, 0, 2, 3, 0), Instant.now(), null)));
        push();
        assertThat(String.join(" | ", GridKt._getFormattedRow(crawls(), 0))).contains("54 done");
        assertThat(crawls().getSelectedItems()).as("the selection survives the push").hasSize(1);

        _click(_get(Button.class, spec -> spec.withId("cancel-crawl")));
        assertThat(admin.crawls.getFirst().crawl().status()).isEqualTo("cancelled");

        _get(Select.class, spec -> spec.withId("crawls-status")).setValue("running");
        assertThat(admin.lastQuery.get("crawls.status")).isEqualTo("running");
        assertThat(GridKt._size(crawls())).isZero();
    }

    @Test
    void aViewerCannotCancel() {
        crawl("running", 1, 1);
        signInAs("victor", SignedIn.VIEWER);
        show(new CrawlsView(admin, refresher));
        assertThat(GridKt._size(crawls())).isEqualTo(1);
        assertThat(_find(Button.class, spec -> spec.withId("cancel-crawl"))).isEmpty();
        assertThat(_find(Button.class, spec -> spec.withId("cancel-batch"))).isEmpty();
        assertThat(_find(Button.class, spec -> spec.withId("crawl-pages"))).hasSize(1);
    }
}
