package dev.gleaner.farm.node.pool;

import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.farm.client.guard.EgressCredentials;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.node.config.FarmNodeProperties;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.node.pool.playwright.PlaywrightBrowserPool;
import dev.gleaner.farm.node.pool.playwright.PlaywrightBrowserPool.Recycling;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class BrowserPoolConfiguration {

    /** Started here, before the pool: Chromium is launched with its address. */
    @Bean(destroyMethod = "close")
    EgressProxy egressProxy(TargetGuard guard, FarmNodeProperties properties) {
        EgressProxy proxy = new EgressProxy(guard);
        proxy.start();
        if (properties.egressPort() > 0) {
            if (properties.egressSecret().isBlank()) {
                proxy.close();
                throw new IllegalStateException("GLEANER_FARM_EGRESS_PORT is set: GLEANER_EGRESS_SECRET must be too");
            }
            proxy.openShared(properties.egressHost(), properties.egressPort(),
                    new EgressCredentials(properties.egressSecret()));
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
