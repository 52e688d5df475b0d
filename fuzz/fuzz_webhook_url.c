/* fuzz_webhook_url.c — libFuzzer harness: the group-robot URL an admin types in (tasks_url_parse) and the robot body
 * built around arbitrary text. An accepted URL has a host of name characters, a port in range and a printable path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "tasks/tasks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = 0;
  tasks_url u;
  if (tasks_url_parse(s, &u) == 0) {
    if (!u.host[0] || u.port < 1 || u.port > 65535 || u.path[0] != '/') abort();
    for (const char *p = u.host; *p; p++)
      if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-')) abort();
    for (const char *p = u.path; *p; p++)
      if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) abort();
  }
  char *b = tasks_robot_body(s);
  if (b) {
    /* Whatever the text, the body is one JSON object that gives the text back. */
    json_t *j = json_loads(b, 0, NULL);
    if (!j || strcmp(json_string_value(json_object_get(json_object_get(j, "text"), "content")), s)) abort();
    json_decref(j);
    free(b);
  }
  free(s);
  return 0;
}
