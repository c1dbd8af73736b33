package dev.coffer.leaks.scan;

/** How bad a finding of a rule is; SARIF maps critical/high to "error", medium to "warning", low to "note". */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
