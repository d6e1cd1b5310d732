#include "at-library-list.h"
#include "pattern/at_garment_library.h"

#include <glib/gi18n.h>

#define THUMB_SIZE 56

struct _AtLibraryList {
  GtkWidget parent_instance;
  GtkListBox *list; /* owned child */
};

G_DEFINE_FINAL_TYPE (AtLibraryList, at_library_list, GTK_TYPE_WIDGET)

static guint activated_signal;

/* The thumbnail is the silhouette of the first panel of the base size. */
static void
draw_thumbnail (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const AtPattern *pattern = data;
  if (pattern->panel_count == 0)
    return;
  AtVec2 lo, hi;
  at_panel_bounds (&pattern->panels[0], &lo, &hi);
  double w = hi.x - lo.x, h = hi.y - lo.y;
  double scale = 0.85 * MIN (width / w, height / h) / 10.0;
  AtVec2 outline[512];
  int n = at_panel_flatten (&pattern->panels[0], 1.0, outline, NULL, G_N_ELEMENTS (outline));
  if (n < 3)
    return;
  cairo_translate (cr, 0.5 * width, 0.5 * height);
  for (int i = 0; i < n; i++)
    cairo_line_to (cr, 10.0 * scale * (outline[i].x - lo.x - 0.5 * w), -10.0 * scale * (outline[i].y - lo.y - 0.5 * h));
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.80, 0.55, 0.45);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.45, 0.25, 0.20);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, AtLibraryList *self)
{
  g_signal_emit (self, activated_signal, 0, g_object_get_data (G_OBJECT (row), "garment"));
}

static GtkWidget *
make_row (const AtGarmentDef *def)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *thumb = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (thumb), THUMB_SIZE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (thumb), THUMB_SIZE);
  AtPattern *pattern = g_new0 (AtPattern, 1);
  if (at_garment_draft_size (def, def->base_size, pattern, NULL) != AT_OK)
    pattern->panel_count = 0;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (thumb), draw_thumbnail, pattern, g_free);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  GtkWidget *name = gtk_label_new (def->name);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  g_autofree char *sizes = g_strdup_printf ("%s · %s–%s", def->category, def->sizes[0].name,
                                            def->sizes[def->size_count - 1].name);
  GtkWidget *detail = gtk_label_new (sizes);
  gtk_label_set_xalign (GTK_LABEL (detail), 0.0f);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), detail);
  gtk_box_append (GTK_BOX (box), thumb);
  gtk_box_append (GTK_BOX (box), text);
  GtkWidget *row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "garment", g_strdup (def->id), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, def->name, -1);
  return row;
}

static void
at_library_list_dispose (GObject *object)
{
  AtLibraryList *self = AT_LIBRARY_LIST (object);
  if (self->list)
    gtk_widget_unparent (GTK_WIDGET (self->list));
  self->list = NULL;
  G_OBJECT_CLASS (at_library_list_parent_class)->dispose (object);
}

static void
at_library_list_class_init (AtLibraryListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = at_library_list_dispose;
  activated_signal = g_signal_new ("garment-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
at_library_list_init (AtLibraryList *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "library-list");
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  for (const char *const *id = at_garment_library_ids (); *id; id++)
    {
      AtGarmentDef def;
      AtError err = { 0 };
      if (at_garment_load (*id, &def, &err) != AT_OK)
        {
          g_warning ("library: %s", err.message);
          continue;
        }
      gtk_list_box_append (self->list, make_row (&def));
    }
}

GtkWidget *
at_library_list_new (void)
{
  return g_object_new (AT_TYPE_LIBRARY_LIST, NULL);
}
