package io.github.idgov.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Reads one sample from Keycloak's management {@code /metrics} (Prometheus text format). */
final class ServerMetrics {

    private final HttpClient http;
    private final URI metrics;

    ServerMetrics(HttpClient http, String managementUrl) {
        this.http = http;
        this.metrics = URI.create(managementUrl + "/metrics");
    }

    /** The cumulative buckets ({@code le} → count) of the histogram series whose labels contain {@code labelFragment}. */
    NavigableMap<Double, Double> buckets(String name, String labelFragment) throws IOException, InterruptedException {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (String line : scrape()) {
            if (!line.startsWith(name + "{") || !line.contains(labelFragment)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            buckets.put(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("no " + name + "{" + labelFragment + "} on " + metrics);
        }
        return buckets;
    }

    /** The value of the first sample whose name and labels contain every given fragment, e.g. {@code quantile="0.99"}. */
    OptionalDouble sample(String name, String... labelFragments) throws IOException, InterruptedException {
        for (String line : scrape()) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean matches = true;
            for (String fragment : labelFragments) {
                matches &= series.contains(fragment);
            }
            if (matches) {
                return OptionalDouble.of(Double.parseDouble(line.substring(space + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    private String[] scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(metrics + " answered " + response.statusCode());
        }
        return response.body().split("\n");
    }
}
