/* notice.c — the message centre for other modules (tasks.h): a 催办 notice that belongs to no task. */
#include "tasks/internal.h"

int tasks_notice(int64_t user_id, const char *title, const char *body, const char *dedupe, const char *at, int *added) {
  return tasks_message_add(user_id, "urge", 0, title, body, dedupe, at, added);
}
