package dev.coffer.leaks.scan.report;

import dev.coffer.leaks.scan.Severity;

/** What a report says about a rule (SARIF lists every rule of the run): its id, description and severity. */
public record RuleInfo(String id, String description, Severity severity) {}
