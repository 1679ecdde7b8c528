package io.netdyn.sweep;

import io.netdyn.backend.Backend;
import io.netdyn.io.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The latency of every backend operation a run calls, recorded in an HdrHistogram per
 * operation (microsecond values, 3 significant digits, no sample stored) and written to
 * manifest.json as {@code backend_calls}: per operation the call count, p50, p99 and max in
 * milliseconds and the total in seconds (docs/outputs.md, "manifest.json"). Metadata methods
 * and the {@code *BytesPerNetwork} preflight queries are not timed.
 */
final class BackendTimings {
    private static final Set<String> UNTIMED = Set.of("kind", "name", "device", "threads", "close", "toString",
            "hashCode", "equals");
    /** One hour in µs: longer calls are clamped to it (HdrHistogram needs a highest trackable value). */
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Map<String, Histogram> byOperation = new TreeMap<>();

    /** {@code backend} with every operation timed into this recorder; exceptions pass through unchanged. */
    Backend wrap(Backend backend) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> call(backend, method, args));
    }

    private Object call(Backend backend, Method method, Object[] args) throws Throwable {
        boolean timed = !UNTIMED.contains(method.getName()) && !method.getName().endsWith("BytesPerNetwork");
        long t0 = System.nanoTime();
        try {
            return method.invoke(backend, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (timed) record(method.getName(), (System.nanoTime() - t0) / 1000);
        }
    }

    private synchronized void record(String operation, long micros) {
        byOperation.computeIfAbsent(operation, k -> new Histogram(MAX_MICROS, 3))
                .recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    }

    /** {@code backend_calls} into the manifest root: one object per operation called. */
    synchronized void writeTo(JsonObject root) {
        JsonObject calls = root.putObject("backend_calls");
        for (Map.Entry<String, Histogram> e : byOperation.entrySet()) {
            Histogram h = e.getValue();
            JsonObject o = calls.putObject(e.getKey());
            o.put("count", h.getTotalCount());
            o.put("p50_ms", h.getValueAtPercentile(50) / 1e3);
            o.put("p99_ms", h.getValueAtPercentile(99) / 1e3);
            o.put("max_ms", h.getMaxValue() / 1e3);
            o.put("total_s", h.getMean() * h.getTotalCount() / 1e6);
        }
    }
}
