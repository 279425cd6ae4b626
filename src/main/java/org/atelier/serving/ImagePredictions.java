package org.atelier.serving;

import static org.atelier.serving.Exchanges.JSON;
import static org.atelier.serving.Exchanges.object;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.atelier.data.FashionClass;
import org.atelier.inference.ImagePreprocessor;
import org.atelier.models.Classifier;
import org.atelier.util.UserException;

/**
 * TorchServe's {@code POST /predictions/{model}}: one image file as the body, or several in a
 * multipart form, each answered with its top classes. A file that is not an image gets its own
 * error in a form, and the other files are still answered.
 */
final class ImagePredictions {
    private ImagePredictions() {
    }

    /**
     * @param query       {@code background} (auto, dark, light), {@code top} (1-10), {@code pixels}
     *                    (present: each answer also holds the 28x28 picture the model saw) and {@code explain}
     *                    (true: each answer also holds the Grad-CAM map of its predicted class; false or absent: not)
     * @param contentType the request's, which says whether the body is a multipart form
     * @param request     reads the body, once the query has been checked: a bad query is refused before a large body
     *                    is read
     */
    static ObjectNode predict(ServedModel m, Map<String, String> query, String contentType, Supplier<byte[]> request) {
        ImagePreprocessor.Background background;
        try {
            background = ImagePreprocessor.Background.byName(query.getOrDefault("background", "auto"));
        } catch (UserException e) {
            throw new HttpError(400, e.getMessage());
        }
        int top = parseTop(query.getOrDefault("top", "3"));
        boolean withPixels = query.containsKey("pixels");
        boolean explain = parseExplain(query.get("explain"));
        ImagePreprocessor preprocessor = new ImagePreprocessor(background);
        byte[] body = request.get();
        if (!Multipart.isMultipart(contentType)) {
            if (body.length == 0) {
                throw new HttpError(400, "no image in the request body");
            }
            float[] pixels = preprocess(preprocessor, body, "the request body");
            return answer(m, List.of(pixels), top, withPixels, explain).get(0).setAll(m.calibrationParameters());
        }
        List<Multipart.Part> parts = Multipart.parse(contentType, body);
        if (parts.isEmpty()) {
            throw new HttpError(400, "the multipart form holds no files");
        }
        List<ObjectNode> answers = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (Multipart.Part part : parts) {
            ObjectNode answer = object("name", part.fileName() != null ? part.fileName() : part.field());
            answers.add(answer);
            try {
                images.add(preprocess(preprocessor, part.bytes(), answer.get("name").asText()));
                slots.add(answers.size() - 1);
            } catch (HttpError e) {
                answer.put("error", e.getMessage());
            }
        }
        if (!images.isEmpty()) {
            List<ObjectNode> described = answer(m, images, top, withPixels, explain);
            for (int i = 0; i < images.size(); i++) {
                answers.get(slots.get(i)).setAll(described.get(i));
            }
        }
        ArrayNode list = JSON.createArrayNode();
        answers.forEach(list::add);
        ObjectNode response = JSON.createObjectNode();
        response.put("model_name", m.name).put("model_version", m.version).setAll(m.calibrationParameters());
        response.set("predictions", list);
        return response;
    }

    /**
     * The answers to {@code images} (784 pixels each), in one request to the batcher; with {@code explain},
     * each with the Grad-CAM map of the class it answers, made afterwards on this thread.
     */
    private static List<ObjectNode> answer(ServedModel m, List<float[]> images, int top, boolean withPixels, boolean explain) {
        if (explain) {
            ServedModel.requireExplainable(images.size()); // before any forward pass is spent on them
        }
        float[] pixels = new float[images.size() * DynamicBatcher.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * DynamicBatcher.PIXELS, DynamicBatcher.PIXELS);
        }
        float[][] probabilities = m.answer(pixels, images.size());
        float[][] maps = null;
        if (explain) {
            int[] classes = new int[images.size()];
            Arrays.setAll(classes, i -> Classifier.argMax(probabilities[i]));
            maps = m.explain(pixels, images.size(), classes);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            out.add(describe(probabilities[i], images.get(i), top, withPixels, maps == null ? null : maps[i]));
        }
        return out;
    }

    private static boolean parseExplain(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new HttpError(400, "explain must be true or false, got '" + value + "'");
    }

    private static int parseTop(String value) {
        try {
            int top = Integer.parseInt(value);
            if (top >= 1 && top <= FashionClass.COUNT) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpError(400, "top must be 1-10, got '" + value + "'");
    }

    private static float[] preprocess(ImagePreprocessor preprocessor, byte[] bytes, String name) {
        try {
            return preprocessor.load(bytes, name);
        } catch (UserException e) {
            throw new HttpError(415, e.getMessage());
        }
    }

    /**
     * The top classes of one image; with {@code withPixels}, the 28x28 picture the model saw (0-255, row by row);
     * with a {@code map}, its 784 values in [0,1] to 3 decimals as {@code explanation}.
     */
    private static ObjectNode describe(float[] probabilities, float[] pixels, int top, boolean withPixels, float[] map) {
        int label = Classifier.argMax(probabilities);
        ObjectNode out = JSON.createObjectNode();
        out.put("label", label).put("class", FashionClass.nameOf(label)).put("probability", probabilities[label]);
        ArrayNode best = out.putArray("top");
        for (int c : topClasses(probabilities, top)) {
            best.addObject().put("label", c).put("class", FashionClass.nameOf(c)).put("probability", probabilities[c]);
        }
        if (withPixels) {
            ArrayNode seen = out.putArray("pixels");
            for (float p : pixels) {
                seen.add(Math.round(p * 255));
            }
        }
        if (map != null) {
            ArrayNode explanation = out.putArray("explanation");
            for (float v : map) {
                explanation.add(Math.round(v * 1000) / 1000.0);
            }
        }
        return out;
    }

    /** The indices of the {@code k} highest probabilities, highest first; ties keep the lower index first. */
    static int[] topClasses(float[] probabilities, int k) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }
}
