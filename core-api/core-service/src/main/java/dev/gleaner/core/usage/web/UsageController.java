package dev.gleaner.core.usage.web;

import java.time.YearMonth;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.usage.UsageView;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.tenant.TenantRepository;
import dev.gleaner.core.usage.Admission;
import dev.gleaner.core.usage.UsageMeter;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/usage}: the calling tenant's usage this month against its plan; {@code GET
 * /admin/v1/tenants/{id}/usage}: any tenant's, for operators.
 */
@RestController
public class UsageController {

    private final UsageMeter meter;
    private final Admission admission;
    private final TenantRepository tenants;

    public UsageController(UsageMeter meter, Admission admission, TenantRepository tenants) {
        this.meter = meter;
        this.admission = admission;
        this.tenants = tenants;
    }

    @GetMapping("/v1/usage")
    public Mono<UsageView> mine(ServerWebExchange exchange) {
        return view(CallerPrincipal.tenantOf(exchange));
    }

    @GetMapping("/admin/v1/tenants/{id}/usage")
    public Mono<UsageView> tenants(@PathVariable UUID id, ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
        return tenants.findById(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no tenant with id " + id)))
                .flatMap(tenant -> view(id));
    }

    private Mono<UsageView> view(UUID tenant) {
        YearMonth period = UsageMeter.period();
        return admission.planOf(tenant).zipWith(meter.used(tenant), (plan, used) -> {
            PlanAllowances a = plan.allowances();
            return new UsageView(period.toString(), period.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
                    UsageMeter.end(period), new UsageView.Plan(plan.id(), plan.name()),
                    new UsageView.Counts(used.requests(), used.pages(), used.browserSeconds(), used.llmTokens()),
                    new UsageView.Counts(left(a.requestsPerMonth(), used.requests()), left(a.pagesPerMonth(), used.pages()),
                            left(a.browserSecondsPerMonth(), used.browserSeconds()),
                            left(a.llmTokensPerMonth(), used.llmTokens())),
                    new UsageView.Llm(used.llmInputTokens(), used.llmOutputTokens()));
        });
    }

    private static Long left(Long allowance, long used) {
        return allowance == null ? null : Math.max(0, allowance - used);
    }
}
