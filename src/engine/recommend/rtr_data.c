/* RentTheRunway CSV(.gz) reader (format in at_rtr.h). zlib reads both
 * gzip and plain text; the whole decompressed text is held once (the data
 * set is ~20 MB) and split in place, which keeps the parser simple and
 * lets it report the exact line of any bad cell. */
#include "at_rtr.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { COL_FIT, COL_USER, COL_ITEM, COL_WEIGHT, COL_RATING, COL_RENTED_FOR, COL_BODY_TYPE, COL_CATEGORY,
       COL_SIZE, COL_AGE, COL_DATE, COL_BUST_NUM, COL_BUST_LETTER, COL_HEIGHT, COL_COUNT };

static const char *const column_names[COL_COUNT] = {
  "fit", "user_id", "item_id", "weight_lbs", "rating", "rented_for", "body_type", "category",
  "size", "age", "review_date", "bust_size_num", "bust_size_letter", "height_in",
};

AtStatus
at_rtr_vocab_init (AtRtrVocab *vocab, AtError *err)
{
  vocab->category = at_str_map_new ();
  vocab->body_type = at_str_map_new ();
  vocab->occasion = at_str_map_new ();
  if (!vocab->category || !vocab->body_type || !vocab->occasion)
    {
      at_rtr_vocab_clear (vocab);
      return at_error_set (err, AT_ERR_NOMEM, "out of memory");
    }
  return AT_OK;
}

void
at_rtr_vocab_clear (AtRtrVocab *vocab)
{
  at_str_map_free (vocab->category);
  at_str_map_free (vocab->body_type);
  at_str_map_free (vocab->occasion);
  memset (vocab, 0, sizeof *vocab);
}

void
at_rtr_table_clear (AtRtrTable *table)
{
  free (table->rows);
  free (table->occasion);
  free (table->day);
  free (table->rating);
  memset (table, 0, sizeof *table);
}

static AtStatus
read_gz (const char *path, size_t max_bytes, char **out_text, size_t *out_len, AtError *err)
{
  *out_text = NULL;
  gzFile gz = gzopen (path, "rb");
  if (!gz)
    return at_error_set (err, AT_ERR_IO, "%s: %s", path, errno ? strerror (errno) : "cannot open");
  size_t cap = 1 << 20, len = 0;
  char *text = malloc (cap + 1);
  AtStatus st = AT_OK;
  while (text)
    {
      if (len == cap)
        {
          if (cap >= max_bytes)
            {
              st = at_error_set (err, AT_ERR_RANGE, "%s: more than %zu bytes of text", path, max_bytes);
              break;
            }
          cap *= 2;
          char *bigger = realloc (text, cap + 1);
          if (!bigger)
            break;
          text = bigger;
        }
      size_t want = cap - len > (1u << 30) ? (1u << 30) : cap - len;
      int got = gzread (gz, text + len, (unsigned) want);
      if (got < 0)
        {
          int code;
          const char *msg = gzerror (gz, &code);
          st = at_error_set (err, AT_ERR_CORRUPT, "%s: damaged gzip data (%s)", path, msg);
          break;
        }
      if (got == 0)
        break;
      len += (size_t) got;
    }
  int close_code = gzclose (gz);
  if (!text && st == AT_OK)
    st = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  if (st == AT_OK && close_code != Z_OK)
    st = at_error_set (err, AT_ERR_CORRUPT, "%s: damaged or truncated gzip data", path);
  if (st != AT_OK)
    {
      free (text);
      return st;
    }
  text[len] = '\0';
  if (memchr (text, '\0', len))
    {
      free (text);
      return at_error_set (err, AT_ERR_PARSE, "%s: binary data, not a CSV text", path);
    }
  *out_text = text;
  *out_len = len;
  return AT_OK;
}

/* Splits line at commas in place; returns the number of cells (at most max). */
static int
split_cells (char *line, char **cells, int max)
{
  int n = 0;
  for (char *p = line;;)
    {
      if (n == max)
        return max + 1;
      cells[n++] = p;
      char *comma = strchr (p, ',');
      if (!comma)
        break;
      *comma = '\0';
      p = comma + 1;
    }
  return n;
}

