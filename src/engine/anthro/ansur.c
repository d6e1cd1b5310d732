/* ANSUR II CSV reader. The published files are plain comma-separated text
 * without quoting, CRLF line ends and Latin-1 bytes; the text is converted
 * to UTF-8 once, then split in place so every cell is a NUL-terminated
 * string inside one buffer per file (no per-cell allocation). */
#include "at_ansur.h"
#include "at_file.h"
#include "at-config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The public files are 0.8 and 1.6 MB; the cap only stops a wrong path
 * (a disk image, say) from being read whole. */
#define AT_ANSUR_MAX_BYTES (64u * 1024u * 1024u)

struct AtAnsurTable {
  char **columns;       /* n_columns names, pointing into buffers */
  size_t n_columns;
  int key_column[AT_M_COUNT]; /* the column of each contract key */
  int gender_column;
  const char **cells;   /* n * n_columns cells, pointing into buffers */
  AtAnsurSubject *subjects;
  size_t n, cap;
  char **buffers;       /* one UTF-8 text per file read */
  size_t n_buffers;
};

static char *
latin1_to_utf8 (const char *in, size_t len)
{
  char *out = malloc (2 * len + 1);
  if (!out)
    return NULL;
  size_t j = 0;
  for (size_t i = 0; i < len; i++)
    {
      unsigned char c = (unsigned char) in[i];
      if (c < 0x80)
        out[j++] = (char) c;
      else
        {
          out[j++] = (char) (0xC0 | (c >> 6));
          out[j++] = (char) (0x80 | (c & 0x3F));
        }
    }
  out[j] = '\0';
  return out;
}

/* Cuts the next line out of *cursor (CRLF or LF), NULL at the end. */
static char *
next_line (char **cursor)
{
  char *line = *cursor;
  if (!*line)
    return NULL;
  char *nl = strchr (line, '\n');
  if (nl)
    {
      *nl = '\0';
      *cursor = nl + 1;
    }
  else
    *cursor = line + strlen (line);
  size_t len = strlen (line);
  if (len && line[len - 1] == '\r')
    line[len - 1] = '\0';
  return line;
}

/* Splits a line on commas in place; returns the number of cells found (which
 * may exceed max, in which case only max are stored). */
static size_t
split_cells (char *line, const char **cells, size_t max)
{
  size_t n = 0;
  for (char *p = line;;)
    {
      char *comma = strchr (p, ',');
      if (n < max)
        cells[n] = p;
      n++;
      if (!comma)
        break;
      *comma = '\0';
      p = comma + 1;
    }
  return n;
}

static bool
parse_integer_cell (const char *text, double *out)
{
  if (!*text)
    return false;
  char *end;
  errno = 0;
  long v = strtol (text, &end, 10);
  if (errno || *end)
    return false;
  *out = (double) v;
  return true;
}

static AtStatus
set_header (AtAnsurTable *t, char *line, const char *path, AtError *err)
{
  size_t n = 1;
  for (const char *p = line; (p = strchr (p, ',')); p++)
    n++;
  const char **names = calloc (n, sizeof *names);
  if (!names)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  split_cells (line, names, n);
  if (t->columns)
    {
      /* A second file must have the same columns in the same order; only the
       * first column's spelling differs between the published files. */
      bool same = n == t->n_columns;
      for (size_t c = 1; same && c < n; c++)
        same = strcmp (names[c], t->columns[c]) == 0;
      free (names);
      if (!same)
        return at_error_set (err, AT_ERR_PARSE, "%s: header does not match the columns of the first file", path);
      return AT_OK;
    }
  if (n < 2 || (strcmp (names[0], "subjectid") != 0 && strcmp (names[0], "SubjectId") != 0))
    {
      free (names);
      return at_error_set (err, AT_ERR_PARSE, "%s: line 1: first column must be subjectid or SubjectId", path);
    }
  names[0] = "subjectid";
  t->columns = (char **) names;
  t->n_columns = n;
  t->gender_column = at_ansur_column (t, "Gender");
  if (t->gender_column < 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: no Gender column", path);
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      const char *column = at_measure_info ((AtMeasureKey) k)->ansur_column;
      t->key_column[k] = at_ansur_column (t, column);
      if (t->key_column[k] < 0)
        return at_error_set (err, AT_ERR_PARSE, "%s: no %s column", path, column);
    }
  return AT_OK;
}

