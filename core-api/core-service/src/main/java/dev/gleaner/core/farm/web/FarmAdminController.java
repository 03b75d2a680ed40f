package dev.gleaner.core.farm.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.admin.FarmNodeView;
import dev.gleaner.core.farm.FarmAdmin;
import dev.gleaner.core.identity.CallerPrincipal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/farm/nodes}: the farm's live nodes, drained and undrained by operators (admin API key). */
@RestController
@RequestMapping("/admin/v1/farm/nodes")
public class FarmAdminController {

    private final FarmAdmin farm;

    public FarmAdminController(FarmAdmin farm) {
        this.farm = farm;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    @GetMapping
    public Flux<FarmNodeView> list() {
        return farm.list();
    }

    @PostMapping("/{nodeId}/drain")
    public Mono<FarmNodeView> drain(@PathVariable String nodeId, ServerWebExchange exchange) {
        return farm.drain(nodeId, CallerPrincipal.actorOf(exchange));
    }

    @PostMapping("/{nodeId}/undrain")
    public Mono<FarmNodeView> undrain(@PathVariable String nodeId, ServerWebExchange exchange) {
        return farm.undrain(nodeId, CallerPrincipal.actorOf(exchange));
    }
}
