/* docx.c — the review as a Word file written by bureau itself: WordprocessingML parts zipped with libzip. Official
 * document layout (GB/T 9704): A4, margins 37/35/28/26 mm, 22 lines × 28 characters, title in 方正小标宋简体 (宋体 as
 * its fallback), 一、 in 黑体, （一） in 楷体, body in 仿宋 三号; East Asian fonts on every run (WPS and Word otherwise
 * fall back to a Latin font), page numbers in the footer, a table of the figures cited. */
#include "report/internal.h"
#include "base/strbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define F_TITLE "方正小标宋简体"
#define F_H1 "黑体"
#define F_H2 "楷体"
#define F_BODY "仿宋"

static void esc(strbuf *b, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': sb_adds(b, "&amp;"); break;
    case '<': sb_adds(b, "&lt;"); break;
    case '>': sb_adds(b, "&gt;"); break;
    case '"': sb_adds(b, "&quot;"); break;
    default:
      /* characters XML 1.0 forbids (control characters other than tab/newline) are left out */
      if ((unsigned char)*s < 0x20 && *s != '\t') break;
      sb_addc(b, *s);
    }
  }
}

/* One run: the same font for every script, size in half-points. */
static void run(strbuf *b, const char *font, int half_pt, int bold, const char *text) {
  sb_addf(b, "<w:r><w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" w:cs=\"%s\"/>%s<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr>"
               "<w:t xml:space=\"preserve\">",
            font, font, font, font, bold ? "<w:b/><w:bCs/>" : "", half_pt, half_pt);
  esc(b, text);
  sb_adds(b, "</w:t></w:r>");
}

