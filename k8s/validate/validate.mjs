// Validates rendered kustomize output (kubectl kustomize ...) of k8s/.
//
//   node k8s/validate/validate.mjs LABEL=FILE [LABEL=FILE ...]
//
// For every object of every rendering:
//  1. schema: the object against its Kubernetes schema (npm kubernetes-models) or, for KEDA's
//     ScaledObject, the KEDA CRD schema (npm @kubernetes-models/keda). An apiVersion/kind that
//     neither package knows is an error, so nothing goes unchecked.
//  2. unknown fields: kubernetes-models' schemas accept any extra field, as the API server does
//     without strict field validation. Here a field the schema does not declare is an error (a
//     misspelt `readinesProbe` would otherwise pass): the schema validator runs on a proxy that
//     records which fields it looks up, and every field of a checked object that it never
//     looked up is reported.
// Then, per rendering, the invariants the manifests promise (docs/deploy.md): one autoscaler per
// StatefulSet, at most as many replicas as input partitions, KEDA watching the right consumer
// group and topic, static membership from the pod name, application.server from the pod's address,
// probes on /readyz and /healthz, ...
//
// Prints one line per rendering and check; exits 1 with the problems on stderr if any.
import { readFileSync } from "node:fs";
import { parseAllDocuments, parse as parseYaml } from "yaml";

// apiVersion -> module exporting one model class per kind.
const MODULES = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "batch/v1": "kubernetes-models/batch/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
};

async function modelClass(apiVersion, kind) {
  const path = MODULES[apiVersion];
  if (!path) return null;
  const mod = await import(path);
  return typeof mod[kind] === "function" ? mod[kind] : null;
}

// A deep proxy of `root` that records, per object, the property names read through it.
function recorder(root) {
  const meta = new WeakMap();
  const proxies = new WeakMap();
  const wrap = (value) => {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    const m = { read: new Set(), enumerated: false };
    meta.set(value, m);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") m.read.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === "string") m.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        m.enumerated = true; // a map (labels, data, trigger metadata...): every key is allowed
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const unknownFields = () => {
    const out = [];
    const walk = (value, path) => {
      if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, `${path}[${i}]`));
        return;
      }
      if (value === null || typeof value !== "object") return;
      const m = meta.get(value);
      // Not looked into by the validator at all: a free-form value (e.g. a CRD's
      // x-kubernetes-preserve-unknown-fields); nothing to compare with.
      if (!m || m.read.size === 0) return;
      for (const key of Object.keys(value)) {
        if (!m.enumerated && !m.read.has(key)) out.push(`${path}.${key}`);
        walk(value[key], `${path}.${key}`);
      }
    };
    walk(root, "");
    return out.map((p) => p.replace(/^\./, ""));
  };
  return { proxy: wrap(root), unknownFields };
}

const id = (o) => `${o?.kind ?? "?"}/${o?.metadata?.name ?? "?"}`;

async function validateObject(obj, problems) {
  const Model = await modelClass(obj.apiVersion, obj.kind);
  if (!Model) {
    problems.push(`${id(obj)}: no schema for apiVersion ${obj.apiVersion} kind ${obj.kind}`);
    return;
  }
  const rec = recorder(structuredClone(obj));
  try {
    Model.prototype.validate.call(rec.proxy);
  } catch (e) {
    problems.push(`${id(obj)}: ${e.message}`);
  }
  for (const field of rec.unknownFields()) {
    problems.push(`${id(obj)}: unknown field ${field}`);
  }
}

// ---- invariants ---------------------------------------------------------------------------

