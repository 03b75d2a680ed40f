package dev.gleaner.farm.node.pool;

import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.node.config.FarmNodeProperties;
import dev.gleaner.farm.node.pool.playwright.PlaywrightBrowserPool;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class BrowserPoolConfiguration {

    @Bean
    PlaywrightBrowserPool browserPool(FarmNodeProperties properties, TargetGuard guard, MeterRegistry meters) {
        return new PlaywrightBrowserPool(properties.capacity(), Path.of(properties.chromiumPath()),
                properties.chromiumArgs(), guard, meters);
    }
}
