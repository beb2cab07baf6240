# Independent reference of the documented baseline algorithm, used to write baseline.csv.
import csv, sys
BREACH_WEIGHT = 0.1
def run(name, metric, sens, warmup, alpha, min_delta, min_count, windows):
    mean, dev, n = 0.0, 0.0, 0
    rows = []
    for spans, errors, latency_ms in windows:
        obs = (latency_ms / 1000.0) if metric == 'p95_latency' else (errors / spans if spans else 0.0)
        upper = mean + max(sens * dev, min_delta)
        if spans < min_count or n < warmup:
            outcome = 'INSUFFICIENT_DATA'
        else:
            outcome = 'BREACH' if obs > upper else 'CLEAR'
        rows.append((name, metric, sens, warmup, alpha, min_delta_text(metric, min_delta), min_count, spans, errors,
                     f'{latency_ms}ms', outcome, round(obs, 6), round(upper, 6), n))
        # learning
        if spans >= min_count:
            if outcome == 'BREACH':
                w = alpha * BREACH_WEIGHT
                mean = (1 - w) * mean + w * obs
                n += 1
            elif n == 0:
                mean, dev, n = obs, 0.0, 1
            else:
                dev = (1 - alpha) * dev + alpha * abs(obs - mean)
                mean = (1 - alpha) * mean + alpha * obs
                n += 1
    return rows
def min_delta_text(metric, d):
    return f'{round(d*1000)}ms' if metric == 'p95_latency' else f'{d}'
L = lambda *ms: [(100, 0, m) for m in ms]
E = lambda *errs: [(1000, e, 100) for e in errs]
out = []
out += run('huge value during warm-up', 'p95_latency', 3, 5, 0.2, 0.0, 10, L(200, 210, 190, 205, 20000))
out += run('breach right after warm-up', 'p95_latency', 3, 3, 0.2, 0.0, 10, L(200, 210, 190, 2000))
seq = [200, 240, 180, 220, 200, 210, 190, 200]
out += run('sensitivity 2 breaches', 'p95_latency', 2, 5, 0.2, 0.0, 10, L(*seq, 235))
out += run('sensitivity 5 stays clear', 'p95_latency', 5, 5, 0.2, 0.0, 10, L(*seq, 235))
out += run('min_delta keeps a flat baseline quiet', 'p95_latency', 3, 3, 0.2, 0.05, 10, L(200, 200, 200, 200, 230, 300))
out += run('an incident does not become normal', 'p95_latency', 3, 3, 0.2, 0.02, 10, L(200, 220, 180, 200, 2000, 2000, 2000, 2000, 2000, 200, 2000))
out += run('error rate baseline', 'error_rate', 3, 4, 0.3, 0.01, 10, E(10, 12, 8, 11, 9, 25, 15))
out += run('too few spans teach nothing', 'p95_latency', 3, 2, 0.2, 0.0, 10, [(100, 0, 200), (5, 0, 5000), (100, 0, 210), (100, 0, 400)])
w = csv.writer(sys.stdout, lineterminator='\n')
print('# One window per row, in order within each scenario (the baseline carries over from row to row). Rule: the baseline')
print('# condition (metric, sensitivity, warmup, alpha, min_delta) and min_count; window: span count, errors, latency of every span.')
print('# Expected: outcome, observed (p95 in seconds or error rate), the upper bound judged against, windows learned before it.')
print('# Written by an independent reference of the documented algorithm; latency values hold within the sketch accuracy.')
w.writerow(['scenario','metric','sensitivity','warmup','alpha','min_delta','min_count','spans','errors','latency','outcome','observed','upper','windows_learned'])
for r in out: w.writerow(r)
