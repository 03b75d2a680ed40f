package dev.gleaner.admin.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.HttpClientErrorException;

import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.DashboardView;
import dev.gleaner.core.client.admin.FarmNodeView;
import dev.gleaner.core.client.admin.IssueTokenRequest;
import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.OperatorRequest;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.admin.SignInRequest;
import dev.gleaner.core.client.admin.SuspendTenantRequest;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.client.admin.UpdateTenantRequest;
import dev.gleaner.core.client.audit.AuditEntry;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.client.batch.AdminBatchView;
import dev.gleaner.core.client.batch.BatchView;
import dev.gleaner.core.client.crawl.AdminCrawlView;
import dev.gleaner.core.client.crawl.CrawlView;
import dev.gleaner.core.client.job.AdminJobView;
import dev.gleaner.core.client.plan.AssignPlanRequest;
import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.plan.PlanRequest;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.plan.Rate;
import dev.gleaner.core.client.policy.DomainPauseRequest;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.client.policy.DomainPolicyRequest;
import dev.gleaner.core.client.policy.DomainPolicyView;
import dev.gleaner.core.client.policy.DomainView;
import dev.gleaner.core.client.usage.UsageView;
import dev.gleaner.core.client.webhook.DeliveryAttempt;
import dev.gleaner.core.client.webhook.DeliveryDetail;
import dev.gleaner.core.client.webhook.DeliveryView;
import dev.gleaner.core.client.webhook.WebhookSecret;

/**
 * core-api's admin API in memory, for view tests: it keeps what views change, checks a few things core-api checks
 * (a name is required and unique, the last admin stays), and answers errors the way the RestClient-backed client
 * surfaces core-api's problem+json: an exception whose body reads as a {@link ProblemDetail}. Every call is
 * counted by method name, and the last query parameters are kept, so a test can see what a view asked for.
 */
public final class InMemoryAdminApi implements AdminApi {

    public static final UUID DEFAULT_PLAN = UUID.fromString("00000000-0000-0000-0000-000000000001");

    public final List<TenantView> tenants = new ArrayList<>();
    public final List<IssuedToken> issued = new ArrayList<>();
    public final List<TokenView> tokens = new ArrayList<>();
    public final List<PlanView> plans = new ArrayList<>();
    public final List<DomainPauseView> pauses = new ArrayList<>();
    public final List<DomainView> domains = new ArrayList<>();
    public final Map<String, DomainPolicyView> policies = new ConcurrentHashMap<>();
    public final List<AuditEntry> audit = new ArrayList<>();
    public final List<DeliveryView> deliveries = new ArrayList<>();
    public final Map<UUID, List<DeliveryAttempt>> attempts = new ConcurrentHashMap<>();
    public final List<OperatorView> operators = new ArrayList<>();
    public final Map<UUID, UsageView.Counts> used = new ConcurrentHashMap<>();
    public final Map<String, Integer> calls = new ConcurrentHashMap<>();
    public final Map<String, Object> lastQuery = new ConcurrentHashMap<>();
    public final List<AdminJobView> jobs = new ArrayList<>();
    public final List<FarmNodeView> farm = new ArrayList<>();
    public final List<AdminCrawlView> crawls = new ArrayList<>();
    public final List<AdminBatchView> batches = new ArrayList<>();
    public final Map<UUID, String> secrets = new ConcurrentHashMap<>();
    public final Map<UUID, byte[]> artifacts = new ConcurrentHashMap<>();
    public DashboardView dashboard = new DashboardView(Instant.now(), List.of(), new DashboardView.Queue(0, 0, null),
            new DashboardView.Browsers(0, 0, 0), List.of(), List.of());

    public InMemoryAdminApi() {
        Rate rate = new Rate(20, 100);
        plans.add(new PlanView(DEFAULT_PLAN, "default", true, new PlanLimits(rate, rate, new Rate(2, 10), rate),
                PlanAllowances.UNLIMITED, 1, Instant.now(), Instant.now()));
    }

