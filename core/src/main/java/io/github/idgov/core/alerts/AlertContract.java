package io.github.idgov.core.alerts;

/** Names of the anomaly alerts, spelled once. */
public final class AlertContract {

    /** Audit record {@code type} of an alert. */
    public static final String RECORD_TYPE = "ALERT";

    /** Log category alerts are written to after commit. */
    public static final String LOG_CATEGORY = "io.github.idgov.alert";

    /** Metric (Micrometer counter) of alerts, tagged {@code kind} and {@code class}. */
    public static final String METRIC = "idgov_alerts";

    /**
     * Client attribute where the network ranges a machine client was seen in are kept (comma-separated CIDR, most
     * recent last, at most {@link NetworkMemory#DEFAULT_CAPACITY} by default). Written by the pack.
     */
    public static final String SEEN_NETWORKS_ATTRIBUTE = "idgov.seen-networks";

    private AlertContract() {
    }
}
