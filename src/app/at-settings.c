#include "at-settings.h"
#include "at-config.h"

#define SCHEMA_ID "org.atelier.Atelier"

GSettings *
at_settings_new (void)
{
  GSettingsSchemaSource *system = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = system ? g_settings_schema_source_lookup (system, SCHEMA_ID, TRUE) : NULL;
  if (schema)
    return g_settings_new_full (schema, NULL, NULL);

  g_autoptr (GError) error = NULL;
  g_autoptr (GSettingsSchemaSource) local
    = g_settings_schema_source_new_from_directory (AT_BUILD_DIR "/data", system, FALSE, &error);
  if (local)
    schema = g_settings_schema_source_lookup (local, SCHEMA_ID, FALSE);
  if (!schema)
    {
      g_message ("Atelier's settings schema is not installed; preferences will not be kept");
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}
