package io.nvmebridge.tool.cli;

/** nvme-cli's {@code -o/--output-format} values. */
public enum OutputFormat { normal, json, binary }
