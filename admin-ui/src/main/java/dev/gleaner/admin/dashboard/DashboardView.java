package dev.gleaner.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.DashboardView.Domain;
import dev.gleaner.core.client.admin.DashboardView.Minute;
import dev.gleaner.core.client.admin.DashboardView.Sample;

/**
 * The last hour at a glance, refreshed by push: scrapes per second by outcome, the queue and the age of its oldest
 * job, browser slots busy and free, the 429 and block rates, and the domains with the most errors. Charts are SVG
 * drawn on the server ({@link SvgChart}).
 */
@Route(value = "dashboard", layout = MainLayout.class)
@PageTitle("Dashboard · Gleaner")
@PermitAll
public class DashboardView extends VerticalLayout {

    private static final int MINUTES = 60;

    private final AdminApi admin;
    private final Span scrapeRate = figure("figure-scrape-rate");
    private final Span queued = figure("figure-queued");
    private final Span oldest = figure("figure-oldest");
    private final Span slots = figure("figure-slots");
    private final Span throttledRate = figure("figure-429-rate");
    private final Span blockRate = figure("figure-block-rate");
    private final Svg scrapes = chart("chart-scrapes");
    private final Svg throttled = chart("chart-rates");
    private final Svg queue = chart("chart-queue");
    private final Svg browsers = chart("chart-browsers");
    private final Svg waited = chart("chart-oldest");
    private final Grid<Domain> domains = new Grid<>(Domain.class, false);

