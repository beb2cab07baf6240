package io.tracepipe.devkit.generator;

import static io.tracepipe.devkit.generator.OtlpValues.kv;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;

/** One pod of a shop service: the OTLP Resource its SDK reports and the scope its tracer uses. */
public final class ServiceInstance {
    private final ShopService service;
    private final int ordinal;
    private final String podName;
    private final String nodeName;
    private final Resource resource;
    private final InstrumentationScope scope;

    ServiceInstance(ShopService service, int ordinal, String podName, String nodeName, String instanceId) {
        this.service = service;
        this.ordinal = ordinal;
        this.podName = podName;
        this.nodeName = nodeName;
        this.resource = Resource.newBuilder()
                .addAttributes(kv("service.name", service.name()))
                .addAttributes(kv("service.namespace", ShopTopology.NAMESPACE))
                .addAttributes(kv("service.version", service.version()))
                .addAttributes(kv("service.instance.id", instanceId))
                .addAttributes(kv("deployment.environment.name", ShopTopology.ENVIRONMENT))
                .addAttributes(kv("k8s.namespace.name", ShopTopology.NAMESPACE))
                .addAttributes(kv("k8s.deployment.name", service.name()))
                .addAttributes(kv("k8s.pod.name", podName))
                .addAttributes(kv("k8s.node.name", nodeName))
                // Inside a pod the hostname is the pod name, which is what host detectors report.
                .addAttributes(kv("host.name", podName))
                .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(kv("telemetry.sdk.language", service.sdkLanguage()))
                .addAttributes(kv("telemetry.sdk.version", service.sdkVersion()))
                .build();
        this.scope = InstrumentationScope.newBuilder()
                .setName("shop/" + service.name())
                .setVersion(service.version())
                .build();
    }

    public ShopService service() {
        return service;
    }

    public String serviceName() {
        return service.name();
    }

    /** Position in the topology; stable, so batching order and flush phases are reproducible. */
    public int ordinal() {
        return ordinal;
    }

    public String podName() {
        return podName;
    }

    public String nodeName() {
        return nodeName;
    }

    public Resource resource() {
        return resource;
    }

    public InstrumentationScope scope() {
        return scope;
    }

    @Override
    public String toString() {
        return podName;
    }
}
