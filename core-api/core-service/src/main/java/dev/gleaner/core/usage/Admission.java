package dev.gleaner.core.usage;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.gleaner.core.extract.LlmProperties;
import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.config.CrawlProperties;
import dev.gleaner.core.crawl.CrawlCommand;
import dev.gleaner.core.error.ForbiddenException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.plan.PlanCatalog;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.core.tenant.TenantRepository;
import reactor.core.publisher.Mono;

/**
 * What a tenant's plan lets in, checked when a request is admitted (before anything is written): the
 * features it needs (403), a crawl's size (400 naming {@code maxPages}), and the monthly allowances, which
 * admission counts against ({@link UsageMeter}, 429 {@code quota-exceeded}).
 */
@Component
public class Admission {

    private final LlmProperties llm;
    private final TenantRepository tenants;
    private final PlanCatalog plans;
    private final UsageMeter meter;
    private final CrawlProperties crawls;

    /** Which plan each tenant is on, for a second: a tenant put on another plan is admitted by it within one. */
    private final AsyncCache<UUID, Optional<UUID>> planIds = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(1)).maximumSize(100_000).buildAsync();

    public Admission(TenantRepository tenants, PlanCatalog plans, UsageMeter meter, CrawlProperties crawls,
            LlmProperties llm) {
        this.llm = llm;
        this.tenants = tenants;
        this.plans = plans;
        this.meter = meter;
        this.crawls = crawls;
    }

    /** The tenant's plan. */
    public Mono<PlanView> planOf(UUID tenant) {
        return Mono.fromFuture(() -> planIds.get(tenant, (id, executor) -> tenants.planOf(id).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()).toFuture()))
                .flatMap(id -> plans.of(id.orElse(null)));
    }

    /** {@code requests} scrapes (a sync scrape, a job, a batch's URLs) made as {@code command} says. */
    public Mono<Void> scrapes(UUID tenant, ScrapeCommand command, int requests) {
        return planOf(tenant).flatMap(plan -> {
            features(plan, command);
            return meter.admit(tenant, plan.allowances(), requests, command.browserFirst(), command.model() != null);
        });
    }

    /** A map: one request, over HTTP. */
    public Mono<Void> map(UUID tenant) {
        return planOf(tenant).flatMap(plan -> meter.admit(tenant, plan.allowances(), 1, false, false));
    }

    /**
     * A crawl: the plan allows crawls and what its pages ask for, its {@code maxPages} is within the plan's crawl
     * size, and {@code respectRobots: false} is allowed (the plan names {@code robots-override}, or an operator
     * listed the tenant in {@code GLEANER_CRAWLS_ROBOTS_OVERRIDE_TENANTS}).
     */
    public Mono<Void> crawl(UUID tenant, CrawlCommand crawl, ScrapeCommand pages) {
        return planOf(tenant).flatMap(plan -> {
            PlanAllowances allowances = plan.allowances();
            if (!allowances.allows(PlanAllowances.CRAWLS)) {
                return Mono.error(notAllowed(plan, PlanAllowances.CRAWLS));
            }
            features(plan, pages);
            if (allowances.maxCrawlPages() != null && crawl.maxPages() > allowances.maxCrawlPages()) {
                return Mono.error(InvalidInputException.of("maxPages", "must be at most " + allowances.maxCrawlPages()
                        + " on this tenant's plan"));
            }
            Mono<Void> robots = crawl.respectRobots() || allowances.features() != null
                    && allowances.features().contains(PlanAllowances.ROBOTS_OVERRIDE) ? Mono.empty()
                    : tenants.findById(tenant).filter(t -> crawls.allowsRobotsOverride(tenant, t.name()))
                            .switchIfEmpty(Mono.error(() -> new ForbiddenException("respectRobots: false is not allowed for"
                                    + " this tenant: its plan does not name robots-override, nor does an operator list it"
                                    + " in GLEANER_CRAWLS_ROBOTS_OVERRIDE_TENANTS")))
                            .then();
            return robots.then(meter.admit(tenant, allowances, 1, pages.browserFirst(), pages.model() != null));
        });
    }

    /**
     * Whether an {@code auto} scrape of the tenant may go on to the browser: its plan allows the browser and its
     * browser seconds are not used up. When not, the page is answered as fetched over HTTP.
     */
    public Mono<Boolean> browserAllowed(UUID tenant) {
        return planOf(tenant).flatMap(plan -> {
            PlanAllowances allowances = plan.allowances();
            if (!allowances.allows(PlanAllowances.BROWSER)) {
                return Mono.just(false);
            }
            return allowances.browserSecondsPerMonth() == null ? Mono.just(true) : meter.used(tenant)
                    .map(used -> used.browserMs() < allowances.browserSecondsPerMonth() * 1000);
        });
    }

    private void features(PlanView plan, ScrapeCommand command) {
        if (command.model() != null && !llm.configured()) {
            throw InvalidInputException.of("extract", "extraction by a language model is not available here: no model"
                    + " is configured (an operator sets GLEANER_LLM_BASE_URL and GLEANER_LLM_MODEL)");
        }
        command.features().stream().filter(f -> !plan.allowances().allows(f)).findFirst().ifPresent(f -> {
            throw notAllowed(plan, f);
        });
    }

    private static ForbiddenException notAllowed(PlanView plan, String feature) {
        return new ForbiddenException("the plan '" + plan.name() + "' does not allow " + feature + switch (feature) {
            case PlanAllowances.BROWSER -> " (render: browser, or options only a browser can meet)";
            case PlanAllowances.SCREENSHOTS -> " (the screenshot and pdf formats, screenshot actions)";
            default -> "";
        });
    }
}
