/* sniff.c — what an uploaded attachment really is (magic bytes, the parts inside a ZIP, text encodings) and a safe
 * form of its name. Pure: works on memory only, fuzzed by fuzz/fuzz_attach_sniff.c. */
#include "tasks/tasks.h"
#include "base/table.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

static const char *const codes[TF__COUNT] = {"", "pdf", "jpg", "png", "docx", "xlsx", "txt"};
static const char *const mimes[TF__COUNT] = {
  "application/octet-stream", "application/pdf", "image/jpeg", "image/png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/plain"};

const char *tasks_file_type_code(tasks_file_type t) { return (unsigned)t < TF__COUNT ? codes[t] : ""; }
const char *tasks_file_mime(tasks_file_type t) { return (unsigned)t < TF__COUNT ? mimes[t] : mimes[0]; }
int tasks_file_type_parse(const char *code) {
  for (int i = 1; code && i < TF__COUNT; i++)
    if (strcmp(codes[i], code) == 0) return i;
  return -1;
}

/* docx and xlsx are both ZIP files; which one is told by the part that holds the document. libzip reads only the
 * central directory here, nothing is decompressed. */
static tasks_file_type zip_kind(const void *data, size_t len) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
  if (!src) { zip_error_fini(&ze); return TF_NONE; }
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  zip_error_fini(&ze);
  if (!za) { zip_source_free(src); return TF_NONE; }
  tasks_file_type t = TF_NONE;
  if (zip_name_locate(za, "[Content_Types].xml", 0) >= 0) {
    if (zip_name_locate(za, "word/document.xml", 0) >= 0) t = TF_DOCX;
    else if (zip_name_locate(za, "xl/workbook.xml", 0) >= 0) t = TF_XLSX;
  }
  zip_discard(za);
  return t;
}

/* GBK/GB18030 two- and four-byte sequences, checked by structure (lead 0x81–0xFE; trail 0x40–0xFE except 0x7F, or
 * digit, lead, digit for four bytes). */
static int gbk_valid(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    if (s[i] < 0x80) { i++; continue; }
    if (s[i] == 0x80 || s[i] == 0xFF || i + 1 >= n) return 0;
    unsigned char b = s[i + 1];
    if (b >= 0x30 && b <= 0x39) {
      if (i + 3 >= n || s[i + 2] < 0x81 || s[i + 2] > 0xFE || s[i + 3] < 0x30 || s[i + 3] > 0x39) return 0;
      i += 4;
      continue;
    }
    if (b < 0x40 || b == 0x7F || b == 0xFF) return 0;
    i += 2;
  }
  return 1;
}

static int is_text(const unsigned char *s, size_t n) {
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) { s += 3; n -= 3; }
  if (!n) return 0;
  for (size_t i = 0; i < n; i++)
    if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') || s[i] == 0x7F) return 0;
  return tab_utf8_valid((const char *)s, n) || gbk_valid(s, n);
}

tasks_file_type tasks_file_sniff(const void *data, size_t len) {
  const unsigned char *p = data;
  if (!p || !len) return TF_NONE;
  if (len >= 5 && memcmp(p, "%PDF-", 5) == 0) return TF_PDF;
  if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return TF_JPG;
  if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return TF_PNG;
  if (len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) return zip_kind(data, len);
  return is_text(p, len) ? TF_TXT : TF_NONE;
}

tasks_file_type tasks_file_ext(const char *name) {
  const char *dot = name ? strrchr(name, '.') : NULL;
  if (!dot || !dot[1]) return TF_NONE;
  if (strcasecmp(dot + 1, "jpeg") == 0) return TF_JPG;
  for (int i = 1; i < TF__COUNT; i++)
    if (strcasecmp(dot + 1, codes[i]) == 0) return (tasks_file_type)i;
  return TF_NONE;
}

size_t tasks_file_name(const char *in, char *out, size_t outlen) {
  if (!outlen) return 0;
  out[0] = 0;
  if (!in) return 0;
  const char *base = in;
  for (const char *p = in; *p; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  size_t o = 0, chars = 0, n = strlen(base);
  for (size_t i = 0; i < n && chars < 100;) {
    unsigned cp;
    size_t k = tab_utf8_decode((const unsigned char *)base + i, n - i, &cp);
    if (!k) { i++; continue; } /* not UTF-8: dropped */
    /* Control characters, quotes and the characters Windows refuses in names would only make trouble later. */
    int drop = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || strchr("\"<>|:*?", (int)(cp < 0x80 ? cp : 'a')) != NULL;
    if (!drop) {
      if (o + k >= outlen) break;
      memcpy(out + o, base + i, k);
      o += k;
      chars++;
    }
    i += k;
  }
  out[o] = 0;
  /* Leading dots and spaces would make a hidden or odd file when saved. */
  size_t lead = strspn(out, ". ");
  if (lead) { memmove(out, out + lead, o - lead + 1); o -= lead; }
  while (o && out[o - 1] == ' ') out[--o] = 0;
  return o;
}