function get(obj, path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function checkInvariants(objects, problems) {
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const fail = (msg) => problems.push(msg);

  const namespaces = new Set(objects.map((o) => o.metadata?.namespace ?? "(none)"));
  if (namespaces.size > 1) fail(`objects in several namespaces: ${[...namespaces].join(", ")}`);

  const sets = byKind("StatefulSet");
  if (sets.length !== 1) {
    fail(`expected one StatefulSet, found ${sets.length}`);
    return;
  }
  const sts = sets[0];
  const pod = sts.spec.template.spec;
  const container = pod.containers.find((c) => c.name === "tracepipe") ?? pod.containers[0];
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));

  // The configuration: the ConfigMap mounted where --config points, overridden by TRACEPIPE_* env.
  const args = container.args ?? [];
  const configPath = args[args.indexOf("--config") + 1];
  if (args[0] !== "run" || !configPath) fail(`${id(sts)}: container args should be run --config FILE, got ${JSON.stringify(args)}`);
  const mountOf = (path) =>
    (container.volumeMounts ?? [])
      .filter((m) => path === m.mountPath || path.startsWith(m.mountPath.replace(/\/$/, "") + "/"))
      .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  let config = {};
  const configMount = configPath && mountOf(configPath);
  const configVolume = configMount && (pod.volumes ?? []).find((v) => v.name === configMount.name);
  const configMap = configVolume?.configMap && byKind("ConfigMap").find((c) => c.metadata.name === configVolume.configMap.name);
  const configKey = configPath && configMount && configPath.slice(configMount.mountPath.replace(/\/$/, "").length + 1);
  if (!configMap) {
    fail(`${id(sts)}: ${configPath} is not on a volume of a ConfigMap of this rendering`);
  } else if (!configMap.data?.[configKey]) {
    fail(`${id(configMap)}: has no key ${configKey} (mounted as ${configPath})`);
  } else {
    try {
      config = parseYaml(configMap.data[configKey]) ?? {};
    } catch (e) {
      fail(`${id(configMap)}: ${configKey} is not YAML: ${e.message}`);
    }
  }
  const envName = (path) => "TRACEPIPE_" + path.toUpperCase().replace(/[.-]/g, "_");
  const setting = (path, fallback) => {
    const e = env[envName(path)];
    if (e && e.value !== undefined) return e.value;
    const v = get(config, path);
    return v === undefined ? fallback : v;
  };
  const partitions = Number(setting("topics.partitions", 6));
  const appId = String(setting("kafka.application-id", "tracepipe"));
  const inputTopic = String(setting("topics.input", "otlp_spans"));
  const bootstrap = String(setting("kafka.bootstrap-servers", "localhost:9092"));
  const httpPort = Number(setting("http.port", 8080));
  const stateDir = String(setting("kafka.state-dir", ""));

  // Scaling: replicas and the autoscaler's maximum within the partition count, one autoscaler.
  if ((sts.spec.replicas ?? 1) > partitions) fail(`${id(sts)}: replicas ${sts.spec.replicas} > ${partitions} partitions: the extra instances would stay idle`);
  if (sts.spec.podManagementPolicy !== "Parallel") fail(`${id(sts)}: podManagementPolicy should be Parallel`);
  const targetsSts = (ref) => ref?.kind === "StatefulSet" && ref?.name === sts.metadata.name;
  const hpas = byKind("HorizontalPodAutoscaler").filter((h) => targetsSts(h.spec.scaleTargetRef));
  const scaledObjects = byKind("ScaledObject").filter((s) => targetsSts(s.spec.scaleTargetRef));
  const autoscalers = [...hpas, ...scaledObjects];
  if (autoscalers.length > 1) fail(`${id(sts)} is the target of ${autoscalers.length} autoscalers (${autoscalers.map(id).join(", ")}): render the HPA or KEDA's ScaledObject, not both`);
  for (const h of hpas) {
    if (h.spec.maxReplicas > partitions) fail(`${id(h)}: maxReplicas ${h.spec.maxReplicas} > ${partitions} partitions`);
    if ((h.spec.minReplicas ?? 1) > h.spec.maxReplicas) fail(`${id(h)}: minReplicas > maxReplicas`);
  }
  for (const s of scaledObjects) {
    const max = s.spec.maxReplicaCount ?? 100;
    if (max > partitions) fail(`${id(s)}: maxReplicaCount ${max} > ${partitions} partitions`);
    if ((s.spec.minReplicaCount ?? 0) < 1) fail(`${id(s)}: minReplicaCount should be at least 1 (no scaling a stateful processor to zero)`);
    if ((s.spec.minReplicaCount ?? 0) > max) fail(`${id(s)}: minReplicaCount > maxReplicaCount`);
    const kafka = (s.spec.triggers ?? []).filter((t) => t.type === "kafka");
    if (kafka.length !== 1) fail(`${id(s)}: expected one kafka trigger, found ${kafka.length}`);
    for (const t of kafka) {
      const md = t.metadata ?? {};
      if (md.consumerGroup !== appId) fail(`${id(s)}: kafka trigger consumerGroup '${md.consumerGroup}' is not the application id '${appId}'`);
      if (md.topic !== inputTopic) fail(`${id(s)}: kafka trigger topic '${md.topic}' is not the input topic '${inputTopic}'`);
      if (md.bootstrapServers !== bootstrap) fail(`${id(s)}: kafka trigger bootstrapServers '${md.bootstrapServers}' is not kafka.bootstrap-servers '${bootstrap}'`);
      if (md.allowIdleConsumers === "true") fail(`${id(s)}: allowIdleConsumers would scale past the partition count`);
    }
  }

  // Static membership, standby replicas, shutdown time.
  const gid = env.TRACEPIPE_KAFKA_GROUP_INSTANCE_ID;
  if (gid?.valueFrom?.fieldRef?.fieldPath !== "metadata.name") fail(`${id(sts)}: TRACEPIPE_KAFKA_GROUP_INSTANCE_ID should come from the pod name (fieldRef metadata.name)`);
  const standby = Number(get(config, "kafka.properties")?.["num.standby.replicas"] ?? 0);
  if (standby < 1) fail(`${id(configMap ?? sts)}: kafka.properties num.standby.replicas should be at least 1`);
  if ((pod.terminationGracePeriodSeconds ?? 30) < 45) fail(`${id(sts)}: terminationGracePeriodSeconds should be at least 45`);

  // Trace lookups across pods: application.server is this pod's address on the governing Service
  // (from the variables above it), and the file holds the key the variable overrides.
  const envIndex = (name) => (container.env ?? []).findIndex((e) => e.name === name);
  const serverVariable = "TRACEPIPE_KAFKA_PROPERTIES_APPLICATION_SERVER";
  const podAddress = `$(POD_NAME).${sts.spec.serviceName}.$(POD_NAMESPACE).svc:${httpPort}`;
  if (env[serverVariable]?.value !== podAddress) fail(`${id(sts)}: ${serverVariable} should be ${podAddress}, got ${JSON.stringify(env[serverVariable]?.value)}`);
  for (const [name, field] of [["POD_NAME", "metadata.name"], ["POD_NAMESPACE", "metadata.namespace"]]) {
    if (env[name]?.valueFrom?.fieldRef?.fieldPath !== field || envIndex(name) > envIndex(serverVariable)) fail(`${id(sts)}: ${name} should come from ${field}, before ${serverVariable}`);
  }
  if (get(config, "kafka.properties")?.["application.server"] === undefined) fail(`${id(configMap ?? sts)}: kafka.properties has no application.server, which ${serverVariable} overrides (a variable overrides only a key the file has)`);

  // Probes and the HTTP port.
  const ports = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
  const probePort = (probe) => (typeof probe?.httpGet?.port === "string" ? ports[probe.httpGet.port] : probe?.httpGet?.port);
  for (const [name, path] of [["readinessProbe", "/readyz"], ["livenessProbe", "/healthz"]]) {
    const probe = container[name];
    if (probe?.httpGet?.path !== path) fail(`${id(sts)}: ${name} should GET ${path}`);
    else if (probePort(probe) !== httpPort) fail(`${id(sts)}: ${name} port ${probePort(probe)} is not http.port ${httpPort}`);
  }
  const scrapePort = sts.spec.template.metadata?.annotations?.["prometheus.io/port"];
  if (scrapePort !== undefined && Number(scrapePort) !== httpPort) fail(`${id(sts)}: prometheus.io/port ${scrapePort} is not http.port ${httpPort}`);

  // Memory and security.
  if (!container.resources?.limits?.memory) fail(`${id(sts)}: no memory limit (the JVM sizes its heap from it)`);
  const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  if (runAsNonRoot !== true) fail(`${id(sts)}: runAsNonRoot should be true`);
  if (container.securityContext?.readOnlyRootFilesystem !== true) fail(`${id(sts)}: readOnlyRootFilesystem should be true`);
  if (!mountOf("/tmp")) fail(`${id(sts)}: /tmp should be a writable volume (read-only root filesystem)`);
  const stateMount = stateDir && mountOf(stateDir);
  const claims = (sts.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name);
  if (!stateMount || !claims.includes(stateMount.name)) fail(`${id(sts)}: kafka.state-dir '${stateDir}' should be on a volumeClaimTemplate (${claims.join(", ") || "none"})`);

  // Services and the disruption budget select the pods.
  const podLabels = sts.spec.template.metadata?.labels ?? {};
  const selects = (selector) => selector && Object.entries(selector).every(([k, v]) => podLabels[k] === v);
  const governing = byKind("Service").find((s) => s.metadata.name === sts.spec.serviceName);
  if (!governing || governing.spec.clusterIP !== "None") fail(`${id(sts)}: serviceName '${sts.spec.serviceName}' should be a headless Service of this rendering`);
  for (const svc of byKind("Service")) if (!selects(svc.spec.selector)) fail(`${id(svc)}: selector does not match the pods`);
  const pdbs = byKind("PodDisruptionBudget");
  if (pdbs.length !== 1) fail(`expected one PodDisruptionBudget, found ${pdbs.length}`);
  for (const pdb of pdbs) {
    if (!selects(pdb.spec.selector?.matchLabels)) fail(`${id(pdb)}: selector does not match the pods`);
    if (pdb.spec.maxUnavailable !== 1) fail(`${id(pdb)}: maxUnavailable should be 1`);
  }
  return { partitions, autoscaler: autoscalers.map((a) => `${a.kind} ${a.spec.minReplicas ?? a.spec.minReplicaCount}-${a.spec.maxReplicas ?? a.spec.maxReplicaCount}`).join(", ") || "none" };
}

