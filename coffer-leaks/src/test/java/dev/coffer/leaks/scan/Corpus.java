package dev.coffer.leaks.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The planted-credential corpus: positives (one or more per rule) and decoys from the YAML files
 * under test resources, rendered into realistic files with ordinary code around them.
 */
final class Corpus {
    /** One planted credential: the rule expected to find it, the secret and the file and line it is in. */
    record Planted(String rule, String secret, String path, int line) {}

    /** One rendered file. */
    record File(String path, String text, List<Planted> planted) {}

    private static final String[] FILLER = {
        "import os", "import logging", "def handler(event, context):", "    return {\"statusCode\": 200}",
        "const express = require('express');", "server:", "  port: 8080", "# Configuration for the staging environment",
        "log_level: info", "public static void main(String[] args) {", "}", "<dependency><groupId>org.acme</groupId></dependency>",
        "FROM eclipse-temurin:17-jre", "RUN apt-get update && apt-get install -y curl", "replicas: 3",
        "SELECT id, name FROM users WHERE id = ?;", "timeout_seconds = 30", "// TODO: retry with back-off",
        "  - name: checkout", "    uses: actions/checkout@v4", "func main() { fmt.Println(\"hello\") }",
        "if err != nil { return err }", "[tool.poetry.dependencies]", "python = \"^3.11\"", "ENV LANG=C.UTF-8"};
    private static final String[] EXTENSIONS = {".env", "config.yaml", "app.py", "settings.json", "Dockerfile",
        "main.go", "App.java", "deploy.sh", "values.yaml", "index.js"};

    private Corpus() {}

    @SuppressWarnings("unchecked")
    static List<Map<String, String>> load(String resource, String key) {
        try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
            Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, String>>) doc.get(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renders every positive and decoy into files of about {@code perFile} planted lines each. */
    static List<File> render(long seed, int perFile) {
        Samples samples = new Samples(seed);
        java.util.Random random = new java.util.Random(seed);
        List<Map<String, String>> positives = load("positives.yaml", "positives");
        List<Object> items = new ArrayList<>(positives);
        for (Object d : load("decoys.yaml", "decoys")) {
            items.add(d);
        }
        java.util.Collections.shuffle(items, random);
        List<File> files = new ArrayList<>();
        for (int start = 0; start < items.size(); start += perFile) {
            String path = "corpus/f" + files.size() + "/" + EXTENSIONS[files.size() % EXTENSIONS.length];
            StringBuilder text = new StringBuilder();
            List<Planted> planted = new ArrayList<>();
            int line = 1;
            for (Object item : items.subList(start, Math.min(items.size(), start + perFile))) {
                for (int f = random.nextInt(4); f >= 0; f--) {
                    text.append(FILLER[random.nextInt(FILLER.length)]).append('\n');
                    line++;
                }
                String rendered;
                if (item instanceof Map<?, ?> p) {
                    Samples.Sample s = samples.expand((String) p.get("secret"));
                    rendered = ((String) p.get("line")).replace("{s}", s.planted());
                    int lineOfSecret = line + countNewlines(rendered, rendered.indexOf(s.secret()));
                    planted.add(new Planted((String) p.get("rule"), s.secret(), path, lineOfSecret));
                } else {
                    rendered = samples.expand((String) item).planted();
                }
                text.append(rendered).append('\n');
                line += countNewlines(rendered, rendered.length()) + 1;
            }
            files.add(new File(path, text.toString(), planted));
        }
        return files;
    }

    private static int countNewlines(String s, int upTo) {
        int n = 0;
        for (int i = 0; i < Math.max(0, upTo); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
