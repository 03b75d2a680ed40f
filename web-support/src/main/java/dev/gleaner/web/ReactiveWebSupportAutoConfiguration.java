package dev.gleaner.web;

import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

import io.micrometer.context.ContextRegistry;
import reactor.core.publisher.Hooks;

/**
 * Request ids for every reactive Gleaner service, and their way into log lines: the id (and the
 * tenant, once known) lives in the Reactor context and is restored into the SLF4J MDC on
 * whatever thread runs the pipeline (automatic context propagation).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ReactiveWebSupportAutoConfiguration {

    static {
        for (String key : RequestIds.MDC_KEYS) {
            ContextRegistry.getInstance().registerThreadLocalAccessor(key,
                    () -> MDC.get(key), value -> MDC.put(key, value), () -> MDC.remove(key));
        }
        Hooks.enableAutomaticContextPropagation();
    }

    @Bean
    @ConditionalOnMissingBean
    RequestIdWebFilter requestIdWebFilter() {
        return new RequestIdWebFilter();
    }
}
