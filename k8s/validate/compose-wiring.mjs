// Cross-checks docker-compose.yml and the files in deploy/compose/ against each other: no Docker
// engine is needed, and `docker-compose config` checks none of this.
//
//   node k8s/validate/compose-wiring.mjs [REPO_ROOT]
//
// - every bind-mounted file exists; every image is pinned to a version (not latest);
// - tracepipe reads the mounted tracepipe.yaml (its --config), and its state dir is on a volume;
// - the Collector: every component a pipeline names is defined; the kafka exporter writes
//   tracepipe's input topic and the kafka receiver reads its sampled-traces topic, both
//   otlp_proto, on tracepipe's brokers; the OTLP exporter points at a service of the file;
// - Kafka advertises the address that tracepipe, the generator and the Collector use;
// - Prometheus scrapes tracepipe on http.port, and tracepipe's Alertmanager URL and Prometheus'
//   alertmanagers point at the alertmanager service; Prometheus' rule files are mounted;
// - Grafana's provisioned data sources: a Tempo one on tracepipe's http.port whose service map
//   reads the Prometheus one, which points at the Prometheus service and links its trace_id
//   exemplars back to the Tempo one;
// - tracepipe's alerting.trace-url opens in a browser on the host: localhost, on a published port.
// Prints one line; exits 1 with the problems on stderr if any.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", ".."));
const problems = [];
const fail = (msg) => problems.push(msg);
const load = (rel) => {
  try {
    return parse(readFileSync(join(root, rel), "utf8")) ?? {};
  } catch (e) {
    fail(`${rel}: ${e.message}`);
    return {};
  }
};
const get = (obj, path) => path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);

const compose = load("docker-compose.yml");
const services = compose.services ?? {};
const hostPort = (s) => {
  const m = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)/.exec(String(s ?? ""));
  return m ? { host: m[1], port: Number(m[2]) } : null;
};

// Bind mounts: host file -> container path, per service.
const mounts = {};
for (const [name, svc] of Object.entries(services)) {
  mounts[name] = {};
  for (const v of svc.volumes ?? []) {
    const [src, dst] = String(typeof v === "string" ? v : `${v.source}:${v.target}`).split(":");
    if (src.startsWith(".") || src.startsWith("/")) {
      if (!existsSync(join(root, src))) fail(`docker-compose.yml: ${name} mounts ${src}, which does not exist`);
      mounts[name][dst] = src;
    } else {
      mounts[name][dst] = `volume:${src}`;
    }
  }
  if (svc.image && !svc.build) {
    const tag = svc.image.includes(":") ? svc.image.slice(svc.image.lastIndexOf(":") + 1) : "";
    if (!tag || tag === "latest") fail(`docker-compose.yml: ${name} image ${svc.image} is not pinned to a version`);
  }
}
const mountedFile = (service, containerPath) => {
  const src = mounts[service]?.[containerPath];
  return src && !src.startsWith("volume:") ? posix.normalize(src) : null;
};
const onVolume = (service, path) =>
  Object.entries(mounts[service] ?? {}).some(([dst, src]) => src.startsWith("volume:") && (path === dst || path.startsWith(dst.replace(/\/$/, "") + "/")));

// tracepipe and its configuration.
const tp = services.tracepipe;
let cfg = {};
if (!tp) {
  fail("docker-compose.yml: no tracepipe service");
} else {
  const cmd = tp.command ?? [];
  const configPath = cmd[cmd.indexOf("--config") + 1];
  const file = configPath && mountedFile("tracepipe", configPath);
  if (!file) fail(`docker-compose.yml: tracepipe's --config ${configPath} is not a bind-mounted file`);
  else cfg = load(file);
  const stateDir = get(cfg, "kafka.state-dir");
  if (!stateDir || !onVolume("tracepipe", stateDir)) fail(`tracepipe's kafka.state-dir ${stateDir} is not on a named volume`);
}
const env = tp?.environment ?? {};
const setting = (path, fallback) => env["TRACEPIPE_" + path.toUpperCase().replace(/[.-]/g, "_")] ?? get(cfg, path) ?? fallback;
const bootstrap = String(setting("kafka.bootstrap-servers", "localhost:9092"));
const input = setting("topics.input", "otlp_spans");
const sampled = setting("topics.sampled-traces", "tracepipe-sampled-traces");
const httpPort = Number(setting("http.port", 8080));