static AtStatus
grow (AtAnsurTable *t, const char *path, AtError *err)
{
  if (t->n < t->cap)
    return AT_OK;
  size_t cap = t->cap ? 2 * t->cap : 1024;
  AtAnsurSubject *s = realloc (t->subjects, cap * sizeof *s);
  if (!s)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  t->subjects = s;
  const char **cells = realloc (t->cells, cap * t->n_columns * sizeof *cells);
  if (!cells)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  t->cells = cells;
  t->cap = cap;
  return AT_OK;
}

/* Fills the subject of row t->n from its cells (already stored). */
static AtStatus
read_subject (AtAnsurTable *t, const char *path, size_t line_no, AtError *err)
{
  const char **cells = t->cells + t->n * t->n_columns;
  AtAnsurSubject *s = &t->subjects[t->n];
  double v;
  if (!parse_integer_cell (cells[0], &v) || v < 0 || v > 1e9)
    return at_error_set (err, AT_ERR_PARSE, "%s: line %zu: subjectid '%s' is not a number", path, line_no, cells[0]);
  s->subject_id = (int) v;
  int gender = t->gender_column;
  if (strcmp (cells[gender], "Male") == 0)
    s->sex = AT_SEX_MALE;
  else if (strcmp (cells[gender], "Female") == 0)
    s->sex = AT_SEX_FEMALE;
  else
    return at_error_set (err, AT_ERR_PARSE, "%s: line %zu: Gender '%s' is neither Male nor Female", path, line_no,
                         cells[gender]);
  at_measurements_init (&s->m, s->sex);
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) k);
      int c = t->key_column[k];
      if (!parse_integer_cell (cells[c], &v))
        return at_error_set (err, AT_ERR_PARSE, "%s: line %zu: %s '%s' is not a number", path, line_no,
                             info->ansur_column, cells[c]);
      /* ANSUR stores lengths in mm and weight in 0.1 kg: both are tenths of
       * the contract's unit; age is already in years. */
      s->m.value[k] = info->kind == AT_KIND_AGE ? v : v / 10.0;
      s->m.given[k] = true;
    }
  s->age = s->m.value[AT_M_AGE];
  return AT_OK;
}

static AtStatus
read_file_into (AtAnsurTable *t, const char *path, AtError *err)
{
  char *raw;
  size_t len;
  AtStatus st = at_file_read_all (path, AT_ANSUR_MAX_BYTES, &raw, &len, err);
  if (st != AT_OK)
    return st;
  char *text = latin1_to_utf8 (raw, len);
  free (raw);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  char **buffers = realloc (t->buffers, (t->n_buffers + 1) * sizeof *buffers);
  if (!buffers)
    {
      free (text);
      return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
    }
  t->buffers = buffers;
  t->buffers[t->n_buffers++] = text;
  if (strchr (text, '"'))
    return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: quoted cells are not part of the ANSUR II format", path);

  char *cursor = text;
  char *line = next_line (&cursor);
  if (!line)
    return at_error_set (err, AT_ERR_PARSE, "%s: empty file", path);
  if ((st = set_header (t, line, path, err)) != AT_OK)
    return st;
  size_t line_no = 1;
  while ((line = next_line (&cursor)))
    {
      line_no++;
      if (!*line)
        continue; /* a trailing blank line */
      if ((st = grow (t, path, err)) != AT_OK)
        return st;
      size_t n = split_cells (line, t->cells + t->n * t->n_columns, t->n_columns);
      if (n != t->n_columns)
        return at_error_set (err, AT_ERR_PARSE, "%s: line %zu: %zu cells, the header has %zu", path, line_no, n,
                             t->n_columns);
      if ((st = read_subject (t, path, line_no, err)) != AT_OK)
        return st;
      t->n++;
    }
  if (t->n == 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: no subjects", path);
  return AT_OK;
}

static AtStatus
load_files (const char *const *paths, size_t n_paths, AtAnsurTable **out, AtError *err)
{
  *out = NULL;
  AtAnsurTable *t = calloc (1, sizeof *t);
  if (!t)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < n_paths; i++)
    {
      AtStatus st = read_file_into (t, paths[i], err);
      if (st != AT_OK)
        {
          at_ansur_free (t);
          return st;
        }
    }
  *out = t;
  return AT_OK;
}

