/* Rendering without a display: an EGL context on Mesa's surfaceless
 * platform (PLATFORM.md), drawing into our own framebuffer and reading it
 * back into a Cairo image. Used by `atelier-cli ... --render` and tests. */
#pragma once
#include <cairo.h>
#include <glib.h>
#include "at_renderer.h"

typedef struct AtOffscreen AtOffscreen;

/* Creates a GL 3.3 core context and makes it current on this thread. */
AtOffscreen *at_offscreen_new (GError **error);
void at_offscreen_free (AtOffscreen *off);

/* Draws the renderer's scene at width x height; returns an ARGB32 image. */
cairo_surface_t *at_offscreen_draw (AtOffscreen *off, AtRenderer *renderer, const AtCamera *camera,
                                    int width, int height, GError **error);

/* Writes a Cairo image as PNG through a temporary name and rename. */
gboolean at_render_write_png (cairo_surface_t *image, const char *path, GError **error);
