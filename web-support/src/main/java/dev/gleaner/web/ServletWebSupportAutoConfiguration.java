package dev.gleaner.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Request ids for the servlet-stack service (admin-ui), ahead of every other filter, security included. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServletWebSupportAutoConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdServletFilter> requestIdServletFilter() {
        FilterRegistrationBean<RequestIdServletFilter> registration = new FilterRegistrationBean<>(new RequestIdServletFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
