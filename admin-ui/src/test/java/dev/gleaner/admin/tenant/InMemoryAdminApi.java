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
import dev.gleaner.core.client.admin.TokenView;

/**
 * core-api's admin API in memory, answering errors the way the RestClient-backed client
 * surfaces core-api's problem+json: an exception whose body reads as a {@link ProblemDetail}.
 */
final class InMemoryAdminApi implements AdminApi {

    private final List<TenantView> tenants = new ArrayList<>();
    final List<IssuedToken> issued = new ArrayList<>();
    private final List<TokenView> tokens = new ArrayList<>();

    @Override
    public List<TenantView> listTenants() {
        return tenants.stream().map(t -> new TenantView(t.id(), t.name(), t.concurrencyCap(), t.createdAt(),
                tokens.stream().filter(k -> k.tenantId().equals(t.id()) && k.active()).count(), t.retentionDays(), t.suspendedAt())).toList();
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
        TenantView tenant = new TenantView(UUID.randomUUID(), name, 4, Instant.now(), 0, 7, null);
        tenants.add(tenant);
        return tenant;
    }

    @Override
    public IssuedToken issueToken(UUID tenantId, IssueTokenRequest request) {
        String prefix = "glt_" + UUID.randomUUID().toString().substring(0, 12);
        IssuedToken token = new IssuedToken(UUID.randomUUID(), tenantId, request.name(), prefix,
                prefix + "_" + UUID.randomUUID(), Instant.now());
        issued.add(token);
        tokens.addFirst(new TokenView(token.id(), tenantId, token.name(), prefix, token.createdAt(), null, null));
        return token;
    }

    @Override
    public List<TokenView> listTokens(UUID tenantId) {
        return tokens.stream().filter(k -> k.tenantId().equals(tenantId)).toList();
    }

    @Override
    public TokenView revokeToken(UUID tenantId, UUID tokenId) {
        for (int i = 0; i < tokens.size(); i++) {
            TokenView k = tokens.get(i);
            if (k.id().equals(tokenId) && k.tenantId().equals(tenantId)) {
                TokenView revoked = k.active()
                        ? new TokenView(k.id(), k.tenantId(), k.name(), k.prefix(), k.createdAt(), Instant.now(), k.lastUsedAt()) : k;
                tokens.set(i, revoked);
                return revoked;
            }
        }
        throw problem(HttpStatus.NOT_FOUND, "tenant " + tenantId + " has no token " + tokenId);
    }

    private static HttpClientErrorException problem(HttpStatus status, String detail) {
        HttpClientErrorException e = HttpClientErrorException.create(status, status.getReasonPhrase(), new HttpHeaders(),
                detail.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        e.setBodyConvertFunction(type -> ProblemDetail.forStatusAndDetail(status, detail));
        return e;
    }
}
