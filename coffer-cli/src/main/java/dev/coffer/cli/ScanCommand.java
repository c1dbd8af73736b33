package dev.coffer.cli;

import dev.coffer.core.Version;
import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.RuleDetector;
import dev.coffer.leaks.scan.RuleSet;
import dev.coffer.leaks.scan.report.Baseline;
import dev.coffer.leaks.scan.report.Collector;
import dev.coffer.leaks.scan.report.ReportFormat;
import dev.coffer.leaks.scan.report.RuleInfo;
import dev.coffer.leaks.scan.report.ScanReport;
import dev.coffer.leaks.scan.source.GitHistorySource;
import dev.coffer.leaks.scan.source.ImageSource;
import dev.coffer.leaks.scan.source.ScanException;
import dev.coffer.leaks.scan.source.ScanOptions;
import dev.coffer.leaks.scan.source.ScanStats;
import dev.coffer.leaks.scan.source.Source;
import dev.coffer.leaks.scan.source.StagedSource;
import dev.coffer.leaks.scan.source.TreeSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer scan}: finds credentials in files, stdin, CI logs, Git history, staged changes and images. */
@Command(name = "scan", sortOptions = false,
        description = {"Finds credentials in files, Git history, staged changes, CI logs and container images.", "",
            "Without --git, --staged or --image, scans the files and folders given (default: the current folder); "
                + "'-' is stdin. Inside a Git work tree a folder's .gitignore is respected (--no-git scans every file); "
                + "dotfiles such as .env, .npmrc and .docker/config.json are scanned; symbolic links are not followed. "
                + "Reports show a masked preview of each secret, never the secret.", "",
            "Exit code: 0 when nothing new is found, 1 when something is, 2 on an error (bad option, missing path, "
                + "not a Git repository, bad --config or baseline)."},
        footer = {"", "Examples:", "  coffer scan                                  # the current folder",
            "  coffer scan --git                            # every commit of every branch and tag",
            "  coffer scan --git main..HEAD                 # the commits of this branch",
            "  coffer scan --staged                         # what is about to be committed",
            "  coffer scan --image app.tar                  # docker save app:1 > app.tar",
            "  ./build.sh 2>&1 | coffer scan -              # a CI log on stdin (or --log build.log)",
            "  coffer scan --format sarif --output coffer.sarif",
            "  coffer scan --baseline-write .coffer-baseline.json    # then: coffer scan --baseline .coffer-baseline.json"})
final class ScanCommand implements Callable<Integer> {
    /** Set by picocli when --git has no RANGE: every ref. */
    static final String ALL_REFS = "--all";

