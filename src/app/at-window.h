/* The studio window: header bar with the Design/Fitting switch, library
 * (or customers) on the left, the 3D view over the 2D pane in the centre,
 * the inspector on the right and a status bar with progress and cancel.
 * Panels add themselves through the functions below, so the window stays
 * a frame and each feature lives in its own files. */
#pragma once
#include <gtk/gtk.h>
#include "at-application.h"
#include "at-undo.h"
#include "at-view3d.h"

G_BEGIN_DECLS

#define AT_TYPE_WINDOW (at_window_get_type ())
G_DECLARE_FINAL_TYPE (AtWindow, at_window, AT, WINDOW, GtkApplicationWindow)

AtWindow *at_window_new (AtApplication *app);
AtView3d *at_window_get_view3d (AtWindow *self);
void at_window_add_inspector_page (AtWindow *self, GtkWidget *page, const char *name, const char *title);
/* The left column's box for the given mode ("design" or "fitting"). */
GtkBox *at_window_get_sidebar (AtWindow *self, const char *mode);
void at_window_set_subtitle (AtWindow *self, const char *subtitle);
void at_window_set_status (AtWindow *self, const char *text);
/* The title shows the open project's file name (NULL: none) and a dot while
 * it has unsaved changes. */
void at_window_set_document (AtWindow *self, const char *name, gboolean modified);
/* A message across the top of the window (an error, or news such as
 * recovered work) with an optional button bound to an action. */
void at_window_show_banner (AtWindow *self, const char *message, gboolean error, const char *button_label,
                            const char *action);
void at_window_hide_banner (AtWindow *self);
/* The banner's text while it is shown, else NULL (for tests). */
const char *at_window_get_banner (AtWindow *self);

/* Long work: shows progress and a cancel button; the returned cancellable
 * is triggered by win.cancel (Esc). Call end when the task finishes. */
GCancellable *at_window_begin_task (AtWindow *self, const char *description);
void at_window_task_progress (AtWindow *self, double fraction);
void at_window_end_task (AtWindow *self, const char *status);
/* True while no task runs and the view has drawn (screenshots wait for it). */
gboolean at_window_is_settled (AtWindow *self);

/* Records an edit in the window's undo history (see at-undo.h). */
void at_window_push_undo (AtWindow *self, const char *label, gpointer owner, AtUndoApply apply,
                          gconstpointer before, gconstpointer after, gsize size);

typedef struct _AtBodyPanel AtBodyPanel;
AtBodyPanel *at_window_get_body_panel (AtWindow *self);
typedef struct _AtGarmentPanel AtGarmentPanel;
AtGarmentPanel *at_window_get_garment_panel (AtWindow *self);
/* Loads a library garment and brings its inspector page forward. */
gboolean at_window_show_garment (AtWindow *self, const char *id);

typedef struct _AtSketchEditor AtSketchEditor;
AtSketchEditor *at_window_get_sketch_editor (AtWindow *self);
/* Brings the 2D pane's "pattern" or "sketch" page forward. */
void at_window_show_pane (AtWindow *self, const char *name);

typedef struct _AtFitPanel AtFitPanel;
AtFitPanel *at_window_get_fit_panel (AtWindow *self);

typedef struct _AtDrapeView AtDrapeView;
AtDrapeView *at_window_get_drape_view (AtWindow *self);

typedef struct _AtPatternView AtPatternView;
AtPatternView *at_window_get_pattern_view (AtWindow *self);

typedef struct _AtProjectFiles AtProjectFiles;
AtProjectFiles *at_window_get_project_files (AtWindow *self);

G_END_DECLS
