/* robot.c — the pure parts of the group robots: the webhook URL an admin types in, and the message body. */
#include "tasks/tasks.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int tasks_url_parse(const char *url, tasks_url *out) {
  memset(out, 0, sizeof *out);
  if (!url || strlen(url) > 1000 || strncasecmp(url, "http://", 7) != 0) return -1;
  const char *p = url + 7, *h = p;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-') p++;
  size_t hl = (size_t)(p - h);
  if (!hl || hl >= sizeof out->host || h[0] == '.' || h[0] == '-' || h[hl - 1] == '.') return -1;
  memcpy(out->host, h, hl);
  out->port = 80;
  if (*p == ':') {
    p++;
    unsigned long port = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 6) port = port * 10 + (unsigned long)(*p++ - '0'), digits++;
    if (!digits || port < 1 || port > 65535) return -1;
    out->port = (unsigned)port;
  }
  if (*p && *p != '/' && *p != '?') return -1; /* user info (@), IPv6 ([), anything else after the host */
  for (const char *q = p; *q; q++)
    if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7F || *q == '#') return -1;
  snprintf(out->path, sizeof out->path, "%s%s", *p == '/' ? "" : "/", p);
  return 0;
}

char *tasks_robot_body(const char *content) {
  json_t *o = json_pack("{s:s,s:{s:s}}", "msgtype", "text", "text", "content", content ? content : "");
  if (!o) return NULL;
  char *s = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return s;
}
