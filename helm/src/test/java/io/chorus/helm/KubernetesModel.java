package io.chorus.helm;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Parses rendered manifests into fabric8's typed Kubernetes model (kubernetes-model 7.4.0) and reports every
 * field the model does not know. The model classes keep unknown fields in {@code additionalProperties}
 * instead of failing, so this walks the parsed objects and lists each non-empty one by its path.
 */
final class KubernetesModel {

	/** Kinds outside the built-in API groups: parsed as generic resources, their spec unchecked. */
	static final List<String> CUSTOM_KINDS = List.of("ServiceMonitor", "PrometheusRule");

	private static final ObjectMapper MAPPER = new ObjectMapper()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

	private KubernetesModel() {
	}

	/**
	 * Parses one rendered document.
	 * @param document the document as parsed YAML
	 * @return the typed resource
	 */
	static KubernetesResource parse(Map<String, Object> document) {
		return MAPPER.convertValue(document, KubernetesResource.class);
	}

	/**
	 * Lists the problems of one rendered document: a kind the model does not know, or fields it does not know.
	 * @param document the document as parsed YAML
	 * @return the problems, each with the document and the field's path; empty when the document is valid
	 */
	static List<String> problems(Map<String, Object> document) {
		String what = document.get("kind") + "/" + Yamls.string(document, "metadata.name");
		List<String> problems = new ArrayList<>();
		KubernetesResource resource;
		try {
			resource = parse(document);
		}
		catch (IllegalArgumentException ex) {
			return List.of(what + ": " + ex.getMessage());
		}
		if (resource instanceof GenericKubernetesResource && !CUSTOM_KINDS.contains(document.get("kind"))) {
			problems.add(what + ": kind " + document.get("kind") + " of " + document.get("apiVersion")
					+ " is not in the Kubernetes model");
		}
		else if (resource instanceof GenericKubernetesResource generic) {
			// A custom resource: only its metadata is typed.
			collectUnknown(generic.getMetadata(), what + " metadata", problems);
		}
		else {
			collectUnknown(resource, what, problems);
		}
		return problems;
	}

	private static void collectUnknown(Object value, String path, List<String> problems) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				collectUnknown(item, path + "[" + i++ + "]", problems);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> collectUnknown(item, path + "[" + key + "]", problems));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		try {
			for (PropertyDescriptor property : Introspector.getBeanInfo(value.getClass()).getPropertyDescriptors()) {
				Method getter = property.getReadMethod();
				if (getter == null || getter.getParameterCount() > 0 || property.getName().equals("class")) {
					continue;
				}
				Object child = getter.invoke(value);
				if (property.getName().equals("additionalProperties")) {
					if (child instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
						problems.add(path + ": unknown field(s) " + unknown.keySet());
					}
				}
				else {
					collectUnknown(child, path + "." + property.getName(), problems);
				}
			}
		}
		catch (IntrospectionException | IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(path, ex);
		}
	}

}