// Kafka advertises what the clients use.
const kafkaSvc = hostPort(bootstrap)?.host;
const advertised = String(services[kafkaSvc]?.environment?.KAFKA_ADVERTISED_LISTENERS ?? "");
if (!services[kafkaSvc]) fail(`kafka.bootstrap-servers ${bootstrap}: no service ${kafkaSvc}`);
else if (!advertised.split(",").some((l) => l.endsWith(`//${bootstrap}`))) fail(`${kafkaSvc} does not advertise ${bootstrap} (KAFKA_ADVERTISED_LISTENERS=${advertised})`);
for (const [name, svc] of Object.entries(services)) {
  const cmd = Array.isArray(svc.command) ? svc.command : [];
  const i = cmd.indexOf("--bootstrap-servers");
  if (i >= 0 && cmd[i + 1] !== bootstrap) fail(`${name}: --bootstrap-servers ${cmd[i + 1]} is not tracepipe's ${bootstrap}`);
}

// The Collector.
const collectorName = Object.keys(services).find((n) => String(services[n].image ?? "").includes("opentelemetry-collector"));
const collectorFile = collectorName && Object.entries(mounts[collectorName]).find(([dst, src]) => !src.startsWith("volume:") && /config\.ya?ml$/.test(dst))?.[1];
if (!collectorFile) {
  fail("docker-compose.yml: no OpenTelemetry Collector service with a mounted config.yaml");
} else {
  const col = load(collectorFile);
  const kinds = { receivers: col.receivers ?? {}, processors: col.processors ?? {}, exporters: col.exporters ?? {} };
  const pipelines = get(col, "service.pipelines") ?? {};
  if (!Object.keys(pipelines).length) fail(`${collectorFile}: no pipelines`);
  for (const [pname, p] of Object.entries(pipelines)) {
    if (!pname.startsWith("traces")) fail(`${collectorFile}: pipeline ${pname} is not a traces pipeline`);
    for (const kind of Object.keys(kinds)) {
      for (const c of p[kind] ?? []) if (!(c in kinds[kind])) fail(`${collectorFile}: pipeline ${pname} uses ${kind} ${c}, which is not defined`);
    }
    if (!(p.receivers ?? []).length || !(p.exporters ?? []).length) fail(`${collectorFile}: pipeline ${pname} needs receivers and exporters`);
  }
  const used = (kind, c) => Object.values(pipelines).some((p) => (p[kind] ?? []).includes(c));
  const type = (c) => c.split("/")[0];
  const kafkaExporters = Object.keys(kinds.exporters).filter((c) => type(c) === "kafka" && used("exporters", c));
  const kafkaReceivers = Object.keys(kinds.receivers).filter((c) => type(c) === "kafka" && used("receivers", c));
  const checkBrokers = (c, conf) => {
    const brokers = conf?.brokers ?? ["localhost:9092"];
    if (!brokers.includes(bootstrap)) fail(`${collectorFile}: ${c} brokers ${JSON.stringify(brokers)} do not include ${bootstrap}`);
  };
  if (!kafkaExporters.some((c) => kinds.exporters[c]?.traces?.topic === input)) fail(`${collectorFile}: no kafka exporter in a pipeline writes traces::topic ${input}`);
  for (const c of kafkaExporters) {
    const t = kinds.exporters[c]?.traces ?? {};
    if ((t.encoding ?? "otlp_proto") !== "otlp_proto") fail(`${collectorFile}: ${c} traces::encoding should be otlp_proto`);
    if (kinds.exporters[c]?.topic !== undefined) fail(`${collectorFile}: ${c}: top-level topic is the old syntax, use traces::topic`);
    checkBrokers(c, kinds.exporters[c]);
  }
  if (!kafkaReceivers.some((c) => (kinds.receivers[c]?.traces?.topics ?? []).includes(sampled))) fail(`${collectorFile}: no kafka receiver in a pipeline reads traces::topics [${sampled}]`);
  for (const c of kafkaReceivers) {
    const t = kinds.receivers[c]?.traces ?? {};
    if ((t.encoding ?? "otlp_proto") !== "otlp_proto") fail(`${collectorFile}: ${c} traces::encoding should be otlp_proto`);
    if (t.topic !== undefined || kinds.receivers[c]?.topic !== undefined) fail(`${collectorFile}: ${c}: topic is deprecated, use traces::topics (a list)`);
    checkBrokers(c, kinds.receivers[c]);
  }
  for (const c of Object.keys(kinds.exporters).filter((c) => ["otlp", "otlp_grpc", "otlphttp", "otlp_http"].includes(type(c)) && used("exporters", c))) {
    const hp = hostPort(kinds.exporters[c]?.endpoint);
    if (!hp || !services[hp.host]) fail(`${collectorFile}: ${c} endpoint ${kinds.exporters[c]?.endpoint} is not a service of docker-compose.yml`);
  }
}

