package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Kubernetes manifests ({@code infra/k8s}, a kustomize base), read into fabric8's typed Kubernetes objects and
 * held to what running Gleaner needs: probes, resources and a grace period longer than a render on every
 * Deployment; a Service and a disruption budget for each; autoscalers for core-api and the gateway; KEDA scaling
 * the farm on the job stream core-api really uses; only the gateway public and only the farm reaching the internet
 * (core-api's fetches through the farm's egress port); secrets referenced from a Secret, never written in.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Promtool.ROOT.resolve("infra/k8s");
    private static final Pattern SECRETISH = Pattern.compile(".*(KEY|SECRET|PASSWORD|REDIS_URL|TOKEN).*");
    private static final int RENDER_BUDGET_S = 60;

    private static List<HasMetadata> resources() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml"))
                    .sorted().toList()) {
                for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (!doc.isBlank()) {
                        all.add(Serialization.unmarshal(doc, HasMetadata.class));
                    }
                }
            }
        }
        return all;
    }

    private static <T> List<T> of(List<HasMetadata> all, Class<T> kind) {
        return all.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static String app(Map<String, String> labels) {
        return labels == null ? null : labels.get("app.kubernetes.io/name");
    }

    @Test
    void theKustomizationNamesEveryManifest() throws IOException {
        String kustomization = Files.readString(K8S.resolve("kustomization.yaml"));
        try (Stream<Path> files = Files.list(K8S)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                    .forEach(f -> assertThat(kustomization).as(f).contains("  - " + f));
        }
        assertThat(kustomization).contains("kind: Kustomization", "namespace: gleaner");
    }

    @Test
    void everyDeploymentHasProbesResourcesAGraceLongerThanARenderAServiceAndADisruptionBudget() throws IOException {
        List<HasMetadata> all = resources();
        List<Deployment> deployments = of(all, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("gateway", "core-api", "browser-farm", "admin-ui");
        for (Deployment d : deployments) {
            String name = d.getMetadata().getName();
            assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).as(name)
                    .isGreaterThan((long) RENDER_BUDGET_S);
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(name).isEqualTo("/actuator/health/readiness");
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/actuator/health/liveness");
                assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            }
            assertThat(of(all, Service.class)).as(name + "'s Service")
                    .anyMatch(s -> name.equals(app(s.getSpec().getSelector())));
        }
        assertThat(of(all, PodDisruptionBudget.class)).extracting(p -> app(p.getSpec().getSelector().getMatchLabels()))
                .contains("gateway", "core-api", "browser-farm");
        assertThat(of(all, HorizontalPodAutoscaler.class)).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrder("gateway", "core-api");
    }

    @Test
    void kedaScalesTheFarmOnThePendingEntriesOfTheJobStreamCoreApiReads() throws IOException {
        GenericKubernetesResource scaled = of(resources(), GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ScaledObject")).findFirst().orElseThrow();
        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        Map<String, Object> spec = scaled.get("spec");
        assertThat(((Map<?, ?>) spec.get("scaleTargetRef")).get("name")).isEqualTo("browser-farm");
        Map<?, ?> trigger = (Map<?, ?>) ((List<?>) spec.get("triggers")).getFirst();
        assertThat(trigger.get("type")).isEqualTo("redis-streams");
        Map<?, ?> metadata = (Map<?, ?>) trigger.get("metadata");
        // the names core-api's JobKeys gives the stream and its consumer group (namespace "gleaner", the default)
        String keys = Files.readString(Promtool.ROOT.resolve(
                "core-api/core-service/src/main/java/dev/gleaner/core/job/redis/JobKeys.java"));
        assertThat(keys).contains("namespace + \":{jobs}\"", "prefix + \":stream\"", "return \"workers\"");
        assertThat(metadata.get("stream")).isEqualTo("gleaner:{jobs}:stream");
        assertThat(metadata.get("consumerGroup")).isEqualTo("workers");
        assertThat(metadata.get("pendingEntriesCount")).isNotNull();
    }

    @Test
    void onlyTheGatewayIsPublicAndOnlyTheFarmReachesTheInternet() throws IOException {
        List<HasMetadata> all = resources();
        assertThat(of(all, Service.class)).filteredOn(s -> !"ClusterIP".equals(s.getSpec().getType()))
                .extracting(s -> s.getMetadata().getName()).containsExactly("gateway");
        List<NetworkPolicy> policies = of(all, NetworkPolicy.class);
        NetworkPolicy deny = policies.stream().filter(p -> p.getMetadata().getName().equals("default-deny")).findFirst()
                .orElseThrow();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        for (NetworkPolicy p : policies) {
            boolean fromAnywhere = p.getSpec().getIngress() != null && p.getSpec().getIngress().stream()
                    .anyMatch(rule -> rule.getFrom() == null || rule.getFrom().isEmpty());
            if (fromAnywhere) {
                assertThat(app(p.getSpec().getPodSelector().getMatchLabels())).as(p.getMetadata().getName())
                        .isEqualTo("gateway");
            }
            List<NetworkPolicyPeer> outside = p.getSpec().getEgress() == null ? List.of() : p.getSpec().getEgress().stream()
                    .flatMap(rule -> rule.getTo() == null ? Stream.<NetworkPolicyPeer>empty() : rule.getTo().stream())
                    .filter(peer -> peer.getIpBlock() != null).toList();
            if (!outside.isEmpty()) {
                assertThat(app(p.getSpec().getPodSelector().getMatchLabels())).as(p.getMetadata().getName())
                        .isEqualTo("browser-farm");
                assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                assertThat(outside).allSatisfy(peer -> assertThat(peer.getIpBlock().getExcept())
                        .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"));
            }
        }
        assertThat(policies).filteredOn(p -> p.getSpec().getEgress() != null && p.getSpec().getEgress().stream()
                        .anyMatch(rule -> rule.getTo() != null && rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null)))
                .extracting(p -> p.getMetadata().getName()).containsExactly("farm-reaches-the-internet");
    }

    @Test
    void coreApisFetchesLeaveThroughTheFarmsEgressPortWhichOnlyCoreApiReaches() throws IOException {
        List<HasMetadata> all = resources();
        Deployment core = of(all, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("core-api"))
                .findFirst().orElseThrow();
        Deployment farm = of(all, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("browser-farm"))
                .findFirst().orElseThrow();
        URI proxy = URI.create(env(core, "GLEANER_EGRESS_PROXY").getValue());
        int egressPort = Integer.parseInt(env(farm, "GLEANER_FARM_EGRESS_PORT").getValue());

        Service farmService = of(all, Service.class).stream().filter(s -> s.getMetadata().getName().equals(proxy.getHost()))
                .findFirst().orElseThrow(() -> new AssertionError("no Service named " + proxy.getHost()));
        assertThat(farmService.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "browser-farm");
        assertThat(farmService.getSpec().getPorts()).anySatisfy(port -> {
            assertThat(port.getPort()).isEqualTo(proxy.getPort());
            assertThat(farm.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts())
                    .anySatisfy(c -> {
                        assertThat(c.getName()).isEqualTo(port.getTargetPort().getStrVal());
                        assertThat(c.getContainerPort()).isEqualTo(egressPort);
                    });
        });
        // both get the one secret, from the Secret
        for (Deployment d : List.of(core, farm)) {
            assertThat(env(d, "GLEANER_EGRESS_SECRET").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("egress-secret");
        }
        // the egress port is reached from core-api only
        List<NetworkPolicy> toFarm = of(all, NetworkPolicy.class).stream()
                .filter(p -> "browser-farm".equals(app(p.getSpec().getPodSelector().getMatchLabels()))
                        && p.getSpec().getIngress() != null).toList();
        assertThat(toFarm).flatExtracting(p -> p.getSpec().getIngress())
                .filteredOn(rule -> rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == egressPort))
                .singleElement().satisfies(rule -> assertThat(rule.getFrom()).singleElement().satisfies(peer ->
                        assertThat(app(peer.getPodSelector().getMatchLabels())).isEqualTo("core-api")));
    }

    @Test
    void theModelEgressComponentLetsCoreApiReachOnlyAModelsAddressesOverHttps() throws IOException {
        Path component = K8S.resolve("components/model-egress");
        assertThat(Files.readString(component.resolve("kustomization.yaml")))
                .contains("kind: Component", "  - model-egress.yaml");
        NetworkPolicy policy = Serialization.unmarshal(Files.readString(component.resolve("model-egress.yaml")),
                NetworkPolicy.class);
        assertThat(app(policy.getSpec().getPodSelector().getMatchLabels())).isEqualTo("core-api");
        assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(443);
            assertThat(rule.getTo()).singleElement().satisfies(peer ->
                    assertThat(peer.getIpBlock().getCidr()).isNotEqualTo("0.0.0.0/0"));
        });
    }

    private static EnvVar env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no " + name));
    }

    @Test
    void secretsAreReferencedFromASecretNeverWrittenIn() throws IOException {
        List<HasMetadata> all = resources();
        assertThat(all).noneMatch(r -> r.getKind().equals("Secret"));
        for (Deployment d : of(all, Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar env : c.getEnv()) {
                    if (SECRETISH.matcher(env.getName()).matches()) {
                        assertThat(env.getValue()).as(d.getMetadata().getName() + " " + env.getName()).isNull();
                        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("gleaner-secrets");
                    }
                }
            }
        }
        all.stream().filter(r -> r.getKind().equals("ConfigMap")).forEach(map -> assertThat(
                ((io.fabric8.kubernetes.api.model.ConfigMap) map).getData().keySet())
                .noneMatch(k -> SECRETISH.matcher(k).matches()));
    }
}
