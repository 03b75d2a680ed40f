package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PatchExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.client.batch.AdminBatchView;
import dev.gleaner.core.client.batch.BatchView;
import dev.gleaner.core.client.crawl.AdminCrawlView;
import dev.gleaner.core.client.job.AdminJobView;
import dev.gleaner.core.client.plan.AssignPlanRequest;
import dev.gleaner.core.client.plan.PlanRequest;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.policy.DomainPauseRequest;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.client.policy.DomainPolicyRequest;
import dev.gleaner.core.client.policy.DomainPolicyView;
import dev.gleaner.core.client.policy.DomainView;
import dev.gleaner.core.client.usage.UsageView;
import dev.gleaner.core.client.webhook.DeliveryDetail;
import dev.gleaner.core.client.webhook.DeliveryView;
import dev.gleaner.core.client.webhook.WebhookSecret;

/**
 * core-api's admin API, as an HTTP interface: admin-ui and scripts build a client from it with
 * the admin API key as a bearer token. Errors come back as problem+json.
 */
@HttpExchange("/admin/v1")
public interface AdminApi {

    /**
     * The signed-in operator admin-ui acts for, on every call but sign-in: core-api audits the call as that
     * operator's and refuses a viewer's changes (403).
     */
    String OPERATOR_HEADER = "X-Gleaner-Operator";

    /**
     * A page of tenants: {@code q} matches part of a name or a whole id; {@code plan} is the plan they are on;
     * {@code sort} {@code name} or {@code createdAt}; {@code order} {@code asc} or {@code desc}. A null parameter
     * takes core-api's default.
     */
    @GetExchange("/tenants")
    List<TenantView> listTenants(@RequestParam(required = false) String q, @RequestParam(required = false) UUID plan,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String order, @RequestParam(required = false) Integer offset,
            @RequestParam(required = false) Integer limit);

    @PostExchange("/tenants")
    TenantView createTenant(@RequestBody CreateTenantRequest request);

    @PostExchange("/tenants/{tenantId}/tokens")
    IssuedToken issueToken(@PathVariable UUID tenantId, @RequestBody IssueTokenRequest request);

    /** The tenant's tokens, newest first, revoked ones included; never a secret. */
    @GetExchange("/tenants/{tenantId}/tokens")
    List<TokenView> listTokens(@PathVariable UUID tenantId);

    /**
     * Revokes a token: core-api refuses it at once, and every gateway within its token cache's
     * lifetime (5 s). Revoking a revoked token changes nothing and answers the same.
     */
    @DeleteExchange("/tenants/{tenantId}/tokens/{tokenId}")
    TokenView revokeToken(@PathVariable UUID tenantId, @PathVariable UUID tokenId);

    @PostExchange("/tenants/{tenantId}/suspend")
    TenantView suspendTenant(@PathVariable UUID tenantId, @RequestBody SuspendTenantRequest request);

    @PostExchange("/tenants/{tenantId}/resume")
    TenantView resumeTenant(@PathVariable UUID tenantId);

    @GetExchange("/tenants/{tenantId}/usage")
    UsageView usage(@PathVariable UUID tenantId);

    @PutExchange("/tenants/{tenantId}/plan")
    void assignPlan(@PathVariable UUID tenantId, @RequestBody AssignPlanRequest request);

    /** A page of plans: {@code q} a part of a name or a whole id; {@code sort} {@code name} or {@code createdAt}. */
    @GetExchange("/plans")
    List<PlanView> listPlans(@RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String order, @RequestParam(required = false) Integer offset,
            @RequestParam(required = false) Integer limit);

    @PostExchange("/plans")
    PlanView createPlan(@RequestBody PlanRequest request);

    @PutExchange("/plans/{planId}")
    PlanView updatePlan(@PathVariable UUID planId, @RequestBody PlanRequest request);

    /**
     * A page of the pauses in force: {@code q} a part of the domain or reason; {@code tenant} the pauses holding for
     * it; {@code sort} {@code createdAt}, {@code domain} or {@code until}.
     */
    @GetExchange("/domain-pauses")
    List<DomainPauseView> listPauses(@RequestParam(required = false) String q,
            @RequestParam(required = false) UUID tenant, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String order, @RequestParam(required = false) Integer offset,
            @RequestParam(required = false) Integer limit);

    @PostExchange("/domain-pauses")
    DomainPauseView pause(@RequestBody DomainPauseRequest request);

    @DeleteExchange("/domain-pauses/{pauseId}")
    DomainPauseView endPause(@PathVariable UUID pauseId);

    /**
     * A page of the domains fetched from over the last day, as the policy gate sees them: {@code q} a part of the
     * domain; {@code sort} {@code lastSeen} (most recent first), {@code domain}, {@code requests}, {@code throttled},
     * {@code blocked} or {@code failures}.
     */
    @GetExchange("/domains")
    DomainView.Page listDomains(@RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String order, @RequestParam(required = false) Integer offset,
            @RequestParam(required = false) Integer limit);

    @GetExchange("/domains/{domain}")
    DomainView domain(@PathVariable String domain);

    @PutExchange("/domains/{domain}/policy")
    DomainPolicyView setDomainPolicy(@PathVariable String domain, @RequestBody DomainPolicyRequest request);

