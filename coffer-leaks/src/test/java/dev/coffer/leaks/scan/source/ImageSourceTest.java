package dev.coffer.leaks.scan.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.report.Collector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image tarballs built here, as {@code docker save} and as an OCI layout, with secrets in three places. */
class ImageSourceTest {
    private static final String CONFIG = """
            {"architecture": "amd64", "os": "linux",
             "config": {"Env": ["PATH=/usr/bin", "API_TOKEN=MARKER_envenv001"], "Cmd": ["/app"]},
             "history": [{"created_by": "ADD rootfs /"},
                         {"created_by": "/bin/sh -c #(nop)  ARG DEPLOY_KEY=MARKER_argarg001"}]}
            """;

    @TempDir
    Path dir;

    /** Layer 1 has the app config and a key file; layer 2 (gzip) deletes the key file with a whiteout. */
    private static byte[] layer1() throws IOException {
        return tar(Map.of("etc/app.conf", "user=app\npassword=MARKER_layer0001\n", "root/.ssh/key.txt", "MARKER_deleted01\n"));
    }

    private static byte[] layer2() throws IOException {
        return gzip(tar(Map.of("root/.ssh/.wh.key.txt", "", "usr/share/readme", "nothing here\n")));
    }

    @Test
    void aDockerSaveTarballIsScannedLayerByLayerWithDeletedFilesAndTheConfig() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("abc123/layer.tar", layer1());
        entries.put("def456/layer.tar", layer2());
        entries.put("0f1e2d.json", CONFIG.getBytes(UTF_8));
        entries.put("manifest.json", """
                [{"Config": "0f1e2d.json", "RepoTags": ["app:1"], "Layers": ["abc123/layer.tar", "def456/layer.tar"]}]
                """.getBytes(UTF_8));
        Path image = dir.resolve("image.tar");
        Files.write(image, tarBytes(entries));

        Collector collector = scan(image);

        assertThat(collector.findings()).extracting(f -> f.origin().layer() + " " + f.origin().path())
                .containsExactlyInAnyOrder(
                        "abc123/layer.tar etc/app.conf",
                        "abc123/layer.tar root/.ssh/key.txt",
                        "config 0f1e2d.json:Env[1]",
                        "config 0f1e2d.json:history[1].created_by");
    }

    @Test
    void anOciLayoutTarballIsScannedThroughItsIndexAndManifest() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(UTF_8));
        byte[] l1 = layer1();
        byte[] l2 = layer2();
        byte[] config = CONFIG.getBytes(UTF_8);
        byte[] manifest = ("{\"schemaVersion\": 2, \"config\": {\"digest\": \"sha256:" + sha256(config) + "\"},"
                + " \"layers\": [{\"digest\": \"sha256:" + sha256(l1) + "\"}, {\"digest\": \"sha256:" + sha256(l2) + "\"}]}")
                .getBytes(UTF_8);
        byte[] index = ("{\"schemaVersion\": 2, \"manifests\": [{\"digest\": \"sha256:" + sha256(manifest) + "\"}]}")
                .getBytes(UTF_8);
        for (byte[] blob : new byte[][] {l2, manifest, l1, config}) {
            entries.put("blobs/sha256/" + sha256(blob), blob);
        }
        entries.put("index.json", index);
        Path image = dir.resolve("oci.tar.gz");
        Files.write(image, gzip(tarBytes(entries)));

        Collector collector = scan(image);

        String layer1 = "sha256:" + sha256(l1);
        String configName = "blobs/sha256/" + sha256(config);
        assertThat(collector.findings()).extracting(f -> f.origin().layer() + " " + f.origin().path())
                .containsExactlyInAnyOrder(
                        layer1 + " etc/app.conf",
                        layer1 + " root/.ssh/key.txt",
                        "config " + configName + ":Env[1]",
                        "config " + configName + ":history[1].created_by");
        Finding inLayer = collector.findings().stream().filter(f -> f.origin().path().equals("etc/app.conf")).findFirst().get();
        assertThat(inLayer.line()).isEqualTo(2);
    }

    @Test
    void aTarballWithoutAManifestIsNotAnImage() throws IOException {
        Path notAnImage = dir.resolve("plain.tar");
        Files.write(notAnImage, tar(Map.of("a.txt", "hello")));
        assertThatThrownBy(() -> scan(notAnImage)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no manifest.json or index.json");
        Path garbage = dir.resolve("garbage.tar");
        Files.write(garbage, "this is not a tar file at all, just some text".repeat(20).getBytes(UTF_8));
        assertThatThrownBy(() -> scan(garbage)).isInstanceOfAny(IllegalArgumentException.class, ScanException.class);
    }

    private static Collector scan(Path image) throws IOException {
        Collector collector = new Collector();
        new ImageSource(image, ScanOptions.defaults()).scan(new MarkerDetector(), collector);
        return collector;
    }

    static byte[] tar(Map<String, String> files) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(UTF_8)));
        return tarBytes(bytes);
    }

    static byte[] tarBytes(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