static bool
parse_number (const char *cell, double *out)
{
  if (!*cell)
    {
      *out = NAN;
      return true;
    }
  char *end;
  errno = 0;
  double v = strtod (cell, &end);
  if (errno || *end || !isfinite (v))
    return false;
  *out = v;
  return true;
}

static bool
parse_id (const char *cell, int64_t *out)
{
  char *end;
  errno = 0;
  long long v = strtoll (cell, &end, 10);
  if (!*cell || errno || *end)
    return false;
  *out = v;
  return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil), or -1 when text is not YYYY-MM-DD. */
static int32_t
parse_day (const char *text)
{
  int y, m, d;
  char tail;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return -1;
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int32_t) (era * 146097 + doe - 719468);
}

static double
cup_number (const char *letters)
{
  if (!*letters)
    return NAN;
  if (strcmp (letters, "aa") == 0)
    return 0.5;
  if (letters[0] < 'a' || letters[0] > 'z')
    return NAN;
  /* "dd" and "d+" sit half way to the next cup */
  return (double) (letters[0] - 'a' + 1) + (letters[1] ? 0.5 : 0.0);
}

static int
vocab_index (AtStrMap *map, const char *name)
{
  return *name ? at_str_map_add (map, name) : -1;
}

typedef struct {
  const char *path;
  int line;
  char **cells;
  const int *col;
} RowCtx;

static AtStatus
cell_number (const RowCtx *ctx, int c, double *out, AtError *err)
{
  if (ctx->col[c] < 0)
    {
      *out = NAN;
      return AT_OK;
    }
  if (!parse_number (ctx->cells[ctx->col[c]], out))
    return at_error_set (err, AT_ERR_PARSE, "%s:%d: column '%s': '%s' is not a number", ctx->path, ctx->line,
                         column_names[c], ctx->cells[ctx->col[c]]);
  return AT_OK;
}

static AtStatus
parse_row (const RowCtx *ctx, AtRtrVocab *vocab, AtRtrTable *t, size_t r, AtError *err)
{
  AtFitRecord *rec = &t->rows[r];
  *rec = at_fit_record_default ();
  char **cells = ctx->cells;
  const int *col = ctx->col;
  if (!parse_id (cells[col[COL_USER]], &rec->customer) || !parse_id (cells[col[COL_ITEM]], &rec->item))
    return at_error_set (err, AT_ERR_PARSE, "%s:%d: user_id or item_id '%s,%s' is not an integer id", ctx->path,
                         ctx->line, cells[col[COL_USER]], cells[col[COL_ITEM]]);
  if (col[COL_FIT] >= 0)
    {
      const char *fit = cells[col[COL_FIT]];
      if (strcmp (fit, "small") == 0)
        rec->outcome = AT_FIT_SMALL;
      else if (strcmp (fit, "fit") == 0)
        rec->outcome = AT_FIT_FIT;
      else if (strcmp (fit, "large") == 0)
        rec->outcome = AT_FIT_LARGE;
      else
        return at_error_set (err, AT_ERR_PARSE, "%s:%d: column 'fit': '%s' is not small, fit or large",
                             ctx->path, ctx->line, fit);
    }
  double weight_lbs, height_in, bust_in, rating;
  AtStatus st;
  if ((st = cell_number (ctx, COL_SIZE, &rec->size, err)) || (st = cell_number (ctx, COL_AGE, &rec->age, err))
      || (st = cell_number (ctx, COL_WEIGHT, &weight_lbs, err))
      || (st = cell_number (ctx, COL_HEIGHT, &height_in, err))
      || (st = cell_number (ctx, COL_BUST_NUM, &bust_in, err))
      || (st = cell_number (ctx, COL_RATING, &rating, err)))
    return st;
  rec->weight_kg = weight_lbs * 0.45359237;
  rec->height_cm = height_in * 2.54;
  rec->bust_cm = bust_in * 2.54;
  rec->cup = col[COL_BUST_LETTER] >= 0 ? cup_number (cells[col[COL_BUST_LETTER]]) : NAN;
  t->rating[r] = (float) rating;
  rec->category = col[COL_CATEGORY] >= 0 ? vocab_index (vocab->category, cells[col[COL_CATEGORY]]) : -1;
  rec->body_type = col[COL_BODY_TYPE] >= 0 ? vocab_index (vocab->body_type, cells[col[COL_BODY_TYPE]]) : -1;
  t->occasion[r] = col[COL_RENTED_FOR] >= 0 ? vocab_index (vocab->occasion, cells[col[COL_RENTED_FOR]]) : -1;
  t->day[r] = col[COL_DATE] >= 0 ? parse_day (cells[col[COL_DATE]]) : -1;
  return AT_OK;
}

