/* The project file: what the studio saves comes back exactly (measured keys,
 * design parameters, size, fabric, hand-edited pattern), and every kind of
 * bad file is refused with the offending key named. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "project/at_project.h"

static AtProject *
tshirt_project (void)
{
  AtProject *project = at_project_new ();
  at_measurements_init (&project->body, AT_SEX_FEMALE);
  project->body.value[AT_M_STATURE] = 165, project->body.given[AT_M_STATURE] = true;
  project->body.value[AT_M_CHEST_GIRTH] = 92.5, project->body.given[AT_M_CHEST_GIRTH] = true;
  /* An estimated key: it must not be written as if it had been measured. */
  project->body.value[AT_M_WAIST_GIRTH] = 77;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("tshirt", &project->garment, &err), ==, AT_OK);
  g_assert_cmpint (at_garment_set_param (&project->garment, "length_below_waist", 20, &err), ==, AT_OK);
  g_strlcpy (project->size, "M", sizeof project->size);
  g_strlcpy (project->fabric, "cotton-jersey", sizeof project->fabric);
  project->pattern = g_new0 (AtPattern, 1);
  g_assert_cmpint (at_garment_draft_size (&project->garment, "M", project->pattern, &err), ==, AT_OK);
  /* A hand edit that no redraft would produce. */
  project->pattern->panels[0].segments[0].p0.x += 1.25;
  project->has_garment = true;
  return project;
}

static void
test_round_trip (void)
{
  AtProject *project = tshirt_project ();
  g_autofree char *dir = g_dir_make_tmp ("atelier-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "client.atelier", NULL);
  AtError err = { 0 };
  g_assert_cmpint (at_project_save (project, path, &err), ==, AT_OK);
  AtProject *back = NULL;
  g_assert_cmpint (at_project_load (path, &back, &err), ==, AT_OK);
  g_assert_nonnull (back);
  g_assert_true (back->has_garment);
  g_assert_cmpstr (back->garment.id, ==, "tshirt");
  g_assert_cmpstr (back->size, ==, "M");
  g_assert_cmpstr (back->fabric, ==, "cotton-jersey");
  double length;
  g_assert_cmpint (at_garment_get_param (&back->garment, "length_below_waist", &length, &err), ==, AT_OK);
  g_assert_cmpfloat_with_epsilon (length, 20, 1e-9);
  g_assert_true (back->body.given[AT_M_STATURE] && back->body.given[AT_M_CHEST_GIRTH]);
  g_assert_cmpfloat_with_epsilon (back->body.value[AT_M_CHEST_GIRTH], 92.5, 1e-9);
  g_assert_false (back->body.given[AT_M_WAIST_GIRTH]);
  g_autofree char *a = at_pattern_to_json (project->pattern);
  g_autofree char *b = at_pattern_to_json (back->pattern);
  g_assert_cmpstr (a, ==, b);
  at_project_free (back);

  /* Made to measure and a body without a garment. */
  project->size[0] = '\0';
  g_assert_cmpint (at_project_save (project, path, &err), ==, AT_OK);
  g_assert_cmpint (at_project_load (path, &back, &err), ==, AT_OK);
  g_assert_cmpstr (back->size, ==, "");
  at_project_free (back);
  project->has_garment = false;
  g_assert_cmpint (at_project_save (project, path, &err), ==, AT_OK);
  g_assert_cmpint (at_project_load (path, &back, &err), ==, AT_OK);
  g_assert_false (back->has_garment);
  g_assert_null (back->pattern);
  at_project_free (back);
  g_unlink (path);
  g_rmdir (dir);
  at_project_free (project);
}

/* Replaces the first occurrence of what in the project's text. */
static char *
edited (const char *text, const char *what, const char *with)
{
  const char *at = strstr (text, what);
  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, with, at + strlen (what));
}

static void
expect_refused (const char *text, AtStatus status, const char *names)
{
  AtProject *project = (AtProject *) 0x1;
  AtError err = { 0 };
  g_assert_cmpint (at_project_from_json (text, &project, &err), ==, status);
  g_assert_null (project);
  if (!strstr (err.message, names))
    g_error ("message \"%s\" does not name %s", err.message, names);
}

static void
test_refused (void)
{
  AtProject *project = tshirt_project ();
  g_autofree char *text = at_project_to_json (project);
  at_project_free (project);

  expect_refused ("{ \"format\": ", AT_ERR_PARSE, "line");
  expect_refused ("[1, 2]", AT_ERR_PARSE, "atelier-project");
  g_autofree char *newer = edited (text, "\"version\": 1", "\"version\": 99");
  expect_refused (newer, AT_ERR_VERSION, "newer");
  g_autofree char *garment = edited (text, "\"id\": \"tshirt\"", "\"id\": \"ballgown\"");
  expect_refused (garment, AT_ERR_NOT_FOUND, "ballgown");
  g_autofree char *size = edited (text, "\"size\": \"M\"", "\"size\": \"XXXXL\"");
  expect_refused (size, AT_ERR_INVALID, "XXXXL");
  g_autofree char *fabric = edited (text, "\"fabric\": \"cotton-jersey\",\n", "\"fabric\": \"unobtainium\",\n");
  expect_refused (fabric, AT_ERR_NOT_FOUND, "unobtainium");
  g_autofree char *param = edited (text, "\"length_below_waist\": 20", "\"length_below_waist\": 9000");
  expect_refused (param, AT_ERR_RANGE, "garment.params.length_below_waist");
  g_autofree char *body = edited (text, "\"stature\": 165", "\"stature\": 400");
  expect_refused (body, AT_ERR_RANGE, "stature");
  g_autofree char *pattern = edited (text, "\"format\": \"atelier-pattern\"", "\"format\": \"svg\"");
  expect_refused (pattern, AT_ERR_PARSE, "garment.pattern");
}

static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "binary.atelier", NULL);
  g_assert_true (g_file_set_contents (path, "{\0\"x\"}", 6, NULL));
  AtProject *project = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_project_load (path, &project, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, path));
  g_unlink (path);
  g_assert_cmpint (at_project_load (path, &project, &err), !=, AT_OK);
  g_assert_null (project);

  /* A save that cannot be written says where (atomicity of the write
   * itself is tested with at_file_write_atomic in tests/core). */
  g_autofree char *nowhere = g_build_filename (dir, "no-such-folder", "saved.atelier", NULL);
  project = tshirt_project ();
  g_assert_cmpint (at_project_save (project, nowhere, &err), ==, AT_ERR_IO);
  g_assert_nonnull (strstr (err.message, "no-such-folder"));
  at_project_free (project);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project/round-trip", test_round_trip);
  g_test_add_func ("/project/refused", test_refused);
  g_test_add_func ("/project/files", test_files);
  return g_test_run ();
}
