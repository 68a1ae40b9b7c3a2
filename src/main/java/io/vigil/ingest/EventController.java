package io.vigil.ingest;

import java.io.IOException;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.api.OpenApiExamples;
import io.vigil.api.RetryAfter;
import io.vigil.detection.EventIngestion;
import io.vigil.detection.IngestResult;
import io.vigil.detection.IngestUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "ingest")
class EventController {

	private static final String SEED_NETWORK = """
			{"@timestamp":"2024-05-14T08:00:23.348Z",\
			"event":{"id":"example-net","category":["network"],"type":["start"]},\
			"host":{"id":"example-host","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},\
			"source":{"ip":"10.29.188.187"},"destination":{"port":5985}}""";

	private static final String SEED_PROCESS = """
			{"@timestamp":"2024-05-14T08:00:27.350Z",\
			"event":{"id":"example-proc","category":["process"],"type":["start"]},\
			"host":{"id":"example-host","os":{"type":"windows"}},\
			"process":{"executable":"C:\\\\Windows\\\\System32\\\\whoami.exe","parent":{"name":"wsmprovhost.exe"}}}""";

	private static final String SEED_ATTACK_NDJSON = SEED_NETWORK + "\n" + SEED_PROCESS + "\n";

	private final EventBatchReader reader;

	private final IngestGate gate;

	private final EventIngestion detection;

	EventController(EventBatchReader reader, IngestGate gate, EventIngestion detection) {
		this.reader = reader;
		this.gate = gate;
		this.detection = detection;
	}

	@PostMapping
	@Operation(summary = "Ingest a batch of events",
			description = "A JSON array, one object, NDJSON or concatenated objects, whatever the Content-Type; "
					+ "gzip or deflate with Content-Encoding. Answers once the batch is evaluated and every alert it "
					+ "completed is committed. An event sent before (same event.id, or same content) changes nothing.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = {
					@Content(mediaType = "application/x-ndjson",
							examples = @ExampleObject(name = "seed attack", value = SEED_ATTACK_NDJSON)),
					@Content(mediaType = "application/json",
							examples = @ExampleObject(name = "seed attack",
									value = "[" + SEED_NETWORK + ",\n" + SEED_PROCESS + "]")) })
	@ApiResponse(responseCode = "200", description = "Evaluated; every alert it completed is committed")
	@ApiResponse(responseCode = "400",
			description = "Malformed JSON (with line and column), or a limit on nesting " + "or string length exceeded",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiExamples.PROBLEM)))
	@ApiResponse(responseCode = "413", description = "Request, decompressed body or event count over its limit",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiExamples.PROBLEM)))
	@ApiResponse(responseCode = "415", description = "A body that is not JSON (msgpack, a form post)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiExamples.PROBLEM)))
	@ApiResponse(responseCode = "429", description = "Too many batches in flight; retry after Retry-After seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiExamples.PROBLEM)))
	@ApiResponse(responseCode = "503", description = "The database (or, in clustered mode, Kafka) is unavailable, "
			+ "or this instance does not ingest: nothing of the batch was taken in; send it again after Retry-After "
			+ "seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiExamples.PROBLEM)))
	IngestResult ingest(HttpServletRequest request, @RequestParam(required = false) @Nullable String index)
			throws IOException {
		refuseUnreadableMediaTypes(request.getContentType());
		return gate.ingest(request, body -> detection.ingest(reader.read(body, index)));
	}

	static void refuseUnreadableMediaTypes(@Nullable String contentType) {
		String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
		if (type.contains("msgpack")) {
			throw IngestException
				.unsupported("msgpack bodies are not supported; send JSON (Fluent Bit: set Format json_lines)");
		}
		if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
			throw IngestException.unsupported("form bodies are not supported; "
					+ "send JSON with Content-Type application/json or application/x-ndjson");
		}
	}

	/**
	 * Nothing of the batch was taken in (the broker is unreachable): the client should
	 * send it again.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(IngestUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Ingest unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RetryAfter.UNAVAILABLE)
			.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(IngestException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(ex.status()), ex.getMessage());
		problem.setTitle(HttpStatus.valueOf(ex.status()).getReasonPhrase());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex.overload()) {
			response.header(HttpHeaders.RETRY_AFTER, RetryAfter.OVERLOADED);
		}
		return response.body(problem);
	}

}
