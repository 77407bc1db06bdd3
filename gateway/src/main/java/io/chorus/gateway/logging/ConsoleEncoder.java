package io.chorus.gateway.logging;

import java.nio.charset.Charset;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.util.StringUtils;

/**
 * The console encoder of {@code logback-spring.xml}: Spring Boot's structured (JSON) encoder when
 * {@code logging.structured.format.console} is set ({@code ecs}, {@code logstash}, ...), else Boot's usual text
 * pattern. Boot picks between the two itself only when the application has no Logback file of its own; ours adds
 * the asynchronous access log, and Logback has no conditionals without Janino, so the choice is made here.
 */
public final class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

	private String format;

	private String pattern;

	private Charset charset;

	private Encoder<ILoggingEvent> delegate;

	/**
	 * Sets the structured format.
	 * @param format {@code ecs}, {@code logstash}, {@code gelf}, a formatter class name, or empty for text
	 */
	public void setFormat(String format) {
		this.format = format;
	}

	/**
	 * Sets the text pattern used when no structured format is set.
	 * @param pattern a Logback pattern
	 */
	public void setPattern(String pattern) {
		this.pattern = pattern;
	}

	/**
	 * Sets the charset of either encoder.
	 * @param charset the charset
	 */
	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	@Override
	public void start() {
		if (StringUtils.hasText(this.format)) {
			StructuredLogEncoder structured = new StructuredLogEncoder();
			structured.setFormat(this.format.trim());
			structured.setCharset(this.charset);
			this.delegate = structured;
		}
		else {
			PatternLayoutEncoder text = new PatternLayoutEncoder();
			text.setPattern(this.pattern);
			text.setCharset(this.charset);
			this.delegate = text;
		}
		this.delegate.setContext(getContext());
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		if (this.delegate != null) {
			this.delegate.stop();
		}
		super.stop();
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.delegate.encode(event);
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

}
