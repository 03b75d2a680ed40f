package dev.gleaner.farm.node.pool;

import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.node.config.FarmNodeProperties;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.node.egress.EgressSession;
import dev.gleaner.farm.node.pool.playwright.PlaywrightBrowserPool;
import dev.gleaner.farm.node.pool.playwright.PlaywrightBrowserPool.Recycling;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class BrowserPoolConfiguration {

    /** Started here, before the pool: Chromium is launched with its address. */
    @Bean(destroyMethod = "close")
    EgressProxy egressProxy(TargetGuard guard, FarmNodeProperties properties, MeterRegistry meters) {
        EgressProxy proxy = new EgressProxy(guard);
        proxy.start();
        if (properties.egressPort() > 0) {
            if (properties.egressSecret().isBlank()) {
                proxy.close();
                throw new IllegalStateException("GLEANER_FARM_EGRESS_PORT is set: GLEANER_EGRESS_SECRET must be too");
            }
            EgressSession shared = proxy.openShared(properties.egressHost(), properties.egressPort(),
                    new EgressCredentials(properties.egressSecret()));
            FunctionCounter.builder("gleaner.farm.egress.shared", shared, EgressSession::admitted)
                    .description("core-api's requests and tunnels through this node's egress guard, by credentials")
                    .tag("credentials", "accepted").register(meters);
            FunctionCounter.builder("gleaner.farm.egress.shared", shared, EgressSession::turnedAway)
                    .description("core-api's requests and tunnels through this node's egress guard, by credentials")
                    .tag("credentials", "refused").register(meters);
        }
        return proxy;
    }

    @Bean
    PlaywrightBrowserPool browserPool(FarmNodeProperties properties, EgressProxy egress, MeterRegistry meters) {
        return new PlaywrightBrowserPool(properties.effectiveCapacity(), Path.of(properties.chromiumPath()),
                properties.chromiumArgs(), new Recycling(properties.maxRendersPerBrowser(),
                        properties.maxBrowserMemory().toBytes()), properties.hangGrace(), egress, meters);
    }
}
