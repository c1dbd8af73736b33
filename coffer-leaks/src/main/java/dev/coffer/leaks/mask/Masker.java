package dev.coffer.leaks.mask;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replaces known secret values, and the forms tools print them in, in output streams.
 *
 * <p>Built once from the values ({@link #builder()}), then {@link #wrap(OutputStream) wraps} any
 * number of streams. With encodings on (the default), each value is also masked as base64
 * (standard and URL-safe, alone or at any of the three alignments inside a longer base64 text),
 * hex in either case, URL-encoded, JSON-escaped, inside shell quotes, and line by line when it has
 * several lines (a PEM key). Values shorter than 4 bytes are refused ({@link #warnings()}).
 * All patterns go into one byte-level Aho-Corasick automaton, so the cost per byte does not grow
 * with the number of values. docs/mask.md has the details.
 *
 * <p>A masker is immutable and thread-safe; the streams it makes are not. It never prints a value:
 * not in {@link #warnings()}, not in {@link #toString()}.
 */
public final class Masker {
    /** Longer values are refused: their patterns (hex alone is twice the value) would not fit in memory. */
    public static final int MAX_VALUE_LENGTH = 1 << 20;
    private static final byte[] DEFAULT_REPLACEMENT = "***".getBytes(StandardCharsets.UTF_8);

    private final Automaton automaton;
    private final byte[] replacement;
    private final List<String> warnings;

    private Masker(Automaton automaton, byte[] replacement, List<String> warnings) {
        this.automaton = automaton;
        this.replacement = replacement;
        this.warnings = List.copyOf(warnings);
    }

    /** A builder with no values, the replacement {@code ***} and encodings on. */
    public static Builder builder() {
        return new Builder();
    }

    /** Why some values are not masked, one sentence each; they never contain a value. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * A stream that writes to {@code out} with every occurrence masked. Make one per stream: each
     * keeps its own state (the bytes it holds back); it is not thread-safe.
     */
    public MaskingOutputStream wrap(OutputStream out) {
        return new MaskingOutputStream(automaton, replacement, out);
    }

    /** The number of distinct byte strings masked: the values and their encodings. */
    public int patternCount() {
        return automaton.patternCount;
    }

    /** The length of the longest pattern: a stream holds back fewer bytes than this. */
    public int longestPattern() {
        return automaton.maxLength;
    }

    /** The bytes with every occurrence masked, as one stream would write them. */
    public byte[] mask(byte[] data) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(data.length + 16);
        try (MaskingOutputStream stream = wrap(buffer)) {
            stream.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @Override
    public String toString() {
        return "Masker[" + automaton.patternCount + " patterns]";
    }

    /**
     * Collects the values to mask. Values are copied when added, so the caller may zero its array.
     * Not thread-safe.
     */
    public static final class Builder {
        private final List<byte[]> values = new ArrayList<>();
        private byte[] replacement = DEFAULT_REPLACEMENT;
        private boolean encodings = true;

        private Builder() {
        }

        /**
         * A value to mask. A value shorter than 4 bytes is not masked (masking {@code a} would
         * garble every log), nor one longer than {@link Masker#MAX_VALUE_LENGTH}: {@link Masker#warnings()}
         * then says so.
         */
        public Builder addValue(byte[] value) {
            values.add(Objects.requireNonNull(value, "value").clone());
            return this;
        }

        /** What each masked run of bytes becomes; default {@code ***}. May be empty. */
        public Builder replacement(byte[] replacement) {
            this.replacement = Objects.requireNonNull(replacement, "replacement").clone();
            return this;
        }

        /** Whether to mask the encoded forms too (default) or only the values as they are. */
        public Builder encodings(boolean on) {
            this.encodings = on;
            return this;
        }

        /** The masker; the builder can go on to build others. */
        public Masker build() {
            List<String> warnings = new ArrayList<>();
            List<byte[]> patterns = new ArrayList<>();
            for (byte[] value : values) {
                if (value.length < Encodings.MIN_VALUE_LENGTH) {
                    warnings.add("a value of " + value.length + (value.length == 1 ? " byte" : " bytes")
                            + " was not masked: values shorter than " + Encodings.MIN_VALUE_LENGTH
                            + " bytes would garble the log");
                    continue;
                }
                if (value.length > MAX_VALUE_LENGTH) {
                    warnings.add("a value of " + value.length + " bytes was not masked: values longer than "
                            + MAX_VALUE_LENGTH + " bytes are not masked (their encodings would take "
                            + "too much memory); mask its lines or parts as separate values");
                    continue;
                }
                patterns.addAll(Encodings.of(value, encodings));
            }
            return new Masker(Automaton.build(patterns), replacement, warnings);
        }

        @Override
        public String toString() {
            return "Masker.Builder[" + values.size() + " values]";
        }
    }
}
