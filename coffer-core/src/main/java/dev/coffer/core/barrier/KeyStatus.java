package dev.coffer.core.barrier;

import java.time.Instant;

/** What {@code sys/key-status} shows: the active term and when it was installed. */
public record KeyStatus(int term, Instant installTime, int terms) {}
