package io.chorus.ensemble.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Spans for what Boot does not observe by itself: the member calls and their attempts, made with Reactor Netty's
 * own client, and the ensemble's decision on the request's span. The parent is the observation in the
 * subscriber's Reactor context, where Boot's server observation puts the request's; with none there (a call
 * outside a request, such as warm-up, or the server observation switched off) nothing is observed and the work
 * runs unchanged, so there is no separate switch to keep in step.
 *
 * <p>Every attribute is a high-cardinality key value: it goes on the span only. The observations make no meter
 * ({@link SpansWithoutMeters}); the members are timed by {@code chorus.member.*}.
 *
 * <p>Under a request whose trace is not sampled (nine in ten at the default sampling) no observation is made at
 * all: the calls send the request's own trace headers, written once per request by {@link #carried}, so a member
 * still joins the trace and learns that it is not sampled.
 */
public final class Spans {

	/** The start of every observation name made here. */
	public static final String PREFIX = "chorus.trace.";

	private Spans() {
	}

	/**
	 * Runs work in a local span, a child of the subscriber's.
	 * @param <T> what the work emits
	 * @param name the observation's name after {@link #PREFIX}
	 * @param spanName the span's name in the trace
	 * @param tags the span's attributes
	 * @param work makes the work, once per subscription; its subscribers' context holds the new span, so spans made
	 * inside are its children
	 * @param ended the attributes that say how the work ended, from its value
	 * @return the work, observed
	 */
	public static <T> Mono<T> local(String name, String spanName, KeyValues tags, Supplier<Mono<T>> work,
			Function<? super T, KeyValues> ended) {
		return observed(name, spanName, () -> tags, Observation.Context::new, (headers) -> work.get(), ended,
				(ex) -> KeyValues.empty());
	}

	/**
	 * Runs a call to another service in a client span, a child of the subscriber's, whose trace context the
	 * tracer's propagator writes into the headers the call must send.
	 * @param <T> what the call emits
	 * @param name the observation's name after {@link #PREFIX}
	 * @param spanName the span's name in the trace
	 * @param remoteService the called service's name
	 * @param tags the span's attributes, made only when there is a span
	 * @param call the call, given the trace headers to send (empty when there is no span)
	 * @param ended the attributes that say how the call ended, from its value
	 * @param failed the attributes that say how the call failed
	 * @return the call, observed
	 */
	public static <T> Mono<T> remote(String name, String spanName, String remoteService, Supplier<KeyValues> tags,
			Function<Map<String, String>, Mono<T>> call, Function<? super T, KeyValues> ended,
			Function<Throwable, KeyValues> failed) {
		Supplier<Observation.Context> context = () -> {
			SenderContext<Map<String, String>> sender = new SenderContext<>(
					(carrier, key, value) -> carrier.put(key, value), Kind.CLIENT);
			sender.setCarrier(new LinkedHashMap<>());
			sender.setRemoteServiceName(remoteService);
			return sender;
		};
		return observed(name, spanName, tags, context, call, ended, failed);
	}

	/**
	 * The subscriber's span, to carry into work that is subscribed elsewhere (a fan-out shared between requests),
	 * with, when its trace is not sampled, the trace headers every call under it sends, made once here.
	 * @param subscriber the subscriber's context
	 * @param propagator writes a span's trace context into headers
	 * @return a context holding the subscriber's span, or an empty one
	 */
	public static Context carried(ContextView subscriber, Propagator propagator) {
		Observation parent = parent(subscriber);
		if (parent == null) {
			return Context.empty();
		}
		Span span = unsampled(parent);
		if (span == null) {
			return Context.of(ObservationThreadLocalAccessor.KEY, parent);
		}
		Map<String, String> headers = new LinkedHashMap<>();
		propagator.inject(span.context(), headers, Map::put);
		return Context.of(ObservationThreadLocalAccessor.KEY, parent, UnsampledHeaders.class,
				new UnsampledHeaders(Map.copyOf(headers)));
	}

	/**
	 * Adds attributes to the subscriber's span, if there is one.
	 * @param subscriber the subscriber's context
	 * @param tags the attributes
	 */
	public static void tag(ContextView subscriber, KeyValues tags) {
		Observation span = parent(subscriber);
		if (span != null) {
			span.highCardinalityKeyValues(tags);
		}
	}

	private static <T> Mono<T> observed(String name, String spanName, Supplier<KeyValues> tags,
			Supplier<Observation.Context> context, Function<Map<String, String>, Mono<T>> work,
			Function<? super T, KeyValues> ended, Function<Throwable, KeyValues> failed) {
		return Mono.deferContextual((subscriber) -> {
			Observation parent = parent(subscriber);
			if (parent == null) {
				return work.apply(Map.of());
			}
			if (unsampled(parent) != null) {
				UnsampledHeaders unsampled = subscriber.getOrDefault(UnsampledHeaders.class, null);
				return work.apply((unsampled != null) ? unsampled.headers() : Map.of());
			}
			Observation observation = Observation
				.createNotStarted(PREFIX + name, context, parent.getObservationRegistry())
				.contextualName(spanName)
				.parentObservation(parent)
				.highCardinalityKeyValues(tags.get())
				.start();
			Map<String, String> headers = (observation.getContext() instanceof SenderContext<?> sender
					&& sender.getCarrier() instanceof Map<?, ?> carrier) ? copy(carrier) : Map.of();
			return new ObservedMono<>(work.apply(headers), observation, ended, failed);
		});
	}

	private static Map<String, String> copy(Map<?, ?> carrier) {
		Map<String, String> headers = new LinkedHashMap<>();
		carrier.forEach((key, value) -> headers.put(String.valueOf(key), String.valueOf(value)));
		return headers;
	}

	/**
	 * The observation's span when its trace is not sampled, else null (sampled, undecided, or no tracer). Why it
	 * matters: an unsampled trace reports nothing, so its member and attempt observations were pure cost (a tenth
	 * of ensemble-service's CPU at N=10 by JFR, at the default 10 % sampling), yet the members must still be told the
	 * trace and that it is not sampled.
	 */
	private static Span unsampled(Observation observation) {
		TracingObservationHandler.TracingContext tracing = observation.getContext()
			.get(TracingObservationHandler.TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null && Boolean.FALSE.equals(span.context().sampled())) ? span : null;
	}

	/** The trace headers of an unsampled request, for every call under it. */
	private record UnsampledHeaders(Map<String, String> headers) {
	}

	private static Observation parent(ContextView subscriber) {
		Object value = subscriber.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		return (value instanceof Observation observation && !observation.isNoop()) ? observation : null;
	}

}
