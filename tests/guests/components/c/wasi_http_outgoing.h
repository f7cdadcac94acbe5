/*
 * wasi_http_outgoing.h: the wasi:http@0.2.12 outgoing-request functions c-outgoing calls, in the canonical ABI
 * (see wasi_http.h for the conventions). error-code holds a u64, so results carrying it are 8-aligned: the
 * payload of each result/option level starts 8 bytes after its tag.
 */
#ifndef WASI_HTTP_OUTGOING_H
#define WASI_HTTP_OUTGOING_H

#include "wasi_http.h"

#define OUTGOING_HANDLER "wasi:http/outgoing-handler@0.2.12"
#define IO_POLL "wasi:io/poll@0.2.12"

IMPORT(HTTP_TYPES, "[constructor]outgoing-request") handle_t outgoing_request_new(handle_t headers);
/* option<scheme>: scheme is variant { HTTP, HTTPS, other(string) } */
IMPORT(HTTP_TYPES, "[method]outgoing-request.set-scheme")
int32_t outgoing_request_set_scheme(handle_t self, int32_t is_some, int32_t scheme, const char *other, size_t len);
IMPORT(HTTP_TYPES, "[method]outgoing-request.set-authority")
int32_t outgoing_request_set_authority(handle_t self, int32_t is_some, const char *authority, size_t len);
IMPORT(HTTP_TYPES, "[method]outgoing-request.set-path-with-query")
int32_t outgoing_request_set_path(handle_t self, int32_t is_some, const char *path, size_t len);
/* result<own<future-incoming-response>, error-code>: tag @0, future @8 or error-code @8 */
IMPORT(OUTGOING_HANDLER, "handle")
void outgoing_handle(handle_t request, int32_t has_options, handle_t options, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[method]future-incoming-response.subscribe") handle_t future_subscribe(handle_t self);
/* option<result<result<own<incoming-response>, error-code>>>: tags @0, @8, @16; response or error-code @24 */
IMPORT(HTTP_TYPES, "[method]future-incoming-response.get") void future_get(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[method]incoming-response.status") int32_t incoming_response_status(handle_t self);
IMPORT(HTTP_TYPES, "[method]incoming-response.consume") void incoming_response_consume(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[resource-drop]future-incoming-response") void future_drop(handle_t h);
IMPORT(HTTP_TYPES, "[resource-drop]incoming-response") void incoming_response_drop(handle_t h);
IMPORT(IO_POLL, "[method]pollable.block") void pollable_block(handle_t self);
IMPORT(IO_POLL, "[resource-drop]pollable") void pollable_drop(handle_t h);

#endif
