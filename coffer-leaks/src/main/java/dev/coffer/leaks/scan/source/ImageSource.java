package dev.coffer.leaks.scan.source;

import dev.coffer.leaks.scan.Detector;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.ScanListener;
import dev.coffer.leaks.scan.Skipped;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A container image saved as a tarball: {@code docker save} (manifest.json, one tar per layer) or
 * an OCI image layout (index.json, blobs/sha256/...), plain or gzip-compressed, layers plain or
 * gzip-compressed. One pass over the tarball: each layer is read as a stream, entry by entry, and
 * every regular file in it is scanned, even one a later layer deletes (a whiteout hides a file from
 * the container, not from whoever has the image); findings carry the layer ({@code sha256:...} for
 * OCI blobs, the entry name for a legacy {@code docker save}). Then the image configs are scanned:
 * {@code Env}, {@code Labels}, {@code Cmd}, {@code Entrypoint} and each {@code history[].created_by}
 * (where {@code ARG} values show), as layer {@code config}. zstd layers are reported as skipped.
 */
public final class ImageSource implements Source {
    private static final int MAX_JSON = 8 << 20;
    private static final int MAX_JSON_TOTAL = 64 << 20;
    private final Path tarball;
    private final ScanOptions options;

    public ImageSource(Path tarball, ScanOptions options) {
        this.tarball = tarball;
        this.options = options;
    }

    @Override
    public ScanStats scan(Detector detector, ScanListener listener) throws IOException {
        if (!Files.isRegularFile(tarball)) {
            throw new NoSuchFileException(tarball.toString(), null, "no such image tarball");
        }
        Map<String, byte[]> jsonFiles = new HashMap<>();
        try (ScanPool pool = new ScanPool(options, detector, listener);
             InputStream file = Files.newInputStream(tarball)) {
            try {
                TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(new BufferedInputStream(file, 1 << 16)));
                readImage(tar, pool, jsonFiles);
            } catch (IOException | RuntimeException e) {
                if (e instanceof ScanException) {
                    throw e;
                }
                throw new ScanException(tarball + ": not a readable image tarball: " + e.getMessage(), e);
            }
            for (String config : ImageManifests.configNames(jsonFiles)) {
                byte[] json = jsonFiles.get(config);
                if (json == null) {
                    listener.skipped(new Skipped(Origin.layer(config, "config"), "the image config is not in the tarball", 0));
                    continue;
                }
                for (ImageManifests.ConfigValue v : ImageManifests.values(config, json)) {
                    byte[] text = v.value().getBytes(StandardCharsets.UTF_8);
                    pool.scanNow(Origin.layer(v.config() + ":" + v.field(), "config"), text, text.length, 0);
                }
            }
            return pool.finish();
        }
    }

    private void readImage(TarArchiveInputStream tar, ScanPool pool, Map<String, byte[]> jsonFiles) throws IOException {
        long jsonTotal = 0;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (!entry.isFile()) {
                continue;
            }
            String name = clean(entry.getName());
            BufferedInputStream in = new BufferedInputStream(new Unclosable(tar), 1 << 16);
            in.mark(1024);
            byte[] head = in.readNBytes(512);
            in.reset();
            if (looksLikeJson(head) && entry.getSize() <= MAX_JSON && jsonTotal + entry.getSize() <= MAX_JSON_TOTAL) {
                byte[] json = in.readAllBytes();
                jsonTotal += json.length;
                jsonFiles.put(name, json);
            } else if (isGzip(head) || isTar(head)) {
                scanLayer(in, layerName(name), pool);
            } else if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                    && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
                pool.listener.skipped(new Skipped(Origin.layer(name, layerName(name)),
                        "a zstd-compressed layer: not supported, not scanned", entry.getSize()));
            }
        }
    }

    private void scanLayer(InputStream in, String layer, ScanPool pool) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(in));
        TarArchiveEntry entry;
        try {
            while ((entry = tar.getNextEntry()) != null) {
                String path = clean(entry.getName());
                String base = path.substring(path.lastIndexOf('/') + 1);
                if (!entry.isFile() || base.startsWith(".wh.")) {
                    continue; // folders, links and whiteouts (deletions have no content of their own)
                }
                long size = entry.getSize();
                int keep = (int) Math.min(size, options.maxBlobBytes());
                int reservation = pool.reserve(keep);
                byte[] data = tar.readNBytes(keep);
                pool.scanLater(reservation, Origin.layer(path, layer), data, data.length, size - data.length);
            }
        } catch (IOException | RuntimeException e) {
            pool.listener.skipped(new Skipped(Origin.layer("", layer), "the layer is not a readable tar: " + e.getMessage(), 0));
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static String layerName(String entryName) {
        if (entryName.startsWith("blobs/")) {
            String rest = entryName.substring("blobs/".length());
            int slash = rest.indexOf('/');
            return slash > 0 ? rest.substring(0, slash) + ":" + rest.substring(slash + 1) : entryName;
        }
        return entryName;
    }

    private static String clean(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.substring(n.startsWith("/") ? 1 : 2);
        }
        return n;
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    private static boolean looksLikeJson(byte[] head) {
        for (byte b : head) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    private static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    private static boolean isTar(byte[] head) {
        return head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /** The outer tar's current entry, which an inner reader must not close. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The outer tar stream moves on to its next entry instead.
        }
    }
}
