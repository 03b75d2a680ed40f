package dev.gleaner.admin.dashboard;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;

import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.admin.DashboardView.Browsers;
import dev.gleaner.core.client.admin.DashboardView.Domain;
import dev.gleaner.core.client.admin.DashboardView.Minute;
import dev.gleaner.core.client.admin.DashboardView.Queue;
import dev.gleaner.core.client.admin.DashboardView.Sample;

/** The dashboard: figures and SVG charts from core-api's answer, refreshed by push. */
class DashboardViewTest extends ViewTest {

    private static String text(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }

    private static String svg(String id) {
        return _get(Svg.class, spec -> spec.withId(id)).getElement().getProperty("innerHTML", "");
    }

    @Test
    void theFiguresAndChartsShowTheLastHourAndAPushShowsNewOnes() {
        Instant now = Instant.now();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        admin.dashboard = new dev.gleaner.core.client.admin.DashboardView(now,
                List.of(new Minute(minute.minus(10, ChronoUnit.MINUTES), Map.of("OK", 30L), 0),
                        new Minute(minute, Map.of("OK", 54L, "BLOCKED", 3L, "TIMEOUT", 3L), 6)),
                new Queue(12, 3, now.minusSeconds(125)), new Browsers(2, 8, 5),
                List.of(new Domain("slow.example", 40, 6, 1, 3)),
                List.of(new Sample(minute.minus(1, ChronoUnit.MINUTES), 7, 2, 30L, 8, 6L),
                        new Sample(minute, 12, 3, 125L, 8, 5L)));
        show(new DashboardView(admin, refresher));

        assertThat(text("figure-scrape-rate")).isEqualTo("1.00");
        assertThat(text("figure-queued")).isEqualTo("12 (3 running)");
        assertThat(text("figure-oldest")).isEqualTo("2 min 5 s");
        assertThat(text("figure-slots")).isEqualTo("5 of 8 (2 nodes)");
        assertThat(text("figure-429-rate")).isEqualTo("10.0 % (6)");
        assertThat(text("figure-block-rate")).isEqualTo("5.0 % (3)");
        assertThat(svg("chart-scrapes")).contains("<svg", "role='img'", "Scrapes per second by outcome", "<rect")
                .contains("ok: 0.90").contains("blocked: 0.05");
        // the queue's and the slots' last hour come from core-api's samples, the same for every console
        assertThat(svg("chart-queue")).contains("waiting, now 12", "running, now 3");
        assertThat(svg("chart-oldest")).contains("Oldest waiting job", "oldest, now 2.08");
        assertThat(svg("chart-browsers")).contains("busy, now 5", "free, now 3");
        @SuppressWarnings("unchecked")
        Grid<Domain> domains = _get(Grid.class, spec -> spec.withId("top-domains"));
        assertThat(GridKt._get(domains, 0).domain()).isEqualTo("slow.example");

        admin.dashboard = new dev.gleaner.core.client.admin.DashboardView(now.plusSeconds(10), List.of(),
                new Queue(0, 0, null), new Browsers(2, 8, 0), List.of(),
                List.of(new Sample(minute, 0, 0, null, 8, 0L)));
        push();
        assertThat(text("figure-queued")).isEqualTo("0 (0 running)");
        assertThat(text("figure-oldest")).isEqualTo("none");
        assertThat(svg("chart-queue")).contains("<polyline", "Jobs waiting and running");
    }
}
