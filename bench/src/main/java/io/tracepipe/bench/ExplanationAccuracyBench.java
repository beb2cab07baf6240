package io.tracepipe.bench;

import static io.tracepipe.bench.Harness.log;

import io.tracepipe.alerting.Alert;
import io.tracepipe.alerting.AlertJson;
import io.tracepipe.alerting.AlertStatus;
import io.tracepipe.anomaly.rules.Rule;
import io.tracepipe.anomaly.rules.RulesParser;
import io.tracepipe.anomaly.stats.ExemplarRanking;
import io.tracepipe.devkit.generator.Fault;
import io.tracepipe.devkit.generator.FaultInjector;
import io.tracepipe.devkit.generator.FaultSchedule;
import io.tracepipe.devkit.generator.GeneratorSettings;
import io.tracepipe.devkit.generator.OtlpRecord;
import io.tracepipe.devkit.generator.ShopTopology;
import io.tracepipe.devkit.generator.TrafficPump;
import io.tracepipe.topology.Topics;
import io.tracepipe.topology.TopologySettings;
import io.tracepipe.topology.TraceObserver;
import io.tracepipe.topology.TracepipeTopology;
import io.tracepipe.topology.assembly.AssemblySettings;
import io.tracepipe.topology.rules.AlertingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * How often alerts name the right culprit: randomized faults on the generator's shop, each played
 * through the whole topology (a TopologyTestDriver) in simulated time, records at the generator's
 * export times. Each run injects one fault (latency or errors, on a random operation; some on one
 * pod only) over background noise: failures at 0.5 % of the stock reads and card authorisations
 * and a naturally slow tail (card authorisation +1.5 s in 0.5 % of the calls). The shipped rules
 * run on 20-second windows. An alert counts as the fault's when it fires for a window within the
 * fault that the same background without the fault (a control run per seed) does not fire for,
 * and is of the fault's kind (an error rule for an error fault, a latency rule for a latency
 * fault: the generator's errors add no latency, and its latency adds no errors; alerts of the
 * other kind are side effects, e.g. a naturally slow tail breaching p99 once failures thinned the
 * traffic, and are listed apart); its culprit is right when it is the faulted service and operation.
 *
 * <pre>bench/run ExplanationAccuracyBench [--runs 60] [--seeds 5] [--seed 1] [--rate 30]</pre>
 */
public final class ExplanationAccuracyBench {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(20);
    // six windows to learn baselines and normal profiles (latency-regression warms up for five), then three of fault
    private static final Duration FAULT_FROM = WINDOW.multipliedBy(6);
    private static final Duration FAULT_FOR = WINDOW.multipliedBy(3);
    private static final Duration RUN_FOR = FAULT_FROM.plus(FAULT_FOR).plus(WINDOW).plusSeconds(10);
    private static final Duration STEP = Duration.ofMillis(250);
    private static final double ONE_POD_SHARE = 0.3;

    /** An operation a fault can hit, and whether a latency fault on it shows (fire-and-forget work never does). */
    private record Target(String service, String operation) {}

    private static final List<Target> TARGETS = List.of(
            new Target("frontend", "GET /"), new Target("frontend", "GET /product/{id}"), new Target("frontend", "POST /checkout"),
            new Target("frontend", "render home"), new Target("frontend", "render product"),
            new Target("frontend", "render confirmation"),
            new Target("checkout", "POST /checkout"), new Target("checkout", "SELECT cart_items"), new Target("checkout", "SELECT orders"),
            new Target("checkout", "price cart"), new Target("checkout", "POST /reserve"), new Target("checkout", "POST /charge"),
            new Target("checkout", "INSERT orders"),
            new Target("inventory", "GET /stock"), new Target("inventory", "SELECT stock"), new Target("inventory", "POST /reserve"),
            new Target("inventory", "UPDATE stock"),
            new Target("payment", "POST /charge"), new Target("payment", "fraud check"), new Target("payment", "authorize card"));

    private static final List<Fault> BACKGROUND = List.of(
            Fault.errors(ShopTopology.INVENTORY, "SELECT stock", 0.005),
            Fault.errors(ShopTopology.PAYMENT, "authorize card", 0.005),
            Fault.latency(ShopTopology.PAYMENT, "authorize card", Duration.ofMillis(1500)).inShare(0.005));

    /** One alert of a fault, as scored. */
    private record Scored(int run, Fault fault, Alert alert, int rank, Boolean podNamed) {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(Harness.arg(args, "--runs", "60"));
        int seeds = Integer.parseInt(Harness.arg(args, "--seeds", "5"));
        long seed = Long.parseLong(Harness.arg(args, "--seed", "1"));
        double rate = Double.parseDouble(Harness.arg(args, "--rate", "30"));
        List<Rule> rules = shippedRulesOnShortWindows();
        Random random = new Random(seed);

        Map<Long, Set<String>> controls = new HashMap<>();
        long started = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
            long background = seed * 1000 + s;
            List<Alert> alerts = simulate(rules, background, rate, null);
            Set<String> fired = new HashSet<>();
            alerts.forEach(a -> fired.add(identity(a)));
            controls.put(background, fired);
            log("control %d (seed %d): %d alerts without a fault", s, background, fired.size());
        }

