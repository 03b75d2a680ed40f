package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;

import dev.gleaner.devstack.DemoTenant;
import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.fixture.FixtureSite;
import tools.jackson.databind.JsonNode;

/**
 * The admin console against the real services, in real Chromium, as operators use it: an admin sets up a tenant
 * and pauses a domain, a viewer can change nothing, and a bad password or a signed-out session reaches nothing.
 */
class ConsoleEndToEndIT {

    private static final FixtureSite SITE = E2eStack.SITE;
    private static final List<String> VIEWS = List.of("/dashboard", "/tenants", "/plans", "/domains", "/jobs", "/farm",
            "/webhooks", "/audit", "/operators", "/");

    private static DevStack stack;
    private static Console console;

    @BeforeAll
    static void startConsole() {
        stack = E2eStack.get();
        console = new Console(stack.adminUrl());
    }

    @AfterAll
    static void stopConsole() {
        if (console != null) {
            console.close();
        }
    }

    private static String scrapeBody() {
        return E2eHttp.JSON.writeValueAsString(Map.of("url", SITE.url("/js-content"), "waitForSelector", "#js-content"));
    }

    private static Page signedInAdmin() {
        Page page = console.newOperator();
        console.signIn(page, stack.settings().adminUser(), stack.settings().adminPassword());
        page.locator("#signed-in-as").waitFor();
        return page;
    }

    private static JsonNode auditOf(String actor, String action) throws Exception {
        HttpResponse<String> found = E2eHttp.admin(stack, stack.coreApiUrl(), "GET",
                "/admin/v1/audit?actor=" + actor + "&action=" + action, Map.of(), null);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        return E2eHttp.JSON.readTree(found.body()).get("entries");
    }

    @Test
    void anAdminPutsANewTenantOnANewPlanItsTokenScrapesThroughTheGatewayAndTheScrapeShowsInUsageJobsAndDashboard() throws Exception {
        Page page = signedInAdmin();
        String plan = "e2e-plan-" + UUID.randomUUID().toString().substring(0, 6);
        String tenant = "acme-e2e-" + UUID.randomUUID().toString().substring(0, 6);

        console.open(page, "/plans");
        page.locator("#plan-name input").fill(plan);
        page.locator("#plan-requests input").fill("1000");
        page.locator("#save-plan").click();
        Console.notification(page, "Plan '" + plan + "' saved (version 1)").waitFor();

        console.open(page, "/tenants");
        page.locator("#tenant-name input").fill(tenant);
        page.locator("#create-tenant").click();
        Console.notification(page, "Tenant '" + tenant + "' created").waitFor();
        Console.choose(page, "tenant-plan", plan);
        page.locator("#assign-plan").click();
        Console.notification(page, "Now on plan '" + plan + "'").waitFor();
        page.locator("#issue-token").click();
        page.locator("#issued-token input").waitFor();
        String issued = page.locator("#issued-token input").inputValue();
        page.locator("#close-issued-token").click();
        assertThat(issued).startsWith("glt_");

        JsonNode uiLine = E2eStack.awaitLogLine("admin-ui",
                line -> line.path("message").asString("").contains("created tenant '" + tenant + "'"));
        String operatorRequest = uiLine.path("requestId").asString("");
        assertThat(operatorRequest).as("admin-ui logs the request id of the operator's request").isNotBlank();
        E2eStack.awaitLogLine("core-api", line -> operatorRequest.equals(line.path("requestId").asString(""))
                && line.path("message").asString("").contains("created tenant '" + tenant + "'"));
        assertThat(auditOf("operator:" + stack.settings().adminUser(), "tenant.create").toString())
                .as("the change is audited as the operator's").contains(tenant);

        HttpResponse<String> response = E2eHttp.scrape(stack, issued, scrapeBody());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(E2eHttp.JSON.readTree(response.body()).get("html").asString()).contains(FixtureSite.JS_MARKER);
        page.locator("#usage-requests-label").filter(new Locator.FilterOptions()
                .setHasText("Requests: 1 of 1000")).waitFor();
        Console.screenshot(page, "tenant-on-plan-with-usage");

        HttpResponse<String> job = E2eHttp.submitJob(stack, issued, scrapeBody());
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
        String jobId = E2eHttp.JSON.readTree(job.body()).get("id").asString();
        String prefix = issued.substring(0, issued.indexOf('_', "glt_".length()));
        Console.cell(page, "tokens-grid", prefix).click();
        page.locator("#revoke-token:not([disabled])").click();
        page.locator("#confirm-revoke").click();
        Console.notification(page, "Token " + prefix + " revoked").waitFor();
        await("the revoked token refused by the gateway").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> E2eHttp.scrape(stack, issued, scrapeBody()).statusCode() == 401);