static void para_open(strbuf *b, const char *style) {
  sb_adds(b, "<w:p>");
  if (style) sb_addf(b, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
}

static void heading1(strbuf *b, const char *text) {
  para_open(b, "Heading1");
  run(b, F_H1, 32, 0, text);
  sb_adds(b, "</w:p>");
}

/* The body of a paragraph's runs (figures are plain text in the file; the table lists them). */
static void runs_text(strbuf *b, const json_t *runs) {
  size_t i;
  json_t *r;
  json_array_foreach(runs, i, r) run(b, F_BODY, 32, 0, json_string_value(json_object_get(r, "t")));
}

static void figures_table(strbuf *b, const json_t *body) {
  size_t n = 0, i, j, k;
  json_t *s, *p, *r;
  json_array_foreach(json_object_get(body, "sections"), i, s) json_array_foreach(json_object_get(s, "paras"), j, p) json_array_foreach(p, k, r) n +=
      json_object_get(r, "f") != NULL;
  if (!n) return;
  para_open(b, "Heading2");
  run(b, F_H2, 32, 0, "附表：主要数据及来源");
  sb_adds(b, "</w:p>");
  static const char *const head[] = {"序号", "事项", "数据", "所属部分"};
  static const int widths[] = {900, 3800, 2200, 2000};
  sb_adds(b, "<w:tbl><w:tblPr><w:tblW w:w=\"8900\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>");
  static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
  for (size_t x = 0; x < 6; x++) sb_addf(b, "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>", sides[x]);
  sb_adds(b, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
  for (size_t x = 0; x < 4; x++) sb_addf(b, "<w:gridCol w:w=\"%d\"/>", widths[x]);
  sb_adds(b, "</w:tblGrid>");
  for (size_t row = 0; row <= n; row++) {
    sb_adds(b, "<w:tr>");
    const char *cells[4] = {0};
    char num[24], sec[160];
    if (!row) memcpy(cells, head, sizeof cells);
    else {
      size_t seen = 0;
      json_array_foreach(json_object_get(body, "sections"), i, s) json_array_foreach(json_object_get(s, "paras"), j, p) json_array_foreach(p, k, r) {
        if (!json_object_get(r, "f") || ++seen != row) continue;
        snprintf(num, sizeof num, "%zu", row);
        char h[24];
        report_heading(2, (int)i + 1, h, sizeof h);
        snprintf(sec, sizeof sec, "%s%s", h, json_string_value(json_object_get(s, "line")));
        cells[0] = num, cells[1] = json_string_value(json_object_get(r, "src")), cells[2] = json_string_value(json_object_get(r, "t")), cells[3] = sec;
      }
    }
    for (size_t c = 0; c < 4; c++) {
      sb_addf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>", widths[c]);
      run(b, row ? F_BODY : F_H1, 24, 0, cells[c] ? cells[c] : "");
      sb_adds(b, "</w:p></w:tc>");
    }
    sb_adds(b, "</w:tr>");
  }
  sb_adds(b, "</w:tbl>");
}

static char *document_xml(const json_t *body) {
  strbuf b = {0};
  sb_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
  para_open(&b, "DocTitle");
  run(&b, F_TITLE, 44, 0, json_string_value(json_object_get(body, "title")));
  sb_adds(&b, "</w:p>");
  int year = (int)json_integer_value(json_object_get(body, "year"));
  char h[64], t[160];
  report_heading(1, 1, h, sizeof h);
  snprintf(t, sizeof t, "%s%d年主要工作回顾", h, year);
  heading1(&b, t);
  size_t i, j;
  json_t *s, *p;
  json_array_foreach(json_object_get(body, "sections"), i, s) {
    report_heading(2, (int)i + 1, h, sizeof h);
    snprintf(t, sizeof t, "%s%s。", h, json_string_value(json_object_get(s, "title")));
    para_open(&b, "Heading2");
    run(&b, F_H2, 32, 0, t);
    const char *jg = json_string_value(json_object_get(s, "judgement"));
    if (jg && *jg) run(&b, F_BODY, 32, 0, jg);
    sb_adds(&b, "</w:p>");
    json_array_foreach(json_object_get(s, "paras"), j, p) {
      para_open(&b, NULL);
      runs_text(&b, p);
      sb_adds(&b, "</w:p>");
    }
  }
  report_heading(1, 2, h, sizeof h);
  snprintf(t, sizeof t, "%s%d年工作安排", h, year + 1);
  heading1(&b, t);
  const char *plan = json_string_value(json_object_get(body, "plan_text"));
  for (const char *q = plan ? plan : ""; *q;) {
    const char *nl = strchr(q, '\n');
    size_t n = nl ? (size_t)(nl - q) : strlen(q);
    char *line = strndup(q, n);
    if (line && *line && strcmp(line, "\r")) {
      size_t ll = strlen(line);
      if (line[ll - 1] == '\r') line[ll - 1] = 0;
      /* a line opening with （…） is a second-level heading of the plan */
      int h2 = !strncmp(line, "（", 3);
      para_open(&b, h2 ? "Heading2" : NULL);
      run(&b, h2 ? F_H2 : F_BODY, 32, 0, line);
      sb_adds(&b, "</w:p>");
    }
    free(line);
    q += n + (nl ? 1 : 0);
  }
  figures_table(&b, body);
  /* section: A4, GB/T 9704 margins, 22 lines of 28 characters, the page number footer */
  sb_adds(&b, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
              "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"1304\" w:gutter=\"0\"/>"
              "<w:pgNumType w:fmt=\"decimal\" w:start=\"1\"/><w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"-842\"/></w:sectPr>"
              "</w:body></w:document>");
  return b.p;
}

static char *styles_xml(void) {
  strbuf b = {0};
  sb_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
              "<w:docDefaults><w:rPrDefault><w:rPr>");
  sb_addf(&b, "<w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" w:cs=\"%s\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>",
            F_BODY, F_BODY, F_BODY, F_BODY);
  sb_adds(&b, "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line=\"579\" w:lineRule=\"exact\"/></w:pPr></w:pPrDefault></w:docDefaults>");
  /* Normal: 仿宋 三号, first line indented two characters, justified */
  sb_addf(&b, "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
                "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr>"
                "<w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" w:cs=\"%s\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>",
            F_BODY, F_BODY, F_BODY, F_BODY);
  sb_addf(&b, "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"DocTitle\"><w:name w:val=\"Doc Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>"
                "<w:pPr><w:spacing w:before=\"0\" w:after=\"579\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
                "<w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" w:cs=\"%s\"/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>",
            F_TITLE, F_TITLE, F_TITLE, F_TITLE);
  sb_addf(&b, "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
                "<w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr>"
                "<w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" w:cs=\"%s\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>",
            F_H1, F_H1, F_H1, F_H1);
  sb_addf(&b, "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
                "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr>"
                "<w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" w:cs=\"%s\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>",
            F_H2, F_H2, F_H2, F_H2);
  sb_adds(&b, "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>"
              "<w:pPr><w:spacing w:line=\"360\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr></w:style>"
              "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
              "<w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr></w:style>"
              "</w:styles>");
  return b.p;
}

/* The fonts, each East Asian one with what to use where it is not installed (方正小标宋简体 → 宋体). */
static const char font_table[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:font w:name=\"" F_TITLE "\"><w:altName w:val=\"宋体\"/><w:charset w:val=\"86\"/><w:family w:val=\"script\"/><w:pitch w:val=\"default\"/></w:font>"
    "<w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>"
    "<w:font w:name=\"" F_H1 "\"><w:altName w:val=\"SimHei\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>"
    "<w:font w:name=\"" F_H2 "\"><w:altName w:val=\"KaiTi\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>"
    "<w:font w:name=\"" F_BODY "\"><w:altName w:val=\"FangSong\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>"
    "</w:fonts>";

static const char footer_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">— </w:t></w:r>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/></w:r>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:t>1</w:t></w:r>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\"> —</w:t></w:r>"
    "</w:p></w:ftr>";

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "</Types>";

static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

static const char doc_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>"
    "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
    "<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "</Relationships>";

static const char settings_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:defaultTabStop w:val=\"420\"/>"
    "<w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>"
    "<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/></w:compat>"
    "</w:settings>";

static int add(zip_t *za, const char *name, const char *data, int owned) {
  size_t len = strlen(data);
  zip_source_t *s = zip_source_buffer(za, data, len, owned);
  if (!s) return -1;
  if (zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) { zip_source_free(s); return -1; }
  return 0;
}

int report_docx(const json_t *body, const char *unit_name, char **out, size_t *len) {
  (void)unit_name;
  *out = NULL, *len = 0;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!src) { zip_error_fini(&ze); return -1; }
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  zip_error_fini(&ze);
  if (!za) { zip_source_free(src); return -1; }
  zip_source_keep(src);
  char *doc = document_xml(body), *sty = styles_xml();
  int fail = !doc || !sty;
  /* [Content_Types].xml first, as Office writes it */
  fail = fail || add(za, "[Content_Types].xml", content_types, 0) || add(za, "_rels/.rels", root_rels, 0) ||
         add(za, "word/_rels/document.xml.rels", doc_rels, 0) || add(za, "word/document.xml", doc, 1);
  if (!fail) doc = NULL; /* the zip frees it */
  fail = fail || add(za, "word/styles.xml", sty, 1);
  if (!fail) sty = NULL;
  fail = fail || add(za, "word/fontTable.xml", font_table, 0) || add(za, "word/settings.xml", settings_xml, 0) || add(za, "word/footer1.xml", footer_xml, 0);
  free(doc);
  free(sty);
  if (fail) { zip_discard(za); zip_source_free(src); return -1; }
  if (zip_close(za) < 0) { zip_discard(za); zip_source_free(src); return -1; }
  int rc = -1;
  zip_stat_t st;
  if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(src) == 0) {
    char *buf = malloc(st.size ? st.size : 1);
    if (buf && zip_source_read(src, buf, st.size) == (zip_int64_t)st.size) { *out = buf, *len = st.size, rc = 0; }
    else free(buf);
    zip_source_close(src);
  }
  zip_source_free(src);
  return rc;
}
