package dev.gleaner.web;

import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

import io.micrometer.context.ContextRegistry;
import reactor.core.publisher.Hooks;

/**
 * Request ids for every reactive Gleaner service, and their way into log lines: the id lives
 * in the Reactor context and is restored into the SLF4J MDC on whatever thread runs the
 * pipeline (automatic context propagation).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class WebSupportAutoConfiguration {

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(RequestIds.MDC_KEY,
                () -> MDC.get(RequestIds.MDC_KEY),
                value -> MDC.put(RequestIds.MDC_KEY, value),
                () -> MDC.remove(RequestIds.MDC_KEY));
        Hooks.enableAutomaticContextPropagation();
    }

    @Bean
    RequestIdWebFilter requestIdWebFilter() {
        return new RequestIdWebFilter();
    }
}
