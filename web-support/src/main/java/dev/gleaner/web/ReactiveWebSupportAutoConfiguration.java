package dev.gleaner.web;

import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

import io.micrometer.context.ContextRegistry;
import reactor.core.publisher.Hooks;

/**
 * Request ids for every reactive Gleaner service, and their way into log lines: the id (and the
 * tenant, once known) lives in the Reactor context and is restored into the SLF4J MDC on
 * whatever thread runs the pipeline (automatic context propagation). A service whose hot path is
 * too short to pay for that on every operator (the gateway) switches it off with
 * {@code gleaner.web.automatic-context-propagation=false} and puts the id into its log lines itself.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ReactiveWebSupportAutoConfiguration {

    static {
        for (String key : RequestIds.MDC_KEYS) {
            ContextRegistry.getInstance().registerThreadLocalAccessor(key,
                    () -> MDC.get(key), value -> MDC.put(key, value), () -> MDC.remove(key));
        }
    }

    /** Marks that automatic context propagation was switched on. */
    public static final class AutomaticContextPropagation {
    }

    @Bean
    @ConditionalOnProperty(name = "gleaner.web.automatic-context-propagation", havingValue = "true", matchIfMissing = true)
    static AutomaticContextPropagation automaticContextPropagation() {
        Hooks.enableAutomaticContextPropagation();
        return new AutomaticContextPropagation();
    }

    @Bean
    @ConditionalOnMissingBean
    RequestIdWebFilter requestIdWebFilter() {
        return new RequestIdWebFilter();
    }
}
