package dev.gleaner.admin.security;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;

import dev.gleaner.core.client.admin.AdminApi;

/**
 * Every view needs a signed-in operator, except the sign-in view; health and Prometheus stay open for probes
 * (no other actuator endpoint is). Operators are checked by core-api. Vaadin's configurer brings CSRF
 * protection for its own requests and the sign-in and sign-out flow; {@link SignInCsrfFilter} adds it to the sign-in
 * form, which the configurer leaves out.
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll());
        http.addFilterBefore(new SignInCsrfFilter("/login"), UsernamePasswordAuthenticationFilter.class);
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)).build();
    }

    @Bean
    AuthenticationProvider operators(AdminApi admin) {
        return new CoreApiAuthenticationProvider(admin);
    }
}