    @Mixin
    HelpOption helpOption;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or folders to scan ('-' for stdin; default: the current folder). With --git or "
                    + "--staged: the repository (default: the current folder).")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-git", "--git"}, arity = "0..1", paramLabel = "RANGE", fallbackValue = ALL_REFS,
            description = "Scan Git history: every blob of every commit in RANGE (a revision or A..B; default: all "
                    + "branches and tags), each reported once, with the commit that introduced it. A RANGE that is an "
                    + "existing folder, with no PATH, is taken as the repository.")
    String gitRange;

    @Option(names = {"-staged", "--staged"}, description = "Scan what is about to be committed (the index), as a pre-commit hook does.")
    boolean staged;

    @Option(names = {"-image", "--image"}, paramLabel = "IMAGE.tar",
            description = "Scan a container image saved with 'docker save' or as an OCI layout tarball (gzip or not): "
                    + "every layer, files deleted by later layers included, and the config's Env, Labels and history.")
    Path image;

    @Option(names = {"-log", "--log"}, paramLabel = "FILE", description = "A CI log to scan (like a file); may be repeated.")
    List<String> logs = new ArrayList<>();

    @Option(names = {"-config", "--config"}, paramLabel = "FILE",
            description = "A rules file (YAML) that adds, overrides or disables rules and extends the allowlists. "
                    + "Default: " + PROJECT_CONFIG + " in the scanned folder (the first PATH, or the current folder), if there is one.")
    Path config;

    /** The project's own rules file, picked up when --config is not given (as gitleaks reads .gitleaks.toml). */
    static final String PROJECT_CONFIG = ".coffer-scan.yaml";

    @Option(names = {"-no-git", "--no-git"}, description = "Scan every file of a folder, .gitignore or not (not inside .git).")
    boolean noGit;

    @Option(names = {"-format", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: text, json, sarif (2.1.0, for GitHub code scanning) or junit (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-output", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of stdout (a one-line summary still goes to stderr).")
    Path output;

    @Option(names = {"-baseline", "--baseline"}, paramLabel = "FILE",
            description = "Do not report findings already in FILE: a Coffer baseline, a gitleaks JSON report or a "
                    + "detect-secrets .secrets.baseline.")
    Path baseline;

    @Option(names = {"-baseline-write", "--baseline-write"}, paramLabel = "FILE",
            description = "Record every finding of this scan in FILE (rule, file and a hash of the secret; never the secret).")
    Path baselineWrite;

    @Option(names = {"-threads", "--threads"}, paramLabel = "N", description = "Scanning threads (default: one per processor).")
    Integer threads;

    @Option(names = {"-max-file-size", "--max-file-size"}, paramLabel = "SIZE",
            description = "Read at most SIZE of each file, blob or layer entry (e.g. 10m; default 32m); the rest is "
                    + "reported as not scanned.")
    String maxFileSize;

    @Override
    public Integer call() {
        return Work.run(this, System.in, System.out, System.err);
    }

    /** The work, in a class of its own: it loads the scanner. */
    static final class Work {
        static final String INFORMATION_URI = "https://github.com/coffer-dev/coffer/blob/main/docs/scan.md";

        private Work() {
        }

        static int run(ScanCommand c, InputStream stdin, PrintStream out, PrintStream err) {
            try {
                return scan(c, stdin, out, err);
            } catch (UsageError e) {
                err.println("Error: " + e.getMessage());
                return 2;
            } catch (NoSuchFileException e) {
                err.println("Error: " + e.getFile() + ": " + (e.getReason() == null ? "no such file or folder" : e.getReason()));
                return 2;
            } catch (ScanException | IllegalArgumentException e) {
                err.println("Error: " + e.getMessage());
                return 2;
            } catch (IOException | RuntimeException e) {
                err.println("Error: coffer scan: " + e);
                return 2;
            }
        }

        private static int scan(ScanCommand c, InputStream stdin, PrintStream out, PrintStream err) throws IOException {
            ReportFormat format = ReportFormat.parse(c.format);
            Source source = source(c, options(c), stdin);
            RuleSet rules;
            try {
                Path config = c.config != null ? c.config : projectConfig(c);
                rules = config == null ? RuleSet.defaults() : RuleSet.withConfig(config);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--config: " + e.getMessage());
            }
            Baseline known = null;
            if (c.baseline != null) {
                try {
                    known = Baseline.read(c.baseline);
                } catch (NoSuchFileException e) {
                    throw new UsageError("--baseline: " + c.baseline + ": no such file");
                } catch (IllegalArgumentException | IOException e) {
                    throw new UsageError("--baseline: " + e.getMessage());
                }
            }

            Collector collector = new Collector();
            ScanStats stats = source.scan(new RuleDetector(rules), collector);
            List<Finding> all = collector.findings();
            List<Finding> reported = new ArrayList<>();
            for (Finding f : all) {
                if (known == null || !known.suppresses(f)) {
                    reported.add(f);
                }
            }
            List<RuleInfo> ruleInfos = rules.rules().stream().map(r -> new RuleInfo(r.id(), r.description(), r.severity())).toList();
            ScanReport report = new ScanReport(Version.VERSION, INFORMATION_URI, ruleInfos, reported, collector.skipped(),
                    stats.items(), stats.bytes(), all.size() - reported.size());

            if (c.baselineWrite != null) {
                Baseline.write(c.baselineWrite, all, Version.VERSION);
            }
            if (c.output != null) {
                try (OutputStream file = Files.newOutputStream(c.output)) {
                    format.write(report, file);
                }
                err.println("coffer scan: " + summary(report) + " Report: " + c.output);
            } else {
                format.write(report, out);
            }
            out.flush();
            return reported.isEmpty() ? 0 : 1;
        }

        /** {@link #PROJECT_CONFIG} in the first folder scanned, or the current folder; null if there is none. */
        private static Path projectConfig(ScanCommand c) {
            Path base = Path.of(".");
            if (c.image == null && !c.paths.isEmpty() && !c.paths.get(0).equals("-")) {
                Path first = Path.of(c.paths.get(0));
                base = Files.isDirectory(first) ? first : first.toAbsolutePath().getParent();
            } else if (c.gitRange != null && c.paths.isEmpty() && Files.isDirectory(Path.of(c.gitRange))) {
                base = Path.of(c.gitRange);
            }
            Path candidate = base == null ? null : base.resolve(PROJECT_CONFIG);
            return candidate != null && Files.isRegularFile(candidate) ? candidate : null;
        }

        private static String summary(ScanReport report) throws IOException {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            ReportFormat.TEXT.write(new ScanReport(report.toolVersion(), report.informationUri(), List.of(), List.of(),
                    List.of(), report.scannedItems(), report.scannedBytes(), report.suppressed()), text);
            String line = text.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
            int n = report.findings().size();
            return n == 0 ? line : line.replaceFirst("^No secrets found", n + (n == 1 ? " secret found" : " secrets found"));
        }

        private static ScanOptions options(ScanCommand c) {
            ScanOptions options = ScanOptions.defaults().withUseGit(!c.noGit);
            if (c.threads != null) {
                if (c.threads < 1 || c.threads > 256) {
                    throw new UsageError("--threads: must be between 1 and 256, was " + c.threads);
                }
                options = options.withThreads(c.threads);
            }
            if (c.maxFileSize != null) {
                options = options.withMaxBlobBytes(size(c.maxFileSize));
            }
            return options;
        }

        private static Source source(ScanCommand c, ScanOptions options, InputStream stdin) {
            int modes = (c.gitRange != null ? 1 : 0) + (c.staged ? 1 : 0) + (c.image != null ? 1 : 0);
            if (modes > 1) {
                throw new UsageError("--git, --staged and --image cannot be combined: run one scan for each");
            }
            if (modes == 1 && !c.logs.isEmpty()) {
                throw new UsageError("--log cannot be combined with --git, --staged or --image");
            }
            if (c.image != null) {
                if (!c.paths.isEmpty()) {
                    throw new UsageError("--image takes no PATH: " + c.paths.get(0));
                }
                return new ImageSource(c.image, options);
            }
            if (c.gitRange != null || c.staged) {
                String range = ALL_REFS.equals(c.gitRange) ? null : c.gitRange;
                List<String> repos = c.paths;
                if (range != null && repos.isEmpty() && Files.isDirectory(Path.of(range))) {
                    repos = List.of(range);
                    range = null;
                }
                if (repos.size() > 1) {
                    throw new UsageError((c.staged ? "--staged" : "--git") + " scans one repository: give at most one PATH");
                }
                Path repo = Path.of(repos.isEmpty() ? "." : repos.get(0));
                return c.staged ? new StagedSource(repo, options) : new GitHistorySource(repo, range, options);
            }
            List<String> targets = new ArrayList<>(c.paths);
            targets.addAll(c.logs);
            if (targets.isEmpty()) {
                targets.add(".");
            }
            if (targets.stream().filter("-"::equals).count() > 1) {
                throw new UsageError("'-' (stdin) can be given only once");
            }
            return new TreeSource(targets, options, stdin);
        }

        /** {@code 123}, {@code 64k}, {@code 10m}, {@code 1g} (powers of 1024). */
        static long size(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            long unit = 1;
            if (t.endsWith("b")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.endsWith("k")) {
                unit = 1L << 10;
            } else if (t.endsWith("m")) {
                unit = 1L << 20;
            } else if (t.endsWith("g")) {
                unit = 1L << 30;
            }
            if (unit > 1) {
                t = t.substring(0, t.length() - 1);
            }
            try {
                long n = Long.parseLong(t.strip());
                if (n < 1 || n > (Integer.MAX_VALUE - 16) / unit) {
                    throw new UsageError("--max-file-size: must be between 1 byte and 2g, was " + text);
                }
                return n * unit;
            } catch (NumberFormatException e) {
                throw new UsageError("--max-file-size: not a size (such as 500k or 10m): " + text);
            }
        }
    }

    /** A bad combination of options: exit code 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
