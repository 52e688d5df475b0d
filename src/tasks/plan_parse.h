/* plan_parse.h — splits the text of an annual work plan into an outline tree by its Chinese outline markers. Pure: no I/O. */
#ifndef BUREAU_TASKS_PLAN_PARSE_H
#define BUREAU_TASKS_PLAN_PARSE_H

#include <stddef.h>
#include <jansson.h>

/* Largest input accepted by plan_parse, in bytes (before any conversion to UTF-8). */
#define PLAN_MAX_INPUT ((size_t)4 * 1024 * 1024)

/* A node's text is label, then title (its heading phrase: up to and including the first 。 ； ; or a
 * sentence-ending period, else to the line end; it keeps any white space that followed the label), then
 * body (the rest up to the next node). Unlabelled nodes (label "") have an empty title. */
typedef struct plan_node {
  char *label, *title, *body;       /* UTF-8, NUL-terminated, never NULL (may be "") */
  int level;                        /* 1 = top */
  size_t offset;                    /* byte offset of label in the (UTF-8) input */
  size_t nchildren; struct plan_node *children;
} plan_node;

typedef struct plan_tree { size_t nroots; plan_node *roots; char *text; /* the UTF-8 input it was parsed from */ } plan_tree;

/* Returns a tree (caller frees with plan_tree_free) or NULL with a Chinese message in err
 * (e.g. "文本为空", "文本过大（超过4MB）", "编码无法识别"). err may be NULL when errlen is 0.
 * Input: UTF-8 (a BOM is stripped); UTF-16 with a BOM; otherwise GB18030/GBK, converted with iconv.
 * Markers: 一、 （一） 一是(inline) 1. 1、 1． （1） (1) 1） ①, full- or half-width, at any depth and in any mix.
 * An enumeration inside a sentence (…：①…；②…；③…。, each ① after a clause mark) is inline too: its items
 * become children of the node the sentence is in, and the run ends with its sentence (。！？ or the line end).
 * Text before any marker becomes a root node with an empty label (the preamble); text after a paragraph of inline
 * markers (一是…二是…, ①…②…) that belongs to their parent becomes an unlabelled child of that parent. */
plan_tree *plan_parse(const char *text, size_t len, char *err, size_t errlen);
void plan_tree_free(plan_tree *t);

/* Concatenates label+title+body+children depth-first: must equal the UTF-8 input exactly. Caller frees.
 * NULL if t is NULL or memory runs out. */
char *plan_tree_concat(const plan_tree *t);

/* The tree as a jansson array of {"label","title","body","level","children"}; caller decrefs.
 * Strings are trimmed of surrounding white space, and unlabelled nodes holding only white space are
 * left out. The preamble (the unlabelled root holding the text before the first marker) is left out too:
 * it is the plan's own introduction, not an item to make a task of (plan_tree_preamble gives it).
 * NULL on failure. */
json_t *plan_tree_json(const plan_tree *t);

/* The text before the first marker (a plan's title line or opening paragraph, its 前言), trimmed of
 * surrounding white space; "" when the text starts with a marker. Caller frees; NULL on failure. */
char *plan_tree_preamble(const plan_tree *t);

/* `bureau plan parse FILE [--json]`: prints the tree (JSON with --json, an indented outline otherwise);
 * returns the exit code. main.c will call this for the `plan` command. argv[0] is "plan".
 * FILE may be "-" for standard input. --help prints help in Chinese and English. */
int plan_cli(int argc, char **argv);

#endif
