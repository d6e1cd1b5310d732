/* The project file. It nests the existing formats rather than inventing new
 * ones: the body is a measurement file's object holding only the keys that
 * were measured (the rest is estimated again on load, so a project keeps
 * meaning what the tailor typed), and the pattern is an atelier-pattern
 * object, so hand edits survive exactly. The garment is stored by library
 * id plus design parameters by name: the chart, drafting routine and
 * grading come from the installed library, never from the file. */
#include "at_json.h"
#include "project/at_project.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "at_file.h"
#include "cloth/at_fabric.h"

#define PROJECT_MAX_BYTES (16u << 20)

AtProject *
at_project_new (void)
{
  return calloc (1, sizeof (AtProject));
}

void
at_project_free (AtProject *project)
{
  if (!project)
    return;
  free (project->pattern);
  free (project);
}

/* Parses text written by one of our own serialisers into a jansson value. */
static json_t *
embed (char *text)
{
  json_t *value = text ? json_loads (text, 0, NULL) : NULL;
  free (text);
  return value;
}

char *
at_project_to_json (const AtProject *project)
{
  AtMeasurements measured = project->body;
  for (int k = 0; k < AT_M_COUNT; k++)
    if (!measured.given[k])
      measured.value[k] = 0.0;
  json_t *body = embed (at_measurements_to_json (&measured, false));
  if (!body)
    return NULL;
  json_t *root = json_pack ("{sssiso}", "format", "atelier-project", "version", AT_PROJECT_FORMAT_VERSION, "body", body);
  if (project->has_garment && project->pattern)
    {
      json_t *params = json_object ();
      for (int i = 0; i < at_garment_param_count (&project->garment); i++)
        json_object_set_new (params, at_garment_param_info (&project->garment, i)->name,
                             json_real (project->garment.params[i]));
      json_t *pattern = embed (at_pattern_to_json (project->pattern));
      /* json_pack takes the "o" references even when it fails. */
      json_t *garment = json_pack ("{sssosossso}", "id", project->garment.id, "params", params, "size",
                                   project->size[0] ? json_string (project->size) : json_null (), "fabric",
                                   project->fabric, "pattern", pattern);
      if (!garment)
        {
          json_decref (root);
          return NULL;
        }
      json_object_set_new (root, "garment", garment);
    }
  char *text = json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10));
  json_decref (root);
  return text;
}

static AtStatus
read_body (json_t *body, AtProject *project, AtError *err)
{
  if (!json_is_object (body))
    return at_error_set (err, AT_ERR_PARSE, "project: \"body\" must be an object of measurements");
  char *text = json_dumps (body, JSON_COMPACT);
  AtError local = { 0 };
  AtStatus st = text ? at_measurements_parse (text, &project->body, &local) : AT_ERR_NOMEM;
  free (text);
  if (st != AT_OK)
    return at_error_set (err, st, "project: body: %s", local.message);
  return AT_OK;
}

static AtStatus
read_params (json_t *params, AtGarmentDef *def, AtError *err)
{
  if (!params)
    return AT_OK;
  if (!json_is_object (params))
    return at_error_set (err, AT_ERR_PARSE, "project: garment.params must be an object");
  const char *name;
  json_t *value;
  json_object_foreach (params, name, value)
    {
      if (!json_is_number (value))
        return at_error_set (err, AT_ERR_PARSE, "project: garment.params.%s must be a number", name);
      AtError local = { 0 };
      AtStatus st = at_garment_set_param (def, name, json_number_value (value), &local);
      if (st != AT_OK)
        return at_error_set (err, st, "project: garment.params.%s: %s", name, local.message);
    }
  return AT_OK;
}

