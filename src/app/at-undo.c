#include "at-undo.h"

#define MAX_ENTRIES 200

typedef struct {
  char *label;
  gpointer owner;
  AtUndoApply apply;
  gpointer before, after;
} Entry;

struct AtUndo {
  GQueue done;   /* most recent at the tail */
  GQueue undone; /* most recently undone at the tail */
};

static void
entry_free (gpointer data)
{
  Entry *e = data;
  g_free (e->label);
  g_free (e->before);
  g_free (e->after);
  g_free (e);
}

AtUndo *
at_undo_new (void)
{
  return g_new0 (AtUndo, 1);
}

void
at_undo_free (AtUndo *undo)
{
  if (!undo)
    return;
  g_queue_clear_full (&undo->done, entry_free);
  g_queue_clear_full (&undo->undone, entry_free);
  g_free (undo);
}

void
at_undo_push (AtUndo *undo, const char *label, gpointer owner, AtUndoApply apply, gconstpointer before,
              gconstpointer after, gsize size)
{
  Entry *e = g_new0 (Entry, 1);
  e->label = g_strdup (label);
  e->owner = owner;
  e->apply = apply;
  e->before = g_memdup2 (before, size);
  e->after = g_memdup2 (after, size);
  g_queue_push_tail (&undo->done, e);
  if (g_queue_get_length (&undo->done) > MAX_ENTRIES)
    entry_free (g_queue_pop_head (&undo->done));
  g_queue_clear_full (&undo->undone, entry_free);
}

gboolean
at_undo_can_undo (AtUndo *undo)
{
  return !g_queue_is_empty (&undo->done);
}

gboolean
at_undo_can_redo (AtUndo *undo)
{
  return !g_queue_is_empty (&undo->undone);
}

void
at_undo_undo (AtUndo *undo)
{
  Entry *e = g_queue_pop_tail (&undo->done);
  if (!e)
    return;
  g_queue_push_tail (&undo->undone, e);
  e->apply (e->owner, e->before);
}

void
at_undo_redo (AtUndo *undo)
{
  Entry *e = g_queue_pop_tail (&undo->undone);
  if (!e)
    return;
  g_queue_push_tail (&undo->done, e);
  e->apply (e->owner, e->after);
}

static void
forget_in (GQueue *queue, gpointer owner)
{
  for (GList *l = queue->head; l;)
    {
      GList *next = l->next;
      if (((Entry *) l->data)->owner == owner)
        {
          entry_free (l->data);
          g_queue_delete_link (queue, l);
        }
      l = next;
    }
}

void
at_undo_forget_owner (AtUndo *undo, gpointer owner)
{
  forget_in (&undo->done, owner);
  forget_in (&undo->undone, owner);
}
