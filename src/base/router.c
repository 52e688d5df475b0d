/* router.c — matches a method and path against the route table; ":name" segments capture. Pure. */
#include "base/http.h"
#include <stdlib.h>
#include <string.h>

int router_match(const http_route *routes, size_t n, int method, const char *path, char **params, size_t *nparams) {
  int path_hit = 0;
  for (size_t i = 0; i < n; i++) {
    const char *p = routes[i].pattern, *u = path;
    size_t np = 0;
    int ok = 1;
    char *caught[HTTP_MAX_PARAMS] = {0};
    while (*p && ok) {
      if (*p == ':') {
        while (*p && *p != '/') p++;
        const char *seg = u;
        while (*u && *u != '/') u++;
        if (u == seg || np >= HTTP_MAX_PARAMS) { ok = 0; break; }
        caught[np] = strndup(seg, (size_t)(u - seg));
        if (!caught[np]) { ok = 0; break; }
        np++;
      } else if (*p == *u) {
        p++, u++;
      } else {
        ok = 0;
      }
    }
    if (ok && *u == 0 && *p == 0) {
      int method_ok = (routes[i].method & method) || (method == HTTP_HEAD && (routes[i].method & HTTP_GET));
      if (method_ok) {
        for (size_t k = 0; k < np; k++) params[k] = caught[k];
        *nparams = np;
        return (int)i;
      }
      path_hit = 1;
    }
    for (size_t k = 0; k < np; k++) free(caught[k]);
  }
  *nparams = 0;
  return path_hit ? -2 : -1;
}