AtStatus
at_ansur_load (const char *csv_path, AtAnsurTable **out, AtError *err)
{
  return load_files (&csv_path, 1, out, err);
}

AtStatus
at_ansur_load_dir (const char *ansur_dir, AtAnsurTable **out, AtError *err)
{
  char male[4096], female[4096];
  snprintf (male, sizeof male, "%s/ANSUR_II_MALE_Public.csv", ansur_dir);
  snprintf (female, sizeof female, "%s/ANSUR_II_FEMALE_Public.csv", ansur_dir);
  const char *paths[] = { male, female };
  return load_files (paths, 2, out, err);
}

void
at_ansur_free (AtAnsurTable *t)
{
  if (!t)
    return;
  for (size_t i = 0; i < t->n_buffers; i++)
    free (t->buffers[i]);
  free (t->buffers);
  free (t->columns);
  free (t->cells);
  free (t->subjects);
  free (t);
}

size_t
at_ansur_count (const AtAnsurTable *t)
{
  return t->n;
}

const AtAnsurSubject *
at_ansur_subject (const AtAnsurTable *t, size_t row)
{
  return row < t->n ? &t->subjects[row] : NULL;
}

typedef struct {
  double value;
  size_t row;
} RankedRow;

static int
compare_ranked (const void *a, const void *b)
{
  const RankedRow *x = a, *y = b;
  return (x->value > y->value) - (x->value < y->value);
}

int
at_ansur_spaced_rows (const AtAnsurTable *t, AtSex sex, AtMeasureKey key, int want, size_t *rows_out)
{
  RankedRow *ranked = malloc ((t->n ? t->n : 1) * sizeof *ranked);
  if (!ranked)
    return -1;
  size_t n = 0;
  for (size_t r = 0; r < t->n; r++)
    if (t->subjects[r].sex == sex)
      ranked[n++] = (RankedRow) { t->subjects[r].m.value[key], r };
  qsort (ranked, n, sizeof *ranked, compare_ranked);
  int picked = 0;
  for (int i = 0; i < want && n > 0; i++)
    rows_out[picked++] = ranked[(size_t) ((i + 0.5) / want * n)].row;
  free (ranked);
  return picked;
}

int
at_ansur_column (const AtAnsurTable *t, const char *name)
{
  for (size_t c = 0; c < t->n_columns; c++)
    if (strcmp (t->columns[c], name) == 0)
      return (int) c;
  return -1;
}

size_t
at_ansur_column_count (const AtAnsurTable *t)
{
  return t->n_columns;
}

const char *
at_ansur_column_name (const AtAnsurTable *t, int column)
{
  return column >= 0 && (size_t) column < t->n_columns ? t->columns[column] : NULL;
}

const char *
at_ansur_cell (const AtAnsurTable *t, size_t row, int column)
{
  if (row >= t->n || column < 0 || (size_t) column >= t->n_columns)
    return NULL;
  return t->cells[row * t->n_columns + (size_t) column];
}

bool
at_ansur_number (const AtAnsurTable *t, size_t row, int column, double *out)
{
  const char *cell = at_ansur_cell (t, row, column);
  if (!cell || !*cell)
    return false;
  char *end;
  errno = 0;
  double v = strtod (cell, &end);
  if (errno || *end)
    return false;
  *out = v;
  return true;
}

AtStatus
at_shared_data_path (const char *relative, char *buf, size_t size, AtError *err)
{
  const char *env = getenv ("ATELIER_SHARED_DATA");
  if (env && *env)
    snprintf (buf, size, "%s/%s", env, relative);
  else
    snprintf (buf, size, "%s/../../shared/data/%s", AT_SOURCE_DATADIR, relative);
  struct stat sb;
  if (stat (buf, &sb) != 0)
    return at_error_set (err, AT_ERR_NOT_FOUND, "%s: shared data not found (set ATELIER_SHARED_DATA)", buf);
  return AT_OK;
}

AtStatus
at_ansur_load_shared (const char *data_dir, AtAnsurTable **out, AtError *err)
{
  *out = NULL;
  char dir[4096];
  if (data_dir)
    snprintf (dir, sizeof dir, "%s/ansur2", data_dir);
  else if (at_shared_data_path ("ansur2", dir, sizeof dir, NULL) != AT_OK)
    return AT_OK;
  return at_ansur_load_dir (dir, out, err);
}