// ---- main ---------------------------------------------------------------------------------

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: node validate.mjs LABEL=FILE [LABEL=FILE ...]");
  process.exit(2);
}
let failed = false;
for (const arg of args) {
  const eq = arg.indexOf("=");
  const [label, file] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, arg];
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  const objects = [];
  const problems = [];
  for (const doc of docs) {
    if (doc.errors.length) problems.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    const obj = doc.toJS();
    if (obj != null) objects.push(obj);
  }
  for (const obj of objects) await validateObject(obj, problems);
  const kinds = objects.map((o) => o.kind).join(" ");
  if (problems.length) {
    failed = true;
    console.log(`FAIL  k8s schema      ${label}: ${problems.length} problem(s)`);
    for (const p of problems) console.error(`${label}: ${p}`);
  } else {
    console.log(`ok    k8s schema      ${label}: ${objects.length} objects valid (${kinds})`);
  }
  const invariantProblems = [];
  const summary = checkInvariants(objects, invariantProblems);
  if (invariantProblems.length) {
    failed = true;
    console.log(`FAIL  k8s invariants  ${label}: ${invariantProblems.length} problem(s)`);
    for (const p of invariantProblems) console.error(`${label}: ${p}`);
  } else {
    console.log(`ok    k8s invariants  ${label}: ${summary.autoscaler}, ${summary.partitions} partitions, static membership, standbys, application.server, probes`);
  }
}
process.exit(failed ? 1 : 0);
