/* GSettings for Atelier, usable from the build folder: the installed
 * schema when there is one, else the schema compiled in the build tree,
 * else NULL (with a message): callers then run on defaults. */
#pragma once
#include <gio/gio.h>

GSettings *at_settings_new (void);
