package dev.gleaner.core.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;

/** The request in the reactive context of its handling, so the audit log can tell where a change came from. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
        return new ServerWebExchangeContextFilter();
    }
}
