#include "at-screenshot.h"
#include "at_file.h"

GdkTexture *
at_screenshot_widget (GtkWidget *widget, GError **error)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  if (width <= 0 || height <= 0 || !native)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the window is not shown");
      return NULL;
    }
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  if (!node)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the window has nothing to draw");
      return NULL;
    }
  GskRenderer *renderer = gtk_native_get_renderer (native);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
}

typedef struct {
  const char *path;
  GdkTexture *texture;
} PngJob;

static AtStatus
save_texture (const char *tmp_path, void *user_data, AtError *err)
{
  PngJob *job = user_data;
  if (!gdk_texture_save_to_png (job->texture, tmp_path))
    return at_error_set (err, AT_ERR_IO, "%s: could not write the PNG", job->path);
  return AT_OK;
}

gboolean
at_screenshot_save_png (GdkTexture *texture, const char *path, GError **error)
{
  PngJob job = { path, texture };
  AtError err = { 0 };
  if (at_file_write_via (path, save_texture, &job, &err) != AT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", err.message);
      return FALSE;
    }
  return TRUE;
}
