package dev.gleaner.gateway.config;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.gateway.AccessLog;
import dev.gleaner.gateway.UpstreamTimer;
import dev.gleaner.gateway.auth.AmbiguousPathFilter;
import dev.gleaner.gateway.auth.CoreTokenResolver;
import dev.gleaner.gateway.auth.LastUsed;
import dev.gleaner.gateway.auth.RecordTokenResolver;
import dev.gleaner.gateway.auth.TenantAuthenticationFilter;
import dev.gleaner.gateway.auth.TokenResolver;
import dev.gleaner.gateway.ratelimit.AddressBuckets;
import dev.gleaner.gateway.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.gleaner.web.RequestIdWebFilter;

@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    @LoadBalanced
    WebClient.Builder loadBalancedWebClientBuilder() {
        return WebClient.builder();
    }

    /** The public edge makes its own request id for every request; a client's id travels on as a correlation id. */
    @Bean
    RequestIdWebFilter requestIdWebFilter() {
        return RequestIdWebFilter.atTheEdge();
    }

    @Bean
    AmbiguousPathFilter ambiguousPathFilter() {
        return new AmbiguousPathFilter();
    }

    @Bean
    IdentitySigner identitySigner(GatewayProperties properties) {
        return new IdentitySigner(properties.identitySecret());
    }

    @Bean(destroyMethod = "close")
    GatewayRedis gatewayRedis(GatewayProperties properties) {
        return new GatewayRedis(properties.redisUrl(), Duration.ofSeconds(2));
    }

    @Bean
    TokenResolver tokenResolver(WebClient.Builder loadBalanced, IdentitySigner signer, GatewayRedis redis,
            GatewayProperties properties, MeterRegistry meters) {
        TokenResolver coreApi = new CoreTokenResolver(loadBalanced.baseUrl("http://" + CoreApiInstances.SERVICE_ID)
                .build(), signer);
        return new RecordTokenResolver(redis, properties.redisNamespace(), coreApi, properties.tokenCacheTtl(), meters);
    }

    @Bean(destroyMethod = "close")
    LastUsed lastUsed(GatewayRedis redis, GatewayProperties properties) {
        return new LastUsed(redis, properties.redisNamespace());
    }

    @Bean(destroyMethod = "close")
    RateLimiter rateLimiter(GatewayProperties properties, MeterRegistry meters) {
        return new RateLimiter(properties.redisUrl(), properties.redisNamespace(), properties.rateLimitTimeout(),
                properties.rateLimitFailOpen(), properties.rateLimitsEnabled(), meters);
    }

    @Bean
    CoreApiDiscovery coreApiDiscovery(GatewayProperties properties, GatewayRedis redis, MeterRegistry meters) {
        return new CoreApiDiscovery(properties, redis, meters);
    }

    @Bean
    AccessLog accessLog(MeterRegistry meters) {
        return new AccessLog(meters);
    }

    @Bean
    UpstreamTimer upstreamTimer(MeterRegistry meters) {
        return new UpstreamTimer(meters);
    }

    @Bean
    AddressBuckets authFailures(GatewayProperties properties) {
        return new AddressBuckets(properties.authFailuresPerSecond(), properties.authFailuresBurst());
    }

    @Bean
    AddressBuckets adminRequests(GatewayProperties properties) {
        return new AddressBuckets(properties.adminPerSecond(), properties.adminBurst());
    }

    @Bean
    TenantAuthenticationFilter tenantAuthenticationFilter(TokenResolver tokens, IdentitySigner signer, RateLimiter limits,
            @Qualifier("authFailures") AddressBuckets failures, @Qualifier("adminRequests") AddressBuckets admin,
            LastUsed lastUsed, MeterRegistry meters) {
        return new TenantAuthenticationFilter(tokens, signer, limits, failures, admin, lastUsed, meters);
    }
}