    @DeleteExchange("/domains/{domain}/policy")
    DomainPolicyView clearDomainPolicy(@PathVariable String domain);

    /** The audit log, newest first; a null filter is left out. */
    @GetExchange("/audit")
    AuditPage audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String cursor, @RequestParam int limit);

    /** Webhook deliveries, newest first, older than {@code before} (a delivery's id); a null filter is left out. */
    @GetExchange("/webhooks/deliveries")
    List<DeliveryView> deliveries(@RequestParam(required = false) String status,
            @RequestParam(required = false) UUID tenant, @RequestParam(required = false) UUID before,
            @RequestParam int limit);

    /** One delivery with every attempt to send it. */
    @GetExchange("/webhooks/deliveries/{deliveryId}")
    DeliveryDetail delivery(@PathVariable UUID deliveryId);

    @PostExchange("/webhooks/deliveries/{deliveryId}/retry")
    DeliveryView redeliver(@PathVariable UUID deliveryId);

    /** Checks an operator's password (called without {@link #OPERATOR_HEADER}): 401 when wrong, 429 when throttled. */
    @PostExchange("/operators/sign-in")
    OperatorView signIn(@RequestBody SignInRequest request);

    /** A page of operators: {@code q} a part of a name; {@code sort} {@code username}, {@code createdAt} or {@code lastSignInAt}. */
    @GetExchange("/operators")
    List<OperatorView> listOperators(@RequestParam(required = false) String q,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String order,
            @RequestParam(required = false) Integer offset, @RequestParam(required = false) Integer limit);

    @PostExchange("/operators")
    OperatorView createOperator(@RequestBody OperatorRequest request);

    @PutExchange("/operators/{operatorId}")
    OperatorView updateOperator(@PathVariable UUID operatorId, @RequestBody OperatorRequest request);

    @DeleteExchange("/operators/{operatorId}")
    OperatorView deleteOperator(@PathVariable UUID operatorId);

    /**
     * Every tenant's jobs, newest first; a null filter is left out ({@code kind}: job, batch or crawl; {@code parent}:
     * a batch's or crawl's id).
     */
    @GetExchange("/jobs")
    AdminJobView.Page jobs(@RequestParam(required = false) UUID tenant, @RequestParam(required = false) String status,
            @RequestParam(required = false) String kind, @RequestParam(required = false) UUID parent,
            @RequestParam(required = false) String domain,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String order, @RequestParam(required = false) String cursor,
            @RequestParam int limit);

    /** One job with its request, result and attempts. */
    @GetExchange("/jobs/{jobId}")
    AdminJobView job(@PathVariable UUID jobId);

    @PostExchange("/jobs/{jobId}/cancel")
    AdminJobView cancelJob(@PathVariable UUID jobId);

    /** Runs a failed, blocked or cancelled job again (not a page of a batch or crawl). */
    @PostExchange("/jobs/{jobId}/retry")
    AdminJobView retryJob(@PathVariable UUID jobId);

    /** Any tenant's artifact (a screenshot, PDF or large raw HTML), with its content type. */
    @GetExchange("/artifacts/{artifactId}")
    ResponseEntity<byte[]> artifact(@PathVariable UUID artifactId);

    /** The console's live figures: the last hour's scrapes, the queue, the farm, the domains with most errors. */
    @GetExchange("/dashboard")
    DashboardView dashboard();

    /** The farm's live nodes, with what each reports of itself. */
    @GetExchange("/farm/nodes")
    List<FarmNodeView> farmNodes();

    /** No new leases for the node; its renders in flight run to their end. */
    @PostExchange("/farm/nodes/{nodeId}/drain")
    FarmNodeView drainNode(@PathVariable String nodeId);

    @PostExchange("/farm/nodes/{nodeId}/undrain")
    FarmNodeView undrainNode(@PathVariable String nodeId);

    /** Changes a tenant's name, concurrency cap or retention; a null field stays as it is. */
    @PatchExchange("/tenants/{tenantId}")
    TenantView updateTenant(@PathVariable UUID tenantId, @RequestBody UpdateTenantRequest request);

    /** A new webhook signing secret for the tenant, shown this once; the old one stops at once. */
    @PostExchange("/tenants/{tenantId}/webhook-secret")
    WebhookSecret rotateWebhookSecret(@PathVariable UUID tenantId);

    /** Every tenant's crawls with their progress, newest first ({@code status}: running, succeeded, failed, cancelled). */
    @GetExchange("/crawls")
    AdminCrawlView.Page crawls(@RequestParam(required = false) UUID tenant,
            @RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
            @RequestParam int limit);

    /** No page of the crawl starts any more; pages being fetched finish. */
    @PostExchange("/crawls/{crawlId}/cancel")
    AdminCrawlView cancelCrawl(@PathVariable UUID crawlId);

    /** Every tenant's batches with their progress, newest first. */
    @GetExchange("/batches")
    AdminBatchView.Page batches(@RequestParam(required = false) UUID tenant,
            @RequestParam(required = false) String cursor, @RequestParam int limit);

    /** What of the batch has not started is cancelled; jobs already running finish. */
    @PostExchange("/batches/{batchId}/cancel")
    BatchView cancelBatch(@PathVariable UUID batchId);
}
