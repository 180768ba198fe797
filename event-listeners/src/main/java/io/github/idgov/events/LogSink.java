package io.github.idgov.events;

import java.util.List;
import org.jboss.logging.Logger;

/** One JSON line per record through jboss-logging, for stdout collectors. */
final class LogSink implements AuditSink {

    static final String NAME = "log";
    static final String CATEGORY = "io.github.idgov.audit";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(List<String> records) {
        records.forEach(LOG::info);
    }

    @Override
    public void close() {
        // nothing held
    }
}
