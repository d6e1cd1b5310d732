/* Project files in the studio: Open (Ctrl+O), Save (Ctrl+S) and Save As
 * (Ctrl+Shift+S) as window actions, the file name and an unsaved-changes dot
 * in the title, and autosave. The project (src/engine/project) is the body's
 * measured keys plus the garment as edited.
 *
 * Autosave writes the project a few seconds after each change to
 * <user data>/atelier/autosave.atelier, atomically, whenever it differs from
 * what was last opened or saved; saving removes it. So after a crash, or a
 * window closed without saving, the next start offers in a banner to restore
 * that work or discard it. */
#pragma once
#include <gtk/gtk.h>

#include "at-window.h"

G_BEGIN_DECLS

typedef struct _AtProjectFiles AtProjectFiles;

/* Adds the actions to the window and offers recovered work if there is any. */
AtProjectFiles *at_project_files_new (AtWindow *window);
/* Writes any pending autosave, then frees; call while the panels still exist. */
void at_project_files_free (AtProjectFiles *self);

/* Without dialogs, for tests and the command line: save to or open a path.
 * FALSE with the reason in the window's banner. */
gboolean at_project_files_save_to (AtProjectFiles *self, const char *path);
gboolean at_project_files_open (AtProjectFiles *self, const char *path);
/* Writes the autosave now if the project has unsaved changes. */
void at_project_files_autosave_now (AtProjectFiles *self);
/* Whether the project differs from what was last opened or saved. */
gboolean at_project_files_is_modified (AtProjectFiles *self);

G_END_DECLS
