package dev.gleaner.core.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * The public API's OpenAPI description (springdoc, from the controllers under {@code /v1}): served at
 * {@code /v1/openapi.json} with a Swagger UI at {@code /v1/docs}, both through the gateway. Every
 * operation takes the tenant's API token as a bearer token.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocsConfiguration {

    private static final String TOKEN = "apiToken";

    @Bean
    OpenAPI gleanerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Gleaner API").version("v1")
                        .description("Scrape, render, screenshot and extract web pages: synchronously (POST /v1/scrape), "
                                + "as jobs that are never lost (/v1/jobs), and in batches (/v1/batch). Errors are RFC 9457 "
                                + "problem+json naming what was wrong."))
                .addServersItem(new Server().url("/").description("this Gleaner, through its gateway"))
                .components(new Components().addSecuritySchemes(TOKEN, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("glt_<id>_<secret>")
                        .description("the tenant's API token")))
                .addSecurityItem(new SecurityRequirement().addList(TOKEN));
    }
}