    private void called(String method, Object... query) {
        calls.merge(method, 1, Integer::sum);
        for (int i = 0; i + 1 < query.length; i += 2) {
            if (query[i + 1] == null) {
                lastQuery.remove(method + "." + query[i]);
            } else {
                lastQuery.put(method + "." + query[i], query[i + 1]);
            }
        }
    }

    public int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    @Override
    public List<TenantView> listTenants(String q, UUID plan, String sort, String order, Integer offset, Integer limit) {
        called("listTenants", "q", q, "plan", plan, "sort", sort, "order", order, "offset", offset, "limit", limit);
        Comparator<TenantView> by = "name".equals(sort)
                ? Comparator.comparing(t -> t.name().toLowerCase(Locale.ROOT)) : Comparator.comparing(TenantView::createdAt);
        return tenants.stream().map(this::withTokens)
                .filter(t -> q == null || t.name().toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT))
                        || t.id().toString().equals(q))
                .filter(t -> plan == null || plan.equals(t.planId()) || t.planId() == null && plan.equals(DEFAULT_PLAN))
                .sorted("desc".equals(order) ? by.reversed() : by)
                .skip(offset == null ? 0 : offset).limit(limit == null ? 100 : limit).toList();
    }

    private TenantView withTokens(TenantView t) {
        return new TenantView(t.id(), t.name(), t.concurrencyCap(), t.createdAt(),
                tokens.stream().filter(k -> k.tenantId().equals(t.id()) && k.active()).count(), t.retentionDays(),
                t.suspendedAt(), t.planId());
    }

    @Override
    public TenantView createTenant(CreateTenantRequest request) {
        called("createTenant");
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw problem(HttpStatus.BAD_REQUEST, "name: is required");
        }
        if (tenants.stream().anyMatch(t -> t.name().equalsIgnoreCase(name))) {
            throw problem(HttpStatus.CONFLICT, "a tenant named '" + name + "' already exists");
        }
        TenantView tenant = new TenantView(UUID.randomUUID(), name, 4, Instant.now(), 0, 7, null, null);
        tenants.add(tenant);
        return tenant;
    }

    private TenantView replace(UUID id, java.util.function.UnaryOperator<TenantView> change) {
        for (int i = 0; i < tenants.size(); i++) {
            if (tenants.get(i).id().equals(id)) {
                tenants.set(i, change.apply(tenants.get(i)));
                return withTokens(tenants.get(i));
            }
        }
        throw problem(HttpStatus.NOT_FOUND, "no tenant with id " + id);
    }

    @Override
    public TenantView suspendTenant(UUID tenantId, SuspendTenantRequest request) {
        called("suspendTenant", "reason", request.reason());
        return replace(tenantId, t -> new TenantView(t.id(), t.name(), t.concurrencyCap(), t.createdAt(),
                t.activeTokens(), t.retentionDays(), Instant.now(), t.planId()));
    }

    @Override
    public TenantView resumeTenant(UUID tenantId) {
        called("resumeTenant");
        return replace(tenantId, t -> new TenantView(t.id(), t.name(), t.concurrencyCap(), t.createdAt(),
                t.activeTokens(), t.retentionDays(), null, t.planId()));
    }

    @Override
    public UsageView usage(UUID tenantId) {
        called("usage");
        TenantView tenant = tenants.stream().filter(t -> t.id().equals(tenantId)).findFirst().orElseThrow();
        PlanView plan = plans.stream().filter(p -> tenant.planId() == null ? p.isDefault() : p.id().equals(tenant.planId()))
                .findFirst().orElseThrow();
        UsageView.Counts counts = used.getOrDefault(tenantId, new UsageView.Counts(0L, 0L, 0L, 0L));
        PlanAllowances a = plan.allowances() == null ? PlanAllowances.UNLIMITED : plan.allowances();
        return new UsageView("2026-12", Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"),
                new UsageView.Plan(plan.id(), plan.name()), counts, new UsageView.Counts(
                        left(a.requestsPerMonth(), counts.requests()), left(a.pagesPerMonth(), counts.pages()),
                        left(a.browserSecondsPerMonth(), counts.browserSeconds()),
                        left(a.llmTokensPerMonth(), counts.llmTokens())), new UsageView.Llm(counts.llmTokens(), 0));
    }

    private static Long left(Long limit, Long used) {
        return limit == null ? null : Math.max(0, limit - used);
    }

    @Override
    public void assignPlan(UUID tenantId, AssignPlanRequest request) {
        called("assignPlan");
        if (plans.stream().noneMatch(p -> p.id().equals(request.planId()))) {
            throw problem(HttpStatus.BAD_REQUEST, "planId: no such plan");
        }
        replace(tenantId, t -> new TenantView(t.id(), t.name(), t.concurrencyCap(), t.createdAt(), t.activeTokens(),
                t.retentionDays(), t.suspendedAt(), DEFAULT_PLAN.equals(request.planId()) ? null : request.planId()));
    }

    @Override
    public IssuedToken issueToken(UUID tenantId, IssueTokenRequest request) {
        called("issueToken");
        String prefix = "glt_" + UUID.randomUUID().toString().substring(0, 12);
        IssuedToken token = new IssuedToken(UUID.randomUUID(), tenantId, request.name(), prefix,
                prefix + "_" + UUID.randomUUID(), Instant.now());
        issued.add(token);
        tokens.addFirst(new TokenView(token.id(), tenantId, token.name(), prefix, token.createdAt(), null, null,
                request.expiresAt()));
        return token;
    }

    @Override
    public List<TokenView> listTokens(UUID tenantId) {
        called("listTokens");
        return tokens.stream().filter(k -> k.tenantId().equals(tenantId)).toList();
    }

    @Override
    public TokenView revokeToken(UUID tenantId, UUID tokenId) {
        called("revokeToken");
        for (int i = 0; i < tokens.size(); i++) {
            TokenView k = tokens.get(i);
            if (k.id().equals(tokenId) && k.tenantId().equals(tenantId)) {
                TokenView revoked = k.active()
                        ? new TokenView(k.id(), k.tenantId(), k.name(), k.prefix(), k.createdAt(), Instant.now(), k.lastUsedAt(),
                                k.expiresAt())
                        : k;
                tokens.set(i, revoked);
                return revoked;
            }
        }
        throw problem(HttpStatus.NOT_FOUND, "tenant " + tenantId + " has no token " + tokenId);
    }

    @Override
    public List<PlanView> listPlans(String q, String sort, String order, Integer offset, Integer limit) {
        called("listPlans", "q", q, "sort", sort, "order", order, "offset", offset, "limit", limit);
        return page(plans, p -> contains(p.name(), q) || p.id().toString().equals(q),
                "name".equals(sort) ? Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT))
                        : Comparator.comparing(PlanView::createdAt), order, offset, limit);
    }

    private static boolean contains(String text, String q) {
        return q == null || text != null && text.toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT));
    }

    /** What core-api does with a listing's q, sort, order, offset and limit. */
    private static <T> List<T> page(List<T> all, java.util.function.Predicate<T> matches, Comparator<T> by,
            String order, Integer offset, Integer limit) {
        return all.stream().filter(matches).sorted("desc".equals(order) ? by.reversed() : by)
                .skip(offset == null ? 0 : offset).limit(limit == null ? 100 : limit).toList();
    }

    @Override
    public PlanView createPlan(PlanRequest request) {
        called("createPlan");
        checkPlan(request, null);
        PlanView plan = new PlanView(UUID.randomUUID(), request.name(), false, request.limits(), request.allowances(), 1,
                Instant.now(), Instant.now());
        plans.add(plan);
        return plan;
    }

    @Override
    public PlanView updatePlan(UUID planId, PlanRequest request) {
        called("updatePlan");
        checkPlan(request, planId);
        for (int i = 0; i < plans.size(); i++) {
            PlanView p = plans.get(i);
            if (p.id().equals(planId)) {
                PlanView changed = new PlanView(p.id(), request.name(), p.isDefault(), request.limits(),
                        request.allowances(), p.version() + 1, p.createdAt(), Instant.now());
                plans.set(i, changed);
                return changed;
            }
        }
        throw problem(HttpStatus.NOT_FOUND, "no plan " + planId);
    }

    private void checkPlan(PlanRequest request, UUID self) {
        if (request.name() == null || request.name().isBlank()) {
            throw problem(HttpStatus.BAD_REQUEST, "name: is required");
        }
        if (plans.stream().anyMatch(p -> p.name().equals(request.name()) && !p.id().equals(self))) {
            throw problem(HttpStatus.CONFLICT, "a plan named '" + request.name() + "' already exists");
        }
    }

    @Override
    public List<DomainPauseView> listPauses(String q, UUID tenant, String sort, String order, Integer offset,
            Integer limit) {
        called("listPauses", "q", q, "tenant", tenant, "sort", sort, "order", order, "offset", offset, "limit", limit);
        Comparator<DomainPauseView> by = "domain".equals(sort) ? Comparator.comparing(DomainPauseView::domain)
                : Comparator.comparing(DomainPauseView::createdAt);
        return page(pauses, p -> (contains(p.domain(), q) || contains(p.reason(), q))
                && (tenant == null || p.tenantId() == null || tenant.equals(p.tenantId())), by, order, offset, limit);
    }

    @Override
    public DomainPauseView pause(DomainPauseRequest request) {
        called("pause");
        if (request.reason() == null || request.reason().isBlank()) {
            throw problem(HttpStatus.BAD_REQUEST, "reason: is required");
        }
        DomainPauseView pause = new DomainPauseView(UUID.randomUUID(), request.domain(), request.tenantId(),
                request.reason(), request.until(), Instant.now(), "operator:test");
        pauses.addFirst(pause);
        return pause;
    }

    @Override
    public DomainPauseView endPause(UUID pauseId) {
        called("endPause");
        DomainPauseView pause = pauses.stream().filter(p -> p.id().equals(pauseId)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no pause " + pauseId + " is in force"));
        pauses.remove(pause);
        return pause;
    }

    @Override
    public DomainView.Page listDomains(String q, String sort, String order, Integer offset, Integer limit) {
        called("listDomains", "q", q, "sort", sort, "order", order, "offset", offset, "limit", limit);
        Comparator<DomainView> by = switch (sort == null ? "lastSeen" : sort) {
            case "domain" -> Comparator.comparing(DomainView::domain);
            case "throttled" -> Comparator.comparingLong(d -> d.recent().throttled());
            // the fake's domains are kept most recent first
            default -> Comparator.comparingInt(d -> -domains.indexOf(d));
        };
        String direction = order != null ? order : sort == null || sort.equals("lastSeen") ? "desc" : "asc";
        return new DomainView.Page(page(domains, d -> contains(d.domain(), q), by, direction, offset, limit));
    }

    @Override
    public DomainView domain(String domain) {
        called("domain");
        return domains.stream().filter(d -> d.domain().equals(domain)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no domain " + domain));
    }

    @Override
    public DomainPolicyView setDomainPolicy(String domain, DomainPolicyRequest request) {
        called("setDomainPolicy");
        DomainPolicyView set = new DomainPolicyView(domain, request.ratePerSecond(), request.maxConcurrency(),
                request.breakerFailures(), request.blockPauseAfter(), Instant.now(), "operator:test");
        policies.put(domain, set);
        return set;
    }

    @Override
    public DomainPolicyView clearDomainPolicy(String domain) {
        called("clearDomainPolicy");
        DomainPolicyView removed = policies.remove(domain);
        if (removed == null) {
            throw problem(HttpStatus.NOT_FOUND, domain + " has no settings of its own");
        }
        return removed;
    }

    @Override
    public AuditPage audit(String actor, String action, Instant from, Instant to, String cursor, int limit) {
        called("audit", "actor", actor, "action", action, "cursor", cursor, "limit", limit);
        List<AuditEntry> matching = audit.stream().filter(e -> actor == null || e.actor().equals(actor))
                .filter(e -> action == null || e.action().equals(action))
                .filter(e -> cursor == null || e.id() < Long.parseLong(cursor))
                .sorted(Comparator.comparingLong(AuditEntry::id).reversed()).toList();
        List<AuditEntry> page = matching.stream().limit(limit).toList();
        return new AuditPage(page, matching.size() > limit ? Long.toString(page.getLast().id()) : null);
    }

    @Override
    public List<DeliveryView> deliveries(String status, UUID tenant, UUID before, int limit) {
        called("deliveries", "status", status, "tenant", tenant, "before", before);
        List<DeliveryView> matching = deliveries.stream().filter(d -> status == null || d.status().equals(status))
                .filter(d -> tenant == null || d.tenantId().equals(tenant)).toList();
        int start = before == null ? 0 : matching.stream().map(DeliveryView::id).toList().indexOf(before) + 1;
        return matching.stream().skip(start).limit(limit).toList();
    }

    @Override
    public DeliveryDetail delivery(UUID deliveryId) {
        called("delivery");
        DeliveryView found = deliveries.stream().filter(d -> d.id().equals(deliveryId)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no webhook delivery with id " + deliveryId));
        return new DeliveryDetail(found, attempts.getOrDefault(deliveryId, List.of()));
    }

    @Override
    public DeliveryView redeliver(UUID deliveryId) {
        called("redeliver");
        for (int i = 0; i < deliveries.size(); i++) {
            DeliveryView d = deliveries.get(i);
            if (d.id().equals(deliveryId) && !"delivered".equals(d.status())) {
                DeliveryView again = new DeliveryView(d.id(), d.tenantId(), d.jobId(), d.batchId(), d.event(), d.url(),
                        "pending", 0, null, null, d.createdAt(), Instant.now(), null);
                deliveries.set(i, again);
                return again;
            }
        }
        throw problem(HttpStatus.NOT_FOUND, "no undelivered delivery " + deliveryId);
    }

    @Override
    public OperatorView signIn(SignInRequest request) {
        called("signIn");
        throw problem(HttpStatus.UNAUTHORIZED, "wrong username or password");
    }

    @Override
    public List<OperatorView> listOperators(String q, String sort, String order, Integer offset, Integer limit) {
        called("listOperators", "q", q, "sort", sort, "order", order, "offset", offset, "limit", limit);
        return page(operators, o -> contains(o.username(), q), Comparator.comparing(OperatorView::username), order,
                offset, limit);
    }

    @Override
    public OperatorView createOperator(OperatorRequest request) {
        called("createOperator");
        if (request.password() == null || request.password().length() < 12) {
            throw problem(HttpStatus.BAD_REQUEST, "password: must be 12–72 characters");
        }
        OperatorView made = new OperatorView(UUID.randomUUID(), request.username(), request.role(), Instant.now(),
                "operator:test", null);
        operators.add(made);
        return made;
    }

    @Override
    public OperatorView updateOperator(UUID operatorId, OperatorRequest request) {
        called("updateOperator", "password", request.password());
        for (int i = 0; i < operators.size(); i++) {
            OperatorView o = operators.get(i);
            if (o.id().equals(operatorId)) {
                if (o.canChange() && OperatorView.VIEWER.equals(request.role())
                        && operators.stream().filter(OperatorView::canChange).count() == 1) {
                    throw problem(HttpStatus.CONFLICT, "'" + o.username() + "' is the last admin; make another"
                            + " operator an admin first");
                }
                OperatorView changed = new OperatorView(o.id(), o.username(), request.role() == null ? o.role()
                        : request.role(), o.createdAt(), o.createdBy(), o.lastSignInAt());
                operators.set(i, changed);
                return changed;
            }
        }
        throw problem(HttpStatus.NOT_FOUND, "no operator " + operatorId);
    }

    @Override
    public OperatorView deleteOperator(UUID operatorId) {
        called("deleteOperator");
        OperatorView o = operators.stream().filter(x -> x.id().equals(operatorId)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no operator " + operatorId));
        operators.remove(o);
        return o;
    }

    @Override
    public AdminJobView.Page jobs(UUID tenant, String status, String kind, UUID parent, String domain, Instant from,
            Instant to, String order, String cursor, int limit) {
        called("jobs", "tenant", tenant, "status", status, "kind", kind, "parent", parent, "domain", domain, "order",
                order, "cursor", cursor);
        List<AdminJobView> matching = jobs.stream().filter(j -> tenant == null || j.tenantId().equals(tenant))
                .filter(j -> status == null || j.status().equals(status))
                .filter(j -> kind == null || j.kind().equals(kind))
                .filter(j -> parent == null || parent.equals(j.parentId()))
                .filter(j -> domain == null || j.url().contains("//" + domain))
                .sorted("asc".equals(order) ? Comparator.comparing(AdminJobView::createdAt)
                        : Comparator.comparing(AdminJobView::createdAt).reversed()).toList();
        int start = cursor == null ? 0 : Integer.parseInt(cursor);
        List<AdminJobView> page = matching.stream().skip(start).limit(limit).toList();
        return new AdminJobView.Page(page, start + limit < matching.size() ? Integer.toString(start + limit) : null);
    }

    @Override
    public AdminJobView job(UUID jobId) {
        called("job");
        return jobs.stream().filter(j -> j.id().equals(jobId)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no job with id " + jobId));
    }

    private AdminJobView setStatus(UUID jobId, String from, String to) {
        AdminJobView j = job(jobId);
        if (!from.contains(j.status())) {
            throw problem(HttpStatus.CONFLICT, "job " + jobId + " is " + j.status());
        }
        AdminJobView changed = new AdminJobView(j.id(), j.tenantId(), j.url(), to, j.kind(), j.parentId(), j.attempts(),
                j.maxAttempts(), j.worker(), j.error(), j.createdAt(), j.startedAt(), j.finishedAt(), j.request(),
                j.result(), j.history());
        jobs.set(jobs.indexOf(j), changed);
        return changed;
    }

    @Override
    public AdminJobView cancelJob(UUID jobId) {
        called("cancelJob");
        return setStatus(jobId, "queued running", "cancelled");
    }

    @Override
    public AdminJobView retryJob(UUID jobId) {
        called("retryJob");
        return setStatus(jobId, "failed blocked cancelled", "queued");
    }

    @Override
    public ResponseEntity<byte[]> artifact(UUID artifactId) {
        called("artifact");
        byte[] bytes = artifacts.get(artifactId);
        if (bytes == null) {
            throw problem(HttpStatus.NOT_FOUND, "no artifact " + artifactId);
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(bytes);
    }

    @Override
    public DashboardView dashboard() {
        called("dashboard");
        return dashboard;
    }

    @Override
    public List<FarmNodeView> farmNodes() {
        called("farmNodes");
        return List.copyOf(farm);
    }

    private FarmNodeView draining(String nodeId, boolean draining) {
        FarmNodeView n = farm.stream().filter(x -> x.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no live farm node " + nodeId));
        FarmNodeView changed = new FarmNodeView(n.nodeId(), n.url(), n.capacity(), n.usable(), n.busy(), n.memoryBytes(),
                n.rendersDone(), n.startedAt(), n.reportedAt(), n.renders(), n.suspect(), draining, n.warmContexts());
        farm.set(farm.indexOf(n), changed);
        return changed;
    }

    @Override
    public FarmNodeView drainNode(String nodeId) {
        called("drainNode");
        return draining(nodeId, true);
    }

    @Override
    public FarmNodeView undrainNode(String nodeId) {
        called("undrainNode");
        return draining(nodeId, false);
    }

    @Override
    public TenantView updateTenant(UUID tenantId, UpdateTenantRequest request) {
        called("updateTenant", "name", request.name(), "concurrencyCap", request.concurrencyCap(), "retentionDays",
                request.retentionDays());
        if (request.concurrencyCap() != null && request.concurrencyCap() < 1) {
            throw problem(HttpStatus.BAD_REQUEST, "concurrencyCap: must be between 1 and 1000");
        }
        return replace(tenantId, t -> new TenantView(t.id(), request.name() == null ? t.name() : request.name(),
                request.concurrencyCap() == null ? t.concurrencyCap() : request.concurrencyCap(), t.createdAt(),
                t.activeTokens(), request.retentionDays() == null ? t.retentionDays() : request.retentionDays(),
                t.suspendedAt(), t.planId()));
    }

    @Override
    public WebhookSecret rotateWebhookSecret(UUID tenantId) {
        called("rotateWebhookSecret");
        replace(tenantId, t -> t);
        WebhookSecret secret = new WebhookSecret("whsec_" + UUID.randomUUID());
        secrets.put(tenantId, secret.secret());
        return secret;
    }

    @Override
    public AdminCrawlView.Page crawls(UUID tenant, String status, String cursor, int limit) {
        called("crawls", "tenant", tenant, "status", status, "cursor", cursor);
        List<AdminCrawlView> matching = crawls.stream().filter(c -> tenant == null || c.tenantId().equals(tenant))
                .filter(c -> status == null || c.crawl().status().equals(status)).toList();
        int start = cursor == null ? 0 : Integer.parseInt(cursor);
        return new AdminCrawlView.Page(matching.stream().skip(start).limit(limit).toList(),
                start + limit < matching.size() ? Integer.toString(start + limit) : null);
    }

    @Override
    public AdminCrawlView cancelCrawl(UUID crawlId) {
        called("cancelCrawl");
        AdminCrawlView c = crawls.stream().filter(x -> x.crawl().id().equals(crawlId)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no crawl with id " + crawlId));
        CrawlView v = c.crawl();
        AdminCrawlView cancelled = new AdminCrawlView(c.tenantId(), new CrawlView(v.id(), v.url(), "cancelled",
                v.counts(), v.createdAt(), Instant.now()));
        crawls.set(crawls.indexOf(c), cancelled);
        return cancelled;
    }

    @Override
    public AdminBatchView.Page batches(UUID tenant, String cursor, int limit) {
        called("batches", "tenant", tenant, "cursor", cursor);
        List<AdminBatchView> matching = batches.stream().filter(b -> tenant == null || b.tenantId().equals(tenant))
                .toList();
        int start = cursor == null ? 0 : Integer.parseInt(cursor);
        return new AdminBatchView.Page(matching.stream().skip(start).limit(limit).toList(),
                start + limit < matching.size() ? Integer.toString(start + limit) : null);
    }

    @Override
    public BatchView cancelBatch(UUID batchId) {
        called("cancelBatch");
        AdminBatchView b = batches.stream().filter(x -> x.batch().id().equals(batchId)).findFirst()
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no batch with id " + batchId));
        BatchView v = b.batch();
        BatchView cancelled = new BatchView(v.id(), "cancelled", v.total(), v.counts(), v.createdAt(), Instant.now());
        batches.set(batches.indexOf(b), new AdminBatchView(b.tenantId(), cancelled));
        return cancelled;
    }

    public static HttpClientErrorException problem(HttpStatus status, String detail) {
        HttpClientErrorException e = HttpClientErrorException.create(status, status.getReasonPhrase(), new HttpHeaders(),
                detail.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        e.setBodyConvertFunction(type -> ProblemDetail.forStatusAndDetail(status, detail));
        return e;
    }
}
