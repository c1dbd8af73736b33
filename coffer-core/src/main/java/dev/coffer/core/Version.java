package dev.coffer.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version and date, filled in by Maven. */
public final class Version {
    public static final String VERSION;
    public static final String BUILD_DATE;

    static {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall through to the defaults below
        }
        VERSION = p.getProperty("version", "dev");
        BUILD_DATE = p.getProperty("build.date", "");
    }

    private Version() {}
}
