package io.github.idgov.events;

import io.github.idgov.core.audit.Checkpoint;
import io.github.idgov.core.audit.HashChain;
import io.github.idgov.core.audit.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * JSON Lines, hash-chained, with a signed checkpoint file beside it ({@code <file>.checkpoint}). On start the
 * chain continues from the file's last record; a torn last line (crash mid-write) is cut, and the records of
 * that batch are delivered again by the outbox. Records already in the file's tail are not written twice.
 * The checkpoint vouches only for records written (and fsynced, with fsync on); it is rewritten at most once per
 * checkpoint interval after a batch, and when the drainer finds the sink idle, so under load the file runs ahead of
 * it by at most the interval.
 */
final class FileSink implements AuditSink {

    static final String NAME = "file";
    private static final Logger LOG = Logger.getLogger(FileSink.class);
    private static final int TAIL_BYTES = 256 * 1024;
    private static final int REMEMBERED_IDS = 10_000;

    private final Path path;
    private final Path checkpointPath;
    private final boolean fsync;
    private final byte[] checkpointKey;
    /** Rotate once the file reaches this size (bytes); 0 = never. */
    private final long maxBytes;
    private final long checkpointIntervalNanos;
    private long checkpointedAt;
    private long checkpointedSeq;
    private FileChannel channel;
    private final Set<String> recentIds = new HashSet<>();
    private final Deque<String> recentOrder = new ArrayDeque<>();
    private long lastSeq;
    private String lastHash = HashChain.GENESIS;

    FileSink(Path path, boolean fsync, byte[] checkpointKey, long maxBytes, Duration checkpointInterval) throws IOException {
        this.path = path;
        this.checkpointIntervalNanos = checkpointInterval.toNanos();
        this.checkpointPath = path.resolveSibling(path.getFileName() + ".checkpoint");
        this.fsync = fsync;
        this.checkpointKey = checkpointKey.clone();
        this.maxBytes = maxBytes;
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        this.channel = open(path);
        restoreFromTail(channel, true);
        if (lastSeq == 0) {
            restoreFromNewestSegment(); // rotated just before a restart: the chain goes on from the last segment
        }
        checkpointedSeq = -1; // the first batch after a start writes one at once
    }

    private static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void deliver(List<String> records) throws DeliveryException {
        StringBuilder batch = new StringBuilder(records.size() * 1024);
        long seq = lastSeq;
        String hash = lastHash;
        Set<String> written = new LinkedHashSet<>();
        for (String record : records) {
            ChainableRecord chainable = ChainableRecord.of(record);
            String id = chainable.id();
            if (recentIds.contains(id) || !written.add(id)) {
                continue; // delivered before a crash, before its outbox row was removed
            }
            HashChain.Linked linked = chainable.link(++seq, hash);
            hash = linked.hash();
            batch.append(linked.line()).append('\n');
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            channel.position(channel.size());
            ByteBuffer bytes = ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (fsync) {
                channel.force(false);
            }
            lastSeq = seq;
            lastHash = hash;
            written.forEach(this::remember); // only now: a failed write must be retried in full
            if (checkpointedSeq < 0 || System.nanoTime() - checkpointedAt >= checkpointIntervalNanos) {
                writeCheckpoint();
            }
        } catch (IOException e) {
            throw new DeliveryException("cannot write " + path + ": " + e.getMessage(), true, e);
        }
        rotateIfFull();
    }

    /**
     * Moves a full file aside as the segment named by its last seq and starts an empty one; the next record links to
     * the segment's last hash. A failed move leaves the file in place (tried again after the next batch): the batch is
     * written and vouched for either way.
     */
    private void rotateIfFull() {
        try {
            if (maxBytes <= 0 || channel.size() < maxBytes) {
                return;
            }
            Path segment = FileSegments.segment(path, lastSeq);
            channel.close();
            try {
                Files.move(path, segment, StandardCopyOption.ATOMIC_MOVE);
                LOG.infof("Audit file %s rotated to %s (last seq %d)", path, segment.getFileName(), lastSeq);
            } finally {
                channel = open(path);
            }
        } catch (IOException e) {
            LOG.warnf(e, "Rotating audit file %s failed; writing on to it and trying again after the next batch", path);
        }
    }

    /** The records written since the last checkpoint get theirs now that no batch is coming. */
    @Override
    public synchronized void idle() {
        if (lastSeq > checkpointedSeq && lastSeq > 0) {
            try {
                writeCheckpoint();
            } catch (IOException e) {
                // the records are written; the next batch or idle pass writes the checkpoint again
                LOG.warnf(e, "Writing the checkpoint of audit file %s failed; trying again at the next batch", path);
            }
        }
    }

    private void writeCheckpoint() throws IOException {
        Checkpoint checkpoint = Checkpoint.sign(lastSeq, lastHash, System.currentTimeMillis(), checkpointKey);
        Path tmp = checkpointPath.resolveSibling(checkpointPath.getFileName() + ".tmp");
        Files.writeString(tmp, checkpoint.toJson() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, checkpointPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        checkpointedSeq = lastSeq;
        checkpointedAt = System.nanoTime();
    }

    private void restoreFromNewestSegment() throws IOException {
        List<Path> segments = FileSegments.of(path);
        if (segments.isEmpty()) {
            return;
        }
        try (FileChannel segment = FileChannel.open(segments.get(segments.size() - 1), StandardOpenOption.READ)) {
            restoreFromTail(segment, false);
        }
    }

    /** {@code cutTorn}: the current file may end in a torn record after a crash; a segment never does. */
    private void restoreFromTail(FileChannel channel, boolean cutTorn) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        long start = Math.max(0, size - TAIL_BYTES);
        byte[] bytes = new byte[(int) (size - start)];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
            // read the whole tail
        }
        // search bytes, not characters: '\n' never occurs inside a multi-byte UTF-8 sequence
        int lastNewline = bytes.length - 1;
        while (lastNewline >= 0 && bytes[lastNewline] != '\n') {
            lastNewline--;
        }
        if (cutTorn && lastNewline < bytes.length - 1) {
            long cut = start + lastNewline + 1;
            LOG.warnf("Audit file %s ends with a torn record; cutting it at byte %d (the outbox delivers it again)", path, cut);
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
                file.setLength(cut);
            }
        }
        String tail = new String(bytes, 0, lastNewline + 1, StandardCharsets.UTF_8);
        String[] lines = tail.split("\n");
        for (int i = start == 0 ? 0 : 1; i < lines.length; i++) { // the first line of a partial tail may be cut
            if (lines[i].isBlank()) {
                continue;
            }
            Map<String, Object> record = Json.parseObject(lines[i]);
            remember(String.valueOf(record.get("id")));
            lastSeq = ((Number) record.get(HashChain.SEQ)).longValue();
            lastHash = (String) record.get(HashChain.HASH);
        }
    }

    private void remember(String id) {
        if (recentIds.add(id)) {
            recentOrder.addLast(id);
            if (recentOrder.size() > REMEMBERED_IDS) {
                recentIds.remove(recentOrder.removeFirst());
            }
        }
    }

    @Override
    public synchronized void close() {
        idle();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warnf(e, "Closing audit file %s failed", path);
        }
    }
}