        List<Scored> scored = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        List<String> sideEffects = new ArrayList<>();
        int cascading = 0;
        for (int run = 0; run < runs; run++) {
            long background = seed * 1000 + run % seeds;
            Fault fault = randomFault(random);
            List<Alert> during = simulate(rules, background, rate, fault).stream()
                    .filter(a -> isOfTheFault(a, controls.get(background))).toList();
            List<Alert> alerts = new ArrayList<>();
            for (Alert alert : during) {
                if (sameKind(alert, fault, rules)) {
                    alerts.add(alert);
                } else {
                    sideEffects.add("run " + run + ", " + fault + ": " + line(alert));
                }
            }
            if (alerts.isEmpty()) {
                silent.add("run " + run + ": " + fault);
            }
            boolean upstream = false;
            for (Alert alert : alerts) {
                scored.add(score(run, fault, alert));
                upstream |= !alert.labels().getOrDefault("service", "").equals(fault.service());
            }
            cascading += upstream ? 1 : 0;
            log("run %d: %s -> %d alerts%s", run, fault, alerts.size(), alerts.stream().map(a -> "\n    " + line(a))
                    .collect(Collectors.joining()));
        }
        report(scored, silent, sideEffects, runs, cascading, (System.nanoTime() - started) / 1e9);
    }

    private static Fault randomFault(Random random) {
        Target target = TARGETS.get(random.nextInt(TARGETS.size()));
        Fault fault = random.nextBoolean()
                ? Fault.latency(target.service(), target.operation(), Duration.ofMillis(300 + 100L * random.nextInt(10)))
                : Fault.errors(target.service(), target.operation(), (10 + 5 * random.nextInt(9)) / 100.0);
        if (random.nextDouble() < ONE_POD_SHARE) {
            List<String> pods = ShopTopology.standard().instancesOf(target.service()).stream().map(i -> i.podName()).toList();
            fault = fault.onPod(pods.get(random.nextInt(pods.size())));
        }
        return fault;
    }

    /** The alerts of one run: the background of {@code seed}, and {@code fault} (if any) switched on for three windows. */
    private static List<Alert> simulate(List<Rule> rules, long seed, double rate, Fault fault) throws IOException {
        Path state = Harness.tempDir("tracepipe-bench-explain-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracepipe-explain-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        // the test driver has one input partition, so the assembler waits for one upstream partition's position
        TopologySettings settings = TopologySettings.defaults().withPartitions(1).withRules(rules)
                .withAssembly(new AssemblySettings(Duration.ofSeconds(2), Duration.ofMinutes(1), 10_000, Duration.ofMinutes(5), STEP))
                .withAlerting(new AlertingSettings(Duration.ofSeconds(5), Duration.ofMillis(500), null));
        FaultSchedule schedule = fault == null ? FaultSchedule.NONE
                : new FaultSchedule(List.of(new FaultSchedule.Entry(fault, FAULT_FROM, FAULT_FOR)), RUN_FOR.plusMinutes(1));
        TrafficPump pump = new TrafficPump(GeneratorSettings.defaults(seed).withTracesPerSecond(rate),
                new FaultInjector(BACKGROUND.toArray(Fault[]::new)), schedule, T0);
        List<Alert> alerts = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(new TracepipeTopology(settings, null, TraceObserver.NONE).get(), props, T0)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(Topics.DEFAULT_INPUT, new ByteArraySerializer(),
                    new ByteArraySerializer(), T0, Duration.ZERO);
            TestOutputTopic<String, String> output = driver.createOutputTopic(Topics.DEFAULT_ALERTS, new StringDeserializer(),
                    new StringDeserializer());
            for (Instant now = T0; now.isBefore(T0.plus(RUN_FOR)); now = now.plus(STEP)) {
                for (OtlpRecord record : pump.advanceTo(now.plus(STEP))) {
                    input.pipeInput(record.value(), record.exportedAt());
                }
                driver.advanceWallClockTime(STEP);
                output.readValuesToList().forEach(json -> alerts.add(AlertJson.fromJson(json)));
            }
        } finally {
            Harness.deleteQuietly(state);
        }
        return alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
    }

    /** Fired for a window within the fault, and not by the same background without it. */
    private static boolean isOfTheFault(Alert alert, Set<String> control) {
        Instant start = alert.window().start();
        return !start.isBefore(T0.plus(FAULT_FROM)) && start.isBefore(T0.plus(FAULT_FROM).plus(FAULT_FOR))
                && !control.contains(identity(alert));
    }

    /** Whether the alert's rule is about the fault's kind: errors for an error fault, latency for a latency fault. */
    private static boolean sameKind(Alert alert, Fault fault, List<Rule> rules) {
        Rule rule = rules.stream().filter(r -> r.name().equals(alert.rule())).findFirst().orElseThrow();
        boolean errorRule = rule.exemplarRanking() == ExemplarRanking.ERRORS_FIRST;
        return errorRule == (fault instanceof Fault.Errors);
    }

    private static String identity(Alert alert) {
        return alert.rule() + " " + alert.labels() + " " + alert.window().start();
    }

    private static Scored score(int run, Fault fault, Alert alert) {
        int rank = -1;
        List<Alert.Suspect> suspects = alert.explanation() == null ? List.of() : alert.explanation().suspects();
        for (int i = 0; i < suspects.size(); i++) {
            if (suspects.get(i).service().equals(fault.service()) && suspects.get(i).operation().equals(fault.operation())) {
                rank = i;
                break;
            }
        }
        Boolean podNamed = null;
        if (fault.pod() != null && fault.service().equals(alert.labels().get("service"))) {
            podNamed = alert.explanation() != null && alert.explanation().attributes().stream()
                    .anyMatch(a -> a.key().equals("k8s.pod.name") && a.value().equals(fault.pod()));
        }
        return new Scored(run, fault, alert, rank, podNamed);
    }

    private static void report(List<Scored> scored, List<String> silent, List<String> sideEffects, int runs, int cascading,
            double seconds) {
        long alerts = scored.size();
        long top1 = scored.stream().filter(s -> s.rank() == 0).count();
        long top3 = scored.stream().filter(s -> s.rank() >= 0 && s.rank() < 3).count();
        Set<Integer> scoredRuns = scored.stream().map(Scored::run).collect(Collectors.toSet());
        long runsAllTop1 = scoredRuns.stream().filter(r -> scored.stream().filter(s -> s.run() == r).allMatch(s -> s.rank() == 0)).count();
        List<Scored> podScored = scored.stream().filter(s -> s.podNamed() != null).toList();
        long podHits = podScored.stream().filter(Scored::podNamed).count();
        System.out.println();
        System.out.printf(Locale.ROOT, "ACCURACY runs=%d with_alerts=%d cascading=%d silent=%d alerts=%d top1=%.1f%% (%d) top3=%.1f%% (%d)"
                        + " runs_all_top1=%.1f%% pod_alerts=%d pod_named=%.1f%% (%d) side_effects=%d seconds=%.0f%n",
                runs, scoredRuns.size(), cascading, silent.size(), alerts, percent(top1, alerts), top1, percent(top3, alerts), top3,
                percent(runsAllTop1, scoredRuns.size()), podScored.size(), percent(podHits, podScored.size()), podHits,
                sideEffects.size(), seconds);
        System.out.println("misses:");
        for (Scored s : scored) {
            if (s.rank() != 0) {
                System.out.printf("  run %d, %s: %s%n    %s%n", s.run(), s.fault(), line(s.alert()), why(s));
            }
        }
        for (Scored s : podScored) {
            if (!s.podNamed()) {
                Alert.Explanation e = s.alert().explanation();
                System.out.printf("  run %d, %s: pod not named: %s%n    %s%n", s.run(), s.fault(), line(s.alert()),
                        e == null ? "no explanation" : e.badSpans() + " bad spans: the pod's excess was within three standard errors;"
                                + " attributes named: " + e.attributes().stream().map(a -> a.key() + "=" + a.value()).toList());
            }
        }
        System.out.println("faults that fired no alert of their own:");
        silent.forEach(line -> System.out.println("  " + line));
        System.out.println("alerts of the other kind during a fault (side effects, not scored):");
        sideEffects.forEach(line -> System.out.println("  " + line));
    }

    private static String why(Scored s) {
        Alert.Explanation explanation = s.alert().explanation();
        if (explanation == null || explanation.suspects().isEmpty()) {
            return "no suspect: no span of the window was bad for the rule";
        }
        String suspects = explanation.suspects().stream().map(x -> String.format(Locale.ROOT, "%s %s %.0f%%%s", x.service(), x.operation(),
                x.share() * 100, Double.isFinite(x.normalShare()) ? String.format(Locale.ROOT, " (normally %.0f%%)", x.normalShare() * 100) : ""))
                .collect(Collectors.joining(", "));
        return (s.rank() < 0 ? "the faulted operation is not among the suspects: " : "ranked " + (s.rank() + 1) + ": ") + suspects;
    }

    private static String line(Alert alert) {
        Alert.Culprit c = alert.culprit();
        return String.format(Locale.ROOT, "%s %s %s | culprit %s", alert.rule(), alert.labels(), alert.annotations().get("summary"),
                c == null ? "none" : String.format(Locale.ROOT, "%s %s %.0f%%", c.service(), c.operation(), c.share() * 100));
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }

    /** The rules tracepipe ships, on 20-second windows instead of one minute, so that a run takes seconds. */
    private static List<Rule> shippedRulesOnShortWindows() throws IOException {
        try (InputStream in = ExplanationAccuracyBench.class.getResourceAsStream("/io/tracepipe/app/config/default-rules.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return RulesParser.parseDocument(yaml.replace("window: 1m", "window: " + WINDOW.toSeconds() + "s"));
        }
    }
}