        String tenantId = E2eHttp.JSON.readTree(E2eHttp.admin(stack, stack.coreApiUrl(), "GET",
                "/admin/v1/tenants?q=" + tenant, Map.of(), null).body()).get(0).get("id").asString();
        console.open(page, "/jobs?tenant=" + tenantId);
        Console.cell(page, "jobs-grid", SITE.url("/js-content")).click();
        page.locator("#job-title").filter(new Locator.FilterOptions().setHasText(jobId)).waitFor();
        page.locator("#job-summary").filter(new Locator.FilterOptions().setHasText("succeeded")).waitFor();
        page.locator("#job-attempts vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("succeeded")).first().waitFor();
        Console.screenshot(page, "job-detail");

        console.open(page, "/dashboard");
        page.locator("#chart-scrapes rect").first().waitFor();
        assertThat(page.locator("#figure-scrape-rate").textContent()).as("this minute's scrapes")
                .isNotEqualTo("0").isNotEqualTo("–");
        Console.screenshot(page, "dashboard");
    }

    @Test
    void aDomainPausedInTheConsoleRefusesTheNextScrapeAndOnceResumedTheScrapePasses() throws Exception {
        DemoTenant tenant = DemoTenant.create(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(),
                "paused-in-console-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(E2eHttp.scrape(stack, tenant.token(), scrapeBody()).statusCode()).isEqualTo(200);
        Page page = signedInAdmin();
        console.open(page, "/domains");
        Console.cell(page, "domains-grid", "127.0.0.1").first().waitFor();

        page.locator("#pause-domain input").fill("127.0.0.1");
        page.locator("#pause-tenant input").fill(tenant.tenantId());
        page.locator("#pause-reason input").fill("asked us to stop, in the console");
        page.locator("#pause-domain-button").click();
        Console.notification(page, "127.0.0.1 paused").waitFor();
        Console.cell(page, "pauses-grid", tenant.tenantId()).waitFor();
        Console.screenshot(page, "domain-paused");

        await("the next scrape refused by the pause").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> E2eHttp.scrape(stack, tenant.token(), scrapeBody()).statusCode() == 409);
        HttpResponse<String> refused = E2eHttp.scrape(stack, tenant.token(), scrapeBody());
        assertThat(refused.body()).contains("domain-paused").contains("asked us to stop, in the console");

        Console.cell(page, "pauses-grid", tenant.tenantId()).click();
        page.locator("#resume-domain:not([disabled])").click();
        Console.notification(page, "127.0.0.1 resumed").waitFor();
        await("the scrape passes once resumed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> E2eHttp.scrape(stack, tenant.token(), scrapeBody()).statusCode() == 200);
    }

    @Test
    void aNodeDrainedInTheConsoleTakesNoRenderUntilUndrainedAndAScrapeWaitingForItThenPasses() throws Exception {
        DemoTenant tenant = DemoTenant.create(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(),
                "drained-in-console-" + UUID.randomUUID().toString().substring(0, 6));
        Page page = signedInAdmin();
        console.open(page, "/farm");
        Console.cell(page, "farm-grid", "healthy").first().waitFor();
        Console.cell(page, "farm-grid", "1 of 1").first().click();
        page.locator("#drain-node:not([disabled])").click();
        Console.notification(page, "drained: no new renders").waitFor();
        Console.cell(page, "farm-grid", "drained").first().waitFor();
        Console.screenshot(page, "farm-drained");

        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return E2eHttp.scrape(stack, tenant.token(), scrapeBody());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        await("the scrape waits while the only node is drained").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10)).until(() -> !waiting.isDone());
        page.locator("#undrain-node:not([disabled])").click();
        Console.notification(page, "takes renders again").waitFor();
        HttpResponse<String> passed = waiting.get(60, TimeUnit.SECONDS);
        assertThat(passed.statusCode()).as(passed.body()).isEqualTo(200);
        Console.cell(page, "farm-grid", "healthy").first().waitFor();
    }

    @Test
    void aViewerSeesEveryViewWithoutAControlThatChangesAndTheAdminApiRefusesItsCraftedChange() throws Exception {
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "viewer-password-" + UUID.randomUUID().toString().substring(0, 6);
        Page admin = signedInAdmin();
        console.open(admin, "/operators");
        admin.locator("#operator-username input").fill(viewer);
        admin.locator("#operator-password input").fill(password);
        admin.locator("#add-operator").click();
        Console.notification(admin, "Operator '" + viewer + "' added as viewer").waitFor();

        Page page = console.newOperator();
        console.signIn(page, viewer, password);
        assertThat(page.locator("#signed-in-as").textContent()).isEqualTo(viewer + " (viewer)");
        console.open(page, "/tenants");
        Console.cell(page, "tenants-grid", "demo").first().click();
        page.locator("#tenant-title").waitFor();
        Console.screenshot(page, "viewer-tenants");
        for (String control : List.of("#tenant-name", "#create-tenant", "#issue-token", "#revoke-token",
                "#suspend-tenant", "#assign-plan")) {
            assertThat(page.locator(control).count()).as(control).isZero();
        }
        console.open(page, "/farm");
        page.locator("#farm-grid").waitFor();
        assertThat(page.locator("#drain-node").count()).isZero();
        console.open(page, "/jobs");
        page.locator("#jobs-grid").waitFor();
        assertThat(page.locator("#retry-job").count() + page.locator("#cancel-job").count()).isZero();
        console.open(page, "/domains");
        page.locator("#domains-grid").waitFor();
        for (String control : List.of("#pause-domain-button", "#resume-domain", "#set-policy", "#clear-policy")) {
            assertThat(page.locator(control).count()).as(control).isZero();
        }
        console.open(page, "/plans");
        page.locator("#plans-grid").waitFor();
        assertThat(page.locator("#save-plan").count()).isZero();
        assertThat(page.locator("vaadin-side-nav").textContent()).contains("Tenants").doesNotContain("Operators");
        console.open(page, "/operators");
        assertThat(page.locator("#operators-grid").count()).as("the operators view is for admins").isZero();
        Console.screenshot(page, "viewer-refused-operators");

        String name = "made-by-a-viewer-" + UUID.randomUUID();
        HttpResponse<String> crafted = E2eHttp.admin(stack, stack.coreApiUrl(), "POST", "/admin/v1/tenants",
                Map.of("X-Gleaner-Operator", viewer), Map.of("name", name));
        assertThat(crafted.statusCode()).as(crafted.body()).isEqualTo(403);
        assertThat(crafted.body()).contains("viewer");
        HttpResponse<String> listed = E2eHttp.admin(stack, stack.coreApiUrl(), "GET", "/admin/v1/tenants?q=" + name,
                Map.of(), null);
        assertThat(E2eHttp.JSON.readTree(listed.body()).size()).as("nothing was created").isZero();
    }

    @Test
    void anOperatorSignsInAndMovesAroundByKeyboardAloneAndOnATabletTheNavigationFolds() {
        Page page = console.newOperator();
        console.open(page, "/login");
        page.locator("input[name=username]").focus();
        page.keyboard().type(stack.settings().adminUser());
        page.keyboard().press("Tab");
        page.keyboard().type(stack.settings().adminPassword());
        page.keyboard().press("Enter");
        page.locator("#signed-in-as").waitFor();
        Console.settle(page);
        boolean reached = false;
        for (int i = 0; i < 40 && !reached; i++) {
            page.keyboard().press("Tab");
            reached = Boolean.TRUE.equals(page.evaluate("() => document.activeElement"
                    + " && document.activeElement.tagName === 'VAADIN-SIDE-NAV-ITEM'"
                    + " && document.activeElement.textContent.trim() === 'Tenants'"));
        }
        assertThat(reached).as("the navigation is reached with Tab").isTrue();
        page.keyboard().press("Enter");
        page.locator("#tenants-grid").waitFor();
        assertThat(page.url()).endsWith("/tenants");
        assertThat(page.getByLabel("Search tenants").count()).as("fields are labelled").isPositive();
        assertThat(page.getByLabel("New tenant").count()).isPositive();

        Page tablet = console.newOperator(768, 1024);
        console.signIn(tablet, stack.settings().adminUser(), stack.settings().adminPassword());
        tablet.locator("#signed-in-as").waitFor();
        assertThat(tablet.locator("vaadin-app-layout[overlay]").count()).as("the drawer folds away").isEqualTo(1);
        tablet.locator("vaadin-drawer-toggle").click();
        tablet.locator("vaadin-side-nav-item").filter(new Locator.FilterOptions().setHasText("Domains")).click();
        tablet.locator("#domains-grid").waitFor();
        Console.settle(tablet);
        assertThat((Boolean) tablet.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing wider than the screen").isTrue();
        Console.screenshot(tablet, "tablet-domains");
    }

    @Test
    void aRequestForgedWithoutTheSessionsSecurityKeyIsRefusedByTheConsole() throws Exception {
        Page page = signedInAdmin();
        console.open(page, "/tenants");
        page.locator("#tenant-name input").fill("forged-" + UUID.randomUUID());
        String forged = "{\"csrfToken\":\"forged\",\"rpc\":[],\"syncId\":0,\"clientId\":0}";
        int refused = 0;
        for (int ui = 0; ui < 4; ui++) {
            // the session's own cookie goes along (the page's request context): only the key is wrong
            APIResponse answer = page.request().post(stack.adminUrl() + "/?v-r=uidl&v-uiId=" + ui,
                    RequestOptions.create().setHeader("Content-Type", "application/json").setData(forged));
            JsonNode body = E2eHttp.JSON.readTree(answer.text());
            assertThat(body.path("syncId").asInt(-1)).as("no change of UI " + ui + " is applied").isEqualTo(-1);
            refused += body.path("meta").has("appError") ? 1 : 0;
        }
        assertThat(refused).as("the live UI refused the forged key").isPositive();
        page.locator("#create-tenant").click();
        Console.notification(page, "created").waitFor();
    }

    @Test
    void aSignInPostedFromElsewhereWithoutTheFormsTokenIsRefusedEvenWithTheRightPassword() {
        Page elsewhere = console.newOperator();
        APIResponse forged = elsewhere.request().post(stack.adminUrl() + "/login", RequestOptions.create()
                .setForm(FormData.create().set("username", stack.settings().adminUser())
                        .set("password", stack.settings().adminPassword()))
                .setMaxRedirects(0));
        assertThat(forged.status()).as("login CSRF refused").isEqualTo(403);
        console.open(elsewhere, "/tenants");
        elsewhere.locator("input[name=username]").waitFor();
        assertThat(elsewhere.locator("#signed-in-as").count()).as("no session was signed in").isZero();
    }

    @Test
    void aBadPasswordIsRefusedAndASignedOutSessionReachesNoViewNotEvenWithItsOldCookie() {
        Page page = console.newOperator();
        console.signIn(page, stack.settings().adminUser(), "not-the-password-" + UUID.randomUUID());
        page.locator("vaadin-login-form").getByText("Wrong username or password").waitFor();
        assertThat(page.url()).contains("/login");
        assertThat(page.locator("#signed-in-as").count()).isZero();
        Console.screenshot(page, "bad-password");

        console.signIn(page, stack.settings().adminUser(), stack.settings().adminPassword());
        page.locator("#signed-in-as").waitFor();
        List<Cookie> signedIn = page.context().cookies();
        page.locator("#sign-out").click();
        page.locator("input[name=username]").waitFor();

        for (String view : VIEWS) {
            console.open(page, view);
            page.locator("input[name=username]").waitFor();
            assertThat(page.locator("#signed-in-as").count()).as(view).isZero();
        }
        Page replayed = console.newOperator();
        replayed.context().addCookies(signedIn);
        console.open(replayed, "/tenants");
        replayed.locator("input[name=username]").waitFor();
        assertThat(replayed.locator("#tenants-grid").count()).as("the old session cookie opens nothing").isZero();
    }

    @Test
    void aConsoleLeftOpenWithoutAnActionIsSignedOutAfterItsTimeoutWhileActionsKeepItSignedIn() {
        Duration timeout = Duration.ofSeconds(20);
        Console idle = console.at(stack.addAdminUi(Map.of("GLEANER_ADMIN_SESSION_TIMEOUT", timeout.toSeconds() + "s")));
        Page page = idle.newOperator();
        idle.signIn(page, stack.settings().adminUser(), stack.settings().adminPassword());
        page.locator("#signed-in-as").waitFor();
        idle.open(page, "/jobs");
        page.locator("#jobs-grid").waitFor();

        // an operator at work: a key now and then, for longer than the timeout, while the view is pushed to
        Instant working = Instant.now().plus(timeout.multipliedBy(3).dividedBy(2));
        while (Instant.now().isBefore(working)) {
            page.keyboard().press("Shift");
            page.waitForTimeout(3_000); // the operator's pace, not a wait for the console
            assertThat(page.url()).as("signed in while working").doesNotContain("/login");
        }
        assertThat(page.locator("#signed-in-as").count()).isEqualTo(1);
        List<Cookie> signedIn = page.context().cookies();

        // then nothing: the open tab is signed out and shows why
        Instant lastAction = Instant.now();
        page.waitForURL("**/login?idle", new Page.WaitForURLOptions().setTimeout(Duration.ofMinutes(2).toMillis()));
        assertThat(Duration.between(lastAction, Instant.now())).isGreaterThanOrEqualTo(timeout.minusSeconds(6));
        page.locator("vaadin-login-form").getByText("Signed out", new Locator.GetByTextOptions().setExact(true)).waitFor();
        Console.screenshot(page, "signed-out-idle");

        Page replayed = idle.newOperator();
        replayed.context().addCookies(signedIn);
        idle.open(replayed, "/jobs");
        replayed.locator("input[name=username]").waitFor();
        assertThat(replayed.locator("#jobs-grid").count()).as("the idle session's cookie opens nothing").isZero();

        // the sign-in view opened in a new session: signing in again from it works
        idle.signIn(page, stack.settings().adminUser(), stack.settings().adminPassword());
        page.locator("#signed-in-as").waitFor();
    }
}