    public DashboardView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        setWidthFull();
        FlexLayout figures = new FlexLayout(card("Scrapes/s (last minute)", scrapeRate), card("Jobs waiting", queued),
                card("Oldest waiting", oldest), card("Browser slots busy", slots),
                card("429/503 (last 5 min)", throttledRate), card("Blocked (last 5 min)", blockRate));
        figures.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        figures.getStyle().set("gap", "var(--lumo-space-m)");
        FlexLayout charts = new FlexLayout(scrapes, throttled, queue, waited, browsers);
        charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        charts.getStyle().set("gap", "var(--lumo-space-l)");
        domains.setId("top-domains");
        domains.setAriaLabel("Domains with the most errors");
        domains.addColumn(Domain::domain).setHeader("Domain").setAutoWidth(true);
        domains.addColumn(Domain::requests).setHeader("Requests");
        domains.addColumn(Domain::throttled).setHeader("429/503");
        domains.addColumn(Domain::failures).setHeader("Failures");
        domains.addColumn(Domain::blocked).setHeader("Blocked");
        domains.setAllRowsVisible(true);
        add(new H2("Dashboard"), figures, charts, new H3("Domains with the most errors"), domains);
        refresh();
        refresher.every(this, this::refresh);
    }

    void refresh() {
        CoreApiCall.of(admin::dashboard).ifPresent(this::show);
    }

    private void show(dev.gleaner.core.client.admin.DashboardView view) {
        Instant now = view.at().truncatedTo(ChronoUnit.MINUTES);
        List<Instant> slotsOfHour = new ArrayList<>();
        for (int i = MINUTES - 1; i >= 0; i--) {
            slotsOfHour.add(now.minus(i, ChronoUnit.MINUTES));
        }
        double[] ok = new double[MINUTES];
        double[] blocked = new double[MINUTES];
        double[] failed = new double[MINUTES];
        double[] throttledShare = new double[MINUTES];
        double[] blockedShare = new double[MINUTES];
        for (Minute minute : view.minutes()) {
            int i = slotsOfHour.indexOf(minute.minute().truncatedTo(ChronoUnit.MINUTES));
            if (i < 0) {
                continue;
            }
            for (Map.Entry<String, Long> outcome : minute.outcomes().entrySet()) {
                double perSecond = outcome.getValue() / 60.0;
                switch (outcome.getKey()) {
                    case "OK", "CACHED" -> ok[i] += perSecond;
                    case "BLOCKED", "CAPTCHA" -> blocked[i] += perSecond;
                    default -> failed[i] += perSecond;
                }
            }
            long total = minute.total();
            throttledShare[i] = total == 0 ? 0 : 100.0 * minute.throttled() / total;
            blockedShare[i] = total == 0 ? 0 : 100.0 * (minute.outcomes().getOrDefault("BLOCKED", 0L)
                    + minute.outcomes().getOrDefault("CAPTCHA", 0L)) / total;
        }
        scrapes.setSvg(SvgChart.bars("Scrapes per second by outcome", "the last hour's scrapes per second, per minute",
                slotsOfHour, List.of(new SvgChart.Series("ok", "#2e7d32", ok),
                        new SvgChart.Series("blocked", "#ef6c00", blocked),
                        new SvgChart.Series("failed", "#c62828", failed))));
        throttled.setSvg(SvgChart.lines("429/503 and block rate (%)", "shares of the last hour's scrapes, per minute",
                slotsOfHour, List.of(new SvgChart.Series("429/503", "#6a1b9a", throttledShare),
                        new SvgChart.Series("blocked", "#ef6c00", blockedShare))));
        double[] waiting = new double[MINUTES];
        double[] running = new double[MINUTES];
        double[] oldestMinutes = new double[MINUTES];
        double[] busy = new double[MINUTES];
        double[] free = new double[MINUTES];
        for (Sample sample : view.history()) {
            int i = slotsOfHour.indexOf(sample.minute().truncatedTo(ChronoUnit.MINUTES));
            if (i < 0) {
                continue;
            }
            waiting[i] = sample.queued();
            running[i] = sample.running();
            oldestMinutes[i] = sample.oldestAgeSeconds() == null ? 0 : sample.oldestAgeSeconds() / 60.0;
            if (sample.slots() != null) {
                busy[i] = sample.busy();
                free[i] = Math.max(0, sample.slots() - sample.busy());
            }
        }
        queue.setSvg(SvgChart.lines("Jobs waiting and running", "the job queue over the last hour, per minute",
                slotsOfHour, List.of(new SvgChart.Series("waiting", "#1565c0", waiting),
                        new SvgChart.Series("running", "#2e7d32", running))));
        waited.setSvg(SvgChart.lines("Oldest waiting job (min)",
                "how long the job waiting longest had waited, over the last hour, per minute",
                slotsOfHour, List.of(new SvgChart.Series("oldest", "#ef6c00", oldestMinutes))));
        browsers.setSvg(SvgChart.lines("Browser slots", "busy and free slots over the last hour, per minute",
                slotsOfHour, List.of(new SvgChart.Series("busy", "#c62828", busy),
                        new SvgChart.Series("free", "#2e7d32", free))));

        Minute last = view.minutes().isEmpty() ? null : view.minutes().getLast();
        boolean current = last != null && !last.minute().isBefore(now.minus(1, ChronoUnit.MINUTES));
        scrapeRate.setText(current ? String.format(Locale.ROOT, "%.2f", last.total() / 60.0) : "0");
        queued.setText(view.queue().queued() + " (" + view.queue().running() + " running)");
        oldest.setText(view.queue().oldestQueuedAt() == null ? "none"
                : age(Duration.between(view.queue().oldestQueuedAt(), view.at())));
        slots.setText(view.browsers().busy() + " of " + view.browsers().slots() + " (" + view.browsers().nodes()
                + " nodes)");
        long recent = 0;
        long recentThrottled = 0;
        long recentBlocked = 0;
        for (Minute minute : view.minutes()) {
            if (!minute.minute().isBefore(now.minus(4, ChronoUnit.MINUTES))) {
                recent += minute.total();
                recentThrottled += minute.throttled();
                recentBlocked += minute.outcomes().getOrDefault("BLOCKED", 0L)
                        + minute.outcomes().getOrDefault("CAPTCHA", 0L);
            }
        }
        throttledRate.setText(share(recentThrottled, recent));
        blockRate.setText(share(recentBlocked, recent));
        domains.setItems(view.topDomains());
    }

    private static String share(long part, long of) {
        return of == 0 ? "–" : String.format(Locale.ROOT, "%.1f %% (%d)", 100.0 * part / of, part);
    }

    private static String age(Duration age) {
        return age.toHours() > 0 ? age.toHours() + " h " + age.toMinutesPart() + " min"
                : age.toMinutes() > 0 ? age.toMinutes() + " min " + age.toSecondsPart() + " s" : age.toSeconds() + " s";
    }

    private static Span figure(String id) {
        Span value = new Span("–");
        value.setId(id);
        value.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("font-weight", "600");
        return value;
    }

    private static Div card(String label, Span value) {
        Span name = new Span(label);
        name.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div card = new Div(name, new Div(value));
        card.getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("min-width", "11em");
        return card;
    }

    private static Svg chart(String id) {
        Svg chart = new Svg();
        chart.setId(id);
        chart.getStyle().set("width", "min(560px, 100%)");
        return chart;
    }
}
