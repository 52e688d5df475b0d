/* fuzz_attach_sniff.c — libFuzzer harness: what an uploaded attachment is (tasks_file_sniff, ZIP directories included)
 * and the safe form of a user-given file name (tasks_file_name) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/table.h"
#include "tasks/tasks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tasks_file_type t = tasks_file_sniff(data, size);
  if ((unsigned)t >= TF__COUNT) abort();
  /* The magic bytes decide the binary types; text is never claimed for content holding a NUL. */
  if (t == TF_PDF && (size < 5 || memcmp(data, "%PDF-", 5))) abort();
  if (t == TF_PNG && (size < 8 || memcmp(data, "\x89PNG", 4))) abort();
  if (t == TF_TXT && memchr(data, 0, size)) abort();
  /* The same bytes as a file name: the result is valid UTF-8, has no path separator or control character, and fits. */
  char *name = malloc(size + 1);
  if (!name) return 0;
  memcpy(name, data, size);
  name[size] = 0;
  char out[64];
  size_t n = tasks_file_name(name, out, sizeof out);
  if (n != strlen(out) || n >= sizeof out || !tab_utf8_valid(out, n) || strchr(out, '/') || strchr(out, '\\')) abort();
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)out[i] < 0x20 || out[i] == '"') abort();
  if (n && (out[0] == '.' || out[0] == ' ')) abort();
  (void)tasks_file_ext(out);
  free(name);
  return 0;
}
