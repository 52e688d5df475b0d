/* workday.h — a working-day calendar: Monday to Friday work by default, overridden day by day (statutory holidays,
 * make-up working days 调休). Dates are day numbers (days since 1970-01-01) so arithmetic is plain. Pure. */
#ifndef BASE_WORKDAY_H
#define BASE_WORKDAY_H
#include <stddef.h>

typedef enum { WD_WORKDAY = 1, WD_RESTDAY = 2, WD_HOLIDAY = 3, WD_MAKEUP = 4 } wd_kind;
typedef struct wd_override { int day; wd_kind kind; } wd_override;
/* Overrides sorted by day, no duplicates (wd_cal_sort makes them so). */
typedef struct wd_cal { wd_override *days; size_t n; } wd_cal;

int wd_parse(const char *ymd);               /* "2026-02-15" → day number; -1 when not a real date */
void wd_format(int day, char out[11]);       /* day number → "YYYY-MM-DD" */
int wd_weekday(int day);                     /* 1 = Monday … 7 = Sunday */
const char *wd_kind_name(wd_kind k);         /* 工作日 / 休息日 / 法定节假日 / 调休上班 */
int wd_kind_parse(const char *s);            /* the Chinese names (or work/rest/holiday/makeup); -1 unknown */

void wd_cal_sort(wd_cal *c);                 /* sorts and keeps the last of duplicate days */
int wd_is_working(const wd_cal *c, int day);
/* The day n working days after day (n ≥ 0; n = 0 gives day itself if working, else the next working day). */
int wd_add(const wd_cal *c, int day, int n);
/* Working days in (from, to]: how many working days remain from "today" to a due date; negative when to < from. */
int wd_between(const wd_cal *c, int from, int to);
#endif
