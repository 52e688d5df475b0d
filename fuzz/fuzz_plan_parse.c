/* fuzz_plan_parse.c — libFuzzer harness: plan_parse on arbitrary bytes; the tree must give back its UTF-8 input exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tasks/plan_parse.h"

/* Levels grow by one per depth, labels sit at their offsets, offsets never go back. */
static void check(const plan_tree *t, const plan_node *v, size_t n, int level, size_t *last, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(v[i].label);
        if (v[i].level != level || v[i].offset < *last || v[i].offset + l > len ||
            memcmp(t->text + v[i].offset, v[i].label, l) != 0)
            abort();
        *last = v[i].offset;
        check(t, v[i].children, v[i].nchildren, level + 1, last, len);
    }
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static int utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], len, cp;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return 0;
        if (i + len > n) return 0;
        for (unsigned k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    err[0] = '\0';
    plan_tree *t = plan_parse((const char *)data, size, err, sizeof err);
    if (!t) {
        if (!err[0])
            abort(); /* a refusal must say why */
        return 0;
    }
    char *c = plan_tree_concat(t);
    if (!c || strcmp(c, t->text) != 0)
        abort();
    /* when the input was UTF-8, the text is the input itself (less a BOM) */
    const char *in = (const char *)data;
    size_t n = size;
    if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) { in += 3; n -= 3; }
    size_t tl = strlen(t->text);
    if (utf8_ok((const unsigned char *)in, n) && (tl != n || memcmp(t->text, in, n) != 0))
        abort();
    size_t last = 0;
    check(t, t->roots, t->nroots, 1, &last, tl);
    json_t *j = plan_tree_json(t);
    char *pre = plan_tree_preamble(t);
    if (!j || !pre)
        abort();
    /* the preamble is left out of the JSON: its first node, if any, is not an unlabelled one at offset 0 */
    if (json_array_size(j) && t->nroots && !t->roots[0].label[0] && t->roots[0].offset == 0 &&
        json_array_size(j) == t->nroots)
        abort();
    free(pre);
    json_decref(j);
    free(c);
    plan_tree_free(t);
    return 0;
}
