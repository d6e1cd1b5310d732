/* ANSUR II reader on the real public files: row counts from the data
 * README, the first-column spelling, Latin-1 conversion, empty Ethnicity
 * cells and the unit conversion of the contract keys. Skips (77) without the
 * shared data. */
#include "anthro/at_ansur.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char ansur_dir[4096];

static void
test_real_files (void)
{
  if (!ansur_dir[0])
    {
      g_test_skip ("no ANSUR II data: set ATELIER_SHARED_DATA to the shared data folder");
      return;
    }
  AtAnsurTable *t = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_ansur_load_dir (ansur_dir, &t, &err), ==, AT_OK);
  g_assert_cmpuint (at_ansur_count (t), ==, 3229 + 1581);
  g_assert_cmpuint (at_ansur_column_count (t), ==, 108);
  g_assert_cmpint (at_ansur_column (t, "subjectid"), ==, 0);
  g_assert_cmpstr (at_ansur_column_name (t, 0), ==, "subjectid");
  g_assert_cmpstr (at_ansur_column_name (t, 107), ==, "WritingPreference");
  g_assert_null (at_ansur_column_name (t, 108));
  g_assert_cmpint (at_ansur_column (t, "SubjectId"), ==, -1);
  g_assert_cmpint (at_ansur_column (t, "no such column"), ==, -1);

  int eth = at_ansur_column (t, "Ethnicity");
  int stature = at_ansur_column (t, "stature");
  g_assert_cmpint (eth, >, 0);
  size_t empty = 0, n_male = 0, metis = 0;
  for (size_t i = 0; i < at_ansur_count (t); i++)
    {
      const AtAnsurSubject *s = at_ansur_subject (t, i);
      /* The withheld fifth must really be absent. */
      g_assert_cmpint (s->subject_id % 5, !=, 2);
      n_male += s->sex == AT_SEX_MALE;
      const char *cell = at_ansur_cell (t, i, eth);
      empty += cell[0] == '\0';
      metis += strstr (cell, "M\xc3\xa9tis") != NULL;
      double mm;
      g_assert_true (at_ansur_number (t, i, stature, &mm));
      g_assert_cmpfloat_with_epsilon (s->m.value[AT_M_STATURE], mm / 10.0, 1e-9);
      for (int k = 0; k < AT_M_COUNT; k++)
        {
          g_assert_true (s->m.given[k]);
          g_assert_cmpint (at_measurement_check ((AtMeasureKey) k, s->m.value[k], NULL), ==, AT_OK);
        }
    }
  g_assert_cmpuint (n_male, ==, 3229);
  /* Counted in the files as shipped (the README counts the full survey). */
  g_assert_cmpuint (empty, ==, 2505 + 1179);
  g_assert_cmpuint (metis, ==, 1);

  /* First male row as published: subject 10033, weightkg 929, Age 42. */
  const AtAnsurSubject *first = at_ansur_subject (t, 0);
  g_assert_cmpint (first->subject_id, ==, 10033);
  g_assert_cmpint (first->sex, ==, AT_SEX_MALE);
  g_assert_cmpfloat_with_epsilon (first->m.value[AT_M_WEIGHT], 92.9, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->age, 42, 1e-9);
  double dummy;
  g_assert_false (at_ansur_number (t, 0, at_ansur_column (t, "Gender"), &dummy));
  g_assert_null (at_ansur_subject (t, at_ansur_count (t)));
  at_ansur_free (t);
}

static char *
write_tmp (const char *name, const char *text)
{
  const char *root = g_getenv ("ATELIER_TEST_TMP");
  char *dir = g_build_filename (root ? root : g_get_tmp_dir (), "anthro", NULL);
  g_mkdir_with_parents (dir, 0755);
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_free (dir);
  return path;
}

static void
test_bad_files (void)
{
  AtAnsurTable *t = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_ansur_load ("/nonexistent/ansur.csv", &t, &err), ==, AT_ERR_IO);
  g_assert_null (t);

  /* A file with every contract column: one good row, then faulty ones, each
   * reported with its line. */
  GString *header = g_string_new ("SubjectId,Gender");
  GString *row = g_string_new ("1,Female");
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      g_string_append_printf (header, ",%s", at_measure_info ((AtMeasureKey) k)->ansur_column);
      g_string_append (row, k == AT_M_AGE ? ",30" : k == AT_M_WEIGHT ? ",600" : ",500");
    }
  char *text = g_strdup_printf ("%s\r\n%s\r\n1,Female,1\r\n", header->str, row->str);
  char *path = write_tmp ("short.csv", text);
  g_assert_cmpint (at_ansur_load (path, &t, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "line 3"));
  g_free (path);
  g_free (text);
  text = g_strdup_printf ("%s\n%s\n%s\n", header->str, row->str, row->str);
  text[strlen (text) - 4] = 'x'; /* the last cell of the last row: "50x" */
  path = write_tmp ("nonnumber.csv", text);
  g_assert_cmpint (at_ansur_load (path, &t, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "line 3"));
  g_assert_nonnull (strstr (err.message, "kneeheightmidpatella"));
  g_free (path);
  g_free (text);
  text = g_strdup_printf ("%s\n%s\n", header->str, row->str);
  path = write_tmp ("good.csv", text);
  g_assert_cmpint (at_ansur_load (path, &t, &err), ==, AT_OK);
  g_assert_cmpuint (at_ansur_count (t), ==, 1);
  g_assert_cmpfloat_with_epsilon (at_ansur_subject (t, 0)->m.value[AT_M_WEIGHT], 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (at_ansur_subject (t, 0)->m.value[AT_M_CHEST_GIRTH], 50.0, 1e-9);
  at_ansur_free (t);
  g_free (path);
  g_free (text);
  g_string_free (header, TRUE);
  g_string_free (row, TRUE);

  /* A file without the contract's columns names the missing one. */
  char *missing = write_tmp ("missing.csv", "subjectid,stature,Gender\n1,1700,Male\n");
  g_assert_cmpint (at_ansur_load (missing, &t, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "column"));
  g_free (missing);

  char *wrong_first = write_tmp ("first.csv", "id,stature\n1,1700\n");
  g_assert_cmpint (at_ansur_load (wrong_first, &t, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "subjectid"));
  g_free (wrong_first);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/anthro/ansur/bad-files", test_bad_files);
  g_test_add_func ("/anthro/ansur/real-files", test_real_files);
  if (at_shared_data_path ("ansur2", ansur_dir, sizeof ansur_dir, NULL) != AT_OK)
    ansur_dir[0] = '\0';
  return g_test_run ();
}
