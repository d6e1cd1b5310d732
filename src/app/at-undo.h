/* Undo history of one window: each entry holds the state before and after
 * an edit and the function that restores a state, so any editor (body
 * measurements, pattern points, sketch outline) plugs in its own kind of
 * state without the history knowing it. */
#pragma once
#include <glib.h>

typedef struct AtUndo AtUndo;
typedef void (*AtUndoApply) (gpointer owner, gconstpointer state);

AtUndo *at_undo_new (void);
void at_undo_free (AtUndo *undo);
/* Records an edit; before and after are copied (size bytes each). Clears redo. */
void at_undo_push (AtUndo *undo, const char *label, gpointer owner, AtUndoApply apply, gconstpointer before,
                   gconstpointer after, gsize size);
gboolean at_undo_can_undo (AtUndo *undo);
gboolean at_undo_can_redo (AtUndo *undo);
void at_undo_undo (AtUndo *undo);
void at_undo_redo (AtUndo *undo);
/* Drops every entry of an owner that goes away. */
void at_undo_forget_owner (AtUndo *undo, gpointer owner);
