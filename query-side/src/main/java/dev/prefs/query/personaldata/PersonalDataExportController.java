package dev.prefs.query.personaldata;

import dev.prefs.events.UserId;
import dev.prefs.platform.openapi.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/users/{userId}/export}: everything stored about a user, as a JSON file to download. Personal data:
 * never kept by a cache ({@code Cache-Control: no-store}).
 */
@RestController
@Tag(name = PersonalDataExportController.TAG, description = PersonalDataExportController.TAG_DESCRIPTION)
class PersonalDataExportController {

    /** The OpenAPI tag of the personal-data paths (export and erasure): one name, one description. */
    static final String TAG = "Personal data";
    static final String TAG_DESCRIPTION = "A user's personal data: its export and its erasure";

    private final PersonalDataExports exports;

    PersonalDataExportController(PersonalDataExports exports) {
        this.exports = exports;
    }

    @GetMapping("/api/users/{userId}/export")
    @Operation(operationId = "exportPersonalData", summary = "Download everything stored about a user",
            description = "The effective preferences, the tenant, every event of the user's preferences with its "
                          + "metadata (who, correlation id, Idempotency-Key) and the Idempotency-Keys stored for "
                          + "the user, as an attachment. A deleted user's history is still stored, and exported.")
    @ApiResponse(responseCode = "200", description = "The export", headers = {
            @Header(name = HttpHeaders.CONTENT_DISPOSITION, description = "An attachment, named after the user",
                    schema = @Schema(type = "string", example = "attachment; filename=\"prefs-export-alice.json\"")),
            @Header(name = HttpHeaders.CACHE_CONTROL, description = "Personal data: no cache keeps it",
                    schema = @Schema(type = "string", example = "no-store"))})
    @Problem(status = 400, when = "Invalid user id")
    @Problem(status = 403, when = "A tenant admin asking about a user of another tenant (or of none)")
    @Problem(status = 404, when = "The preferences were never created")
    @Problem(status = 410, when = "The user's personal data was erased (and the user not created again)")
    ResponseEntity<PersonalDataExport> export(@PathVariable String userId) {
        UserId.require(userId);
        PersonalDataExport export = exports.export(userId);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("prefs-export-" + userId + ".json").build().toString())
                .body(export);
    }
}
