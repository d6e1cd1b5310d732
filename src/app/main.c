#include "at-application.h"
#include "at-config.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_file_test (AT_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR) ? AT_BUILD_LOCALEDIR : AT_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_autoptr (AtApplication) app = at_application_new ();
  int status = g_application_run (G_APPLICATION (app), argc, argv);
  return status ? status : at_application_get_exit_status (app);
}
