package dev.coffer.leaks.scan.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the image configs of an image tarball from its small JSON files: {@code manifest.json}
 * ({@code docker save}: {@code [{"Config": "...", "Layers": [...]}]}) or {@code index.json} (OCI
 * layout: manifests by digest under {@code blobs/<alg>/<hex>}, possibly through nested indexes), and
 * reads from each config the values worth scanning: {@code config.Env}, {@code config.Labels},
 * {@code container_config.Env} and {@code history[].created_by} (where {@code ARG} values show).
 * Malformed JSON is an {@link IllegalArgumentException} naming the file and the problem.
 */
final class ImageManifests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_INDEX_DEPTH = 4;

    /** A text from the image config to scan, with where it came from (e.g. {@code Env[2]}). */
    record ConfigValue(String config, String field, String value) {}

    private ImageManifests() {
    }

    /** The names of the config files the manifests point to (each once), in the order found. */
    static List<String> configNames(Map<String, byte[]> jsonFiles) {
        Set<String> configs = new LinkedHashSet<>();
        byte[] manifest = jsonFiles.get("manifest.json");
        byte[] index = jsonFiles.get("index.json");
        if (manifest == null && index == null) {
            throw new IllegalArgumentException("not a docker save or OCI layout tarball: it has no manifest.json or index.json");
        }
        if (manifest != null) {
            JsonNode root = parse("manifest.json", manifest);
            if (!root.isArray()) {
                throw new IllegalArgumentException("manifest.json: expected an array of images");
            }
            for (JsonNode image : root) {
                JsonNode config = image.get("Config");
                if (config == null || !config.isTextual()) {
                    throw new IllegalArgumentException("manifest.json: an image without a \"Config\" file name");
                }
                configs.add(config.asText());
            }
        }
        if (index != null) {
            collectFromIndex("index.json", parse("index.json", index), jsonFiles, configs, 0);
        }
        return new ArrayList<>(configs);
    }

    private static void collectFromIndex(String name, JsonNode index, Map<String, byte[]> files, Set<String> configs,
                                         int depth) {
        if (depth > MAX_INDEX_DEPTH) {
            throw new IllegalArgumentException(name + ": image indexes nested more than " + MAX_INDEX_DEPTH + " deep");
        }
        JsonNode manifests = index.get("manifests");
        if (manifests == null || !manifests.isArray()) {
            throw new IllegalArgumentException(name + ": expected a \"manifests\" array");
        }
        for (JsonNode descriptor : manifests) {
            String blob = blobName(name, descriptor);
            byte[] bytes = files.get(blob);
            if (bytes == null) {
                continue; // a platform whose blobs were not exported
            }
            JsonNode manifest = parse(blob, bytes);
            if (manifest.has("manifests")) {
                collectFromIndex(blob, manifest, files, configs, depth + 1);
            } else if (manifest.has("config")) {
                configs.add(blobName(blob, manifest.get("config")));
            } else {
                throw new IllegalArgumentException(blob + ": neither an image manifest nor an index");
            }
        }
    }

    private static String blobName(String file, JsonNode descriptor) {
        JsonNode digest = descriptor == null ? null : descriptor.get("digest");
        String d = digest != null && digest.isTextual() ? digest.asText() : "";
        int colon = d.indexOf(':');
        if (colon <= 0 || colon == d.length() - 1 || !d.substring(colon + 1).matches("[0-9a-fA-F]+")
                || !d.substring(0, colon).matches("[a-z0-9]+")) {
            throw new IllegalArgumentException(file + ": a descriptor without a valid \"digest\" (algorithm:hex)");
        }
        return "blobs/" + d.substring(0, colon) + "/" + d.substring(colon + 1);
    }

    /** The values of one config worth scanning. */
    static List<ConfigValue> values(String name, byte[] configJson) {
        JsonNode config = parse(name, configJson);
        if (!config.isObject()) {
            throw new IllegalArgumentException(name + ": an image config must be a JSON object");
        }
        List<ConfigValue> values = new ArrayList<>();
        for (String section : List.of("config", "container_config")) {
            JsonNode s = config.get(section);
            if (s == null || !s.isObject()) {
                continue;
            }
            String prefix = section.equals("config") ? "" : section + ".";
            addArray(values, name, prefix + "Env", s.get("Env"));
            addArray(values, name, prefix + "Cmd", s.get("Cmd"));
            addArray(values, name, prefix + "Entrypoint", s.get("Entrypoint"));
            JsonNode labels = s.get("Labels");
            if (labels != null && labels.isObject()) {
                labels.properties().forEach(e -> values.add(
                        new ConfigValue(name, prefix + "Labels." + e.getKey(), e.getKey() + "=" + e.getValue().asText())));
            }
        }
        JsonNode history = config.get("history");
        if (history != null && history.isArray()) {
            for (int i = 0; i < history.size(); i++) {
                JsonNode createdBy = history.get(i).get("created_by");
                if (createdBy != null && createdBy.isTextual()) {
                    values.add(new ConfigValue(name, "history[" + i + "].created_by", createdBy.asText()));
                }
            }
        }
        return values;
    }

    private static void addArray(List<ConfigValue> values, String name, String field, JsonNode array) {
        if (array == null || !array.isArray()) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isTextual()) {
                values.add(new ConfigValue(name, field + "[" + i + "]", array.get(i).asText()));
            }
        }
    }

    private static JsonNode parse(String name, byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(name + ": empty JSON");
            }
            return node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(name + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read: " + e.getMessage());
        }
    }
}
