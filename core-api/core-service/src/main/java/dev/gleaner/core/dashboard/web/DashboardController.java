package dev.gleaner.core.dashboard.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.admin.DashboardView;
import dev.gleaner.core.dashboard.Dashboard;
import dev.gleaner.core.identity.CallerPrincipal;
import reactor.core.publisher.Mono;

/** {@code GET /admin/v1/dashboard}: the console's live figures (admin API key required). */
@RestController
public class DashboardController {

    private final Dashboard dashboard;

    public DashboardController(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/admin/v1/dashboard")
    public Mono<DashboardView> now(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
        return dashboard.now();
    }
}
