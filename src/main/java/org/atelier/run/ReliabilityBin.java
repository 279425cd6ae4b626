package org.atelier.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One confidence bin of a reliability diagram: the predictions whose top-class probability lies
 * in {@code (lower, upper]}, how many there are, their mean confidence and how many of them are right.
 *
 * @param confidence mean top-class probability of the bin's predictions; null for an empty bin
 * @param accuracy   share of the bin's predictions that are right; null for an empty bin
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReliabilityBin(@JsonProperty("lower") double lower,
                             @JsonProperty("upper") double upper,
                             @JsonProperty("images") int images,
                             @JsonProperty("confidence") Double confidence,
                             @JsonProperty("accuracy") Double accuracy) {}
