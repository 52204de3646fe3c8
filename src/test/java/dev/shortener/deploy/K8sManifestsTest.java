package dev.shortener.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigLoader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders k8s/base and every overlay with {@code kubectl kustomize} (offline) and parses each object
 * with fabric8's typed model: an unknown kind, an unknown field anywhere in an object or a broken
 * promise of the Deployment (probes, drain, security, secrets) fails. Skipped, with the reason
 * printed, only where no kubectl is installed; .ci/run installs it.
 */
class K8sManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** apiVersion/kind → typed model; anything else in the output is an unknown kind. */
  private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.of(
      "apps/v1/Deployment", Deployment.class,
      "v1/Service", Service.class,
      "v1/ConfigMap", ConfigMap.class,
      "networking.k8s.io/v1/Ingress", Ingress.class,
      "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
      "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
      "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

  /**
   * What {@code Application.stop} may take beyond the configured readiness delay and twice the
   * drain timeout: 5 s of slack and 10 s for closing Vert.x.
   */
  private static final long STOP_OVERHEAD_SECONDS = 15;

  private static String kubectl;

  @BeforeAll
  static void findKubectl() {
    kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
    if (kubectl == null) {
      String reason = "kubectl not installed (Debian package kubernetes-client; .ci/run installs it):"
          + " Kubernetes manifests not rendered";
      System.out.println("SKIPPED K8sManifestsTest: " + reason);
      Assumptions.abort(reason);
    }
  }

  static Stream<Path> kustomizations() throws IOException {
    try (Stream<Path> overlays = Files.list(Path.of("k8s/overlays"))) {
      List<Path> dirs = new ArrayList<>(List.of(Path.of("k8s/base")));
      overlays.filter(Files::isDirectory).sorted().forEach(dirs::add);
      return dirs.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyRenderedObjectParsesWithTheTypedModelAndNoUnknownField(Path dir) throws Exception {
    List<HasMetadata> objects = render(dir);
    Set<String> kinds = objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
    assertEquals(Set.of("Deployment", "Service", "ConfigMap", "Ingress", "NetworkPolicy",
        "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor", "PrometheusRule"), kinds, dir.toString());
    for (HasMetadata object : objects) {
      List<String> unknown = new ArrayList<>();
      unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown);
      assertEquals(List.of(), unknown, dir + ": fields the Kubernetes API does not know");
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theDeploymentProbesDrainsRunsLockedDownAndTakesItsSecretsFromSecrets(Path dir) throws Exception {
    List<HasMetadata> objects = render(dir);
    Deployment deployment = one(objects, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container app = pod.getContainers().get(0);
    assertTrue(deployment.getSpec().getReplicas() >= 2);

    assertEquals("/health", app.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/health/ready", app.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/health", app.getStartupProbe().getHttpGet().getPath());

    // the grace period covers the preStop pause and the service's own worst-case stop
    List<String> preStop = app.getLifecycle().getPreStop().getExec().getCommand();
    assertEquals("sleep", preStop.get(0));
    long pause = Long.parseLong(preStop.get(1));
    AppConfig.Shutdown drain = ConfigLoader.load(one(objects, ConfigMap.class).getData()).shutdown();
    long stop = pause + drain.readinessDelay().toSeconds() + 2 * drain.timeout().toSeconds() + STOP_OVERHEAD_SECONDS;
    long grace = pod.getTerminationGracePeriodSeconds();
    assertTrue(grace >= stop && grace <= stop + 10,
        "terminationGracePeriodSeconds " + grace + " should just cover preStop + drain = " + stop);

    assertNotNull(app.getResources().getRequests().get("cpu"));
    assertNotNull(app.getResources().getRequests().get("memory"));
    assertEquals(app.getResources().getRequests().get("memory"), app.getResources().getLimits().get("memory"),
        "the JVM sizes its heap from the memory limit: request it whole");
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertTrue(app.getSecurityContext().getReadOnlyRootFilesystem());
    assertFalse(app.getSecurityContext().getAllowPrivilegeEscalation());
    assertTrue(app.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")));
    assertTrue(pod.getTopologySpreadConstraints().stream()
        .anyMatch(t -> t.getTopologyKey().equals("kubernetes.io/hostname")
            && t.getWhenUnsatisfiable().equals("DoNotSchedule")));
    // JVM flags live in the image's conf/jvm.options only
    assertTrue(app.getEnv().stream().noneMatch(e -> e.getName().equals("JAVA_OPTS")));
    assertTrue(app.getArgs() == null || app.getArgs().isEmpty());

    for (String name : List.of("DATABASE_URL", "DATABASE_REPLICA_URLS", "REDIS_URL", "REDIS_CLUSTER_NODES",
        "REDIS_SENTINELS", "REDIS_MASTER_NAME", "API_KEYS")) {
      Optional<EnvVar> env = app.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
      assertTrue(env.isPresent(), name);
      assertNotNull(env.get().getValueFrom().getSecretKeyRef(), name + " must come from a Secret");
    }
    assertFalse(one(objects, ConfigMap.class).getData().keySet().stream()
        .anyMatch(k -> k.startsWith("DATABASE") || k.startsWith("REDIS") || k.contains("API_KEYS")));
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everySelectorFindsThePodsAndTheAutoscalerScalesTheDeployment(Path dir) throws Exception {
    List<HasMetadata> objects = render(dir);
    Deployment deployment = one(objects, Deployment.class);
    Map<String, String> pod = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertSelects(pod, deployment.getSpec().getSelector().getMatchLabels());
    Service service = one(objects, Service.class);
    assertSelects(pod, service.getSpec().getSelector());
    assertSelects(pod, one(objects, PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
    assertSelects(pod, one(objects, NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels());
    assertSelects(service.getMetadata().getLabels(),
        one(objects, ServiceMonitor.class).getSpec().getSelector().getMatchLabels());
    // the alert rules select job="shortener": the ServiceMonitor's job label is the Service name
    assertEquals("shortener", service.getMetadata().getName());

    HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class);
    assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
    assertTrue(hpa.getSpec().getMinReplicas() >= 2);
    assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());

    String configMap = one(objects, ConfigMap.class).getMetadata().getName();
    assertTrue(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().stream()
        .anyMatch(e -> e.getConfigMapRef().getName().equals(configMap)), "envFrom names the generated ConfigMap");

    for (Ingress ingress : all(objects, Ingress.class)) {
      ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path ->
          assertEquals(service.getMetadata().getName(), path.getBackend().getService().getName())));
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void thePrometheusRuleCarriesExactlyTheAlertsOfPrometheusAlertsYml(Path dir) throws Exception {
    JsonNode expected = YAML.readTree(Path.of("prometheus/alerts.yml").toFile()).get("groups");
    JsonNode rendered = renderedTrees(dir).stream()
        .filter(n -> n.path("kind").asText().equals("PrometheusRule"))
        .findFirst().orElseThrow()
        .path("spec").path("groups");
    assertEquals(expected, rendered, "k8s/base/prometheusrule.yaml differs from prometheus/alerts.yml:"
        + " run ops/k8s-prometheus-rule.sh");
  }

  /**
   * Every replica builds {@code short_url} from PUBLIC_BASE_URL: without it each pod would answer
   * with its own {@code http://localhost:8080}. It must name what the Ingress serves: its host, over
   * https exactly where the Ingress has TLS for that host.
   */
  @ParameterizedTest
  @MethodSource("kustomizations")
  void theConfigMapsPublicBaseUrlIsTheAddressTheIngressServes(Path dir) throws Exception {
    List<HasMetadata> objects = render(dir);
    String base = one(objects, ConfigMap.class).getData().get("PUBLIC_BASE_URL");
    assertNotNull(base, dir + ": the ConfigMap sets no PUBLIC_BASE_URL");
    java.net.URI uri = java.net.URI.create(base);
    assertEquals(base, ConfigLoader.load(one(objects, ConfigMap.class).getData()).links().publicBaseUrl(),
        "the service takes it as it is");
    for (Ingress ingress : all(objects, Ingress.class)) {
      ingress.getSpec().getRules().forEach(rule -> assertEquals(rule.getHost(), uri.getHost(),
          ingress.getMetadata().getName() + " serves another host than PUBLIC_BASE_URL " + base));
    }
    boolean tls = all(objects, Ingress.class).stream()
        .filter(i -> i.getSpec().getTls() != null)
        .flatMap(i -> i.getSpec().getTls().stream())
        .anyMatch(t -> t.getHosts().contains(uri.getHost()));
    assertEquals(tls ? "https" : "http", uri.getScheme(), dir + ": PUBLIC_BASE_URL " + base);
    assertTrue(uri.getPath().isEmpty() && uri.getPort() == -1, "the Ingress serves / on the default port: " + base);
  }

  private static void assertSelects(Map<String, String> labels, Map<String, String> selector) {
    assertFalse(selector == null || selector.isEmpty(), "an empty selector selects everything");
    selector.forEach((k, v) -> assertEquals(v, labels.get(k), "selector " + selector + " vs labels " + labels));
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertEquals(1, found.size(), type.getSimpleName());
    return found.get(0);
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<HasMetadata> render(Path dir) throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    for (JsonNode node : renderedTrees(dir)) {
      String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
      Class<? extends HasMetadata> model = MODELS.get(key);
      if (model == null) {
        fail(dir + " renders an object of unknown kind " + key);
      }
      objects.add(YAML.treeToValue(node, model));
    }
    return objects;
  }

  private static List<JsonNode> renderedTrees(Path dir) throws Exception {
    Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD) // v5 warns about v2-compatible fields
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + " failed");
    List<JsonNode> trees = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(out)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(n -> {
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          trees.add(n);
        }
      });
    }
    assertFalse(trees.isEmpty(), dir + " rendered nothing");
    return trees;
  }

  /**
   * fabric8's model classes keep fields they do not know in {@code additionalProperties} instead of
   * rejecting them: walk the object and report every non-empty one with its path.
   */
  private static void unknownFields(Object value, String path, List<String> unknown) throws IllegalAccessException {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownFields(e.getValue(), path + "." + e.getKey(), unknown);
      }
      return;
    }
    if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object child = field.get(value);
        if (field.getName().equals("additionalProperties")) {
          if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
            unknown.add(path + ": " + extra.keySet());
          }
        } else {
          unknownFields(child, path + "." + field.getName(), unknown);
        }
      }
    }
  }
}
