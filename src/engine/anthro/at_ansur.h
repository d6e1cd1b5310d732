/* Reader for the ANSUR II public CSV files (../shared/data/ansur2). Each
 * subject gives its SubjectId, sex, age and the CONTRACT measurement set
 * (mm -> cm, weightkg in 0.1 kg -> kg); any other column stays reachable by
 * name. Used by the fitting tools, the benchmarks and the tests, never by
 * the shipped program at run time (that reads only data/). */
#pragma once
#include <stddef.h>
#include "at_measurements.h"
#include "at_status.h"

typedef struct {
  int subject_id;
  AtSex sex;
  double age;
  AtMeasurements m; /* every key present and flagged given */
} AtAnsurSubject;

typedef struct AtAnsurTable AtAnsurTable;

/* Reads one ANSUR II CSV (CRLF or LF, Latin-1 converted to UTF-8, first
 * column `subjectid` or `SubjectId`, empty Ethnicity cells allowed). A row
 * with a wrong cell count or a non-numeric measurement is an error naming
 * the file, line and column. */
AtStatus at_ansur_load (const char *csv_path, AtAnsurTable **out, AtError *err);
/* Reads both files of an ansur2 folder (male then female) into one table. */
AtStatus at_ansur_load_dir (const char *ansur_dir, AtAnsurTable **out, AtError *err);
void at_ansur_free (AtAnsurTable *table);

size_t at_ansur_count (const AtAnsurTable *table);
const AtAnsurSubject *at_ansur_subject (const AtAnsurTable *table, size_t row);

/* The table from DATA/ansur2 when data_dir is given (an error when it
 * cannot be read), else from the shared data folder's ansur2 when there is
 * one; without either *out stays NULL and the call succeeds (benchmarks
 * then use reference bodies). */
AtStatus at_ansur_load_shared (const char *data_dir, AtAnsurTable **out, AtError *err);

/* Rows of up to want subjects of one sex at evenly spaced ranks of key
 * (the middle of each of want equal shares of them: a spread of bodies for
 * benchmarks). Returns how many, or -1 out of memory. */
int at_ansur_spaced_rows (const AtAnsurTable *table, AtSex sex, AtMeasureKey key, int want, size_t *rows_out);

/* Raw column access. Column names are as in the header, except the first,
 * which is always reported as "subjectid". Returns -1 for an unknown name. */
int at_ansur_column (const AtAnsurTable *table, const char *name);
size_t at_ansur_column_count (const AtAnsurTable *table);
const char *at_ansur_column_name (const AtAnsurTable *table, int column);
/* The cell as UTF-8 text ("" for an empty cell); NULL if out of range. */
const char *at_ansur_cell (const AtAnsurTable *table, size_t row, int column);
/* The cell as a number in the file's own unit (mm, 0.1 kg, ...); false when
 * empty or not a number. */
bool at_ansur_number (const AtAnsurTable *table, size_t row, int column, double *out);

/* The shared data folder: $ATELIER_SHARED_DATA, else ../shared/data beside
 * the source tree. Writes "<that>/<relative>" into buf and returns
 * AT_ERR_NOT_FOUND (with a message naming the folder) when it does not
 * exist. */
AtStatus at_shared_data_path (const char *relative, char *buf, size_t size, AtError *err);
