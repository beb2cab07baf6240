package io.tracepipe.devkit.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The demo online shop: its services, their pods and the names of the operations they serve. */
public final class ShopTopology {
    public static final String FRONTEND = "frontend";
    public static final String CHECKOUT = "checkout";
    public static final String PAYMENT = "payment";
    public static final String INVENTORY = "inventory";

    /** Server operations, named {@code METHOD route} as HTTP server spans are. */
    public static final String HOME = "GET /";
    public static final String PRODUCT_PAGE = "GET /product/{id}";
    public static final String PLACE_ORDER = "POST /checkout";
    public static final String STOCK = "GET /stock";
    public static final String RESERVE = "POST /reserve";
    public static final String CHARGE = "POST /charge";

    static final String NAMESPACE = "shop";
    static final String ENVIRONMENT = "production";

    // Pod names are fixed (not derived from the traffic seed) so dashboards keep the same pods
    // across runs; this salt only makes them look like Kubernetes-generated names.
    private static final long POD_NAME_SALT = 0x50B_70B0L;
    private static final String K8S_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ShopTopology STANDARD = new ShopTopology(List.of(
            new ShopService(FRONTEND, "2.3.1", "nodejs", "1.30.1", "Error", "www.shop.example", 443, 3),
            new ShopService(CHECKOUT, "1.8.0", "go", "1.34.0", "*errors.errorString", CHECKOUT, 8080, 2),
            new ShopService(PAYMENT, "3.1.4", "java", "1.47.0", "java.lang.IllegalStateException", PAYMENT, 8080, 2),
            new ShopService(INVENTORY, "1.2.7", "python", "1.29.0", "RuntimeError", INVENTORY, 8000, 2)));

    private final List<ServiceInstance> instances;
    private final Map<String, List<ServiceInstance>> byService = new LinkedHashMap<>();

    private ShopTopology(List<ShopService> services) {
        Random names = new Random(POD_NAME_SALT);
        List<String> nodes = List.of(node(names), node(names), node(names));
        List<ServiceInstance> all = new ArrayList<>();
        for (ShopService service : services) {
            String replicaSet = service.name() + "-" + k8sName(names, 9 + names.nextInt(2));
            List<ServiceInstance> pods = new ArrayList<>();
            for (int i = 0; i < service.replicas(); i++) {
                String pod = replicaSet + "-" + k8sName(names, 5);
                String instanceId = UUID.nameUUIDFromBytes(pod.getBytes(StandardCharsets.UTF_8)).toString();
                ServiceInstance instance = new ServiceInstance(service, all.size(), pod, nodes.get(all.size() % nodes.size()), instanceId);
                pods.add(instance);
                all.add(instance);
            }
            byService.put(service.name(), List.copyOf(pods));
        }
        this.instances = List.copyOf(all);
    }

    public static ShopTopology standard() {
        return STANDARD;
    }

    public List<ServiceInstance> instances() {
        return instances;
    }

    public List<ServiceInstance> instancesOf(String service) {
        List<ServiceInstance> pods = byService.get(service);
        if (pods == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return pods;
    }

    ShopService service(String name) {
        return instancesOf(name).get(0).service();
    }

    /** A pod of {@code service}, chosen as a load balancer would, from the trace's random stream. */
    ServiceInstance pick(String service, Random random) {
        List<ServiceInstance> pods = instancesOf(service);
        return pods.get(random.nextInt(pods.size()));
    }

    private static String node(Random random) {
        return "ip-10-0-" + (1 + random.nextInt(3)) + "-" + (10 + random.nextInt(240)) + ".ec2.internal";
    }

    private static String k8sName(Random random, int length) {
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(K8S_NAME_ALPHABET.charAt(random.nextInt(K8S_NAME_ALPHABET.length())));
        }
        return name.toString();
    }
}
