package dev.gleaner.admin.tenant;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.HttpClientErrorException;

import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.IssueTokenRequest;
import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;

/**
 * core-api's admin API in memory, answering errors the way the RestClient-backed client
 * surfaces core-api's problem+json: an exception whose body reads as a {@link ProblemDetail}.
 */
final class InMemoryAdminApi implements AdminApi {

    private final List<TenantView> tenants = new ArrayList<>();
    final List<IssuedToken> issued = new ArrayList<>();

    @Override
    public List<TenantView> listTenants() {
        return List.copyOf(tenants);
    }

    @Override
    public TenantView createTenant(CreateTenantRequest request) {
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw problem(HttpStatus.BAD_REQUEST, "name: is required");
        }
        if (tenants.stream().anyMatch(t -> t.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))) {
            throw problem(HttpStatus.CONFLICT, "a tenant named '" + name + "' already exists");
        }
        TenantView tenant = new TenantView(UUID.randomUUID(), name, 4, Instant.now(), 0);
        tenants.add(tenant);
        return tenant;
    }

    @Override
    public IssuedToken issueToken(UUID tenantId, IssueTokenRequest request) {
        IssuedToken token = new IssuedToken(UUID.randomUUID(), tenantId, request.name(), "glt_0123456789ab",
                "glt_0123456789ab_" + UUID.randomUUID(), Instant.now());
        issued.add(token);
        return token;
    }

    private static HttpClientErrorException problem(HttpStatus status, String detail) {
        HttpClientErrorException e = HttpClientErrorException.create(status, status.getReasonPhrase(), new HttpHeaders(),
                detail.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        e.setBodyConvertFunction(type -> ProblemDetail.forStatusAndDetail(status, detail));
        return e;
    }
}
