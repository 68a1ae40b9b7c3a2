package io.vigil.ingest;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.detection.DetectionService;
import io.vigil.detection.IncomingEvent;
import io.vigil.detection.IngestResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "ingest", description = "Batches of ECS events from log shippers")
class EventController {

	private final EventBatchReader reader;

	private final DetectionService detection;

	EventController(EventBatchReader reader, DetectionService detection) {
		this.reader = reader;
		this.detection = detection;
	}

	@PostMapping
	@Operation(summary = "Ingest a batch of events",
			description = "A JSON array, one object, NDJSON or concatenated objects, whatever the Content-Type. "
					+ "Answers once the batch is evaluated and every alert it completed is committed.")
	IngestResult ingest(@RequestBody byte[] body, @RequestParam(required = false) @Nullable String index) {
		List<IncomingEvent> events;
		try {
			events = reader.read(body, index);
		}
		catch (StreamReadException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"Malformed JSON at line %d, column %d: %s".formatted(ex.getLocation().getLineNr(),
							ex.getLocation().getColumnNr(), ex.getOriginalMessage()));
			problem.setTitle("Malformed JSON");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, ex);
		}
		return detection.ingest(events);
	}

}