// Prometheus and Alertmanager.
const promName = Object.keys(services).find((n) => String(services[n].image ?? "").includes("prom/prometheus"));
const promFile = promName && mountedFile(promName, "/etc/prometheus/prometheus.yml");
if (!promFile) {
  fail("docker-compose.yml: no Prometheus service with /etc/prometheus/prometheus.yml mounted");
} else {
  const prom = load(promFile);
  const targets = (prom.scrape_configs ?? []).flatMap((s) => (s.static_configs ?? []).flatMap((c) => c.targets ?? []));
  if (!targets.includes(`tracepipe:${httpPort}`)) fail(`${promFile}: no scrape target tracepipe:${httpPort} (http.port)`);
  for (const t of targets) if (!t.startsWith("localhost:") && !services[hostPort(t)?.host]) fail(`${promFile}: scrape target ${t} is not a service`);
  for (const r of prom.rule_files ?? []) {
    const inContainer = posix.resolve("/etc/prometheus", r);
    if (!mountedFile(promName, inContainer)) fail(`${promFile}: rule file ${r} (${inContainer}) is not mounted`);
  }
  const ams = get(prom, "alerting.alertmanagers") ?? [];
  for (const t of ams.flatMap((a) => (a.static_configs ?? []).flatMap((c) => c.targets ?? []))) {
    if (!services[hostPort(t)?.host]) fail(`${promFile}: alertmanager ${t} is not a service`);
  }
}
const amUrl = setting("alerting.alertmanager.url", null);
if (amUrl) {
  const hp = hostPort(amUrl);
  if (!hp || !services[hp.host] || !String(services[hp.host].image ?? "").includes("alertmanager")) fail(`tracepipe's alerting.alertmanager.url ${amUrl} is not the alertmanager service`);
}

// Grafana: its data sources, provisioned from a mounted file.
const grafanaName = Object.keys(services).find((n) => String(services[n].image ?? "").includes("grafana/grafana"));
const provisioningDir = "/etc/grafana/provisioning/datasources/";
const grafanaFiles = grafanaName
  ? Object.entries(mounts[grafanaName]).filter(([dst, src]) => dst.startsWith(provisioningDir) && !src.startsWith("volume:")).map(([, src]) => src)
  : [];
if (!grafanaName) {
  fail("docker-compose.yml: no Grafana service");
} else if (!grafanaFiles.length) {
  fail(`docker-compose.yml: ${grafanaName} mounts no data source file under ${provisioningDir}`);
} else {
  const sources = grafanaFiles.flatMap((f) => (load(f).datasources ?? []).map((d) => ({ ...d, file: f })));
  const tempo = sources.find((d) => d.type === "tempo");
  const prom = sources.find((d) => d.type === "prometheus");
  if (!tempo) fail(`${grafanaFiles.join(", ")}: no data source of type tempo`);
  else {
    const hp = hostPort(tempo.url);
    if (!hp || hp.host !== "tracepipe" || hp.port !== httpPort) fail(`${tempo.file}: tempo data source url ${tempo.url} is not tracepipe:${httpPort} (http.port)`);
  }
  if (!prom) fail(`${grafanaFiles.join(", ")}: no data source of type prometheus`);
  else {
    const hp = hostPort(prom.url);
    if (!hp || hp.host !== promName || hp.port !== 9090) fail(`${prom.file}: prometheus data source url ${prom.url} is not the ${promName} service on 9090`);
  }
  if (tempo && prom) {
    if (!tempo.uid || get(tempo, "jsonData.serviceMap.datasourceUid") !== prom.uid) fail(`${tempo.file}: the tempo data source's jsonData.serviceMap.datasourceUid is not the prometheus data source's uid ${prom.uid}`);
    const exemplars = get(prom, "jsonData.exemplarTraceIdDestinations") ?? [];
    if (!exemplars.some((e) => e.name === "trace_id" && e.datasourceUid === tempo.uid)) fail(`${prom.file}: no exemplarTraceIdDestinations entry trace_id -> ${tempo.uid} (span metrics carry trace_id exemplars)`);
  }
}

// Alert links open in a browser on the host: localhost, on a port some service publishes.
const traceUrl = setting("alerting.trace-url", null);
if (traceUrl) {
  const hp = hostPort(traceUrl);
  const published = Object.values(services).flatMap((svc) => (svc.ports ?? []).map((p) => Number(String(p).split(":")[0])));
  if (!hp || !["localhost", "127.0.0.1"].includes(hp.host) || !published.includes(hp.port)) fail(`tracepipe's alerting.trace-url ${traceUrl} is not on localhost at a published port (${published.join(", ")})`);
}

if (problems.length) {
  console.log(`FAIL  compose wiring  ${problems.length} problem(s)`);
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`ok    compose wiring  ${Object.keys(services).length} services; Collector -> ${input} -> tracepipe -> ${sampled} -> Collector -> Jaeger; Prometheus -> tracepipe:${httpPort}; Grafana -> tracepipe (Tempo) + Prometheus; Alertmanager`);
