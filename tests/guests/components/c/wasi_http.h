/*
 * wasi_http.h: the few wasi:http@0.2.12 / wasi:io@0.2.12 functions the C guests call, written by hand in the
 * component model's canonical ABI (what wit-bindgen would generate; it is not packaged for C here).
 *
 * The core module imports them under their interface and function names; `jco embed` adds the WIT world
 * (wit/world.wit) as the component-type section and `jco new` turns the module into a component, so the
 * signatures below must match the flattening of the WIT types exactly:
 *   - a borrow or own handle is an i32;
 *   - results that do not fit one core value are written through a return pointer (`ret`) the caller owns:
 *     result/option/variant start with a u8 tag, the payload follows at its alignment (4, or 8 with a u64);
 *   - strings and lists are (pointer, length) pairs, allocated by the host through cabi_realloc.
 */
#ifndef WASI_HTTP_H
#define WASI_HTTP_H

#include <stdint.h>
#include <stddef.h>

#define HTTP_TYPES "wasi:http/types@0.2.12"
#define IO_STREAMS "wasi:io/streams@0.2.12"

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

typedef int32_t handle_t;

/* 8-aligned scratch for return pointers; the biggest result used is future-incoming-response.get (56 bytes). */
typedef struct { _Alignas(8) uint8_t bytes[96]; } ret_area_t;

#define RET_TAG(r) ((r)->bytes[0])
#define RET_I32(r, offset) (*(int32_t *)((r)->bytes + (offset)))

/* wasi:http/types */
IMPORT(HTTP_TYPES, "[method]incoming-request.method") void request_method(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[method]incoming-request.path-with-query") void request_path(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[method]incoming-request.headers") handle_t request_headers(handle_t self);
IMPORT(HTTP_TYPES, "[method]incoming-request.consume") void request_consume(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[method]incoming-body.stream") void incoming_body_stream(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[constructor]fields") handle_t fields_new(void);
IMPORT(HTTP_TYPES, "[method]fields.get")
void fields_get(handle_t self, const char *name, size_t name_len, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[method]fields.append")
void fields_append(handle_t self, const char *name, size_t name_len, const uint8_t *value, size_t value_len,
                   ret_area_t *ret);
IMPORT(HTTP_TYPES, "[constructor]outgoing-response") handle_t response_new(handle_t headers);
IMPORT(HTTP_TYPES, "[method]outgoing-response.set-status-code") int32_t response_set_status(handle_t self, int32_t s);
IMPORT(HTTP_TYPES, "[method]outgoing-response.body") void response_body(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[method]outgoing-body.write") void outgoing_body_write(handle_t self, ret_area_t *ret);
IMPORT(HTTP_TYPES, "[static]outgoing-body.finish")
void outgoing_body_finish(handle_t body, int32_t has_trailers, handle_t trailers, ret_area_t *ret);
/* result<own<outgoing-response>, error-code> flattens to nine core values; only the ok case is used. */
IMPORT(HTTP_TYPES, "[static]response-outparam.set")
void outparam_set(handle_t outparam, int32_t is_err, int32_t a, int32_t b, int64_t c, int32_t d, int32_t e,
                  int32_t f, int32_t g);
IMPORT(HTTP_TYPES, "[resource-drop]fields") void fields_drop(handle_t h);
IMPORT(HTTP_TYPES, "[resource-drop]incoming-request") void incoming_request_drop(handle_t h);
IMPORT(HTTP_TYPES, "[resource-drop]incoming-body") void incoming_body_drop(handle_t h);
IMPORT(HTTP_TYPES, "[resource-drop]outgoing-response") void outgoing_response_drop(handle_t h);
IMPORT(HTTP_TYPES, "[resource-drop]response-outparam") void response_outparam_drop(handle_t h);

/* wasi:io/streams */
IMPORT(IO_STREAMS, "[method]input-stream.blocking-read")
void input_stream_blocking_read(handle_t self, int64_t len, ret_area_t *ret);
IMPORT(IO_STREAMS, "[method]output-stream.blocking-write-and-flush")
void output_stream_blocking_write_and_flush(handle_t self, const uint8_t *data, size_t len, ret_area_t *ret);
IMPORT(IO_STREAMS, "[resource-drop]input-stream") void input_stream_drop(handle_t h);
IMPORT(IO_STREAMS, "[resource-drop]output-stream") void output_stream_drop(handle_t h);

#endif