static AtStatus
map_header (const char *path, char *header, unsigned needs, int *col, int *n_cols, AtError *err)
{
  char *cells[256];
  int n = split_cells (header, cells, 256);
  if (n > 256)
    return at_error_set (err, AT_ERR_PARSE, "%s: header has more than 256 columns", path);
  for (int c = 0; c < COL_COUNT; c++)
    col[c] = -1;
  for (int i = 0; i < n; i++)
    for (int c = 0; c < COL_COUNT; c++)
      if (strcmp (cells[i], column_names[c]) == 0)
        col[c] = i;
  const int required[] = { COL_USER, COL_ITEM, COL_FIT, COL_SIZE };
  int n_required = needs & AT_RTR_NEED_FIT ? 4 : 2;
  for (int i = 0; i < n_required; i++)
    if (col[required[i]] < 0)
      return at_error_set (err, AT_ERR_PARSE, "%s: missing column '%s'", path, column_names[required[i]]);
  *n_cols = n;
  return AT_OK;
}

/* The next line (without its end of line) or NULL at the end of text. */
static char *
next_line (char **cursor, int *line_no)
{
  char *line = *cursor;
  if (!line || !*line)
    return NULL;
  char *nl = strchr (line, '\n');
  if (nl)
    {
      *nl = '\0';
      *cursor = nl + 1;
    }
  else
    *cursor = NULL;
  line[strcspn (line, "\r")] = '\0';
  ++*line_no;
  return line;
}

AtStatus
at_rtr_load (const char *path, AtRtrVocab *vocab, unsigned needs, size_t max_bytes, AtRtrTable *out,
             AtError *err)
{
  memset (out, 0, sizeof *out);
  char *text;
  size_t len = 0;
  AtStatus st = read_gz (path, max_bytes, &text, &len, err);
  if (st)
    return st;
  size_t lines = 0;
  for (size_t i = 0; i < len; i++)
    lines += text[i] == '\n';
  char *cursor = text;
  int line_no = 0;
  char *header = next_line (&cursor, &line_no);
  if (!header || !*header)
    {
      free (text);
      return at_error_set (err, AT_ERR_PARSE, "%s: empty file (no header row)", path);
    }
  int col[COL_COUNT], n_cols;
  if ((st = map_header (path, header, needs, col, &n_cols, err)))
    {
      free (text);
      return st;
    }
  size_t cap = lines + 1;
  out->rows = malloc (cap * sizeof *out->rows);
  out->occasion = malloc (cap * sizeof *out->occasion);
  out->day = malloc (cap * sizeof *out->day);
  out->rating = malloc (cap * sizeof *out->rating);
  char **cells = malloc ((size_t) (n_cols + 1) * sizeof *cells);
  if (!out->rows || !out->occasion || !out->day || !out->rating || !cells)
    st = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  for (char *line; !st && (line = next_line (&cursor, &line_no));)
    {
      if (!*line)
        continue;
      int n = split_cells (line, cells, n_cols);
      if (n != n_cols)
        {
          st = at_error_set (err, AT_ERR_PARSE, "%s:%d: %d cells, the header has %d", path, line_no,
                             n > n_cols ? n_cols + 1 : n, n_cols);
          break;
        }
      RowCtx ctx = { path, line_no, cells, col };
      st = parse_row (&ctx, vocab, out, out->n, err);
      if (!st)
        out->n++;
    }
  free (cells);
  free (text);
  if (!st && out->n == 0)
    st = at_error_set (err, AT_ERR_PARSE, "%s: no data rows", path);
  if (st)
    at_rtr_table_clear (out);
  return st;
}
