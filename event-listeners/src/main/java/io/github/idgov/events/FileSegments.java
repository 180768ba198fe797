package io.github.idgov.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rotated segments of an audit file: {@code <file>.<seq>}, where seq (12 digits) is the sequence number of the
 * segment's last record, so names sort in chain order. The chain runs on from one segment into the next and into
 * the current file; the checkpoint beside the current file vouches for the end of it all.
 */
final class FileSegments {

    private FileSegments() {
    }

    static Path segment(Path file, long lastSeq) {
        return file.resolveSibling(file.getFileName() + "." + String.format("%012d", lastSeq));
    }

    /** The segments beside {@code file}, oldest first; none when the directory cannot be listed. */
    static List<Path> of(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        Pattern name = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.(\\d{12})");
        try (Stream<Path> siblings = Files.list(dir)) {
            return siblings.filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(p -> lastSeq(name, p)))
                    .toList();
        }
    }

    private static long lastSeq(Pattern name, Path segment) {
        Matcher matcher = name.matcher(segment.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