static AtStatus
read_garment (json_t *garment, AtProject *project, AtError *err)
{
  if (!json_is_object (garment))
    return at_error_set (err, AT_ERR_PARSE, "project: \"garment\" must be an object");
  const char *id = json_string_value (json_object_get (garment, "id"));
  if (!id)
    return at_error_set (err, AT_ERR_PARSE, "project: garment.id must be a library garment's id");
  AtError local = { 0 };
  AtStatus st = at_garment_load (id, &project->garment, &local);
  if (st != AT_OK)
    return at_error_set (err, st, "project: garment.id \"%s\": %s", id, local.message);
  st = read_params (json_object_get (garment, "params"), &project->garment, err);
  if (st != AT_OK)
    return st;

  json_t *size = json_object_get (garment, "size");
  if (size && !json_is_null (size))
    {
      const char *name = json_string_value (size);
      if (!name || at_garment_size_index (&project->garment, name) < 0)
        return at_error_set (err, AT_ERR_INVALID, "project: garment.size: %s has no size \"%s\"",
                             project->garment.name, name ? name : "(not a string)");
      snprintf (project->size, sizeof project->size, "%s", name);
    }

  const char *fabric = json_string_value (json_object_get (garment, "fabric"));
  if (!fabric)
    return at_error_set (err, AT_ERR_PARSE, "project: garment.fabric must be a fabric preset's id");
  AtFabric preset;
  if (at_fabric_load (fabric, &preset, &local) != AT_OK)
    return at_error_set (err, AT_ERR_NOT_FOUND, "project: garment.fabric \"%s\": %s", fabric, local.message);
  snprintf (project->fabric, sizeof project->fabric, "%s", fabric);

  json_t *pattern = json_object_get (garment, "pattern");
  if (!json_is_object (pattern))
    return at_error_set (err, AT_ERR_PARSE, "project: garment.pattern must be an atelier-pattern object");
  char *text = json_dumps (pattern, JSON_COMPACT);
  project->pattern = calloc (1, sizeof (AtPattern));
  st = text && project->pattern ? at_pattern_from_json (text, project->pattern, &local) : AT_ERR_NOMEM;
  free (text);
  if (st != AT_OK)
    return at_error_set (err, st, "project: garment.pattern: %s", local.message);
  project->has_garment = true;
  return AT_OK;
}

static bool
is_project_format (const char *format)
{
  return format && strcmp (format, "atelier-project") == 0;
}

AtStatus
at_project_from_json (const char *text, AtProject **out, AtError *err)
{
  *out = NULL;
  json_t *root;
  if (at_json_parse (text, "project", &root, err) != AT_OK)
    return AT_ERR_PARSE;
  AtStatus st = AT_OK;
  AtProject *project = at_project_new ();
  json_t *version = json_object_get (root, "version");
  if (!project)
    st = at_error_set (err, AT_ERR_NOMEM, "project: out of memory");
  else if (!json_is_object (root) || !is_project_format (json_string_value (json_object_get (root, "format"))))
    st = at_error_set (err, AT_ERR_PARSE, "project: not an Atelier project (\"format\" is not \"atelier-project\")");
  else if (!json_is_integer (version) || json_integer_value (version) < 1)
    st = at_error_set (err, AT_ERR_PARSE, "project: \"version\" must be a positive integer");
  else if (json_integer_value (version) > AT_PROJECT_FORMAT_VERSION)
    st = at_error_set (err, AT_ERR_VERSION, "project: written by a newer Atelier (format version %lld; this one reads %d)",
                       (long long) json_integer_value (version), AT_PROJECT_FORMAT_VERSION);
  else
    {
      st = read_body (json_object_get (root, "body"), project, err);
      json_t *garment = json_object_get (root, "garment");
      if (st == AT_OK && garment && !json_is_null (garment))
        st = read_garment (garment, project, err);
    }
  json_decref (root);
  if (st != AT_OK)
    {
      at_project_free (project);
      return st;
    }
  *out = project;
  return AT_OK;
}

AtStatus
at_project_save (const AtProject *project, const char *path, AtError *err)
{
  char *text = at_project_to_json (project);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: cannot serialise the project", path);
  AtStatus st = at_file_write_atomic (path, text, strlen (text), err);
  free (text);
  return st;
}

AtStatus
at_project_load (const char *path, AtProject **out, AtError *err)
{
  *out = NULL;
  char *text = NULL;
  size_t len;
  AtStatus st = at_file_read_all (path, PROJECT_MAX_BYTES, &text, &len, err);
  if (st != AT_OK)
    return st;
  if (strlen (text) != len)
    st = at_error_set (err, AT_ERR_PARSE, "%s: not a text file", path);
  else
    {
      AtError local = { 0 };
      st = at_project_from_json (text, out, &local);
      if (st != AT_OK)
        at_error_set (err, st, "%s: %s", path, local.message + (strncmp (local.message, "project: ", 9) == 0 ? 9 : 0));
    }
  free (text);
  return st;
}
