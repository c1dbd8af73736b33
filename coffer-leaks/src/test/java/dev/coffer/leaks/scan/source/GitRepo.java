package dev.coffer.leaks.scan.source;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Git repository built by a test, through the real git command. */
public final class GitRepo {
    public final Path dir;

    private GitRepo(Path dir) {
        this.dir = dir;
    }

    /** Skips the test when git is not installed. */
    public static void assumeGit() {
        boolean present;
        try {
            present = new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        assumeTrue(present, "git is not installed: skipping a test that needs it");
    }

    public static GitRepo init(Path dir) throws IOException {
        assumeGit();
        GitRepo repo = new GitRepo(dir);
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "user.name", "Ada Lovelace");
        repo.git("config", "user.email", "ada@example.com");
        repo.git("config", "commit.gpgsign", "false");
        return repo;
    }

    public Path write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    public String commitAll(String message) throws IOException {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    public String git(String... args) throws IOException {
        return git(null, args);
    }

    /** Runs git with {@code stdin} (may be null) and returns its stdout; fails the test if git fails. */
    public String git(byte[] stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
        } else {
            p.getOutputStream().close();
        }
        String out;
        try (InputStream o = p.getInputStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (p.waitFor() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return out;
    }
}
