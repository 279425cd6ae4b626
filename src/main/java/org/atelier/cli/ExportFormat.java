package org.atelier.cli;

import org.atelier.util.Choice;

/** What `export` writes. */
enum ExportFormat implements Choice {
    ONNX("onnx");

    private final String id;

    ExportFormat(String id) { this.id = id; }

    @Override
    public String id() { return id; }

    @Override
    public String toString() { return id; }
}
