package org.atelier.study;

import org.atelier.config.TrainConfig;

/** One named step of the study: what it adds, and the configuration that trains it. */
public record Experiment(String name, String description, TrainConfig config) {}
