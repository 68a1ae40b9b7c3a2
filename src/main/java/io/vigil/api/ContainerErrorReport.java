package io.vigil.api;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.http.HttpStatus;

/**
 * The servlet container's own error answers (a header too large, an encoded backslash in
 * the path: refused before any filter runs) in the caller's format instead of an HTML
 * page: problem details on the service's own paths, Elasticsearch's error envelope
 * elsewhere. Installed as the host's error report valve by {@link ApiConfiguration};
 * Tomcat creates it, so it writes its few fields itself.
 */
public class ContainerErrorReport extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		String path = request.getRequestURI() == null ? "/" : request.getRequestURI();
		HttpStatus known = HttpStatus.resolve(status);
		String reason = known == null ? "Error " + status : known.getReasonPhrase();
		String detail = "The request was refused before it reached the service: " + reason;
		boolean own = ErrorResponses.isOwnApi(path);
		String body = own
				? "{\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}".formatted(quote(reason), status, quote(detail))
				: ("{\"error\":{\"root_cause\":[{\"type\":\"illegal_argument_exception\",\"reason\":\"%1$s\"}],"
						+ "\"type\":\"illegal_argument_exception\",\"reason\":\"%1$s\"},\"status\":%2$d}")
					.formatted(quote(detail), status);
		try {
			response.setContentType(own ? "application/problem+json" : "application/json");
			response.setCharacterEncoding("utf-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the response was committed meanwhile: nothing more
			// to say
		}
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder();
		JsonStringEncoder.getInstance().quoteAsString(text, quoted);
		return quoted.toString();
	}

}
