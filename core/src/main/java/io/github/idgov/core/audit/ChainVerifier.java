package io.github.idgov.core.audit;

import java.util.Map;
import java.util.Optional;

/**
 * Walks a chained audit file line by line and reports the first record that breaks the chain: an edited line
 * (hash mismatch), a deleted or inserted one (seq or prev_hash mismatch), a reordering, or, given the last
 * checkpoint, a truncated tail.
 */
public final class ChainVerifier {

    private final Checkpoint checkpoint;
    private long expectedSeq = 1;
    private String expectedPrev = HashChain.GENESIS;
    private long firstSeq = 1;
    private boolean startAnywhere;
    private long line;
    private String failure;

    /** Verifies the chain alone (no truncation check). */
    public ChainVerifier() {
        this.checkpoint = null;
    }

    /** Verifies the chain and that it reaches the checkpoint, whose signature is checked first. */
    public ChainVerifier(Checkpoint checkpoint, byte[] key) {
        this.checkpoint = checkpoint;
        if (!checkpoint.isSignedWith(key)) {
            fail("checkpoint signature does not verify with the given key");
        }
    }

    /**
     * Accepts a chain whose first record is not the first ever (older rotated segments archived): the first record
     * sets where the chain starts; everything after it is checked as usual. {@link #firstSeq()} tells where it began.
     */
    public ChainVerifier startingAnywhere() {
        this.startAnywhere = true;
        return this;
    }

    /** Feeds the next line; returns false once the chain is broken (the failure is kept). */
    public boolean accept(String text) {
        if (failure != null) {
            return false;
        }
        line++;
        Map<String, Object> record;
        try {
            record = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            return fail("line " + line + ": not a JSON record (" + e.getMessage() + ")");
        }
        Object seq = record.get(HashChain.SEQ);
        if (startAnywhere && line == 1 && seq instanceof Long first && first >= 1 && record.get(HashChain.PREV_HASH) instanceof String prev) {
            expectedSeq = first;
            firstSeq = first;
            expectedPrev = prev;
        }
        if (!(seq instanceof Long n) || n != expectedSeq) {
            return fail("line " + line + ": seq " + seq + " where " + expectedSeq + " was expected (record deleted, inserted or reordered)");
        }
        if (!expectedPrev.equals(record.get(HashChain.PREV_HASH))) {
            return fail("line " + line + " (seq " + seq + "): prev_hash does not match the previous record");
        }
        String hash = String.valueOf(record.get(HashChain.HASH));
        if (!HashChain.expectedHash(record).equals(hash)) {
            return fail("line " + line + " (seq " + seq + "): content does not match its hash (record edited)");
        }
        if (checkpoint != null && n == checkpoint.seq() && !hash.equals(checkpoint.hash())) {
            return fail("line " + line + " (seq " + seq + "): differs from the record the checkpoint vouches for");
        }
        expectedSeq++;
        expectedPrev = hash;
        return true;
    }

    /** Call after the last line: with a checkpoint, a chain that stops short of it was truncated. */
    public boolean finish() {
        if (failure != null || checkpoint == null) {
            return failure == null;
        }
        long last = expectedSeq - 1;
        if (last < checkpoint.seq()) {
            return fail("chain ends at seq " + last + " but the checkpoint vouches for seq " + checkpoint.seq() + " (truncated)");
        }
        return true;
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public long records() {
        return expectedSeq - firstSeq;
    }

    /** The seq of the first record checked: 1 unless {@link #startingAnywhere()} met a later one. */
    public long firstSeq() {
        return firstSeq;
    }

    public String lastHash() {
        return expectedPrev;
    }

    private boolean fail(String why) {
        failure = why;
        return false;
    }
}
